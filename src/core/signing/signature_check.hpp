// Checking a body against every secret in use (key rotation): one HMAC per secret over the same
// stream, and a verdict on a received header value that says only what a log may say.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/signing/hmac.hpp"
#include "core/signing/secret.hpp"

namespace core {

class HmacPerSecret {
 public:
  explicit HmacPerSecret(const std::vector<Secret>& secrets);
  void update(std::string_view bytes);
  // The secret whose HMAC equals expected, or null. Every secret is compared, not only up to the
  // first match, so timing says nothing of which one matched.
  const Secret* matching(const Sha256Digest& expected);

 private:
  const std::vector<Secret>& secrets_;
  std::vector<HmacSha256> hmacs_;
};

enum class SignatureVerdict { matches, mismatch, missing, malformed };

struct SignatureCheck {
  SignatureVerdict verdict = SignatureVerdict::missing;
  const Secret* secret = nullptr;  // the matching one
};

// header_value: the received X-Autosana-Signature-256 value, if any.
SignatureCheck check_signature(std::string_view body, std::optional<std::string_view> header_value,
                               const std::vector<Secret>& secrets);

}  // namespace core

// What `listen` decides about one received delivery: whether its signature holds (against every
// secret in use, or accepted unverified when none is configured) and, for an accepted one, what
// the batch came to, through the same model `summarize` uses.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/batch_summary.hpp"
#include "core/secret.hpp"
#include "core/signature_check.hpp"

namespace core {

enum class DeliveryVerdict { verified, unverified, rejected };

struct DeliveryCheck {
  DeliveryVerdict verdict = DeliveryVerdict::rejected;
  SignatureCheck signature;             // meaningful when secrets were given
  std::optional<BatchSummary> summary;  // an accepted delivery whose payload could be read
  std::string payload_problem;          // why it could not, in one line
};

// secrets empty: nothing to verify with, so the delivery is accepted and marked unverified.
// A rejected body is not read further: what a forged payload claims is nobody's business.
DeliveryCheck check_delivery(std::string_view body, std::optional<std::string_view> signature,
                             const std::vector<Secret>& secrets);

// "signature does not match", "no X-Autosana-Signature-256 header", ...
std::string describe_signature_verdict(SignatureVerdict verdict);

}  // namespace core

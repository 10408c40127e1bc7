#include "core/signing/signature_check.hpp"

#include "core/signing/signature.hpp"

namespace core {

HmacPerSecret::HmacPerSecret(const std::vector<Secret>& secrets) : secrets_(secrets) {
  hmacs_.reserve(secrets.size());
  for (const Secret& secret : secrets) hmacs_.emplace_back(secret.value);
}

void HmacPerSecret::update(std::string_view bytes) {
  for (auto& hmac : hmacs_) hmac.update(bytes);
}

const Secret* HmacPerSecret::matching(const Sha256Digest& expected) {
  const Secret* match = nullptr;
  const std::string expected_bytes = digest_bytes(expected);
  for (std::size_t i = 0; i < hmacs_.size(); ++i)
    if (equal_in_constant_time(digest_bytes(hmacs_[i].finish()), expected_bytes) &&
        match == nullptr)
      match = &secrets_[i];
  return match;
}

SignatureCheck check_signature(std::string_view body, std::optional<std::string_view> header_value,
                               const std::vector<Secret>& secrets) {
  if (!header_value) return {SignatureVerdict::missing, nullptr};
  auto expected = parse_signature(*header_value);
  if (!expected) return {SignatureVerdict::malformed, nullptr};
  HmacPerSecret hmacs(secrets);
  hmacs.update(body);
  const Secret* match = hmacs.matching(*expected);
  return {match ? SignatureVerdict::matches : SignatureVerdict::mismatch, match};
}

}  // namespace core

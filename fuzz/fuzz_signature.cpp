// libFuzzer target: parsing signature values, the sha256sum-style lists verify --check reads, and
// verify's verdict on a raw request (its signature found, parsed and checked, with a maximum age).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/delivery/verification.hpp"
#include "core/http/http_request.hpp"
#include "core/signing/checksum_list.hpp"
#include "core/signing/hmac.hpp"
#include "core/signing/signature.hpp"
#include "output_checks.hpp"

namespace {
void verify_request(std::string_view text) {
  auto request = core::parse_http_request(text);
  if (!request) return;
  const auto no_environment = [](const std::string&) -> std::optional<std::string> {
    return std::nullopt;
  };
  auto found = core::find_signature(std::nullopt, &*request, no_environment);
  if (!found) return;
  auto expected = core::parse_signature(found->value);
  if (!expected) return;
  const std::vector<core::Secret> secrets{{"--secret-env FUZZ", "fuzz-secret"}};
  const core::VerificationPolicy policy{300000, 1738326896789};
  const core::Verification verdict = core::verify_body(request->body, *expected, secrets, policy);
  // A verdict of valid needs the signature to hold, and the body's HMAC to be the one given.
  if (verdict.valid &&
      (verdict.secret == nullptr || core::hmac_sha256("fuzz-secret", request->body) != *expected))
    __builtin_trap();
  if (verdict.bytes != request->body.size()) __builtin_trap();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto digest = core::parse_signature(text);
  if (digest) {  // what is written reads back as the same digest
    const std::string written = core::format_signature(*digest);
    const auto again = core::parse_signature(written);
    fuzz::require(written.size() == 71 && again && *again == *digest);
  }
  auto list = core::parse_checksum_list(text);
  if (list)
    for (const auto& entry : *list) {
      auto again =
          core::parse_checksum_list(core::format_checksum_line(entry.signature, entry.file));
      if (!again || again->size() != 1 || (*again)[0].file != entry.file) __builtin_trap();
    }
  verify_request(text);
  return 0;
}

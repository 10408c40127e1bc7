#include "core/signature.hpp"

#include <fmt/core.h>
#include <algorithm>
#include <cctype>

#include "util/hex.hpp"
#include "util/text.hpp"

namespace core {

std::string format_signature(const Sha256Digest& digest) {
  return std::string(signature_prefix) + util::to_hex(digest_bytes(digest));
}

util::Expected<Sha256Digest> parse_signature(std::string_view value) {
  std::string_view hex = util::trim_whitespace(value);
  if (hex.empty()) return util::unexpected("the signature is empty");
  if (util::starts_with_ignoring_case(hex, signature_prefix)) {
    hex.remove_prefix(signature_prefix.size());
    if (util::starts_with_ignoring_case(hex, signature_prefix))
      return util::unexpected("the signature has the 'sha256=' prefix twice");
  } else if (util::starts_with_ignoring_case(hex, "sha1=")) {
    return util::unexpected(
        "the signature is 'sha1=...', an HMAC-SHA1; Autosana signs with HMAC-SHA256 "
        "(sha256=<hex>)");
  } else if (const auto equals = hex.find('=');
             equals != std::string_view::npos && equals < 16 && equals + 1 < hex.size()) {
    return util::unexpected("the signature's prefix '" + std::string(hex.substr(0, equals + 1)) +
                            "' is not 'sha256='");
  }
  const auto bad =
      std::find_if(hex.begin(), hex.end(), [](char c) { return !util::is_hex_digit(c); });
  if (bad != hex.end()) {
    const auto position = static_cast<std::size_t>(bad - hex.begin());
    const auto byte = static_cast<unsigned char>(*bad);
    const std::string shown =
        std::isprint(byte) ? fmt::format("'{}'", *bad) : fmt::format("byte {}", byte);
    return util::unexpected(fmt::format("the signature is not hex: {} at position {} of the digits",
                                        shown, position + 1));
  }
  if (hex.size() != 2 * sha256_digest_size) {
    return util::unexpected(
        fmt::format("the signature has {} hex digits; an HMAC-SHA256 signature has 64{}",
                    hex.size(), hex.size() == 40 ? " (40 is the length of an HMAC-SHA1)" : ""));
  }
  const auto bytes = util::from_hex(hex);
  Sha256Digest digest{};
  std::copy(bytes->begin(), bytes->end(), digest.begin());
  return digest;
}

}  // namespace core

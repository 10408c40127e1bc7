#include "core/signing/signature.hpp"

#include <fmt/core.h>
#include <algorithm>
#include <cctype>

#include "util/hex.hpp"
#include "util/text.hpp"

namespace core {

namespace {
// What kind of character stands where a hex digit belongs, without the character itself: the
// value may be a secret pasted in the wrong place, and no message may carry any of it.
const char* describe_non_hex(unsigned char byte) {
  if (std::isalpha(byte)) return "a letter other than a-f";
  if (byte == ' ' || byte == '\t') return "whitespace";
  if (byte == '+' || byte == '/' || byte == '=') return "a base64 character ('+', '/' or '=')";
  if (byte < 0x20 || byte == 0x7f) return "a control character";
  if (byte >= 0x80) return "a non-ASCII byte";
  return "punctuation";
}
}  // namespace

bool is_known_algorithm_label(std::string_view label) {
  for (std::string_view known :
       {"md5=", "sha1=", "sha-1=", "sha256=", "sha-256=", "sha224=", "sha384=", "sha512=", "hmac=",
        "hmac-sha256=", "hmac_sha256=", "v1=", "t=", "signature=", "sig="})
    if (util::equal_ignoring_case(label, known)) return true;
  return false;
}

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
    const std::string_view label = hex.substr(0, equals + 1);
    // Quoted only when it is a known algorithm's name: anything else may be part of a secret.
    return util::unexpected(
        is_known_algorithm_label(label)
            ? fmt::format("the signature's prefix '{}' is not 'sha256='", label)
            : fmt::format("the signature starts with {} {}-character prefix that is not 'sha256='",
                          label.size() == 8 || label.size() == 11 ? "an" : "a",  // said aloud
                          label.size()));
  }
  const auto bad =
      std::find_if(hex.begin(), hex.end(), [](char c) { return !util::is_hex_digit(c); });
  if (bad != hex.end()) {
    const auto position = static_cast<std::size_t>(bad - hex.begin());
    return util::unexpected(fmt::format("the signature is not hex: {} at position {} of the digits",
                                        describe_non_hex(static_cast<unsigned char>(*bad)),
                                        position + 1));
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

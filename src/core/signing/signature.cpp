#include "core/signing/signature.hpp"

#include <fmt/core.h>
#include <algorithm>
#include <cctype>
#include <optional>

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

// A header line's name: letters, digits and '-' before a colon, as "Name: value" is pasted.
bool looks_like_header_name(std::string_view name) {
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  });
}

// What was pasted around the value, when the text shows it: the whole header line, or the
// prefix with a colon. Quotes only the header's own name and the prefix, never other text.
std::optional<std::string> describe_pasted_surroundings(std::string_view text) {
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const std::string_view before = text.substr(0, colon);
  if (util::equal_ignoring_case(before, signature_header_name))
    return fmt::format(
        "this is the whole header line ('{}: sha256=...'); give only the value after the colon",
        signature_header_name);
  if (util::equal_ignoring_case(before, "sha256"))
    return std::string(
        "the signature starts with 'sha256:' where Autosana writes 'sha256=' (an equals sign)");
  if (looks_like_header_name(before) && colon + 1 < text.size() && text[colon + 1] == ' ')
    return std::string(
        "this looks like a whole header line (a name, a colon and the value); give only the "
        "value after the colon");
  return std::nullopt;
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
  if (auto pasted = describe_pasted_surroundings(hex)) return util::unexpected(std::move(*pasted));
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
    const char* why = hex.size() == 40    ? " (40 is the length of an HMAC-SHA1)"
                      : hex.size() < 64   ? ": it looks cut short when it was copied"
                      : hex.size() == 128 ? ": two signatures, one after the other?"
                                          : "";
    return util::unexpected(fmt::format(
        "the signature has {} hex digits; an HMAC-SHA256 signature has 64{}", hex.size(), why));
  }
  const auto bytes = util::from_hex(hex);
  Sha256Digest digest{};
  std::copy(bytes->begin(), bytes->end(), digest.begin());
  return digest;
}

}  // namespace core

// Base64 decoding (RFC 4648, standard and URL-safe alphabets), used to recognise signatures
// that a sender encoded in base64 instead of hex.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace util {

// nullopt unless the whole input is valid base64 (padding optional).
std::optional<std::string> from_base64(std::string_view text);

}  // namespace util

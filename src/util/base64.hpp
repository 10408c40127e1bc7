// Base64 (RFC 4648): decoding in the standard and URL-safe alphabets, used to recognise
// signatures that a sender encoded in base64 instead of hex; encoding in the standard one with
// padding, for bytes that must survive JSON (the conformance vectors' bodies).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace util {

// nullopt unless the whole input is valid base64 (padding optional).
std::optional<std::string> from_base64(std::string_view text);
std::string to_base64(std::string_view bytes);

}  // namespace util

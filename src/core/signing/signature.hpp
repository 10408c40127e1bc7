// The signature header's value: "sha256=<64 lowercase hex>" as Autosana sends it, and the
// tolerant reading of values that people paste (bare hex, upper case, stray whitespace).
#pragma once

#include <string>
#include <string_view>

#include "core/signing/hmac.hpp"
#include "util/expected.hpp"

namespace core {

inline constexpr std::string_view signature_header_name = "X-Autosana-Signature-256";
inline constexpr std::string_view signature_prefix = "sha256=";
// The CGI convention's name for the header, as web servers pass it to scripts.
inline constexpr std::string_view signature_cgi_variable = "HTTP_X_AUTOSANA_SIGNATURE_256";

std::string format_signature(const Sha256Digest& digest);  // "sha256=<hex>"

// Whether a "name=" label before a signature is a known algorithm's (md5=, sha-256=, v1=, ...),
// the only kind of label a message may quote: any other text may be part of a secret.
bool is_known_algorithm_label(std::string_view label);

// Accepts "sha256=<hex>" (prefix in any case), bare hex, either case, surrounding whitespace.
// The error says what is wrong (length, alphabet, algorithm) without echoing the value.
util::Expected<Sha256Digest> parse_signature(std::string_view value);

}  // namespace core

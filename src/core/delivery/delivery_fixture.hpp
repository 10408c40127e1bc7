// Signed deliveries written out for other programs: a raw HTTP/1.1 request (a test fixture) and
// a curl command that posts the same bytes.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "util/expected.hpp"

namespace core {

struct Url {
  std::string scheme;  // "http" or "https"
  std::string host;    // with ":port" when one was given, as the Host header wants it
  std::string path;    // "/" when none was given; includes the query
};

inline constexpr std::string_view default_delivery_url = "http://localhost:8787/";

util::Expected<Url> parse_url(std::string_view text);

// Everything before the body: request line, Host, Content-Type, Content-Length, signature, blank
// line.
std::string format_request_head(const Url& url, std::size_t body_size, std::string_view signature);

// A POSIX shell command that posts the body byte for byte. With a body_file, curl reads it;
// otherwise the bytes are embedded as a printf(1) literal piped into curl.
std::string format_curl_command(std::string_view url, std::string_view signature,
                                const std::optional<std::string>& body_file, std::string_view body);

}  // namespace core

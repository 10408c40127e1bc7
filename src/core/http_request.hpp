// A raw HTTP/1.x request as saved from the wire (a fixture, or a delivery kept by `listen`):
// the request line, headers (names matched case-insensitively) and the body, de-chunked.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/expected.hpp"

namespace core {

struct HttpRequest {
  std::string method;
  std::string target;
  std::string version;
  std::vector<std::pair<std::string, std::string>> headers;  // in order, names as written
  std::string body;
  // Facts worth a warning that do not make the request unusable.
  std::vector<std::string> notes;

  // The values of every header with this name, compared case-insensitively.
  std::vector<std::string> header_values(std::string_view name) const;
  std::optional<std::string> header(std::string_view name) const;
};

// Line ends may be CRLF or LF. The body is delimited by chunked transfer coding, else by
// Content-Length, else it is the rest of the input (a hand-written fixture; noted).
util::Expected<HttpRequest> parse_http_request(std::string_view raw);

bool equal_ignoring_case(std::string_view a, std::string_view b);

}  // namespace core

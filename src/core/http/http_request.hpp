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

// Header fields in order, names as written.
using HeaderList = std::vector<std::pair<std::string, std::string>>;

// The value of the first header with this name, compared case-insensitively.
std::optional<std::string> find_header(const HeaderList& headers, std::string_view name);

// The elements of a list-valued header (RFC 9110, 5.6.1: Connection, Content-Encoding, ...) over
// every header with this name, in order, trimmed, empty elements left out.
std::vector<std::string> header_list(const HeaderList& headers, std::string_view name);
// The names of headers whose name contains `fragment`, ignoring case, in order.
std::vector<std::string> header_names_containing(const HeaderList& headers,
                                                 std::string_view fragment);

struct HttpRequest {
  std::string method;
  std::string target;
  std::string version;
  HeaderList headers;
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

// RFC 9110's token: what a method or a field name may be.
bool is_http_token(std::string_view text);

// Headers that describe one connection or one transfer rather than the message (RFC 9110, 7.6.1),
// plus Host and Content-Length, which belong to wherever the body is sent next: a saved or relayed
// delivery drops them and states its own.
bool is_connection_specific_header(std::string_view name);

// The request as a raw HTTP/1.1 message that parse_http_request() reads back: the request line,
// the headers that are not connection-specific, Content-Length for the body as it is, the body.
std::string format_http_request(const HttpRequest& request);

// The reason phrase an answer's status line carries: "OK", "Not Found"; for a status without a
// common one, its class ("Client Error").
std::string_view reason_phrase(int status);

}  // namespace core

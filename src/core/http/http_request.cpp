#include "core/http/http_request.hpp"

#include <fmt/core.h>
#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>

#include "core/http/body_framing.hpp"
#include "core/signing/signature.hpp"
#include "util/text.hpp"

namespace core {

namespace {
// A saved request whose every LF became CRLF after it was written (git's autocrlf, an editor):
// its body is longer than Content-Length by exactly its CRLFs. The body as written, or none.
std::optional<std::string> body_before_crlf_conversion(std::string_view rest,
                                                       std::uint64_t length) {
  if (rest.size() <= length) return std::nullopt;
  std::string restored;
  restored.reserve(rest.size());
  for (std::size_t i = 0; i < rest.size(); ++i)
    if (!(rest[i] == '\r' && i + 1 < rest.size() && rest[i + 1] == '\n')) restored += rest[i];
  if (restored.size() != length || restored.size() == rest.size()) return std::nullopt;
  return restored;
}

// A line ending at LF, without the LF and without a CR before it; nullopt at the end of input.
std::optional<std::string_view> next_line(std::string_view raw, std::size_t& pos) {
  if (pos >= raw.size()) return std::nullopt;
  const std::size_t end = raw.find('\n', pos);
  if (end == std::string_view::npos) return std::nullopt;
  std::string_view line = raw.substr(pos, end - pos);
  pos = end + 1;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

util::Expected<std::string> dechunk(std::string_view raw, std::size_t pos, std::size_t& end) {
  std::string body;
  for (;;) {
    const auto size_line = next_line(raw, pos);
    if (!size_line) return util::unexpected("the chunked body is truncated (no last chunk)");
    std::string_view size_text = size_line->substr(0, size_line->find(';'));
    size_text = util::trim_whitespace(size_text);
    std::size_t size = 0;
    const auto [rest, error] =
        std::from_chars(size_text.data(), size_text.data() + size_text.size(), size, 16);
    if (size_text.empty() || error != std::errc() || rest != size_text.data() + size_text.size())
      return util::unexpected("the chunked body has an invalid chunk size line");
    if (size == 0) break;
    if (size > raw.size() - pos)
      return util::unexpected("the chunked body is truncated (a chunk is shorter than its size)");
    body.append(raw.substr(pos, size));
    pos += size;
    if (raw.substr(pos, 2) == "\r\n")
      pos += 2;
    else if (raw.substr(pos, 1) == "\n")
      pos += 1;
    else if (pos == raw.size())
      return util::unexpected("the chunked body is truncated (no last chunk)");
    else
      return util::unexpected("the chunked body has a chunk not followed by a line end");
  }
  // Trailer fields, up to the empty line that ends the message.
  for (;;) {
    const auto line = next_line(raw, pos);
    if (!line || line->empty()) break;
  }
  end = pos;
  return body;
}
}  // namespace

std::vector<std::string> HttpRequest::header_values(std::string_view name) const {
  std::vector<std::string> values;
  for (const auto& [header_name, value] : headers)
    if (util::equal_ignoring_case(header_name, name)) values.push_back(value);
  return values;
}

std::optional<std::string> find_header(const HeaderList& headers, std::string_view name) {
  for (const auto& [header_name, value] : headers)
    if (util::equal_ignoring_case(header_name, name)) return value;
  return std::nullopt;
}

std::vector<std::string> header_names_containing(const HeaderList& headers,
                                                 std::string_view fragment) {
  const std::string wanted = util::to_lower_ascii(fragment);
  std::vector<std::string> names;
  for (const auto& [name, value] : headers)
    if (util::to_lower_ascii(name).find(wanted) != std::string::npos) names.push_back(name);
  return names;
}

std::vector<std::string> header_list(const HeaderList& headers, std::string_view name) {
  std::vector<std::string> items;
  for (const auto& [header_name, value] : headers) {
    if (!util::equal_ignoring_case(header_name, name)) continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      const std::size_t comma = rest.find(',');
      const std::string_view item = util::trim_whitespace(rest.substr(0, comma));
      if (!item.empty()) items.emplace_back(item);
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
  }
  return items;
}

std::optional<std::string> HttpRequest::header(std::string_view name) const {
  return find_header(headers, name);
}

util::Expected<HttpRequest> parse_http_request(std::string_view raw) {
  HttpRequest request;
  std::size_t pos = 0;
  const auto request_line = next_line(raw, pos);
  if (!request_line || request_line->empty())
    return util::unexpected("not an HTTP request: the first line is missing or empty");
  const auto first_space = request_line->find(' ');
  const auto last_space = request_line->rfind(' ');
  if (first_space == std::string_view::npos || first_space == last_space ||
      !request_line->substr(last_space + 1).starts_with("HTTP/"))
    return util::unexpected("not an HTTP request: the first line is not 'METHOD TARGET HTTP/1.1'");
  request.method = std::string(request_line->substr(0, first_space));
  request.target = std::string(
      util::trim_whitespace(request_line->substr(first_space + 1, last_space - first_space - 1)));
  request.version = std::string(request_line->substr(last_space + 1));
  if (!is_http_token(request.method))
    return util::unexpected("not an HTTP request: the method is not a valid token");

  for (int line_number = 2;; ++line_number) {
    const auto line = next_line(raw, pos);
    if (!line) return util::unexpected("the request's headers do not end with an empty line");
    if (line->empty()) break;
    if (line->front() == ' ' || line->front() == '\t') {
      // Obsolete line folding (RFC 9112 section 5.2): continues the previous field's value.
      if (request.headers.empty())
        return util::unexpected(fmt::format(
            "line {} of the request continues a header that does not exist", line_number));
      // One space joins the two parts, and only two that are there: a value neither starts nor
      // ends with whitespace, or a saved request would not read back with the same value.
      std::string& value = request.headers.back().second;
      const std::string_view more = util::trim_whitespace(*line);
      if (!value.empty() && !more.empty()) value += ' ';
      value += more;
      continue;
    }
    const auto colon = line->find(':');
    const std::string_view name = line->substr(0, colon);
    if (colon == std::string_view::npos || !is_http_token(name))
      return util::unexpected(
          fmt::format("line {} of the request is not a header ('Name: value')", line_number));
    request.headers.emplace_back(std::string(name),
                                 std::string(util::trim_whitespace(line->substr(colon + 1))));
  }

  const std::string_view rest = raw.substr(pos);
  auto framing = read_body_framing(request.header_values("Transfer-Encoding"),
                                   request.header_values("Content-Length"));
  if (!framing) return util::unexpected(framing.error());
  std::size_t body_end = raw.size();
  if (framing->kind == BodyFraming::Kind::chunked) {
    auto body = dechunk(raw, pos, body_end);
    if (!body) return util::unexpected(body.error());
    request.body = std::move(*body);
  } else if (framing->kind == BodyFraming::Kind::length) {
    if (framing->length > rest.size())
      return util::unexpected(fmt::format(
          "the request body is truncated: Content-Length is {} bytes but only {} follow",
          framing->length, rest.size()));
    request.body = std::string(rest.substr(0, framing->length));
    body_end = pos + framing->length;
    if (auto restored = body_before_crlf_conversion(rest, framing->length)) {
      request.body = std::move(*restored);
      body_end = raw.size();
      request.notes.push_back(
          "the file's line ends were turned into CRLF (git's core.autocrlf or an editor): its "
          "body is Content-Length bytes only with LF line ends, so it was read with them; keep "
          "saved requests byte-exact with the line '*.http -text' in .gitattributes");
    }
  } else {
    request.body = std::string(rest);
    if (!rest.empty())
      request.notes.push_back(
          fmt::format("the request has no Content-Length; its body is taken to be the rest of the "
                      "input ({} bytes)",
                      rest.size()));
  }
  if (body_end < raw.size())
    request.notes.push_back(
        fmt::format("{} bytes after the end of the request were ignored", raw.size() - body_end));
  return request;
}

bool is_http_token(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

bool is_connection_specific_header(std::string_view name) {
  for (std::string_view specific :
       {"Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding",
        "Upgrade", "Expect", "Host", "Content-Length"})
    if (util::equal_ignoring_case(name, specific)) return true;
  return false;
}

std::string format_http_request(const HttpRequest& request) {
  std::string raw = request.method + " " + request.target + " " +
                    (request.version.empty() ? "HTTP/1.1" : request.version) + "\r\n";
  // Host first, as clients send it; the delivery it came with is the best value there is.
  if (auto host = request.header("Host")) raw += "Host: " + *host + "\r\n";
  for (const auto& [name, value] : request.headers)
    if (!is_connection_specific_header(name)) raw += name + ": " + value + "\r\n";
  raw += fmt::format("Content-Length: {}\r\n\r\n", request.body.size());
  raw += request.body;
  return raw;
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 303: return "See Other";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 421: return "Misdirected Request";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default:
      return status < 300   ? "OK"
             : status < 400 ? "Redirect"
             : status < 500 ? "Client Error"
                            : "Server Error";
  }
}

}  // namespace core

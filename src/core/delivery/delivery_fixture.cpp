#include "core/delivery/delivery_fixture.hpp"

#include <fmt/core.h>
#include <algorithm>

#include "core/signing/signature.hpp"
#include "util/shell_quote.hpp"
#include "util/text.hpp"

namespace core {

util::Expected<Url> parse_url(std::string_view text) {
  const std::string shown(text);
  const auto scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos)
    return util::unexpected("URL '" + shown + "' has no scheme (like http://localhost:8787/hook)");
  Url url;
  url.scheme = util::to_lower_ascii(text.substr(0, scheme_end));
  if (url.scheme != "http" && url.scheme != "https")
    return util::unexpected("URL '" + shown + "' is not http or https");
  const std::string_view rest = text.substr(scheme_end + 3);
  const auto path_start = rest.find_first_of("/?#");
  url.host = std::string(rest.substr(0, path_start));
  if (url.host.empty() || url.host.find_first_of(" \t\r\n@") != std::string::npos)
    return util::unexpected("URL '" + shown + "' has no valid host");
  std::string_view path = path_start == std::string_view::npos ? "/" : rest.substr(path_start);
  path = path.substr(0, path.find('#'));  // fragments are never sent
  if (path.find_first_of(" \t\r\n") != std::string_view::npos)
    return util::unexpected("URL '" + shown + "' contains whitespace");
  url.path = path.empty() || path.front() != '/' ? "/" + std::string(path) : std::string(path);
  return url;
}

std::string format_request_head(const Url& url, std::size_t body_size, std::string_view signature) {
  std::string head;
  head += "POST " + url.path + " HTTP/1.1\r\n";
  head += "Host: " + url.host + "\r\n";
  head += "Content-Type: application/json\r\n";
  head += fmt::format("Content-Length: {}\r\n", body_size);
  head += std::string(signature_header_name) + ": " + std::string(signature) + "\r\n";
  head += "\r\n";
  return head;
}

std::string format_curl_command(std::string_view url, std::string_view signature,
                                const std::optional<std::string>& body_file,
                                std::string_view body) {
  std::string command;
  if (!body_file) command += "printf " + util::printf_literal(body) + " | ";
  command += "curl --fail-with-body -sS -X POST " + util::shell_quote(url);
  command += " -H " + util::shell_quote("Content-Type: application/json");
  command += " -H " +
             util::shell_quote(std::string(signature_header_name) + ": " + std::string(signature));
  command += " --data-binary " + util::shell_quote("@" + body_file.value_or("-"));
  command += '\n';
  return command;
}

}  // namespace core

#include "cli/request_input.hpp"

#include "cli/console.hpp"
#include "cli/failure.hpp"
#include "core/http/content_coding.hpp"
#include "util/byte_input.hpp"

namespace cli {

namespace {
// A request is parsed in memory; the bound keeps hostile input from exhausting it.
// The same bound as a body read whole for --explain.
constexpr std::size_t max_request_size = std::size_t{256} << 20;
}  // namespace

core::HttpRequest read_request_file(const std::string& path) {
  auto raw = util::read_file(path, max_request_size);
  if (!raw) throw Failure{raw.error()};
  auto request = core::parse_http_request(*raw);
  if (!request) throw Failure{"--request " + path + ": " + request.error()};
  for (const std::string& note : request->notes) print_warning("--request " + path + ": " + note);
  return std::move(*request);
}

std::string decoded_request_body(const core::HttpRequest& request, const std::string& path,
                                 std::size_t max_decoded) {
  if (!request.header("Content-Encoding")) return request.body;
  core::DecodedBody decoded = core::decode_content(request, max_decoded);
  if (decoded.outcome != core::DecodedBody::Outcome::done)
    throw Failure{"--request " + path + ": " + decoded.reason};
  return std::move(decoded.body);
}

}  // namespace cli

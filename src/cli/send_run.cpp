#include <fmt/core.h>
#include <unistd.h>

#include <csignal>

#include "cli/console.hpp"
#include "cli/decode_limit_option.hpp"
#include "cli/exit_status.hpp"
#include "cli/failure.hpp"
#include "cli/network_commands.hpp"
#include "cli/request_input.hpp"
#include "cli/version.hpp"
#include "core/delivery/delivery_fixture.hpp"
#include "core/http/http_request.hpp"
#include "core/signing/hmac.hpp"
#include "core/signing/signature.hpp"
#include "net/http_client.hpp"
#include "util/byte_input.hpp"
#include "util/duration.hpp"
#include "util/text.hpp"

namespace cli {

namespace {
// A body is sent from memory; the bound keeps hostile input from exhausting it.
constexpr std::size_t max_body_size = std::size_t{1} << 30;
// So is the answer, which --verbose prints.
constexpr std::size_t max_response_size = std::size_t{64} << 20;

std::string signature_for(const CLI::App& command, const SecretOptions& options,
                          std::string_view body) {
  const core::Secret secret = load_one_secret_or_fail(command, options);
  return core::format_signature(core::hmac_sha256(secret.value, body));
}

void set_header(net::HeaderList& headers, const std::string& name, const std::string& value) {
  std::erase_if(headers,
                [&](const auto& header) { return util::equal_ignoring_case(header.first, name); });
  headers.emplace_back(name, value);
}

std::pair<std::string, std::string> parse_header_option(const std::string& text) {
  const auto colon = text.find(':');
  const std::string name = colon == std::string::npos ? "" : text.substr(0, colon);
  const std::string value(util::trim_whitespace(
      colon == std::string::npos ? std::string_view{} : std::string_view(text).substr(colon + 1)));
  const bool valid_name =
      !name.empty() && name.find_first_of(" \t\r\n()<>@,;:\\\"/[]?={}") == std::string::npos;
  if (!valid_name || value.find_first_of("\r\n") != std::string::npos)
    throw Failure{"--header '" + text + "': expected 'Name: value'"};
  return {name, value};
}

net::OutgoingRequest request_from_file(const CLI::App& command, const SendOptions& options) {
  if (options.as_is && any_secret_option(options.secrets))
    throw Failure{"--as-is sends the request exactly as saved; a secret option would sign it"};
  core::HttpRequest saved = read_request_file(options.request);
  const bool has_signature = !saved.header_values(core::signature_header_name).empty();
  const bool signs = !options.as_is && (!has_signature || any_secret_option(options.secrets));
  // The signature covers the body as Autosana wrote it, which a listener verifies after undoing
  // the Content-Encoding: signing the encoded bytes would make a delivery no listener accepts.
  const std::string signed_body =
      signs ? decoded_request_body(saved, options.request, read_max_body(options.max_body))
            : std::string();
  net::OutgoingRequest request;
  request.method = std::move(saved.method);
  request.headers = std::move(saved.headers);
  request.body = std::move(saved.body);
  if (options.as_is || (has_signature && !any_secret_option(options.secrets))) return request;
  // Signing changes what is replayed (a delivery listen rejected would now pass): said aloud.
  const core::Secret secret = load_one_secret_or_fail(command, options.secrets);
  print_diagnostic_line(std::string(program_name) + ": " +
                        (has_signature
                             ? "replacing the saved signature with one made with the "
                             : "the saved request has no signature; signing it with the ") +
                        "secret from " + secret.source + " (--as-is sends it as saved)");
  set_header(request.headers, std::string(core::signature_header_name),
             core::format_signature(core::hmac_sha256(secret.value, signed_body)));
  return request;
}

net::OutgoingRequest request_from_body(const CLI::App& command, const SendOptions& options) {
  note_terminal_input(options.file);
  auto input = util::ByteInput::open(options.file);
  if (!input) throw Failure{input.error()};
  auto body = input->read_to_string(max_body_size);
  if (!body) throw Failure{body.error()};
  net::OutgoingRequest request;
  request.headers.emplace_back("Content-Type", "application/json");
  request.headers.emplace_back(std::string(core::signature_header_name),
                               signature_for(command, options.secrets, *body));
  request.body = std::move(*body);
  return request;
}
}  // namespace

int run_send(const CLI::App& command, const SendOptions& options) {
  // A server that hangs up mid-request must give an error, not end the program silently.
  std::signal(SIGPIPE, SIG_IGN);
  auto url = core::parse_url(options.url);
  if (!url) throw Failure{url.error()};
  auto timeout = util::parse_duration(options.timeout);
  if (!timeout) throw Failure{"--timeout: " + timeout.error()};
  if (*timeout <= 0) throw Failure{"--timeout must be more than 0s"};
  if (!options.request.empty() && !options.file.empty())
    throw Failure{"--request already holds the body; give either FILE or --request"};
  if (options.as_is && options.request.empty())
    throw Failure{"--as-is replays a --request file as saved; a FILE is always signed"};
  core::HeaderList extra_headers;
  for (const std::string& text : options.headers)
    extra_headers.push_back(parse_header_option(text));

  net::OutgoingRequest request = options.request.empty() ? request_from_body(command, options)
                                                         : request_from_file(command, options);
  request.url = *url;
  request.timeout = std::chrono::milliseconds(*timeout);
  request.user_agent = std::string(program_name) + "/" + program_version;
  const std::string insecure = check_tls_trust(options.trust, "the URL");
  if (!insecure.empty()) print_warning(insecure);
  request.trust = net::TlsTrust{options.trust.cacert, options.trust.insecure};
  request.max_response_body = max_response_size;
  for (const auto& [name, value] : extra_headers) set_header(request.headers, name, value);

  net::SendResult sent = net::send_request(request);
  if (!sent) throw Failure{"cannot send to " + options.url + ": " + sent.message};
  const net::Response* response = &sent.response;
  const std::string status_line = response->reason.empty()
                                      ? fmt::format("{}", response->status)
                                      : fmt::format("{} {}", response->status, response->reason);
  if (!options.verbose) {
    write_stdout(escape_for_terminal(status_line) + "\n");
  } else {
    std::string head = "HTTP/1.1 " + escape_for_terminal(status_line) + "\n";
    for (const auto& [name, value] : response->headers)
      head += escape_for_terminal(name + ": " + value) + "\n";
    write_stdout(head + "\n");
    write_stdout(response->body);
    if (!response->body.empty() && response->body.back() != '\n' && ::isatty(1)) write_stdout("\n");
  }
  return response->status >= 200 && response->status < 300 ? exit_success : exit_negative;
}

}  // namespace cli

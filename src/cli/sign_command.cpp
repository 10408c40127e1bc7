#include <fmt/core.h>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli/commands.hpp"
#include "cli/console.hpp"
#include "cli/failure.hpp"
#include "cli/payload_input.hpp"
#include "cli/secret_options.hpp"
#include "core/delivery/delivery_fixture.hpp"
#include "core/signing/checksum_list.hpp"
#include "core/signing/hmac.hpp"
#include "core/signing/signature.hpp"
#include "util/byte_input.hpp"
#include "util/hex.hpp"
#include "util/spool.hpp"

namespace cli {

namespace {
// A body embedded in a curl command line must stay well under the kernel's argument limits.
constexpr std::size_t max_embedded_curl_body = 1024 * 1024;

struct SignOptions {
  std::vector<std::string> files;
  std::string format = "value";
  std::string url = std::string(core::default_delivery_url);
  bool list = false;
  SecretOptions secrets;
};

struct SignedBody {
  std::string signature;  // "sha256=<hex>"
  std::size_t bytes = 0;
};

// An empty body signs as well as any, but is most often a mistake (an empty file, a pipe whose
// writer failed): said, not refused.
void warn_if_empty(std::size_t bytes, const std::string& file) {
  if (bytes == 0)
    print_warning(input_name(file) + " is empty: this is the signature of an empty body");
}

SignedBody sign_stream(util::ByteInput& input, const core::Secret& secret, util::Spool* keep,
                       const std::string& file) {
  core::HmacSha256 hmac(secret.value);
  auto bytes = input.read_all([&](std::string_view chunk) {
    hmac.update(chunk);
    if (keep != nullptr) keep->append(chunk);
  });
  if (!bytes) throw Failure{bytes.error()};
  warn_if_empty(*bytes, file);
  return SignedBody{core::format_signature(hmac.finish()), *bytes};
}

std::string json_line(const std::string& file, const SignedBody& body, const core::Secret& secret) {
  nlohmann::ordered_json object;
  object["file"] = file;
  object["bytes"] = body.bytes;
  object["algorithm"] = "hmac-sha256";
  object["header"] = core::signature_header_name;
  object["signature"] = body.signature;
  object["secret"] = secret.source;
  return object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string single_output(const SignOptions& options, const std::string& file,
                          const SignedBody& body, const core::Secret& secret) {
  if (options.format == "hex") return body.signature.substr(core::signature_prefix.size()) + "\n";
  if (options.format == "header")
    return std::string(core::signature_header_name) + ": " + body.signature + "\n";
  if (options.format == "json") return json_line(file, body, secret);
  return body.signature + "\n";
}

void sign_as_http(const SignOptions& options, const core::Secret& secret, const std::string& file) {
  const auto url = core::parse_url(options.url);
  if (!url) throw Failure{url.error()};
  note_terminal_input(file);
  auto input = util::ByteInput::open(file);
  if (!input) throw Failure{input.error()};
  // The signature precedes the body in the request, so the body is kept; keeping the hashed
  // bytes (rather than reading the file again) guarantees the request carries exactly them.
  util::Spool body;
  const SignedBody signed_body = sign_stream(*input, secret, &body, file);
  write_stdout(core::format_request_head(*url, signed_body.bytes, signed_body.signature));
  auto replayed = body.replay([](std::string_view chunk) { write_stdout(chunk); });
  if (!replayed) throw Failure{replayed.error()};
}

void sign_as_curl(const SignOptions& options, const core::Secret& secret, const std::string& file) {
  if (auto url = core::parse_url(options.url); !url) throw Failure{url.error()};
  note_terminal_input(file);
  auto input = util::ByteInput::open(file);
  if (!input) throw Failure{input.error()};
  const bool from_stdin = input->is_stdin();
  std::string embedded;
  SignedBody signed_body;
  if (from_stdin) {
    auto bytes = input->read_to_string(max_embedded_curl_body);
    if (!bytes) throw Failure{bytes.error() + "; for --format curl give a larger body as a FILE"};
    embedded = std::move(*bytes);
    warn_if_empty(embedded.size(), file);
    signed_body.signature = core::format_signature(core::hmac_sha256(secret.value, embedded));
  } else {
    signed_body = sign_stream(*input, secret, nullptr, file);
  }
  // An absolute path, so that the command works from any folder.
  write_stdout(core::format_curl_command(
      options.url, signed_body.signature,
      from_stdin ? std::nullopt : std::optional<std::string>(std::filesystem::absolute(file)),
      embedded));
}

int run_sign(const CLI::App& command, SignOptions& options) {
  const core::Secret secret = load_one_secret_or_fail(command, options.secrets);
  if (options.files.empty()) options.files.push_back("-");

  const bool whole_request = options.format == "http" || options.format == "curl";
  if (whole_request && options.files.size() > 1)
    throw Failure{fmt::format("--format {} signs one body, but {} files were given", options.format,
                              options.files.size())};
  if (options.format == "http") {
    sign_as_http(options, secret, options.files.front());
    return exit_success;
  }
  if (options.format == "curl") {
    sign_as_curl(options, secret, options.files.front());
    return exit_success;
  }
  if (options.format == "header" && (options.list || options.files.size() > 1))
    throw Failure{"--format header writes one header line; use value, hex or json for a list"};

  const bool as_list = options.list || options.files.size() > 1;
  int status = exit_success;
  for (const std::string& file : options.files) {
    try {
      note_terminal_input(file);
      auto input = util::ByteInput::open(file);
      if (!input) throw Failure{input.error()};
      const SignedBody body = sign_stream(*input, secret, nullptr, file);
      if (options.format == "json")
        write_stdout(json_line(file, body, secret));
      else if (as_list)
        write_stdout(core::format_checksum_line(
            options.format == "hex" ? body.signature.substr(core::signature_prefix.size())
                                    : body.signature,
            file));
      else
        write_stdout(single_output(options, file, body, secret));
    } catch (const Failure& failure) {
      if (!as_list) throw;
      print_error(failure.what());  // like sha256sum: report, go on with the other files
      status = exit_trouble;
    }
  }
  return status;
}
}  // namespace

void set_sign_command(CLI::App& app, int& exit_status) {
  auto options = std::make_shared<SignOptions>();
  CLI::App* command = app.add_subcommand(
      "sign", "Sign a body with HMAC-SHA256 as Autosana does, for fixtures and tests");
  command
      ->add_option("FILE", options->files,
                   "Body to sign, byte for byte (default: standard input; - for it too)")
      ->type_name("FILE");
  command
      ->add_option("-f,--format", options->format,
                   "value: sha256=<hex> (default); hex: bare hex; header: the whole header line; "
                   "json: an object; http: a complete raw HTTP/1.1 POST request; curl: a curl "
                   "command that posts the body byte for byte")
      ->check(CLI::IsMember({"value", "hex", "header", "json", "http", "curl"}))
      ->type_name("FORMAT");
  command
      ->add_option("--url", options->url,
                   "Where --format http and curl deliver (default: http://localhost:8787/)")
      ->type_name("URL");
  command->add_flag("--list", options->list,
                    "Write 'sha256=<hex>  FILE' lines (as for several files) even for one file, "
                    "for verify --check");
  add_secret_options(*command, options->secrets, SecretCount::one);
  command->footer(R"(Examples:
  autosana-webhook sign payload.json
  autosana-webhook sign --secret-file secret.txt --format header payload.json
  autosana-webhook sign --format http --url http://localhost:3000/hooks \
      payload.json > delivery.http
  autosana-webhook sign --format curl --url https://example.test/hook \
      payload.json
  autosana-webhook sign fixtures/*.json > fixtures.sig \
      && autosana-webhook verify --check fixtures.sig

Exit status: 0 signed, 2 trouble (no or empty secret, unreadable input, bad option).
)");
  command->callback(
      [command, options, &exit_status] { exit_status = run_sign(*command, *options); });
}

}  // namespace cli

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli/commands.hpp"
#include "cli/console.hpp"
#include "cli/failure.hpp"
#include "cli/request_input.hpp"
#include "cli/secret_options.hpp"
#include "core/checksum_list.hpp"
#include "core/explain.hpp"
#include "core/freshness.hpp"
#include "core/hmac.hpp"
#include "core/http_request.hpp"
#include "core/payload_timestamp.hpp"
#include "core/signature.hpp"
#include "core/signature_check.hpp"
#include "util/byte_input.hpp"
#include "util/duration.hpp"
#include "util/rfc3339.hpp"
#include "util/spool.hpp"

namespace cli {

namespace {
using Json = nlohmann::ordered_json;

// Whole-body reads (a request file, a body for --explain) are bounded so that hostile input
// cannot exhaust memory; streaming paths have no limit.
constexpr std::size_t max_explained_body = std::size_t{256} << 20;
constexpr std::size_t max_check_list_size = std::size_t{64} << 20;

struct VerifyOptions {
  std::string file;
  std::optional<std::string> signature;
  std::string request;
  std::string check_list;
  std::string max_age;
  std::string now;
  bool pipe = false;
  bool quiet = false;
  bool json = false;
  bool explain = false;
  SecretOptions secrets;
};

struct Verdict {
  bool valid = false;
  std::string reason;
  const core::Secret* secret = nullptr;
  std::size_t bytes = 0;
  std::optional<std::string> timestamp;
  std::optional<std::int64_t> age_milliseconds;
  std::vector<std::string> explanation;
};

// The body as verified: kept in memory or spooled when something needs it after hashing.
struct VerifiedBody {
  std::optional<std::string> memory;
  util::Spool spool;
  bool spooled = false;
};

std::string dump(const Json& json) {
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string source_list(const std::vector<core::Secret>& secrets) {
  std::string list;
  for (const core::Secret& secret : secrets) list += (list.empty() ? "" : ", ") + secret.source;
  return list;
}

// The default variable, when it holds a secret that was not among those given: --explain may
// find that the body was signed with it, which is the "wrong secret" diagnosis.
std::vector<core::Secret> other_secrets(const std::vector<core::Secret>& given) {
  for (const core::Secret& secret : given)
    if (secret.origin == core::SecretOrigin::environment &&
        secret.location == core::default_secret_variable)
      return {};
  auto value = core::lookup_process_environment(core::default_secret_variable);
  if (!value || value->empty()) return {};
  register_secret_text(*value);
  return {core::Secret{std::string("--secret-env ") + core::default_secret_variable,
                       std::move(*value), core::SecretOrigin::environment,
                       core::default_secret_variable}};
}

class Verifier {
 public:
  Verifier(const CLI::App& command, const VerifyOptions& options)
      : command_(command), options_(options) {}

  int run() {
    check_option_combinations();
    std::optional<std::int64_t> max_age;
    std::int64_t now = util::now_epoch_milliseconds();
    if (!options_.max_age.empty()) {
      auto parsed = util::parse_duration(options_.max_age);
      if (!parsed) throw Failure{"--max-age: " + parsed.error()};
      max_age = *parsed;
    }
    if (!options_.now.empty()) {
      auto parsed = util::parse_rfc3339(options_.now);
      if (!parsed) throw Failure{"--now: " + parsed.error()};
      now = *parsed;
    }
    secrets_ = load_secrets_or_fail(command_, options_.secrets);
    if (!options_.check_list.empty()) return run_check_list();

    std::optional<core::HttpRequest> request;
    if (!options_.request.empty()) request = read_request_file(options_.request);
    const auto [signature_text, signature_origin] = find_signature(request);

    VerifiedBody body;
    if (request) body.memory = decoded_request_body(*request, options_.request);
    auto expected = core::parse_signature(signature_text);
    if (!expected) {
      if (options_.explain) {
        read_body_into_memory(body);
        for (const std::string& line : explain(*body.memory, signature_text))
          print_diagnostic_line("explain: " + line);
      }
      throw Failure{"invalid signature (from " + signature_origin + "): " + expected.error()};
    }

    Verdict verdict;
    verdict.secret = hash_body(body, *expected, verdict.bytes);
    verdict.valid = verdict.secret != nullptr;
    if (!verdict.valid) {
      verdict.reason = "signature does not match (tried " + source_list(secrets_) + ")";
      if (options_.explain) verdict.explanation = explain(*body.memory, signature_text);
    } else if (max_age) {
      check_age(body, *max_age, now, verdict);
    } else {
      verdict.reason = "signature matches (secret from " + verdict.secret->source + ")";
    }
    report(verdict, signature_origin);
    if (verdict.valid && options_.pipe) write_body(body);
    return verdict.valid ? exit_success : exit_negative;
  }

 private:
  void check_option_combinations() const {
    if (!options_.check_list.empty() &&
        (!options_.file.empty() || !options_.request.empty() || options_.signature ||
         options_.pipe || !options_.max_age.empty() || options_.explain))
      throw Failure{
          "--check reads bodies and signatures from its list; it takes no FILE, "
          "--request, --signature, --pipe, --max-age or --explain"};
    if (!options_.request.empty() && !options_.file.empty())
      throw Failure{"--request already holds the body; give either FILE or --request"};
    if (options_.pipe && options_.json)
      throw Failure{"--pipe writes the body to standard output; it cannot be combined with --json"};
    if (!options_.now.empty() && options_.max_age.empty())
      throw Failure{"--now only matters with --max-age"};
  }

  std::pair<std::string, std::string> find_signature(
      const std::optional<core::HttpRequest>& request) const {
    if (options_.signature) return {*options_.signature, "--signature"};
    if (request) {
      const auto values = request->header_values(core::signature_header_name);
      if (values.size() > 1)
        throw Failure{"--request " + options_.request + " has " + std::to_string(values.size()) +
                      " " + std::string(core::signature_header_name) + " headers"};
      if (values.empty()) {
        std::string message = "--request " + options_.request + " has no " +
                              std::string(core::signature_header_name) + " header";
        for (const auto& [name, value] : request->headers)
          if (name.find("ignature") != std::string::npos ||
              name.find("IGNATURE") != std::string::npos)
            message += " (it has " + name + ")";
        throw Failure{message};
      }
      return {values.front(),
              "the request's " + std::string(core::signature_header_name) + " header"};
    }
    if (auto value = core::lookup_process_environment(std::string(core::signature_cgi_variable)))
      return {*value, std::string(core::signature_cgi_variable)};
    throw Failure{"no signature: give --signature VALUE or --request FILE, or set " +
                  std::string(core::signature_cgi_variable)};
  }

  void read_body_into_memory(VerifiedBody& body) const {
    if (body.memory) return;
    auto input = util::ByteInput::open(options_.file);
    if (!input) throw Failure{input.error()};
    auto bytes = input->read_to_string(max_explained_body);
    if (!bytes) throw Failure{bytes.error() + " (the limit for --explain)"};
    body.memory = std::move(*bytes);
  }

  const core::Secret* hash_body(VerifiedBody& body, const core::Sha256Digest& expected,
                                std::size_t& byte_count) {
    core::HmacPerSecret hmacs(secrets_);
    if (options_.explain) read_body_into_memory(body);
    if (body.memory) {
      hmacs.update(*body.memory);
      byte_count = body.memory->size();
    } else {
      auto input = util::ByteInput::open(options_.file);
      if (!input) throw Failure{input.error()};
      // What --pipe writes and --max-age reads must be the very bytes that were verified, so
      // they are kept as they stream past rather than read a second time.
      body.spooled = options_.pipe || !options_.max_age.empty();
      auto bytes = input->read_all([&](std::string_view chunk) {
        hmacs.update(chunk);
        if (body.spooled) body.spool.append(chunk);
      });
      if (!bytes) throw Failure{bytes.error()};
      byte_count = *bytes;
    }
    return hmacs.matching(expected);
  }

  void check_age(VerifiedBody& body, std::int64_t max_age, std::int64_t now,
                 Verdict& verdict) const {
    util::Expected<std::string> timestamp = util::unexpected("");
    if (body.memory) {
      timestamp = core::find_payload_timestamp(std::string_view(*body.memory));
    } else if (auto view = body.spool.memory_view()) {
      timestamp = core::find_payload_timestamp(*view);
    } else {
      auto file = body.spool.rewound_file();
      if (!file) throw Failure{file.error()};
      timestamp = core::find_payload_timestamp(*file);
    }
    const std::string matched = "signature matches (secret from " + verdict.secret->source + ")";
    if (!timestamp) {
      verdict.valid = false;
      verdict.reason = matched + " but its age cannot be checked: " + timestamp.error();
      return;
    }
    verdict.timestamp = *timestamp;
    auto when = util::parse_rfc3339(*timestamp);
    if (!when) {
      verdict.valid = false;
      verdict.reason =
          matched + " but its age cannot be checked: the payload's timestamp " + when.error();
      return;
    }
    const core::FreshnessVerdict freshness = core::check_freshness(*when, now, max_age);
    verdict.valid = freshness.fresh;
    verdict.age_milliseconds = freshness.age_milliseconds;
    verdict.reason = matched + (freshness.fresh ? "; " : " but ") + freshness.reason;
  }

  std::vector<std::string> explain(std::string_view body, std::string_view signature) const {
    const std::vector<core::Secret> others = other_secrets(secrets_);
    return core::explain_mismatch({body, signature, &secrets_, &others});
  }

  void report(const Verdict& verdict, const std::string& signature_origin) const {
    if (options_.json) {
      // Values are redacted one by one, never the dump: a short secret must not corrupt keys.
      Json json;
      json["valid"] = verdict.valid;
      json["reason"] = redact_secrets(verdict.reason);
      json["secret"] =
          verdict.secret ? Json(redact_secrets(verdict.secret->source)) : Json(nullptr);
      json["signature_from"] = signature_origin;
      json["bytes"] = verdict.bytes;
      if (verdict.timestamp) json["timestamp"] = redact_secrets(*verdict.timestamp);
      if (verdict.age_milliseconds)
        json["age_seconds"] = static_cast<double>(*verdict.age_milliseconds) / 1000.0;
      if (options_.explain && !verdict.valid) {
        json["explanation"] = Json::array();
        for (const std::string& line : verdict.explanation)
          json["explanation"].push_back(redact_secrets(line));
      }
      write_stdout(dump(json));
      return;
    }
    if (options_.quiet) return;
    std::vector<std::string> lines{(verdict.valid ? "OK: " : "FAILED: ") + verdict.reason};
    for (const std::string& line : verdict.explanation) lines.push_back("explain: " + line);
    for (const std::string& line : lines) {
      // With --pipe, stdout carries the body alone.
      if (options_.pipe)
        print_diagnostic_line(line);
      else
        write_stdout(escape_for_terminal(redact_secrets(line)) + "\n");
    }
  }

  static void write_body(VerifiedBody& body) {
    if (body.memory) {
      write_stdout(*body.memory);
      return;
    }
    auto replayed = body.spool.replay([](std::string_view chunk) { write_stdout(chunk); });
    if (!replayed) throw Failure{replayed.error()};
  }

  int run_check_list() {
    auto text = util::read_file(options_.check_list, max_check_list_size);
    if (!text) throw Failure{text.error()};
    auto entries = core::parse_checksum_list(*text);
    if (!entries) throw Failure{"--check " + options_.check_list + ": " + entries.error()};
    if (entries->empty()) throw Failure{"--check " + options_.check_list + " lists no files"};
    int failures = 0;
    Json files = Json::array();
    for (const core::ChecksumEntry& entry : *entries) {
      std::string reason;
      const core::Secret* match = nullptr;
      if (auto expected = core::parse_signature(entry.signature); !expected) {
        reason = "invalid signature: " + expected.error();
      } else if (auto input = util::ByteInput::open(entry.file); !input) {
        reason = "open or read";
        print_error(input.error());
      } else {
        core::HmacPerSecret hmacs(secrets_);
        auto read = input->read_all([&](std::string_view chunk) { hmacs.update(chunk); });
        if (!read) {
          reason = "open or read";
          print_error(read.error());
        } else {
          match = hmacs.matching(*expected);
          if (!match) reason = "signature does not match";
        }
      }
      if (!match) ++failures;
      if (options_.json) {
        Json item;
        item["file"] = entry.file;
        item["valid"] = match != nullptr;
        item["secret"] = match ? Json(match->source) : Json(nullptr);
        if (!match) item["reason"] = reason;
        files.push_back(item);
      } else if (!options_.quiet) {
        const std::string shown = escape_for_terminal(entry.file);
        write_stdout(match ? shown + ": OK\n"
                           : shown + ": FAILED" +
                                 (reason == "open or read" ? " open or read" : "") + "\n");
      }
    }
    if (options_.json) {
      Json json;
      json["valid"] = failures == 0;
      json["checked"] = entries->size();
      json["failed"] = failures;
      json["files"] = files;
      write_stdout(dump(json));
    } else if (failures > 0 && !options_.quiet) {
      print_warning(std::to_string(failures) + " of " + std::to_string(entries->size()) +
                    " signatures did not match or could not be checked");
    }
    return failures == 0 ? exit_success : exit_negative;
  }

  const CLI::App& command_;
  const VerifyOptions& options_;
  std::vector<core::Secret> secrets_;
};
}  // namespace

void set_verify_command(CLI::App& app, int& exit_status) {
  auto options = std::make_shared<VerifyOptions>();
  CLI::App* command = app.add_subcommand(
      "verify", "Check that a body carries a valid Autosana signature (HMAC-SHA256)");
  command
      ->add_option("FILE", options->file,
                   "Body to verify, byte for byte (default: standard input; - for it too)")
      ->type_name("FILE");
  command
      ->add_option("-s,--signature", options->signature,
                   "The signature: sha256=<hex> as in the header (bare or upper-case hex and "
                   "surrounding whitespace are accepted)")
      ->type_name("VALUE");
  command
      ->add_option("-r,--request", options->request,
                   "A raw HTTP request (a saved delivery): the signature header and the body "
                   "come from it")
      ->type_name("FILE");
  command->add_flag("-q,--quiet", options->quiet, "Print nothing; the exit status tells");
  command->add_flag("--json", options->json, "Print the verdict as a JSON object");
  command->add_flag("--pipe", options->pipe,
                    "On success write the verified body to standard output (verdicts go to "
                    "standard error); on failure write nothing there");
  command
      ->add_option("-c,--check", options->check_list,
                   "Verify every 'sha256=<hex>  FILE' line that sign wrote, like sha256sum -c")
      ->type_name("LIST");
  command
      ->add_option("--max-age", options->max_age,
                   "Also require the payload's own timestamp within this much of now, either "
                   "way (300s, 5m, 1h)")
      ->type_name("DURATION");
  command
      ->add_option("--now", options->now,
                   "The time --max-age compares with, instead of the clock (RFC 3339)")
      ->type_name("TIME");
  command->add_flag("--explain", options->explain,
                    "When the signature does not match, find the likely cause (trailing newline, "
                    "CRLF, re-serialised JSON, secret with a newline, base64, SHA-1, ...)");
  add_secret_options(*command, options->secrets);
  command->footer(R"(The signature comes from --signature, else from --request, else from the
HTTP_X_AUTOSANA_SIGNATURE_256 environment variable (as a CGI script receives it).

Examples:
  autosana-webhook verify --signature "$SIG" payload.json
  autosana-webhook verify --request delivery.http --secret-file secret.txt
  autosana-webhook verify --request delivery.http --explain
  autosana-webhook verify -q --max-age 5m --request delivery.http && deploy
  autosana-webhook verify --check fixtures.sig
  autosana-webhook verify --pipe --request delivery.http | jq .summary

Exit status: 0 the signature matches, 1 it does not (or stale, or a --check entry failed),
2 trouble (bad option, no or empty secret, unreadable input, malformed signature or request).
)");
  command->callback(
      [command, options, &exit_status] { exit_status = Verifier(*command, *options).run(); });
}

}  // namespace cli

#include <fmt/core.h>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli/commands.hpp"
#include "cli/console.hpp"
#include "cli/decode_limit_option.hpp"
#include "cli/failure.hpp"
#include "cli/request_input.hpp"
#include "cli/secret_options.hpp"
#include "cli/terminal_style.hpp"
#include "core/delivery/verification.hpp"
#include "core/explain/explain.hpp"
#include "core/signing/check_list.hpp"
#include "core/signing/checksum_list.hpp"
#include "core/signing/signature.hpp"
#include "util/byte_input.hpp"
#include "util/byte_size.hpp"
#include "util/duration.hpp"
#include "util/rfc3339.hpp"
#include "util/spool.hpp"

namespace cli {

namespace {
using Json = nlohmann::ordered_json;

// A check list is read whole, so it is bounded; bodies stream (a body kept for --explain is
// bounded by --explain-limit).
constexpr std::size_t max_check_list_size = std::size_t{64} << 20;
// With --explain a streamed body is read no further than this (or --explain-limit, if larger).
constexpr std::uint64_t max_explained_input = std::uint64_t{256} << 20;

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
  std::string explain_limit = "10MiB";
  std::string max_body;
  std::string color = "auto";
  SecretOptions secrets;
};

std::string dump(const Json& json) {
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

// Where the signature came from, as a fixed token for scripts.
std::string_view signature_source_token(core::SignatureSource source) {
  switch (source) {
    case core::SignatureSource::option: return "option";
    case core::SignatureSource::request: return "request";
    case core::SignatureSource::cgi: return "cgi";
  }
  return "option";
}

// How the verdict names where the signature came from.
std::string describe_signature_source(core::SignatureSource source) {
  switch (source) {
    case core::SignatureSource::option: return "--signature";
    case core::SignatureSource::request:
      return "the request's " + std::string(core::signature_header_name) + " header";
    case core::SignatureSource::cgi: return std::string(core::signature_cgi_variable);
  }
  return "--signature";
}

// The default variable, when it holds a secret that was not among those given: --explain may
// find that the body was signed with it, which is the "wrong secret" diagnosis.
std::vector<core::Secret> other_secrets(const std::vector<core::Secret>& given) {
  for (const core::Secret& secret : given)
    if (secret.origin == core::SecretOrigin::environment &&
        secret.location == core::default_secret_variable)
      return {};
  auto loaded = core::load_secrets({variable_source(core::default_secret_variable)},
                                   core::lookup_process_environment);
  if (!loaded) return {};  // unset or empty: no other secret to try
  register_secret_text(loaded->secrets.front().value);
  return std::move(loaded->secrets);
}

// Runs one verify command: the decisions are core's (core/verification, core/check_list); this
// reads the options and inputs and prints the verdict.
class Verifier {
 public:
  Verifier(const CLI::App& command, const VerifyOptions& options)
      : command_(command), options_(options) {}

  int run() {
    try {
      return verify();
    } catch (const Failure& failure) {
      // Scripts get one JSON object whatever happens; the error goes to stderr as well.
      if (options_.json) write_stdout(dump(failure_json(failure)));
      throw;
    }
  }

 private:
  int verify() {
    check_option_combinations();
    const core::VerificationPolicy policy = read_policy();
    // Read (and so checked) whether or not they apply; said when they do nothing.
    explain_limit_ = read_explain_limit();
    const std::size_t max_body = read_max_body(options_.max_body);
    if (!options_.explain && command_.count("--explain-limit") > 0)
      print_warning("--explain-limit does nothing without --explain");
    if (options_.request.empty() && command_.count("--max-body") > 0)
      print_warning("--max-body limits what --request decodes; without --request it does nothing");
    secrets_ = load_secrets_or_fail(command_, options_.secrets, options_.quiet);
    if (!options_.check_list.empty()) return run_check_list();

    std::optional<core::HttpRequest> request;
    if (!options_.request.empty()) request = read_request_file(options_.request);
    const core::FoundSignature signature = find_signature(request);
    source_ = signature.source;
    const std::string origin = describe_signature_source(signature.source);
    // In memory: a request's body; otherwise it streams (kept for --pipe and --explain).
    std::optional<std::string> body;
    if (request) body = decoded_request_body(*request, options_.request, max_body);

    const auto expected = core::parse_signature(signature.value);
    if (!expected) {
      if (options_.explain) {
        explanation_ = body ? explain(*body, signature.value) : explain_input(signature.value);
        if (!options_.json) print_explanation(true);
      }
      throw Failure{"invalid signature (from " + origin + "): " + expected.error() +
                    explain_hint()};
    }
    // --pipe and --max-age need the whole body (spilled to a file when large); --explain alone
    // keeps what it can explain, and reads no more than max_explained_input, so an endless input
    // ends.
    const bool whole = options_.pipe || policy.max_age_milliseconds.has_value();
    util::Spool kept(whole ? std::size_t{4} << 20 : explain_limit_, whole);
    const bool keep = options_.pipe || options_.explain;
    core::VerificationPolicy streaming = policy;
    if (options_.explain)
      streaming.max_streamed_bytes = std::max(max_explained_input, explain_limit_);
    const core::Verification verdict =
        body ? core::verify_body(*body, *expected, secrets_, policy)
             : verify_streamed(*expected, streaming, keep ? &kept : nullptr);
    if (!verdict.secret && options_.explain)
      explanation_ = body ? explain(*body, signature.value) : explain_kept(kept, signature.value);
    report(verdict, origin);
    if (verdict.valid && options_.pipe) write_body(body, kept);
    return verdict.valid ? exit_success : exit_negative;
  }

  void check_option_combinations() const {
    // "verify --check -q fixtures.sig": the option after --check was taken as its LIST.
    if (options_.check_list.size() > 1 && options_.check_list.front() == '-')
      throw Failure{"--check takes the LIST right after it, and '" + options_.check_list +
                    "' came there; put other options first, as in 'verify -q --check LIST'"};
    if (!options_.check_list.empty() && !options_.file.empty())
      throw Failure{
          "--check reads bodies and signatures from its LIST, the value right after it; "
          "it takes no FILE ('" +
          options_.file + "')"};
    if (!options_.check_list.empty() &&
        (!options_.request.empty() || options_.signature || options_.pipe ||
         !options_.max_age.empty() || options_.explain))
      throw Failure{
          "--check reads bodies and signatures from its list; it takes no --request, "
          "--signature, --pipe, --max-age or --explain"};
    if (!options_.request.empty() && !options_.file.empty())
      throw Failure{"--request already holds the body; give either FILE or --request"};
    if (options_.pipe && options_.json)
      throw Failure{"--pipe writes the body to standard output; it cannot be combined with --json"};
    if (!options_.now.empty() && options_.max_age.empty())
      throw Failure{"--now only matters with --max-age"};
  }

  core::VerificationPolicy read_policy() const {
    core::VerificationPolicy policy;
    policy.now_milliseconds = util::now_epoch_milliseconds();
    if (!options_.max_age.empty()) {
      auto parsed = util::parse_duration(options_.max_age);
      if (!parsed) throw Failure{"--max-age: " + parsed.error()};
      policy.max_age_milliseconds = *parsed;
    }
    if (!options_.now.empty()) {
      auto parsed = util::parse_rfc3339(options_.now);
      if (!parsed) throw Failure{"--now: " + parsed.error()};
      policy.now_milliseconds = *parsed;
    }
    return policy;
  }

  core::FoundSignature find_signature(const std::optional<core::HttpRequest>& request) const {
    auto found = core::find_signature(options_.signature, request ? &*request : nullptr,
                                      core::lookup_process_environment);
    if (found) return std::move(*found);
    if (request) throw Failure{"--request " + options_.request + ": " + found.error()};
    throw Failure{"no signature: give --signature VALUE or --request FILE, or set " +
                  std::string(core::signature_cgi_variable)};
  }

  std::size_t read_explain_limit() const {
    auto limit = util::parse_byte_size(options_.explain_limit);
    if (!limit) throw Failure{"--explain-limit: " + limit.error()};
    return static_cast<std::size_t>(*limit);
  }

  // A malformed signature is not verified, so the body is read here for the diagnosis: no more
  // than the limit and one byte, enough to know that it is over.
  std::vector<core::Finding> explain_input(std::string_view signature) const {
    auto input = util::ByteInput::open(options_.file);
    if (!input) throw Failure{input.error()};
    std::string bytes;
    std::size_t size = 0;
    char buffer[64 * 1024];
    while (size <= explain_limit_) {
      auto got = input->read_some(buffer, sizeof buffer);
      if (!got) throw Failure{got.error()};
      if (*got == 0) break;
      size += *got;
      if (size <= explain_limit_) bytes.append(buffer, *got);
    }
    if (size > explain_limit_) return {too_large(size, true)};
    return explain(bytes, signature);
  }

  std::vector<core::Finding> explain_kept(util::Spool& kept, std::string_view signature) const {
    if (kept.size() > explain_limit_ || !kept.complete()) return {too_large(kept.size(), false)};
    if (auto view = kept.memory_view()) return explain(*view, signature);
    std::string bytes;
    auto replayed = kept.replay([&](std::string_view chunk) { bytes.append(chunk); });
    if (!replayed) throw Failure{replayed.error()};
    return explain(bytes, signature);
  }

  core::Finding too_large(std::size_t size, bool at_least) const {
    return {"body_too_large",
            fmt::format("not explained: the body is {}{} bytes, more than --explain-limit ({})",
                        at_least ? "over " : "", at_least ? explain_limit_ : size,
                        options_.explain_limit),
            "raise --explain-limit to explain it"};
  }

  core::Verification verify_streamed(const core::Sha256Digest& expected,
                                     const core::VerificationPolicy& policy,
                                     util::Spool* kept) const {
    auto input = util::ByteInput::open(options_.file);
    if (!input) throw Failure{input.error()};
    auto verdict = core::verify_stream(*input, expected, secrets_, policy, kept);
    if (!verdict && options_.explain && verdict.error().ends_with(" bytes"))
      throw Failure{verdict.error() + " (the limit for --explain)"};
    if (!verdict) throw Failure{verdict.error()};
    return std::move(*verdict);
  }

  std::vector<core::Finding> explain(std::string_view body, std::string_view signature) const {
    const std::vector<core::Secret> others = other_secrets(secrets_);
    core::ExplainRequest request{body, signature, &secrets_, &others};
    request.max_body = explain_limit_;
    std::vector<core::Finding> findings = core::explain_mismatch(request).findings;
    for (core::Finding& finding : findings) {
      finding.text = redact_secrets(finding.text);
      finding.advice = redact_secrets(finding.advice);
    }
    return findings;
  }

  // Where a signature failed without --explain: the way to its cause, once, never on -q.
  std::string explain_hint() const {
    if (options_.explain || options_.quiet) return "";
    return "; --explain looks for the cause";
  }

  // "explain:" and "advice:" lines, on stdout with the verdict or on stderr before an error.
  void print_explanation(bool to_stderr) const {
    for (const core::Finding& finding : explanation_) {
      std::vector<std::string> lines{"explain: " + finding.text};
      if (!finding.advice.empty()) lines.push_back("advice: " + finding.advice);
      for (const std::string& line : lines) {
        if (to_stderr)
          print_diagnostic_line(line);
        else
          write_stdout(escape_for_terminal(line) + "\n");
      }
    }
  }

  Json explanation_json() const {
    Json list = Json::array();
    for (const core::Finding& finding : explanation_)
      list.push_back({{"code", finding.code}, {"text", finding.text}, {"advice", finding.advice}});
    return list;
  }

  void report(const core::Verification& verdict, const std::string& origin) const {
    if (options_.json) {
      write_stdout(dump(verdict_json(verdict, origin)));
      return;
    }
    if (options_.quiet) return;
    const std::string_view word = verdict.valid ? "OK:" : "FAILED:";
    // With --pipe, stdout carries the body alone.
    if (options_.pipe) {
      print_diagnostic_line(std::string(word) + " " + redact_secrets(verdict.reason) +
                            (verdict.secret ? "" : explain_hint()));
      print_explanation(true);
    } else {
      // The verdict's word coloured as summarize and listen colour theirs (--color, NO_COLOR).
      const core::TextStyle style = choose_text_style(options_.color);
      write_stdout(style.toned(verdict.valid ? core::Tone::good : core::Tone::bad, word) + " " +
                   escape_for_terminal(redact_secrets(verdict.reason)) +
                   (verdict.secret ? "" : explain_hint()) + "\n");
      print_explanation(false);
    }
  }

  Json verdict_json(const core::Verification& verdict, const std::string& origin) const {
    // Values are redacted one by one, never the dump: a short secret must not corrupt keys.
    Json json;
    json["valid"] = verdict.valid;
    json["reason"] = redact_secrets(verdict.reason);
    json["secret"] = verdict.secret ? Json(redact_secrets(verdict.secret->source)) : Json(nullptr);
    json["signature_from"] = origin;
    json["signature_source"] = signature_source_token(*source_);
    json["bytes"] = verdict.bytes;
    if (verdict.timestamp) json["timestamp"] = redact_secrets(*verdict.timestamp);
    if (verdict.age_milliseconds)
      json["age_seconds"] = static_cast<double>(*verdict.age_milliseconds) / 1000.0;
    if (options_.explain && !verdict.valid) json["explanation"] = explanation_json();
    // A handler that reads these files whole signs with their line break: see --explain.
    json["secret_line_breaks_removed"] = Json::array();
    for (const core::Secret& secret : secrets_)
      if (!secret.removed_line_break.empty())
        json["secret_line_breaks_removed"].push_back(secret.source);
    return json;
  }

  // The object for an outcome that is an error (exit status 2).
  Json failure_json(const Failure& failure) const {
    Json json;
    json["valid"] = false;
    json["error"] = redact_secrets(failure.what());
    json["exit_status"] = failure.exit_status();
    json["signature_from"] = source_ ? Json(describe_signature_source(*source_)) : Json(nullptr);
    json["signature_source"] = source_ ? Json(signature_source_token(*source_)) : Json(nullptr);
    if (options_.explain && !explanation_.empty()) json["explanation"] = explanation_json();
    return json;
  }

  static void write_body(const std::optional<std::string>& body, util::Spool& kept) {
    if (body) {
      write_stdout(*body);
      return;
    }
    auto replayed = kept.replay([](std::string_view chunk) { write_stdout(chunk); });
    if (!replayed) throw Failure{replayed.error()};
  }

  std::vector<core::ChecksumEntry> read_check_list() const {
    auto text = util::read_file(options_.check_list, max_check_list_size);
    if (!text) throw Failure{text.error()};
    auto entries = core::parse_checksum_list(*text);
    if (!entries) throw Failure{"--check " + options_.check_list + ": " + entries.error()};
    if (entries->empty()) throw Failure{"--check " + options_.check_list + " lists no files"};
    return std::move(*entries);
  }

  int run_check_list() {
    const std::vector<core::ChecksumEntry> entries = read_check_list();
    std::size_t failures = 0;
    Json files = Json::array();
    for (const core::ChecksumEntry& entry : entries) {
      const core::CheckedEntry checked = core::check_list_entry(entry, secrets_);
      const bool matches = checked.result == core::EntryResult::matches;
      if (!matches) ++failures;
      // Like sha256sum -c: why a file could not be read, then its line, and on to the next.
      if (checked.result == core::EntryResult::unreadable) print_error(checked.problem);
      if (options_.json) {
        Json item;
        item["file"] = entry.file;
        item["valid"] = matches;
        item["secret"] = matches ? Json(checked.secret->source) : Json(nullptr);
        if (!matches) item["reason"] = core::describe_entry_result(checked);
        files.push_back(item);
      } else if (!options_.quiet) {
        const bool unreadable = checked.result == core::EntryResult::unreadable;
        write_stdout(escape_for_terminal(entry.file) + (matches      ? ": OK\n"
                                                        : unreadable ? ": FAILED open or read\n"
                                                                     : ": FAILED\n"));
      }
    }
    if (options_.json) {
      Json json;
      json["valid"] = failures == 0;
      json["checked"] = entries.size();
      json["failed"] = failures;
      json["files"] = files;
      write_stdout(dump(json));
    } else if (failures > 0 && !options_.quiet) {
      print_warning(fmt::format(
          "{} of {} signatures did not match or could not be checked; verify FILE --signature "
          "VALUE --explain looks for the cause of one",
          failures, entries.size()));
    }
    return failures == 0 ? exit_success : exit_negative;
  }

  const CLI::App& command_;
  const VerifyOptions& options_;
  std::vector<core::Secret> secrets_;
  std::size_t explain_limit_ = core::default_explain_limit;
  std::optional<core::SignatureSource> source_;
  std::vector<core::Finding> explanation_;
};

constexpr const char* verify_footer =
    R"(The signature comes from --signature, else from --request, else from the
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
)";
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
                    "When the signature does not match, find the likely cause and print it with "
                    "one line of advice (trailing newline, CRLF, re-serialised JSON, a secret "
                    "copied with its line break or .env line, base64, SHA-1, ...)");
  command
      ->add_option("--explain-limit", options->explain_limit,
                   "Do not explain bodies larger than this (default: 10MiB)")
      ->type_name("SIZE");
  add_max_body_option(*command, options->max_body);
  add_color_option(*command, options->color);
  add_secret_options(*command, options->secrets, SecretCount::several);
  command->footer(verify_footer);
  command->callback(
      [command, options, &exit_status] { exit_status = Verifier(*command, *options).run(); });
}

}  // namespace cli

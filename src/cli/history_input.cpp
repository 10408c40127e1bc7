#include "cli/history_input.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "cli/console.hpp"
#include "cli/payload_input.hpp"
#include "core/delivery/verification.hpp"
#include "core/http/content_coding.hpp"
#include "core/http/http_request.hpp"
#include "core/payload/payload_validator.hpp"
#include "core/signing/signature.hpp"
#include "util/byte_input.hpp"
#include "util/json_reader.hpp"
#include "util/json_relay.hpp"
#include "util/rfc3339.hpp"

namespace cli {

namespace {
// A saved request is read whole to check its signature; the bound is verify --request's.
constexpr std::size_t max_request_size = std::size_t{256} << 20;

class Reader {
 public:
  Reader(const HistoryInputOptions& options, core::HistoryBuilder& history)
      : options_(options), history_(history) {}

  void read_path(const std::string& path);
  const HistoryInputCounts& counts() const { return counts_; }

 private:
  void read_directory(const std::string& path);
  void read_file(const std::string& path);
  void read_payload_file(const std::string& path);
  void read_request_file(const std::string& path);
  void read_stream();

  core::PayloadValidator new_validator() {
    return core::PayloadValidator({}, [this](core::RunGroup&& group, const core::PayloadHeader&) {
      history_.add_group(group);
    });
  }
  // After a document parsed: its problems, or the batch handed over.
  void finish_document(const std::string& name, core::PayloadValidator& validator);
  void unusable(const std::string& name, const std::string& reason) {
    unusable_as(name + ": " + reason);
  }
  void unusable_as(const std::string& message) {
    print_error(message);
    history_.drop_batch();
    ++counts_.unusable;
  }
  bool left_out_unverified(const std::string& name, const char* what) {
    if (!options_.require_verified) return false;
    print_warning(name + ": " + what + ", left out (--require-verified)");
    ++counts_.unverified;
    return true;
  }

  const HistoryInputOptions& options_;
  core::HistoryBuilder& history_;
  HistoryInputCounts counts_;
};

// "name:line:column: message", as parse and compilers write it, so that editors can jump there.
std::string locate_syntax_error(const std::string& name, const util::JsonSyntaxError& error) {
  return fmt::format("{}:{}:{}: {}", name, error.line, error.column, error.message);
}

void Reader::finish_document(const std::string& name, core::PayloadValidator& validator) {
  validator.finish();
  if (!validator.valid()) {
    const auto& problems = validator.problems();
    const auto first = std::find_if(problems.begin(), problems.end(),
                                    [](const core::PayloadProblem& p) { return p.is_error; });
    std::string reason =
        first == problems.end()
            ? "not a valid payload"
            : (first->pointer.empty() ? "(document)" : first->pointer) + ": " + first->message;
    const std::size_t errors = static_cast<std::size_t>(std::count_if(
                                   problems.begin(), problems.end(),
                                   [](const core::PayloadProblem& p) { return p.is_error; })) +
                               validator.problems_not_kept();
    if (errors > 1) reason += fmt::format(" (and {} more problems; see parse)", errors - 1);
    return unusable(name, reason);
  }
  const core::PayloadHeader& header = validator.header();
  if (header.timestamp.empty())
    return unusable(name, "/timestamp: missing: batches are ordered by it");
  const auto time = util::parse_rfc3339(header.timestamp);
  if (!time) return unusable(name, "/timestamp: " + time.error());
  history_.end_batch(header, *time, name);
  ++counts_.batches;
}

void Reader::read_path(const std::string& path) {
  if (path == "-") return read_stream();
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) return read_directory(path);
  read_file(path);
}

// Payloads (*.json) and saved requests (*.http) at any depth, in name order so that reports and
// ties of time come out the same on every run; other files are not deliveries (a log, a README).
void Reader::read_directory(const std::string& path) {
  std::vector<std::string> files;
  std::error_code error;
  std::filesystem::recursive_directory_iterator walk(
      path, std::filesystem::directory_options::skip_permission_denied, error);
  for (; !error && walk != std::filesystem::recursive_directory_iterator(); walk.increment(error)) {
    std::error_code type_error;
    if (!walk->is_regular_file(type_error)) continue;
    const std::string extension = walk->path().extension().string();
    if (extension == ".json" || extension == ".http") files.push_back(walk->path().string());
  }
  if (error) {
    print_error(path + ": " + error.message());
    ++counts_.unusable;
    return;
  }
  if (files.empty()) {
    print_error(path + ": no payload (*.json) or saved request (*.http) in this directory");
    ++counts_.unusable;
    return;
  }
  std::sort(files.begin(), files.end());
  for (const std::string& file : files) read_file(file);
}

// A saved request starts with its request line; anything else is taken for a payload.
void Reader::read_file(const std::string& path) {
  if (path.size() > 5 && path.ends_with(".http")) return read_request_file(path);
  if (path.ends_with(".json")) return read_payload_file(path);
  auto input = util::ByteInput::open(path);
  if (!input) {
    print_error(input.error());
    ++counts_.unusable;
    return;
  }
  char start[8] = {};
  auto got = input->read_some(start, sizeof start);
  const std::string_view head(start, got ? *got : 0);
  if (head.starts_with("POST ") || head.starts_with("PUT ") || head.starts_with("PATCH "))
    return read_request_file(path);
  read_payload_file(path);
}

void Reader::read_payload_file(const std::string& path) {
  if (left_out_unverified(path, "a payload without its signature")) return;
  auto input = util::ByteInput::open(path);
  if (!input) {
    print_error(input.error());
    ++counts_.unusable;
    return;
  }
  core::PayloadValidator validator = new_validator();
  util::JsonReader reader(validator);
  std::string read_error;
  const util::JsonRefill refill = input->refill(read_error);
  const bool parsed = reader.parse(refill);
  if (!read_error.empty()) return unusable(path, read_error);
  if (!parsed) return unusable_as(locate_syntax_error(path, *reader.error()));
  finish_document(path, validator);
}

void Reader::read_request_file(const std::string& path) {
  auto raw = util::read_file(path, max_request_size);
  if (!raw) {
    print_error(raw.error());
    ++counts_.unusable;
    return;
  }
  auto request = core::parse_http_request(*raw);
  if (!request) return unusable(path, "not a saved request: " + request.error());
  std::string body = std::move(request->body);
  if (request->header("Content-Encoding")) {
    request->body = std::move(body);
    core::DecodedBody decoded = core::decode_content(*request, options_.max_decoded_body);
    if (decoded.outcome != core::DecodedBody::Outcome::done) return unusable(path, decoded.reason);
    body = std::move(decoded.body);
  }
  const auto signatures = request->header_values(core::signature_header_name);
  if (signatures.size() > 1)
    return unusable(path, fmt::format("the request has {} {} headers", signatures.size(),
                                      core::signature_header_name));
  if (signatures.empty()) {
    if (left_out_unverified(path, "not signed")) return;
  } else if (options_.secrets.empty()) {
    if (left_out_unverified(path, "no secret to verify its signature with")) return;
  } else {
    const auto digest = core::parse_signature(signatures.front());
    if (!digest) return unusable(path, digest.error());
    const core::Verification verification =
        core::verify_body(body, *digest, options_.secrets, core::VerificationPolicy{});
    if (!verification.valid) return unusable(path, verification.reason);
  }
  core::PayloadValidator validator = new_validator();
  util::JsonReader reader(validator);
  if (!reader.parse(std::string_view(body)))
    return unusable_as(locate_syntax_error(path + ": body", *reader.error()));
  finish_document(path, validator);
}

// Payloads one after another on standard input, each named by its place in the stream. A syntax
// error ends the stream: where the next payload would start cannot be known.
void Reader::read_stream() {
  note_terminal_input("-");
  if (left_out_unverified("standard input", "payloads without their signatures")) return;
  auto input = util::ByteInput::open("-");
  if (!input) {
    print_error(input.error());
    ++counts_.unusable;
    return;
  }
  util::JsonRelay current;  // a fresh validator for each payload
  util::JsonReader reader(current);
  std::string read_error;
  const util::JsonRefill refill = input->refill(read_error);
  reader.start_sequence(refill);
  for (std::size_t number = 1;; ++number) {
    core::PayloadValidator validator = new_validator();
    current.target = &validator;
    const std::string name = fmt::format("standard input, payload {}", number);
    const bool parsed = reader.next_document();
    if (!read_error.empty()) return unusable("standard input", read_error);
    if (!parsed) {
      if (reader.error()) unusable_as(locate_syntax_error("standard input", *reader.error()));
      if (number == 1 && !reader.error()) unusable("standard input", "no payload");
      return;
    }
    finish_document(name, validator);
  }
}
}  // namespace

HistoryInputCounts read_history_inputs(const std::vector<std::string>& paths,
                                       const HistoryInputOptions& options,
                                       core::HistoryBuilder& history) {
  Reader reader(options, history);
  for (const std::string& path : paths) reader.read_path(path);
  return reader.counts();
}

}  // namespace cli

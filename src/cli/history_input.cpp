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
#include "util/json_writer.hpp"
#include "util/rfc3339.hpp"

namespace cli {

namespace {
// A saved request is read whole to check its signature; the bound is verify --request's.
constexpr std::size_t max_request_size = std::size_t{256} << 20;

// History's grid as a sink: it needs only the groups and the header.
class HistorySink : public BatchSink {
 public:
  explicit HistorySink(core::HistoryBuilder& history) : history_(history) {}
  void add_group(core::RunGroup&& group) override { history_.add_group(group); }
  void end_batch(const core::PayloadHeader& header, std::int64_t time_milliseconds,
                 const std::string& source, const BatchOrigin&) override {
    history_.end_batch(header, time_milliseconds, source);
  }
  void drop_batch() override { history_.drop_batch(); }

 private:
  core::HistoryBuilder& history_;
};

// Passes a document's events to the validator and, when the sink keeps the payload, to a
// writer that puts it on one line.
class PayloadTee : public util::JsonHandler {
 public:
  PayloadTee(util::JsonHandler& validator, std::string* payload)
      : validator_(validator),
        writer_([payload](std::string_view piece) { payload->append(piece); }, false),
        keep_(payload != nullptr) {}
  void begin_object(const util::JsonPath& p) override {
    validator_.begin_object(p);
    if (keep_) writer_.begin_object(p);
  }
  void key(const util::JsonPath& p, std::string_view k) override {
    validator_.key(p, k);
    if (keep_) writer_.key(p, k);
  }
  void end_object(const util::JsonPath& p, std::size_t n) override {
    validator_.end_object(p, n);
    if (keep_) writer_.end_object(p, n);
  }
  void begin_array(const util::JsonPath& p) override {
    validator_.begin_array(p);
    if (keep_) writer_.begin_array(p);
  }
  void end_array(const util::JsonPath& p, std::size_t n) override {
    validator_.end_array(p, n);
    if (keep_) writer_.end_array(p, n);
  }
  void scalar(const util::JsonPath& p, util::JsonScalarKind kind, std::string_view text) override {
    validator_.scalar(p, kind, text);
    if (keep_) writer_.scalar(p, kind, text);
  }
  void flush() {
    if (keep_) writer_.flush();
  }

 private:
  util::JsonHandler& validator_;
  util::JsonWriter writer_;
  bool keep_;
};

class Reader {
 public:
  Reader(const HistoryInputOptions& options, BatchSink& history)
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
      history_.add_group(std::move(group));
    });
  }
  // After a document parsed: its problems, or the batch handed over.
  void finish_document(const std::string& name, core::PayloadValidator& validator,
                       const BatchOrigin& origin = {});
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
  BatchSink& history_;
  HistoryInputCounts counts_;
  std::string payload_;  // the document being read, on one line, when the sink keeps it
};

// "name:line:column: message", as parse and compilers write it, so that editors can jump there.
std::string locate_syntax_error(const std::string& name, const util::JsonSyntaxError& error) {
  return fmt::format("{}:{}:{}: {}", name, error.line, error.column, error.message);
}

void Reader::finish_document(const std::string& name, core::PayloadValidator& validator,
                             const BatchOrigin& origin) {
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
  history_.end_batch(header, *time, name, origin);
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
  payload_.clear();
  PayloadTee tee(validator, history_.wants_payload() ? &payload_ : nullptr);
  util::JsonReader reader(tee);
  std::string read_error;
  const util::JsonRefill refill = input->refill(read_error);
  const bool parsed = reader.parse(refill);
  if (!read_error.empty()) return unusable(path, read_error);
  if (!parsed) return unusable_as(locate_syntax_error(path, *reader.error()));
  tee.flush();
  BatchOrigin origin;
  origin.payload = payload_;
  finish_document(path, validator, origin);
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
  std::string received_body;  // kept apart only when decoding changes it
  if (request->header("Content-Encoding")) {
    received_body = body;
    request->body = std::move(body);
    core::DecodedBody decoded = core::decode_content(*request, options_.max_decoded_body);
    if (decoded.outcome != core::DecodedBody::Outcome::done) return unusable(path, decoded.reason);
    body = std::move(decoded.body);
  }
  BatchOrigin origin;
  origin.request = *raw;
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
    origin.verified = true;
  }
  if (!signatures.empty()) origin.signature = signatures.front();
  core::PayloadValidator validator = new_validator();
  util::JsonReader reader(validator);
  if (!reader.parse(std::string_view(body)))
    return unusable_as(locate_syntax_error(path + ": body", *reader.error()));
  origin.payload = body;
  // The body as received (still encoded when it came so) identifies the delivery.
  origin.body = received_body.empty() ? std::string_view(body) : std::string_view(received_body);
  finish_document(path, validator, origin);
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
    payload_.clear();
    PayloadTee tee(validator, history_.wants_payload() ? &payload_ : nullptr);
    current.target = &tee;
    const std::string name = fmt::format("standard input, payload {}", number);
    const bool parsed = reader.next_document();
    if (!read_error.empty()) return unusable("standard input", read_error);
    if (!parsed) {
      if (reader.error()) unusable_as(locate_syntax_error("standard input", *reader.error()));
      if (number == 1 && !reader.error()) unusable("standard input", "no payload");
      return;
    }
    tee.flush();
    BatchOrigin origin;
    origin.payload = payload_;
    finish_document(name, validator, origin);
  }
}
}  // namespace

HistoryInputCounts read_history_inputs(const std::vector<std::string>& paths,
                                       const HistoryInputOptions& options,
                                       core::HistoryBuilder& history) {
  HistorySink sink(history);
  return read_batch_inputs(paths, options, sink);
}

HistoryInputCounts read_batch_inputs(const std::vector<std::string>& paths,
                                     const HistoryInputOptions& options, BatchSink& sink) {
  Reader reader(options, sink);
  for (const std::string& path : paths) reader.read_path(path);
  return reader.counts();
}

}  // namespace cli

#include "net/request_reader.hpp"

#include "net/boost_diagnostics.hpp"

#include <fmt/core.h>
#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "core/signing/signature.hpp"
#include "util/text.hpp"

namespace net {

namespace http = boost::beast::http;
using boost::beast::error_code;

namespace {
std::string version_text(int version) {
  return fmt::format("HTTP/{}.{}", version / 10, version % 10);
}

// Beast's own words ("bad field") say little to a person reading the log.
std::string describe(const error_code& ec) {
  std::string what;
  if (ec == http::error::bad_field)
    what = "a field name that is not a token, or a space before its colon";
  else if (ec == http::error::bad_value)
    what = "a control character (CR, LF, NUL) in a field value";
  else if (ec == http::error::bad_line_ending)
    what = "a CR not followed by LF";
  else if (ec == http::error::bad_method)
    what = "not a method";
  else if (ec == http::error::bad_target)
    what = "not a request target";
  else if (ec == http::error::bad_version)
    what = "not HTTP/1.x";
  else if (ec == http::error::bad_chunk || ec == http::error::bad_chunk_extension)
    what = "a malformed chunk";
  else
    what = ec.message();
  return "malformed request: " + what;
}

// Beast refuses a bad Content-Length or Transfer-Encoding as it meets the field, before the
// handler sees it; the framing rules shared with saved requests then say precisely what is wrong.
std::optional<std::string> framing_reason(std::string_view head) {
  std::vector<std::string> transfer_encodings;
  std::vector<std::string> content_lengths;
  std::size_t pos = head.find("\r\n");
  while (pos != std::string_view::npos && pos + 2 < head.size()) {
    const std::size_t start = pos + 2;
    const std::size_t end = head.find("\r\n", start);
    if (end == std::string_view::npos || end == start) break;
    const std::string_view line = head.substr(start, end - start);
    const std::size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
      const std::string_view name = line.substr(0, colon);
      const std::string value(util::trim_whitespace(line.substr(colon + 1)));
      if (util::equal_ignoring_case(name, "Transfer-Encoding")) transfer_encodings.push_back(value);
      if (util::equal_ignoring_case(name, "Content-Length")) content_lengths.push_back(value);
    }
    pos = end;
  }
  auto framing = core::read_body_framing(transfer_encodings, content_lengths);
  if (framing) return std::nullopt;
  return framing.error();
}
}  // namespace

// Beast's parser with our own storage: fields land in a core::HttpRequest as received, the body is
// bounded here (declared lengths before a byte of it is read, chunked bodies as they grow).
struct RequestReader::Parser final : http::basic_parser<true> {
  core::HttpRequest* request = nullptr;
  std::uint64_t max_body = 0;
  bool body_too_large = false;
  bool header_done = false;
  // Trailer fields come after a chunked body, where Beast reports them as fields like the head's:
  // merged into the head, they would pass its limits and reach --save and --forward as headers.
  bool trailer_field = false;

  void on_request_impl(http::verb, boost::beast::string_view method,
                       boost::beast::string_view target, int version, error_code&) override {
    request->method.assign(method.data(), method.size());
    request->target.assign(target.data(), target.size());
    request->version = version_text(version);
  }
  void on_response_impl(int, boost::beast::string_view, int, error_code&) override {}
  void on_field_impl(http::field, boost::beast::string_view name, boost::beast::string_view value,
                     error_code& ec) override {
    if (header_done) {
      trailer_field = true;
      ec = http::error::bad_field;
      return;
    }
    request->headers.emplace_back(std::string(name.data(), name.size()),
                                  std::string(value.data(), value.size()));
  }
  void on_header_impl(error_code&) override { header_done = true; }
  void on_body_init_impl(const boost::optional<std::uint64_t>& length, error_code& ec) override {
    if (length && *length > max_body) {
      body_too_large = true;
      ec = http::error::body_limit;
      return;
    }
    // One allocation for a declared length, not a string doubling (and copying) as bytes come:
    // its pages only become resident as they are written, so memory follows what has arrived.
    if (length) request->body.reserve(static_cast<std::size_t>(*length));
  }
  std::size_t on_body_impl(boost::beast::string_view body, error_code& ec) override {
    return append(body, ec);
  }
  void on_chunk_header_impl(std::uint64_t, boost::beast::string_view, error_code&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, boost::beast::string_view body,
                                 error_code& ec) override {
    return append(body, ec);
  }
  void on_finish_impl(error_code&) override {}

  std::size_t append(boost::beast::string_view body, error_code& ec) {
    if (body.size() > max_body - request->body.size()) {
      body_too_large = true;
      ec = http::error::body_limit;
      return 0;
    }
    request->body.append(body.data(), body.size());
    return body.size();
  }
};

RequestReader::RequestReader(RequestLimits limits) : limits_(limits) {
  reset();
}

RequestReader::~RequestReader() = default;

void RequestReader::reset() {
  parser_ = std::make_unique<Parser>();
  parser_->request = &request_;
  parser_->max_body = limits_.max_body;
  parser_->header_limit(static_cast<std::uint32_t>(limits_.max_header_bytes));
  // Beast's own default is 1 MB; and its 1.74 reads "no limit" as a limit of none at all.
  parser_->body_limit(limits_.max_body);
  // Not `request_ = {}`: a string assigned an empty one keeps its buffer, and a body of up to
  // --max-body would stay in memory for as long as the connection lasts, outside the budget.
  core::HttpRequest previous = std::exchange(request_, core::HttpRequest{});
  framing_ = core::BodyFraming{};
  progress_ = Progress::need_more;
  problem_ = RequestProblem{};
  started_ = false;
  head_reported_ = false;
  line_start_ = 0;
  head_taken_ = 0;
  lines_ = 0;
  line_counted_ = false;
}

void RequestReader::fail(int status, std::string reason) {
  progress_ = Progress::failed;
  problem_ = RequestProblem{status, std::move(reason)};
}

// What Beast accepts and RFC 9112 asks a server to refuse, checked on the raw head as it grows:
// obsolete line folding (Beast joins the lines) and whitespace before the first field. Counting
// lines here also refuses a head of too many fields as soon as it has them, not when it ends.
bool RequestReader::scan_head(std::string_view bytes) {
  for (;;) {
    const std::size_t end = bytes.find('\n', line_start_);
    // The head's limit holds however its bytes are split into lines and reads.
    if (end == std::string_view::npos)
      return head_taken_ + bytes.size() <= limits_.max_header_bytes || head_too_large();
    if (!line_counted_) {
      if (end == 0 || bytes[end - 1] != '\r') {
        fail(400, "a line of the head ends in LF without CR");
        return false;
      }
      if (end == line_start_ + 1) {  // the empty line: the head is complete, Beast takes it
        if (head_taken_ + end + 1 > limits_.max_header_bytes) return head_too_large();
        line_start_ = bytes.size();
        return true;
      }
      if (++lines_ > limits_.max_fields + 1) {
        fail(431, fmt::format("more than {} header fields", limits_.max_fields));
        return false;
      }
      line_counted_ = true;
    }
    // The byte after the line end decides whether the next line folds: wait until it is here.
    if (end + 1 >= bytes.size())
      return head_taken_ + bytes.size() <= limits_.max_header_bytes || head_too_large();
    const char next = bytes[end + 1];
    if (next == ' ' || next == '\t') {
      fail(400, lines_ == 1 ? "whitespace before the first header field"
                            : "obsolete line folding in a header field");
      return false;
    }
    line_start_ = end + 1;
    line_counted_ = false;
  }
}

bool RequestReader::head_too_large() {
  fail(431, fmt::format("header section larger than {} bytes", limits_.max_header_bytes));
  return false;
}

void RequestReader::check_head() {
  // RFC 9112, 3.2: exactly one Host in HTTP/1.1; never two (a proxy and this server could each
  // read another one).
  const auto hosts = request_.header_values("Host");
  if (hosts.size() > 1) return fail(400, "two Host fields");
  if (hosts.empty() && request_.version == "HTTP/1.1") return fail(400, "no Host field");
  auto framing = core::read_body_framing(request_.header_values("Transfer-Encoding"),
                                         request_.header_values("Content-Length"));
  if (!framing) return fail(400, framing.error());
  framing_ = *framing;
  // Beast de-chunks any coding list that ends in chunked; the codings before it would still need
  // undoing, which no webhook sender does.
  if (framing_.kind == core::BodyFraming::Kind::chunked && !framing_.only_chunked)
    return fail(400, "Transfer-Encoding other than chunked");
}

std::size_t RequestReader::feed(std::string_view bytes) {
  if (progress_ == Progress::complete || progress_ == Progress::failed) return 0;
  if (!bytes.empty()) started_ = true;
  if (!parser_->is_header_done() && !scan_head(bytes)) return 0;
  std::size_t used = 0;
  for (;;) {
    if (parser_->is_header_done() && !head_reported_) {
      head_reported_ = true;
      check_head();
      if (progress_ != Progress::failed) progress_ = Progress::head_complete;
      parser_->eager(true);
      return used;
    }
    if (parser_->is_done()) {
      progress_ = Progress::complete;
      return used;
    }
    progress_ = Progress::need_more;
    if (used == bytes.size()) return used;
    error_code ec;
    const bool in_head = !parser_->is_header_done();
    const std::size_t taken =
        parser_->put(boost::asio::const_buffer(bytes.data() + used, bytes.size() - used), ec);
    used += taken;
    if (in_head) {
      // Beast takes the head's complete lines as they come, and the caller drops them: the scan
      // resumes where it was in what is left, and the head's size counts what was taken.
      head_taken_ += taken;
      line_start_ -= std::min(line_start_, taken);
    }
    if (ec == http::error::need_more) {
      // Beast waits for a chunk-size line or a trailer to end before taking any of it, with no
      // limit of its own: bound what it leaves with the caller as the head is bounded.
      if (parser_->is_header_done() && bytes.size() - used > limits_.max_header_bytes)
        fail(400, fmt::format("a chunk-size line or trailer longer than {} bytes",
                              limits_.max_header_bytes));
      return used;
    }
    if (ec) {
      if (parser_->trailer_field) {
        fail(400, "trailer fields after a chunked body (not accepted)");
      } else if (parser_->body_too_large || ec == http::error::body_limit) {
        fail(413, fmt::format("body larger than {} bytes", limits_.max_body));
      } else if (ec == http::error::header_limit) {
        fail(431, fmt::format("header section larger than {} bytes", limits_.max_header_bytes));
      } else if (ec == http::error::bad_content_length ||
                 ec == http::error::bad_transfer_encoding) {
        fail(400, framing_reason(bytes).value_or(describe(ec)));
      } else {
        fail(400, describe(ec));
      }
      return used;
    }
    if (taken == 0) return used;
  }
}

void RequestReader::end_of_input() {
  if (!started_ || progress_ == Progress::complete || progress_ == Progress::failed) return;
  fail(400, parser_->is_header_done() ? "the connection closed before the body was complete"
                                      : "the connection closed before the header was complete");
}

core::HttpRequest RequestReader::take_request() {
  return std::move(request_);
}

bool RequestReader::keep_alive() const {
  // RFC 9112, 6.1: an HTTP/1.0 message with Transfer-Encoding has faulty framing; the connection
  // closes after it.
  if (request_.version == "HTTP/1.0" && !request_.header_values("Transfer-Encoding").empty())
    return false;
  return parser_->keep_alive();
}

}  // namespace net

// Reads HTTP/1.x requests from a connection's bytes, strictly (RFC 9112) and within limits, one at
// a time. Beast's parser stays behind this interface (and out of every header that includes it).
// Names and values are kept exactly as received, in order: nothing is percent-decoded, folded or
// re-ordered, so what listen saves and relays is what came in.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/http/body_framing.hpp"
#include "core/http/http_request.hpp"

namespace net {

struct RequestLimits {
  std::size_t max_header_bytes = std::size_t{64} << 10;  // request line and fields
  std::size_t max_fields = 100;
  std::uint64_t max_body = std::uint64_t{10} << 20;  // declared or, for chunked, received
};

// Why a request cannot be taken: the status to answer and a reason for the log (never sent).
struct RequestProblem {
  int status = 400;
  std::string reason;
};

class RequestReader {
 public:
  enum class Progress {
    need_more,      // feed more bytes
    head_complete,  // the request line and fields are in; feed the body next (reported once)
    complete,       // the whole request is in: take_request()
    failed,         // problem() says why; the connection must be closed after answering
  };

  explicit RequestReader(RequestLimits limits);
  ~RequestReader();
  RequestReader(const RequestReader&) = delete;
  RequestReader& operator=(const RequestReader&) = delete;

  // Takes bytes from the front of `bytes` and returns how many it used. The head is only used
  // once it is complete, so the caller keeps unused bytes and hands them over again with more.
  std::size_t feed(std::string_view bytes);
  // The connection ended: a request in progress is truncated.
  void end_of_input();

  Progress progress() const { return progress_; }
  const RequestProblem& problem() const { return problem_; }
  // From head_complete on: the method, target, version and fields (and the body once complete).
  const core::HttpRequest& request() const { return request_; }
  core::HttpRequest take_request();
  const core::BodyFraming& framing() const { return framing_; }
  bool keep_alive() const;
  // Whether any byte of the current request has arrived (an idle keep-alive connection has none).
  bool started() const { return started_; }

  // Ready for the next request on the same connection.
  void reset();

 private:
  struct Parser;
  void fail(int status, std::string reason);
  bool scan_head(std::string_view bytes);
  bool head_too_large();
  void check_head();

  RequestLimits limits_;
  std::unique_ptr<Parser> parser_;
  Progress progress_ = Progress::need_more;
  RequestProblem problem_;
  core::HttpRequest request_;
  core::BodyFraming framing_;
  bool started_ = false;
  bool head_reported_ = false;
  // Where the scan of an incomplete head resumes: the start of the line it is in, and how many
  // lines it has counted.
  std::size_t line_start_ = 0;
  std::size_t head_taken_ = 0;  // bytes of the head Beast has taken, which the caller dropped
  std::size_t lines_ = 0;
  bool line_counted_ = false;
};

}  // namespace net

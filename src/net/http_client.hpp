// One HTTP/1.1 request sent byte for byte (Boost.Asio, with OpenSSL for https), for send and
// listen --forward: the body and headers go as given, minus the hop-by-hop ones; the client adds
// Host, Content-Length and, when missing, User-Agent. The answer is bounded in size and time.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "core/delivery/delivery_fixture.hpp"
#include "core/http/http_request.hpp"

namespace net {

using HeaderList = core::HeaderList;

// Which server certificates an https request trusts: the system's, plus ca_file (a CA or the
// server's own certificate, PEM; a handler on this machine with a development certificate), or,
// with insecure, any at all.
struct TlsTrust {
  std::string ca_file;
  bool insecure = false;
  bool operator==(const TlsTrust&) const = default;
};

struct OutgoingRequest {
  core::Url url;
  std::string method = "POST";
  HeaderList headers;
  std::string body;
  std::chrono::milliseconds timeout{30000};  // for the whole exchange, connecting included
  std::size_t max_response_body = std::size_t{10} << 20;
  std::string user_agent;  // sent when headers has no User-Agent
  TlsTrust trust;          // for https: which certificates are trusted
};

struct Response {
  int status = 0;
  std::string reason;
  HeaderList headers;
  std::string body;
};

enum class SendError {
  none,
  unreachable,   // no connection (refused, no such host, TLS handshake or certificate)
  timed_out,     // no complete answer within the timeout
  too_large,     // an answer larger than max_response_body
  bad_response,  // not an HTTP answer, a status outside 100-599, or 101 as the final answer
};

struct SendResult {
  SendError error = SendError::none;
  std::string message;  // why, for a person: "127.0.0.1:3000: cannot connect (Connection refused)"
  Response response;    // when error is none
  // From the start of the exchange (connecting included) to its end: the handler's response
  // time, as a person sees it.
  std::chrono::microseconds elapsed{0};
  explicit operator bool() const { return error == SendError::none; }
};

// Waits for the answer on an event loop of its own (send).
SendResult send_request(const OutgoingRequest& request);

}  // namespace net

namespace boost::asio {
class io_context;
}

namespace net {

// Requests sent on a server's event loop (listen --forward): nothing waits, and connections are
// kept alive and reused for the next request to the same origin. Used from that loop's thread.
class HttpClient {
 public:
  explicit HttpClient(boost::asio::io_context& io);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // done runs once, on the event loop, with the answer or why there is none.
  void send(OutgoingRequest request, std::function<void(SendResult)> done);

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace net

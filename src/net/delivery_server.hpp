// One webhook endpoint served over HTTP/1.1 by Boost.Asio and Beast's parser, which stay behind
// this interface: the caller decides what a delivery gets back; the server routes, bounds and
// frames requests. One thread runs every connection (a slow client costs a socket and a timer, not
// a thread) and relays deliveries asynchronously; a handler that may take long (a diagnosis) runs
// on a few worker threads instead, so that it never stalls reading.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/http/http_request.hpp"
#include "net/http_client.hpp"
#include "util/expected.hpp"

namespace net {

struct ServerSettings {
  std::string host = "127.0.0.1";
  int port = 8787;  // 0: any free port
  std::string path = "/";
  std::uint64_t max_body = std::uint64_t{10} << 20;
  std::size_t max_header_bytes = std::size_t{64} << 10;
  std::size_t max_fields = 100;
  // The head of a request must arrive within this, whole (an idle keep-alive connection counts);
  // then the body gets as long again plus a second for each min_body_rate bytes.
  std::chrono::milliseconds read_timeout{10000};
  std::uint64_t min_body_rate = std::uint64_t{16} << 10;  // bytes per second
  std::size_t max_connections = 1024;  // beyond it a new connection is closed at once
  // Bodies being received or handled, all connections together (at least max_body): beyond it a
  // request is answered 503, so many connections cannot add up to unbounded memory.
  std::uint64_t max_bodies_in_flight = std::uint64_t{48} << 20;
};

struct Reply {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  core::HeaderList headers;
  // Set by a handler that relays the delivery: the server sends this request on its event loop
  // (nothing waits for the answer) and replies with what on_forwarded, run there, makes of it.
  std::shared_ptr<OutgoingRequest> forward;
  std::function<Reply(SendResult)> on_forwarded;
  // Run on the event loop once the answer has been written (or could not be): work that must
  // never delay the answer, such as a diagnosis, starts here. It must return quickly.
  std::function<void()> after_sent;
  // Set by a handler whose answer waits on work done elsewhere (a store's commit), so that no
  // thread blocks on it: the server calls wait on the event loop with a resume function, which
  // that work calls once, from any thread; the answer is then what resumed, run on the event
  // loop, returns (a reply like any other: it may relay).
  std::function<void(std::function<void()> resume)> wait;
  std::function<Reply()> resumed;
};

// A request the server answered itself, without the delivery handler.
struct Refusal {
  std::string method;  // empty when the request line never arrived or did not parse
  std::string target;
  std::string remote;
  int status = 400;
  std::string reason;  // "method not allowed", "body larger than 1024 bytes", ...
};

// Runs on the event loop, so it must be quick: what waits on something else (a store's commit,
// another server) it asks for in its Reply (wait, forward), and the loop goes on meanwhile.
using DeliveryHandler =
    std::function<Reply(core::HttpRequest&& request, const std::string& remote)>;
using RefusalObserver = std::function<void(const Refusal& refusal)>;

// The one body every refusal of a given status carries, so none tells a caller more than it.
Reply refusal_reply(int status);

class DeliveryServer {
 public:
  DeliveryServer(ServerSettings settings, DeliveryHandler on_delivery, RefusalObserver on_refusal);
  ~DeliveryServer();
  DeliveryServer(const DeliveryServer&) = delete;
  DeliveryServer& operator=(const DeliveryServer&) = delete;

  // Binds the listening socket (never shared with another process: a port in use is an error);
  // the port bound (useful with port 0) or why it failed.
  util::Expected<int> bind();
  // Serves until stop(); deliveries in progress are finished and answered first.
  void serve();
  void stop();  // from any thread, any number of times

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace net

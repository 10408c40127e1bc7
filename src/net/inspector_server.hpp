// A small HTTP/1.1 server for a local web page (listen --inspect), with an event loop and threads
// of its own, so that it never slows the delivery endpoint. Safe by construction, for every route:
// - it listens on a loopback address only, and answers only requests whose Host names it (a
//   page elsewhere that rebinds a DNS name to 127.0.0.1 gets 421);
// - the per-run token is given once, in the address printed on the terminal (/?token=…), which
//   answers with an HttpOnly, SameSite=Strict cookie and a redirect that drops it from the
//   address bar: any other local user can reach loopback, so nothing is served on trust in it;
// - every route but the public ones (the page and its assets) needs that cookie or a token in
//   the X-Inspector-Token header (the run's token, or the page's own token that only a page
//   served with the cookie carries); the public page itself is told whether the request had one;
// - a request that changes anything (any method but GET and HEAD) needs a token in the header
//   and an Origin equal to the page's own;
// - event streams are few (the oldest gives way to a new one), and at the connection cap the
//   connection idle longest is closed for a newcomer, so squatters cannot lock the page out;
// - every answer carries a Content-Security-Policy that allows no inline script, no other origin
//   and no framing, and is never cached.
// Server-Sent Events stream from an EventFeed that the server asks for news a few times a second,
// so a burst of deliveries costs the endpoint nothing and a slow page holds no queue.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/http/http_request.hpp"
#include "util/expected.hpp"

namespace net {

struct PageRequest {
  std::string method;
  std::string path;   // the target before '?', as received (never percent-decoded)
  std::string query;  // after '?', as received
  core::HeaderList headers;
  std::string body;
  bool authenticated = false;  // it carried the cookie or a token in its header
};

struct PageReply {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  core::HeaderList headers;
};

// Runs on one of the server's worker threads; it may wait (a replay waits for its answer).
using PageHandler = std::function<PageReply(const PageRequest& request)>;

// What an event stream sends. Called on the server's event loop, so it must return quickly.
class EventFeed {
 public:
  virtual ~EventFeed() = default;
  // Where a new stream starts when the page names no earlier event.
  virtual std::uint64_t latest() = 0;
  // The events after `cursor` as text/event-stream (empty when there are none); moves the cursor.
  virtual std::string events_after(std::uint64_t& cursor) = 0;
};

struct InspectorSettings {
  std::string host = "127.0.0.1";
  int port = 8788;               // 0: any free port
  std::string token;             // the run's secret, at least 32 characters: the printed address's
  std::string page_token;        // another, that the page carries for its own requests (32 or more)
  std::string login_path = "/";  // where ?token= is exchanged for the cookie
  std::vector<std::string> public_paths = {"/"};
  std::string events_path = "/events";
  std::size_t max_connections = 64;
  std::size_t max_streams = 8;  // all a run's pages share the one token
  std::chrono::milliseconds read_timeout{10000};
  std::uint64_t max_body = std::uint64_t{4} << 20;             // a request with the page's token
  std::uint64_t max_anonymous_body = std::uint64_t{64} << 10;  // any other request
  std::chrono::milliseconds event_interval{100};
  std::chrono::milliseconds keep_alive_interval{15000};  // a comment line to an idle stream
  std::size_t worker_threads = 4;
};

// 127.0.0.0/8, ::1 and "localhost".
bool is_loopback_host(std::string_view host);

class InspectorServer {
 public:
  InspectorServer(InspectorSettings settings, PageHandler handler, EventFeed& feed);
  ~InspectorServer();  // stops and waits for its threads
  InspectorServer(const InspectorServer&) = delete;
  InspectorServer& operator=(const InspectorServer&) = delete;

  // Binds (a non-loopback host is refused); the port bound, or why not.
  util::Expected<int> bind();
  // Serves on a thread of its own until stop() or destruction.
  void start();
  void stop();
  // "http://127.0.0.1:8788", once bound.
  std::string origin() const;
  // The address to open: the origin and the login path with the token, once bound.
  std::string login_url() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace net

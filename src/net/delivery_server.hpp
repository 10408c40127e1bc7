// One webhook endpoint served over HTTP/1.1 by cpp-httplib, which stays behind this interface:
// the caller decides what a delivery gets back; the server routes, bounds and frames requests.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/http_request.hpp"
#include "util/expected.hpp"

namespace net {

struct ServerSettings {
  std::string host = "127.0.0.1";
  int port = 8787;  // 0: any free port
  std::string path = "/";
  std::size_t max_body = std::size_t{10} << 20;
  std::size_t threads = 32;  // connections served at once; more wait for a free thread
  std::chrono::seconds read_timeout{5};
};

struct Reply {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  core::HeaderList headers;
};

// A request the server answered itself, without the delivery handler.
struct Refusal {
  std::string method;
  std::string target;
  std::string remote;
  int status = 400;
  std::string reason;  // "method not allowed", "body larger than --max-body", ...
};

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

  // Binds the listening socket; the port bound (useful with port 0) or why it failed.
  util::Expected<int> bind();
  // Serves until stop(); deliveries in progress are finished first.
  void serve();
  void stop();  // from any thread

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace net

#include "net/delivery_server.hpp"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <httplib.h>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <optional>
#include <vector>

#include "core/body_framing.hpp"

namespace net {

namespace {
// Set by the delivery handler on the thread that runs it, so the logger (which sees every answer,
// including those the library gives itself) reports only the requests the handler did not take.
thread_local bool answered_by_handler = false;
// A more precise reason for the log than the status alone gives; the answer's body stays generic.
thread_local std::string refusal_detail;

std::string refusal_reason(int status) {
  switch (status) {
    case 401: return "invalid signature";
    case 404: return "not found";
    case 405: return "method not allowed";
    case 408: return "request timeout";
    case 411: return "length required";
    case 413: return "body too large";
    case 414: return "request target too long";
    case 502: return "forward target unavailable";
    default: return status >= 500 ? "internal error" : "malformed request";
  }
}

void apply_status_and_headers(const Reply& reply, httplib::Response& response) {
  response.status = reply.status;
  for (const auto& [name, value] : reply.headers) response.set_header(name, value);
}

void apply(const Reply& reply, httplib::Response& response) {
  apply_status_and_headers(reply, response);
  response.set_content(reply.body, reply.content_type.c_str());
}

// Answers and then closes the connection. After a refusal the rest of what the client sent (a
// body never read, bytes that did not parse) cannot be told from the start of another request.
// The library keeps a connection open after any answer and ignores a "Connection: close" it did
// not choose itself; it closes one whose answer it failed to write. So the body goes out through a
// writer that writes all of it and then reports that it did not finish.
void apply_and_close(const Reply& reply, httplib::Response& response) {
  apply_status_and_headers(reply, response);
  response.set_header("Connection", "close");
  response.body.clear();
  response.set_content_provider(
      reply.body.size(), reply.content_type,
      [body = reply.body](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
        sink.write(body.data() + offset, length);
        return false;
      });
}

std::vector<std::string> header_values(const httplib::Request& request, const char* name) {
  std::vector<std::string> values;
  const std::size_t count = request.get_header_value_count(name);
  for (std::size_t i = 0; i < count; ++i) values.push_back(request.get_header_value(name, i));
  return values;
}

struct FramingProblem {
  int status = 400;
  std::string reason;
};

// How a POST says where its body ends, judged before the library reads it: the library takes a
// Content-Length of "banana" for 0 and reads a body of no declared length until the connection
// closes, and either would let the rest of the bytes be read as another request. It de-chunks
// only a bare "chunked", so other codings are refused even where a saved request allows them.
std::optional<FramingProblem> framing_problem(const httplib::Request& request) {
  const auto framing = core::read_body_framing(header_values(request, "Transfer-Encoding"),
                                               header_values(request, "Content-Length"));
  if (!framing) return FramingProblem{400, framing.error()};
  switch (framing->kind) {
    case core::BodyFraming::Kind::chunked:
      if (!framing->only_chunked)
        return FramingProblem{400, "Transfer-Encoding other than chunked"};
      return std::nullopt;
    case core::BodyFraming::Kind::length: return std::nullopt;
    case core::BodyFraming::Kind::unstated: return FramingProblem{411, "no Content-Length"};
  }
  return std::nullopt;
}

// httplib reports only that bind() failed; try once more ourselves to learn why.
std::string why_bind_fails(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (const int status = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found); status != 0)
    return ::gai_strerror(status);
  std::string reason = "cannot bind";
  for (addrinfo* address = found; address != nullptr; address = address->ai_next) {
    const int fd = ::socket(address->ai_family, address->ai_socktype, address->ai_protocol);
    if (fd < 0) {
      reason = std::strerror(errno);
      continue;
    }
    const int yes = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    const int bound = ::bind(fd, address->ai_addr, address->ai_addrlen);
    const int error = errno;
    ::close(fd);
    if (bound != 0) {
      reason = std::strerror(error);
      break;
    }
  }
  ::freeaddrinfo(found);
  return reason;
}
}  // namespace

Reply refusal_reply(int status) {
  Reply reply;
  reply.status = status;
  reply.body = "{\"error\":\"" + refusal_reason(status) + "\"}\n";
  return reply;
}

struct DeliveryServer::Impl {
  ServerSettings settings;
  DeliveryHandler on_delivery;
  RefusalObserver on_refusal;
  httplib::Server server;
  std::atomic<bool> stop_requested{false};

  void refuse(httplib::Response& response, int status, std::string detail = {}) {
    refusal_detail = std::move(detail);
    apply_and_close(refusal_reply(status), response);
  }

  void receive(const httplib::Request& request, httplib::Response& response,
               const httplib::ContentReader& read_content) {
    std::string body;
    bool too_large = false;
    const bool complete = read_content([&](const char* data, std::size_t length) {
      // Content-Length is checked by the library before reading; chunked bodies only here.
      if (length > settings.max_body - body.size()) {
        too_large = true;
        return false;
      }
      body.append(data, length);
      return true;
    });
    if (too_large || response.status == 413) return refuse(response, 413);
    if (!complete) return refuse(response, 400);

    core::HttpRequest delivery;
    delivery.method = request.method;
    delivery.target = request.target;
    delivery.version = request.version;
    // The library files the connection's addresses among the headers; they were never sent.
    const std::pair<std::string, std::string> added[] = {
        {"REMOTE_ADDR", request.remote_addr},
        {"REMOTE_PORT", std::to_string(request.remote_port)},
        {"LOCAL_ADDR", request.local_addr},
        {"LOCAL_PORT", std::to_string(request.local_port)}};
    bool skipped[4] = {false, false, false, false};
    for (const auto& [name, value] : request.headers) {
      bool was_added = false;
      for (std::size_t i = 0; i < 4 && !was_added; ++i)
        if (!skipped[i] && name == added[i].first && value == added[i].second)
          skipped[i] = was_added = true;
      // The library decodes a gzip, deflate or br body as it reads it; what is verified, saved
      // and relayed is that decoded body, so its encoding no longer applies.
      if (!was_added && !core::equal_ignoring_case(name, "Content-Encoding"))
        delivery.headers.emplace_back(name, value);
    }
    delivery.body = std::move(body);
    apply(on_delivery(std::move(delivery), request.remote_addr), response);
    answered_by_handler = true;
  }

  void configure() {
    const std::size_t threads = settings.threads;
    server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    // The head and body are separate writes: without this, Nagle holds the body for the
    // client's delayed ACK, some 40 ms per delivery.
    server.set_tcp_nodelay(true);
    server.set_keep_alive_max_count(1000);
    // An idle keep-alive connection holds a thread and delays a stop by up to this much.
    server.set_keep_alive_timeout(2);
    server.set_read_timeout(static_cast<time_t>(settings.read_timeout.count()), 0);
    server.set_write_timeout(5, 0);
    server.set_payload_max_length(settings.max_body);
    server.set_pre_routing_handler(
        [this](const httplib::Request& request, httplib::Response& response) {
          if (request.path != settings.path) {
            refuse(response, 404);
          } else if (request.method != "POST") {
            refuse(response, 405);
            response.set_header("Allow", "POST");
          } else if (auto problem = framing_problem(request)) {
            refuse(response, problem->status, std::move(problem->reason));
          } else {
            return httplib::Server::HandlerResponse::Unhandled;
          }
          return httplib::Server::HandlerResponse::Handled;
        });
    server.Post(".*", [this](const httplib::Request& request, httplib::Response& response,
                             const httplib::ContentReader& read_content) {
      receive(request, response, read_content);
    });
    // Answers the library makes itself (a malformed request line, say) get the same JSON bodies.
    server.set_error_handler(httplib::Server::HandlerWithResponse(
        [](const httplib::Request&, httplib::Response& response) {
          // Every answer from 400 up comes through here, the delivery handler's included (its
          // 401, or a --forward target's own error, which may have an empty body).
          if (answered_by_handler || !response.body.empty() || response.content_provider_)
            return httplib::Server::HandlerResponse::Unhandled;
          apply_and_close(refusal_reply(response.status), response);
          return httplib::Server::HandlerResponse::Handled;
        }));
    // The library adds Keep-Alive to every answer it does not close itself, and a second
    // "Connection: close" to a refusal when the request asked for one too.
    server.set_post_routing_handler([](const httplib::Request&, httplib::Response& response) {
      if (response.get_header_value("Connection") != "close") return;
      response.headers.erase("Keep-Alive");
      response.headers.erase("Connection");
      response.set_header("Connection", "close");
    });
    server.set_exception_handler(
        [](const httplib::Request&, httplib::Response& response, std::exception_ptr) {
          apply_and_close(refusal_reply(500), response);
        });
    server.set_logger([this](const httplib::Request& request, const httplib::Response& response) {
      if (answered_by_handler) {
        answered_by_handler = false;
        return;
      }
      std::string reason =
          refusal_detail.empty() ? refusal_reason(response.status) : std::move(refusal_detail);
      refusal_detail.clear();
      on_refusal(Refusal{request.method, request.target, request.remote_addr, response.status,
                         std::move(reason)});
    });
  }
};

DeliveryServer::DeliveryServer(ServerSettings settings, DeliveryHandler on_delivery,
                               RefusalObserver on_refusal)
    : impl_(std::make_unique<Impl>()) {
  impl_->settings = std::move(settings);
  impl_->on_delivery = std::move(on_delivery);
  impl_->on_refusal = std::move(on_refusal);
  impl_->configure();
}

DeliveryServer::~DeliveryServer() = default;

util::Expected<int> DeliveryServer::bind() {
  const ServerSettings& settings = impl_->settings;
  int port = settings.port;
  if (port == 0)
    port = impl_->server.bind_to_any_port(settings.host);
  else if (!impl_->server.bind_to_port(settings.host, port))
    port = -1;
  if (port > 0) return port;
  return util::unexpected("cannot listen on " + settings.host + ":" +
                          std::to_string(settings.port) + ": " +
                          why_bind_fails(settings.host, settings.port));
}

void DeliveryServer::serve() {
  if (!impl_->stop_requested) impl_->server.listen_after_bind();
}

void DeliveryServer::stop() {
  impl_->stop_requested = true;
  impl_->server.stop();
}

}  // namespace net

#include "net/delivery_server.hpp"

#include "net/boost_diagnostics.hpp"

#include <fmt/core.h>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <array>
#include <list>
#include <optional>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/http/content_coding.hpp"
#include "net/request_reader.hpp"
#include "util/text.hpp"

namespace net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {
std::string refusal_reason(int status) {
  switch (status) {
    case 401: return "invalid signature";
    case 404: return "not found";
    case 405: return "method not allowed";
    case 408: return "request timeout";
    case 411: return "length required";
    case 413: return "body too large";
    case 415: return "unsupported content encoding";
    case 431: return "header fields too large";
    case 502: return "forward target unavailable";
    case 503: return "busy";
    case 504: return "forward target timed out";
    default: return status >= 500 ? "internal error" : "malformed request";
  }
}

// The path part of a request target, as received (never percent-decoded).
std::string_view path_of(std::string_view target) {
  return target.substr(0, target.find('?'));
}

std::string format_reply(const Reply& reply, bool close) {
  const bool bodiless = reply.status == 204 || reply.status == 304;
  std::string head =
      fmt::format("HTTP/1.1 {} {}\r\n", reply.status, core::reason_phrase(reply.status));
  if (!bodiless) {
    if (!reply.body.empty() && !reply.content_type.empty())
      head += "Content-Type: " + reply.content_type + "\r\n";
    head += fmt::format("Content-Length: {}\r\n", reply.body.size());
  }
  for (const auto& [name, value] : reply.headers) head += name + ": " + value + "\r\n";
  if (close) head += "Connection: close\r\n";
  head += "\r\n";
  if (!bodiless) head += reply.body;
  return head;
}

constexpr std::size_t read_size = std::size_t{16} << 10;
// After a refusal, what the client still sends is read and dropped for this long (or this much)
// before the socket closes: closing with unread bytes makes the kernel reset the connection, and
// a reset can destroy the answer before the client reads it.
constexpr std::chrono::seconds linger_time{2};
constexpr std::size_t linger_bytes = std::size_t{1} << 20;
constexpr std::chrono::seconds write_timeout{10};
// When the bodies' shared budget is full, a body that has received nothing for this long gives
// way to one that is arriving: a sender that stalls must not keep every other delivery out.
constexpr std::chrono::milliseconds stalled_body_grace{500};
}  // namespace

Reply refusal_reply(int status) {
  Reply reply;
  reply.status = status;
  reply.body = "{\"error\":\"" + refusal_reason(status) + "\"}\n";
  return reply;
}

class Connection;

struct ServerState {
  ServerSettings settings;
  DeliveryHandler on_delivery;
  RefusalObserver on_refusal;
  asio::io_context io{1};
  HttpClient client{io};  // for deliveries the handler relays
  tcp::acceptor acceptor{io};
  asio::steady_timer accept_retry{io};
  // Refusals are logged off the event loop (a slow terminal must not stall it), in order.
  asio::thread_pool workers{1};
  asio::strand<asio::thread_pool::executor_type> refusal_log{workers.get_executor()};
  // Touched on the io thread only.
  std::unordered_set<std::shared_ptr<Connection>> connections;
  // Every connection, the one waiting longest first (for a request's end, for its next request,
  // for its client to close): at the connection limit the first that may be closed makes room
  // for a new one. A head does not move for its bytes (a trickle keeps its place), a body moves to
  // the back with each read.
  std::list<Connection*> waiting_order;
  bool stopping = false;
  std::uint64_t body_bytes = 0;  // bodies being read or handled
  std::uint64_t body_budget = 0;

  void accept();
  void begin_stop();
  bool make_room_for_connection();
  bool make_room_for_body(const Connection& arriving);
  void report(Refusal refusal) {
    asio::post(refusal_log, [this, refusal = std::move(refusal)] { on_refusal(refusal); });
  }
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(ServerState& server, tcp::socket socket)
      : server_(server),
        socket_(std::move(socket)),
        timer_(socket_.get_executor()),
        reader_(RequestLimits{server.settings.max_header_bytes, server.settings.max_fields,
                              server.settings.max_body}) {
    boost::system::error_code ec;
    const auto peer = socket_.remote_endpoint(ec);
    if (!ec) remote_ = peer.address().to_string();
    // Head and body of an answer go in one write, but the client's next request should not wait
    // for a delayed ACK either.
    socket_.set_option(tcp::no_delay(true), ec);
  }

  void start() {
    place_ = server_.waiting_order.insert(server_.waiting_order.end(), this);
    set_deadline(Clock::now() + server_.settings.read_timeout);
    read_more();
  }

  // Whether closing it to make room loses nothing that was promised: it waits for a request (or
  // the rest of one) or for its client to close, and no answer is on its way.
  bool may_be_closed_for_room() const {
    return phase_ == Phase::reading || phase_ == Phase::lingering;
  }

  // At the connection limit: a connection that waits is closed for a new one.
  void close_for_room() {
    if (phase_ == Phase::reading && reader_.started())
      server_.report(refusal(503, "closed to make room for a new connection (--max-connections)"));
    close();
  }

  // A body that holds part of the shared budget and has stalled, which may give way.
  std::uint64_t stalled_body_bytes(Clock::time_point now) const {
    if (phase_ != Phase::reading || !body_started_) return 0;
    if (now - last_progress_ < stalled_body_grace) return 0;
    return counted_body_;
  }
  Clock::time_point last_progress() const { return last_progress_; }

  void give_way() {
    refuse(503, fmt::format("the body stalled with {} bytes while the bodies' budget was full; "
                            "it gave way to one that was arriving",
                            counted_body_));
  }

  // The server is stopping: a connection waiting for a request closes now; one whose request has
  // begun to arrive (within its deadlines) or is being handled is answered first, then closed.
  void stop_if_idle() {
    if (phase_ == Phase::reading && !reader_.started()) close();
  }

 private:
  enum class Phase { reading, handling, writing, lingering, closed };

  // One timer per connection. Moving the deadline later costs nothing (the timer notices when it
  // fires); moving it earlier re-arms it.
  void set_deadline(Clock::time_point deadline) {
    deadline_ = deadline;
    if (!armed_ || deadline < armed_at_) arm(deadline);
  }

  void arm(Clock::time_point when) {
    armed_ = true;
    armed_at_ = when;
    timer_.expires_at(when);
    timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (ec) return;  // re-armed or closed
      self->armed_ = false;
      if (self->phase_ == Phase::closed) return;
      if (Clock::now() < self->deadline_) return self->arm(self->deadline_);
      self->on_deadline();
    });
  }

  void on_deadline() {
    switch (phase_) {
      case Phase::reading:
        if (!reader_.started()) return close();  // an idle keep-alive connection
        if (reader_.request().method.empty() || !body_started_)
          return refuse(408, "the request head did not arrive within the read timeout");
        return refuse(408, Clock::now() - last_progress_ >= server_.settings.read_timeout
                               ? "the body stalled: nothing arrived within the read timeout"
                               : "the body arrived too slowly");
      case Phase::handling: return;  // bounded by the handler; respond() sets the next deadline
      case Phase::writing:
      case Phase::lingering: return close();
      case Phase::closed: return;
    }
  }

  // Bodies being read or handled, all connections together, are bounded too: many connections
  // each within --max-body could otherwise add up to any amount of memory.
  bool account_body() {
    const std::size_t size = reader_.request().body.size();
    server_.body_bytes += size - counted_body_;
    counted_body_ = size;
    return server_.body_bytes <= server_.body_budget;
  }

  void release_body() {
    server_.body_bytes -= counted_body_;
    counted_body_ = 0;
  }

  void read_more() {
    socket_.async_read_some(asio::buffer(chunk_),
                            [self = shared_from_this()](const boost::system::error_code& ec,
                                                        std::size_t n) { self->on_read(ec, n); });
  }

  void on_read(const boost::system::error_code& ec, std::size_t n) {
    if (phase_ != Phase::reading) return;
    if (ec) {
      // The client went away. A request cut short gets no answer (nobody is there to read one),
      // but it is logged, and nothing of it is handled.
      reader_.end_of_input();
      if (reader_.progress() == RequestReader::Progress::failed)
        server_.report(refusal(reader_.problem().status, reader_.problem().reason));
      return close();
    }
    pending_.append(chunk_.data(), n);
    last_progress_ = Clock::now();
    if (body_started_) move_to_back();
    process();
  }

  Refusal refusal(int status, std::string reason) const {
    const core::HttpRequest& request = reader_.request();
    return Refusal{request.method, request.target, remote_, status, std::move(reason)};
  }

  void process() {
    for (;;) {
      const std::size_t used = reader_.feed(pending_);
      pending_.erase(0, used);
      switch (reader_.progress()) {
        case RequestReader::Progress::need_more:
          if (body_started_) {
            if (!account_body() && !server_.make_room_for_body(*this))
              return refuse(503, "too many bodies arriving at once");
            extend_body_deadline();
          }
          return read_more();
        case RequestReader::Progress::head_complete:
          if (!judge_head()) return;
          continue;
        case RequestReader::Progress::complete:
          if (!account_body() && !server_.make_room_for_body(*this))
            return refuse(503, "too many bodies arriving at once");
          return handle();
        case RequestReader::Progress::failed:
          return refuse(reader_.problem().status, reader_.problem().reason);
      }
    }
  }

  // Decisions that need only the head, made before a byte of the body is read.
  bool judge_head() {
    const core::HttpRequest& request = reader_.request();
    const ServerSettings& settings = server_.settings;
    if (path_of(request.target) != settings.path) {
      refuse(404, "not found");
      return false;
    }
    if (request.method != "POST") {
      refuse(405, "method not allowed", {{"Allow", "POST"}});
      return false;
    }
    if (reader_.framing().kind == core::BodyFraming::Kind::unstated) {
      refuse(411, "no Content-Length");
      return false;
    }
    if (auto unsupported = core::unsupported_content_coding(request.headers)) {
      refuse(415, std::move(*unsupported));
      return false;
    }
    body_started_ = true;
    body_start_time_ = Clock::now();
    extend_body_deadline();
    const auto expect = request.header("Expect");
    // No interim answer to HTTP/1.0, which does not know it (RFC 9110, 15.2).
    if (expect && util::equal_ignoring_case(*expect, "100-continue") &&
        request.version != "HTTP/1.0") {
      // curl waits a second for this before sending a body over 1 KiB.
      static const std::string interim = "HTTP/1.1 100 Continue\r\n\r\n";
      asio::async_write(
          socket_, asio::buffer(interim),
          [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
            if (ec) return self->close();
            self->process();
          });
      return false;
    }
    return true;
  }

  // The body must keep coming: within the read timeout, plus a second for every min_body_rate
  // bytes, from its start; and never with nothing arriving for a read timeout (a body sent at
  // full speed but for its last byte would otherwise have earned minutes).
  void extend_body_deadline() {
    const ServerSettings& settings = server_.settings;
    const auto allowance = std::chrono::milliseconds(
        reader_.request().body.size() * 1000 / std::max<std::uint64_t>(settings.min_body_rate, 1));
    set_deadline(std::min(body_start_time_ + settings.read_timeout + allowance,
                          last_progress_ + settings.read_timeout));
  }

  void handle() {
    phase_ = Phase::handling;
    const bool keep_alive = reader_.keep_alive();
    // Quick work (verify, log, save): a hand-over to another thread and back would cost more.
    answer(run_handler(reader_.take_request()), keep_alive);
  }

  // On the event loop: the handler's reply, or first the relay it asked for.
  void answer(Reply reply, bool keep_alive) {
    if (reply.wait) return wait_then_answer(std::move(reply), keep_alive);
    if (!reply.forward) return respond(reply, !keep_alive || server_.stopping);
    OutgoingRequest request = std::move(*reply.forward);
    server_.client.send(std::move(request),
                        [self = shared_from_this(), on_forwarded = std::move(reply.on_forwarded),
                         keep_alive](SendResult result) {
                          Reply final = on_forwarded(std::move(result));
                          self->respond(final, !keep_alive || self->server_.stopping);
                        });
  }

  // The event loop goes on meanwhile; serve() does not return before the answer is written.
  void wait_then_answer(Reply reply, bool keep_alive) {
    auto guard = std::make_shared<asio::executor_work_guard<asio::io_context::executor_type>>(
        server_.io.get_executor());
    auto wait = std::move(reply.wait);
    wait([self = shared_from_this(), resumed = std::move(reply.resumed), keep_alive, guard] {
      asio::post(self->socket_.get_executor(), [self, resumed, keep_alive, guard] {
        Reply later;
        try {
          later = resumed();
        } catch (const std::exception& error) {
          self->server_.report(
              Refusal{"POST", self->server_.settings.path, self->remote_, 500, error.what()});
          later = refusal_reply(500);
        }
        self->answer(std::move(later), keep_alive);
      });
    });
  }

  Reply run_handler(core::HttpRequest&& request) {
    try {
      return server_.on_delivery(std::move(request), remote_);
    } catch (const std::exception& error) {
      server_.report(Refusal{"POST", server_.settings.path, remote_, 500, error.what()});
      return refusal_reply(500);
    }
  }

  void refuse(int status, std::string reason, core::HeaderList headers = {}) {
    server_.report(refusal(status, std::move(reason)));
    Reply reply = refusal_reply(status);
    reply.headers = std::move(headers);
    // A refused request is never handled: its body leaves memory as it leaves the budget, or
    // the bodies of refusals still being answered would come on top of a full budget.
    reader_.reset();
    release_body();
    respond(reply, true);
  }

  void respond(const Reply& reply, bool close_after) {
    if (phase_ == Phase::closed) {
      if (reply.after_sent) reply.after_sent();
      return;
    }
    release_body();
    phase_ = Phase::writing;
    out_ = format_reply(reply, close_after);
    set_deadline(Clock::now() + write_timeout);
    asio::async_write(socket_, asio::buffer(out_),
                      [self = shared_from_this(), close_after, after_sent = reply.after_sent](
                          const boost::system::error_code& ec, std::size_t) {
                        if (after_sent) after_sent();
                        if (ec) return self->close();
                        if (close_after) return self->linger();
                        self->next_request();
                      });
  }

  void next_request() {
    out_.clear();
    out_.shrink_to_fit();
    reader_.reset();
    body_started_ = false;
    phase_ = Phase::reading;
    move_to_back();
    set_deadline(Clock::now() + server_.settings.read_timeout);
    // A pipelined request may already be here.
    if (!pending_.empty()) return process();
    if (server_.stopping) return close();  // answered while stopping: wait for nothing more
    read_more();
  }

  // Half-close, then drop what still arrives until the client closes too (see linger_time).
  void linger() {
    phase_ = Phase::lingering;
    move_to_back();
    // Nothing of the request is needed any more, and its body was taken off the budget: it must
    // not stay in memory for as long as the client keeps the socket open.
    reader_.reset();
    pending_.clear();
    pending_.shrink_to_fit();
    boost::system::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return close();
    set_deadline(Clock::now() + linger_time);
    drain();
  }

  void drain() {
    socket_.async_read_some(
        asio::buffer(chunk_),
        [self = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
          self->drained_ += n;
          if (ec || self->drained_ > linger_bytes) return self->close();
          self->drain();
        });
  }

  void close() {
    if (phase_ == Phase::closed) return;
    phase_ = Phase::closed;
    release_body();
    boost::system::error_code ec;
    socket_.close(ec);
    timer_.cancel();
    if (place_) server_.waiting_order.erase(*place_);
    place_.reset();
    server_.connections.erase(shared_from_this());
  }

  void move_to_back() {
    if (place_)
      server_.waiting_order.splice(server_.waiting_order.end(), server_.waiting_order, *place_);
  }

  ServerState& server_;
  tcp::socket socket_;
  asio::steady_timer timer_;
  RequestReader reader_;
  std::string remote_;
  std::array<char, read_size> chunk_{};
  std::string pending_;  // received and not yet used: at most one head, or what a read brought
  std::string out_;
  Phase phase_ = Phase::reading;
  Clock::time_point deadline_{};
  bool armed_ = false;
  Clock::time_point armed_at_{};
  std::size_t counted_body_ = 0;
  bool body_started_ = false;
  Clock::time_point body_start_time_{};
  std::size_t drained_ = 0;
  Clock::time_point last_progress_ = Clock::now();         // when a byte of a request last arrived
  std::optional<std::list<Connection*>::iterator> place_;  // in server_.waiting_order
};

// The connection that has waited longest and may be closed is, so that a client that sends a
// whole request at once is served however many others hold connections open.
bool ServerState::make_room_for_connection() {
  for (Connection* connection : waiting_order) {
    if (connection->may_be_closed_for_room()) {
      connection->close_for_room();
      return true;
    }
  }
  return false;
}

// The bodies' budget is full: stalled bodies give way, those holding the most and stalled longest
// first, until the arriving one fits. False when it still does not (then it is refused).
bool ServerState::make_room_for_body(const Connection& arriving) {
  const Clock::time_point now = Clock::now();
  std::vector<std::shared_ptr<Connection>> stalled;
  for (const auto& connection : connections)
    if (connection.get() != &arriving && connection->stalled_body_bytes(now) > 0)
      stalled.push_back(connection);
  std::sort(stalled.begin(), stalled.end(), [now](const auto& a, const auto& b) {
    const auto weight = [now](const Connection& c) {
      const auto idle = std::chrono::duration<double>(now - c.last_progress()).count();
      return static_cast<double>(c.stalled_body_bytes(now)) * idle;
    };
    return weight(*a) > weight(*b);
  });
  for (const auto& connection : stalled) {
    if (body_bytes <= body_budget) break;
    connection->give_way();
  }
  return body_bytes <= body_budget;
}

void ServerState::accept() {
  acceptor.async_accept([this](const boost::system::error_code& ec, tcp::socket socket) {
    if (stopping) return;
    if (ec) {
      // Out of file descriptors, most likely: try again shortly rather than spin.
      accept_retry.expires_after(std::chrono::milliseconds(50));
      accept_retry.async_wait([this](const boost::system::error_code& wait_error) {
        if (!wait_error && !stopping) accept();
      });
      return;
    }
    if (connections.size() >= settings.max_connections && !make_room_for_connection()) {
      boost::system::error_code ignored;
      socket.close(ignored);
    } else {
      auto connection = std::make_shared<Connection>(*this, std::move(socket));
      connections.insert(connection);
      connection->start();
    }
    accept();
  });
}

void ServerState::begin_stop() {
  if (stopping) return;
  stopping = true;
  boost::system::error_code ignored;
  acceptor.close(ignored);
  accept_retry.cancel();
  const auto open = connections;  // closing one removes it from the set
  for (const auto& connection : open) connection->stop_if_idle();
}

struct DeliveryServer::Impl : ServerState {};

DeliveryServer::DeliveryServer(ServerSettings settings, DeliveryHandler on_delivery,
                               RefusalObserver on_refusal)
    : impl_(std::make_unique<Impl>()) {
  impl_->settings = std::move(settings);
  impl_->on_delivery = std::move(on_delivery);
  impl_->on_refusal = std::move(on_refusal);
  impl_->body_budget = std::max(impl_->settings.max_body, impl_->settings.max_bodies_in_flight);
}

DeliveryServer::~DeliveryServer() {
  impl_->workers.join();
}

util::Expected<int> DeliveryServer::bind() {
  const ServerSettings& settings = impl_->settings;
  const std::string where = fmt::format("{}:{}", settings.host, settings.port);
  boost::system::error_code ec;
  tcp::resolver resolver(impl_->io);
  const auto found = resolver.resolve(settings.host, std::to_string(settings.port),
                                      tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec) return util::unexpected("cannot listen on " + where + ": " + ec.message());
  if (found.empty()) return util::unexpected("cannot listen on " + where + ": no address");
  const tcp::endpoint endpoint = found.begin()->endpoint();
  tcp::acceptor& acceptor = impl_->acceptor;
  // SO_REUSEADDR only lets a restart bind past connections in TIME_WAIT; unlike SO_REUSEPORT it
  // never lets a second listener share the port and take half the deliveries.
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return util::unexpected("cannot listen on " + where + ": " + ec.message());
  return static_cast<int>(acceptor.local_endpoint().port());
}

void DeliveryServer::serve() {
  impl_->accept();
  impl_->io.run();
  impl_->workers.join();
}

void DeliveryServer::stop() {
  asio::post(impl_->io, [impl = impl_.get()] { impl->begin_stop(); });
}

}  // namespace net

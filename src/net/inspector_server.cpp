#include "net/inspector_server.hpp"

#include "net/boost_diagnostics.hpp"

#include <fmt/core.h>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <deque>
#include <thread>
#include <unordered_set>
#include <utility>

#include "core/signing/hmac.hpp"
#include "net/request_reader.hpp"
#include "util/text.hpp"

namespace net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {
// Nothing but the page's own script, style and requests; no framing, no forms, no base change.
constexpr std::string_view security_headers =
    "Content-Security-Policy: default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "X-Frame-Options: DENY\r\n"
    "Referrer-Policy: no-referrer\r\n"
    "Cross-Origin-Opener-Policy: same-origin\r\n"
    "Cross-Origin-Resource-Policy: same-origin\r\n"
    "Cache-Control: no-store\r\n";

constexpr std::chrono::seconds write_timeout{10};
constexpr std::size_t read_size = std::size_t{16} << 10;

std::string format_page_reply(const PageReply& reply, bool head_only, bool close) {
  std::string out =
      fmt::format("HTTP/1.1 {} {}\r\n", reply.status, core::reason_phrase(reply.status));
  out += fmt::format("Content-Type: {}\r\nContent-Length: {}\r\n", reply.content_type,
                     reply.body.size());
  out += security_headers;
  for (const auto& [name, value] : reply.headers) out += name + ": " + value + "\r\n";
  if (close) out += "Connection: close\r\n";
  out += "\r\n";
  if (!head_only) out += reply.body;
  return out;
}

PageReply plain_reply(int status, std::string text) {
  PageReply reply;
  reply.status = status;
  reply.body = std::move(text) + "\n";
  return reply;
}

// The value of one query parameter, as received.
std::optional<std::string_view> query_parameter(std::string_view query, std::string_view name) {
  return util::find_named_value(query, '&', name);
}

// The value of a cookie, as received, from any Cookie field ("a=1; b=2").
std::optional<std::string_view> cookie_value(const core::HeaderList& headers,
                                             std::string_view name) {
  for (const std::string& field : core::header_list(headers, "Cookie"))
    if (auto value = util::find_named_value(field, ';', name)) return value;
  return std::nullopt;
}
}  // namespace

bool is_loopback_host(std::string_view host) {
  if (util::equal_ignoring_case(host, "localhost")) return true;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(std::string(host), ec);
  return !ec && address.is_loopback();
}

class PageConnection;

struct InspectorServer::Impl {
  InspectorSettings settings;
  PageHandler handler;
  EventFeed& feed;
  asio::io_context io{1};
  tcp::acceptor acceptor{io};
  asio::thread_pool workers;
  std::thread thread;
  // Touched on the io thread only.
  std::unordered_set<std::shared_ptr<PageConnection>> connections;
  std::deque<std::weak_ptr<PageConnection>> streams;  // oldest first
  bool stopping = false;
  std::string cookie_name;  // one per port: browsers share a host's cookies across its ports
  // Host values that name this server ("127.0.0.1:8788", "localhost:8788").
  std::vector<std::string> own_hosts;
  std::string origin;

  Impl(InspectorSettings s, PageHandler h, EventFeed& f)
      : settings(std::move(s)),
        handler(std::move(h)),
        feed(f),
        workers(std::max<std::size_t>(settings.worker_threads, 1)) {}
  void accept();
  void begin_stop();
  void make_room_for_connection();
  void make_room_for_stream();

  bool names_this_server(std::string_view host) const {
    return std::any_of(own_hosts.begin(), own_hosts.end(), [&](const std::string& own) {
      return util::equal_ignoring_case(host, own);
    });
  }
  bool is_run_token(std::string_view given) const {
    return given.size() == settings.token.size() &&
           core::equal_in_constant_time(given, settings.token);
  }
  bool is_either_token(std::string_view given) const {
    return is_run_token(given) || (given.size() == settings.page_token.size() &&
                                   core::equal_in_constant_time(given, settings.page_token));
  }
};

class PageConnection : public std::enable_shared_from_this<PageConnection> {
 public:
  PageConnection(InspectorServer::Impl& server, tcp::socket socket)
      : server_(server),
        socket_(std::move(socket)),
        timer_(socket_.get_executor()),
        reader_(RequestLimits{std::size_t{16} << 10, 100, server.settings.max_body}) {
    boost::system::error_code ec;
    socket_.set_option(tcp::no_delay(true), ec);
  }

  void start() {
    last_active_ = Clock::now();
    arm(server_.settings.read_timeout);
    read_more();
  }

  bool streaming() const { return streaming_; }
  bool answering() const { return answering_; }
  Clock::time_point last_active() const { return last_active_; }

  void close() {
    if (closed_) return;
    closed_ = true;
    boost::system::error_code ec;
    socket_.close(ec);
    timer_.cancel();
    server_.connections.erase(shared_from_this());
  }

 private:
  // One deadline at a time: reading a request, writing an answer. An event stream re-arms it as
  // its tick instead.
  void arm(std::chrono::milliseconds after) {
    timer_.expires_after(after);
    timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (ec || self->closed_) return;
      if (self->streaming_) return self->tick();
      self->close();
    });
  }

  void read_more() {
    socket_.async_read_some(
        asio::buffer(chunk_),
        [self = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
          if (self->closed_) return;
          if (ec) return self->close();
          if (self->streaming_)
            return self->read_more();  // what a page sends on a stream is ignored
          self->last_active_ = Clock::now();
          self->pending_.append(self->chunk_.data(), n);
          self->process();
        });
  }

  void process() {
    for (;;) {
      const std::size_t used = reader_.feed(pending_);
      pending_.erase(0, used);
      switch (reader_.progress()) {
        case RequestReader::Progress::need_more: return read_more();
        case RequestReader::Progress::head_complete:
          if (!may_send_large_body())
            return respond(plain_reply(413, "a body this large needs the inspector page's token"),
                           true);
          continue;
        case RequestReader::Progress::complete: return route(reader_.take_request());
        case RequestReader::Progress::failed:
          return respond(plain_reply(reader_.problem().status, reader_.problem().reason), true);
      }
    }
  }

  // Only the page (the token in its header) may send more than a small body: the edited request
  // it replays. Anyone else who can reach loopback is held to max_anonymous_body, before any of
  // it is read.
  bool may_send_large_body() const {
    const core::BodyFraming& framing = reader_.framing();
    const bool small = framing.kind == core::BodyFraming::Kind::unstated ||
                       (framing.kind == core::BodyFraming::Kind::length &&
                        framing.length <= server_.settings.max_anonymous_body);
    if (small) return true;
    const auto token = core::find_header(reader_.request().headers, "X-Inspector-Token");
    return token && server_.is_either_token(*token);
  }

  void route(core::HttpRequest request) {
    answering_ = true;
    const bool keep_alive = reader_.keep_alive();
    PageRequest page;
    page.method = std::move(request.method);
    const std::size_t question = request.target.find('?');
    page.path = request.target.substr(0, question);
    if (question != std::string::npos) page.query = request.target.substr(question + 1);
    page.headers = std::move(request.headers);
    page.body = std::move(request.body);
    head_only_ = page.method == "HEAD";

    // Another name for 127.0.0.1 (a rebound DNS name) means a page of another site is asking.
    const auto hosts = core::header_list(page.headers, "Host");
    if (hosts.size() != 1 || !server_.names_this_server(hosts.front()))
      return respond(
          plain_reply(421, "this inspector answers to " + server_.own_hosts.front() + " only"),
          true);
    const bool safe_method = page.method == "GET" || page.method == "HEAD";
    if (!safe_method && page.method != "POST")
      return respond(plain_reply(405, "method not allowed"), true);
    if (safe_method && page.path == server_.settings.login_path)
      if (const auto given = query_parameter(page.query, "token");
          given && server_.is_run_token(*given))
        return respond(login_reply(), !keep_alive);
    const auto header_token = core::find_header(page.headers, "X-Inspector-Token");
    const bool header_ok = header_token && server_.is_either_token(*header_token);
    const auto cookie = cookie_value(page.headers, server_.cookie_name);
    page.authenticated = header_ok || (cookie && server_.is_run_token(*cookie));
    const bool is_public =
        std::find(server_.settings.public_paths.begin(), server_.settings.public_paths.end(),
                  page.path) != server_.settings.public_paths.end();
    if (!is_public && !page.authenticated)
      return respond(plain_reply(403,
                                 "this needs the inspector's cookie or token: open the "
                                 "address listen printed (/?token=...)"),
                     true);
    if (!safe_method) {
      // A form or script on another site can neither set this header nor a same-origin Origin.
      if (!header_ok)
        return respond(plain_reply(403, "this needs the token of the inspector's page"), true);
      const auto origin = core::find_header(page.headers, "Origin");
      if (!origin || *origin != "http://" + hosts.front())
        return respond(plain_reply(403, "this must come from the inspector's own page"), true);
    }
    if (page.method == "GET" && page.path == server_.settings.events_path)
      return start_stream(page);

    timer_.cancel();
    auto guard = asio::make_work_guard(server_.io);
    asio::post(server_.workers, [self = shared_from_this(), page = std::move(page), keep_alive,
                                 guard = std::move(guard)] {
      PageReply reply;
      try {
        reply = self->server_.handler(page);
      } catch (const std::exception& error) {
        reply = plain_reply(500, error.what());
      }
      asio::post(self->socket_.get_executor(), [self, reply = std::move(reply), keep_alive] {
        self->respond(reply, !keep_alive || self->server_.stopping);
      });
    });
  }

  // The printed address's token becomes a cookie that scripts cannot read and other sites cannot
  // send, and the address bar (and history) lose it.
  PageReply login_reply() const {
    PageReply reply;
    reply.status = 303;
    reply.body = "signed in\n";
    reply.headers.emplace_back("Location", server_.settings.login_path);
    reply.headers.emplace_back(
        "Set-Cookie", fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict", server_.cookie_name,
                                  server_.settings.token));
    return reply;
  }

  void respond(const PageReply& reply, bool close_after) {
    if (closed_) return;
    out_ = format_page_reply(reply, head_only_, close_after);
    arm(write_timeout);
    asio::async_write(
        socket_, asio::buffer(out_),
        [self = shared_from_this(), close_after](const boost::system::error_code& ec, std::size_t) {
          if (ec || close_after) {
            boost::system::error_code ignored;
            self->socket_.shutdown(tcp::socket::shutdown_send, ignored);
            return self->close();
          }
          self->out_.clear();
          self->answering_ = false;
          self->reader_.reset();
          self->arm(self->server_.settings.read_timeout);
          if (!self->pending_.empty()) return self->process();
          self->read_more();
        });
  }

  // text/event-stream: the events after the one the page saw last (Last-Event-ID, as EventSource
  // sends it on reconnecting, or ?since=), then news at each tick.
  void start_stream(const PageRequest& page) {
    server_.make_room_for_stream();
    streaming_ = true;
    server_.streams.push_back(weak_from_this());
    std::optional<std::uint64_t> since;
    if (auto last = core::find_header(page.headers, "Last-Event-ID"))
      since = util::parse_decimal(*last);
    if (!since)
      if (auto given = query_parameter(page.query, "since")) since = util::parse_decimal(*given);
    cursor_ = since ? *since : server_.feed.latest();
    out_ = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n";
    out_ += security_headers;
    out_ += "\r\nretry: 1000\n\n";
    out_ += server_.feed.events_after(cursor_);
    last_write_ = Clock::now();
    write_stream();
    read_more();  // to notice the page going away
  }

  void write_stream() {
    writing_ = true;
    write_started_ = Clock::now();
    arm(server_.settings.event_interval);
    asio::async_write(
        socket_, asio::buffer(out_),
        [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
          self->writing_ = false;
          if (ec) return self->close();
          self->out_.clear();
        });
  }

  void tick() {
    if (server_.stopping) return close();
    if (writing_) {
      // A page that takes nothing for this long is gone; its news waits in the feed, not here.
      if (Clock::now() - write_started_ > write_timeout) return close();
      return arm(server_.settings.event_interval);
    }
    out_ = server_.feed.events_after(cursor_);
    if (out_.empty() && Clock::now() - last_write_ >= server_.settings.keep_alive_interval)
      out_ = ": keep-alive\n\n";
    if (out_.empty()) return arm(server_.settings.event_interval);
    last_write_ = Clock::now();
    write_stream();
  }

  InspectorServer::Impl& server_;
  tcp::socket socket_;
  asio::steady_timer timer_;
  RequestReader reader_;
  std::array<char, read_size> chunk_{};
  std::string pending_;
  std::string out_;
  Clock::time_point last_active_{};
  bool closed_ = false;
  bool answering_ = false;  // a whole request came; its answer is under way
  bool head_only_ = false;
  bool streaming_ = false;
  bool writing_ = false;
  std::uint64_t cursor_ = 0;
  Clock::time_point last_write_{};
  Clock::time_point write_started_{};
};

void InspectorServer::Impl::accept() {
  acceptor.async_accept([this](const boost::system::error_code& ec, tcp::socket socket) {
    if (stopping) return;
    if (!ec) {
      make_room_for_connection();
      if (connections.size() >= settings.max_connections) {
        boost::system::error_code ignored;
        socket.close(ignored);
      } else {
        auto connection = std::make_shared<PageConnection>(*this, std::move(socket));
        connections.insert(connection);
        connection->start();
      }
    }
    accept();
  });
}

// At the cap, the connection that has sent nothing for longest goes (never an event stream, which
// needs the token and is one of few, nor one being answered, which sent a whole request), so
// connections held open by anyone on the machine cannot keep the page out.
void InspectorServer::Impl::make_room_for_connection() {
  if (connections.size() < settings.max_connections) return;
  std::shared_ptr<PageConnection> idlest;
  for (const auto& connection : connections)
    if (!connection->streaming() && !connection->answering() &&
        (!idlest || connection->last_active() < idlest->last_active()))
      idlest = connection;
  if (idlest) idlest->close();
}

// A page that reloads opens a new stream before the browser closes the old one; the oldest goes.
void InspectorServer::Impl::make_room_for_stream() {
  while (!streams.empty() && streams.front().expired()) streams.pop_front();
  auto open = static_cast<std::size_t>(std::count_if(
      streams.begin(), streams.end(), [](const auto& stream) { return !stream.expired(); }));
  while (open >= std::max<std::size_t>(settings.max_streams, 1) && !streams.empty()) {
    if (auto oldest = streams.front().lock()) {
      oldest->close();
      --open;
    }
    streams.pop_front();
  }
}

void InspectorServer::Impl::begin_stop() {
  if (stopping) return;
  stopping = true;
  boost::system::error_code ignored;
  acceptor.close(ignored);
  const auto open = connections;
  for (const auto& connection : open) connection->close();
}

InspectorServer::InspectorServer(InspectorSettings settings, PageHandler handler, EventFeed& feed)
    : impl_(std::make_unique<Impl>(std::move(settings), std::move(handler), feed)) {}

InspectorServer::~InspectorServer() {
  stop();
  if (impl_->thread.joinable()) impl_->thread.join();
  impl_->workers.join();
}

util::Expected<int> InspectorServer::bind() {
  const InspectorSettings& settings = impl_->settings;
  const std::string where = fmt::format("{}:{}", settings.host, settings.port);
  if (!is_loopback_host(settings.host))
    return util::unexpected("--inspect " + where +
                            ": the inspector shows every delivery and can replay them, so it "
                            "listens on a loopback address only (127.0.0.1, ::1 or localhost)");
  if (settings.token.size() < 32 || settings.page_token.size() < 32 ||
      settings.token == settings.page_token)
    return util::unexpected("the inspector's tokens are too short");
  boost::system::error_code ec;
  tcp::resolver resolver(impl_->io);
  const auto found = resolver.resolve(settings.host, std::to_string(settings.port),
                                      tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || found.empty())
    return util::unexpected("--inspect: cannot listen on " + where + ": " +
                            (ec ? ec.message() : "no address"));
  const tcp::endpoint endpoint = found.begin()->endpoint();
  if (!endpoint.address().is_loopback())
    return util::unexpected("--inspect " + where + ": not a loopback address");
  tcp::acceptor& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return util::unexpected("--inspect: cannot listen on " + where + ": " + ec.message());
  const int port = acceptor.local_endpoint().port();
  const auto address = endpoint.address();
  const std::string numeric =
      address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
  impl_->own_hosts = {fmt::format("{}:{}", numeric, port), fmt::format("localhost:{}", port)};
  impl_->origin = "http://" + impl_->own_hosts.front();
  impl_->cookie_name = fmt::format("autosana-inspector-{}", port);
  return port;
}

void InspectorServer::start() {
  impl_->accept();
  impl_->thread = std::thread([impl = impl_.get()] { impl->io.run(); });
}

void InspectorServer::stop() {
  asio::post(impl_->io, [impl = impl_.get()] { impl->begin_stop(); });
}

std::string InspectorServer::origin() const {
  return impl_->origin;
}

std::string InspectorServer::login_url() const {
  return impl_->origin + impl_->settings.login_path + "?token=" + impl_->settings.token;
}

}  // namespace net

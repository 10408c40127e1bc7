#include "net/http_client.hpp"
#include "util/text.hpp"

#include "net/boost_diagnostics.hpp"

#include <fmt/core.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/dynamic_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>

#include <cerrno>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace net {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;
// Beast 1.74's body_limit() does not stop an answer with a Content-Length over it; a buffer with a
// maximum size does, declared or chunked.
using BoundedBody = http::basic_dynamic_body<boost::beast::flat_buffer>;
using ResponseParser = http::response_parser<BoundedBody>;

namespace {
constexpr std::size_t max_response_head = std::size_t{64} << 10;
constexpr std::size_t idle_connections_per_origin = 16;
constexpr int max_interim_answers = 8;

struct Endpoint {
  std::string host;  // without brackets
  std::string port;
};

Endpoint endpoint_of(const core::Url& url) {
  Endpoint endpoint;
  std::string_view authority = url.host;
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    const std::size_t close = authority.find(']');
    endpoint.host = std::string(
        authority.substr(1, close == std::string_view::npos ? authority.size() - 1 : close - 1));
    if (close != std::string_view::npos && authority.substr(close + 1).starts_with(":"))
      port = authority.substr(close + 2);
  } else {
    const std::size_t colon = authority.rfind(':');
    endpoint.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
  }
  endpoint.port = port.empty() ? (url.scheme == "https" ? "443" : "80") : std::string(port);
  return endpoint;
}

SendResult failure(SendError error, std::string message) {
  SendResult result;
  result.error = error;
  result.message = std::move(message);
  return result;
}

std::string reason_of(const error_code& ec) {
  std::string text = ec.message();
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

std::string format_outgoing(const OutgoingRequest& request) {
  // Headers the sender names in its Connection header are for that one hop too.
  const std::vector<std::string> hop_by_hop = core::header_list(request.headers, "Connection");
  std::string head =
      request.method + " " + request.url.path + " HTTP/1.1\r\nHost: " + request.url.host + "\r\n";
  bool has_user_agent = false;
  for (const auto& [name, value] : request.headers) {
    if (core::is_connection_specific_header(name) || util::equal_ignoring_case(name, "Expect"))
      continue;
    bool named = false;
    for (const std::string& other : hop_by_hop)
      named = named || util::equal_ignoring_case(name, other);
    if (named) continue;
    has_user_agent = has_user_agent || util::equal_ignoring_case(name, "User-Agent");
    head += name + ": " + value + "\r\n";
  }
  if (!has_user_agent && !request.user_agent.empty())
    head += "User-Agent: " + request.user_agent + "\r\n";
  head += fmt::format("Content-Length: {}\r\n\r\n", request.body.size());
  return head + request.body;
}

// A connection to one origin, plain or TLS, that can carry several exchanges.
class Connection {
 public:
  virtual ~Connection() = default;
  using Done = std::function<void(const error_code&)>;
  virtual void async_handshake(const Endpoint& endpoint, Done done) = 0;
  virtual void async_write(const std::string& bytes, Done done) = 0;
  virtual void async_read(ResponseParser& parser, Done done) = 0;
  virtual tcp::socket& socket() = 0;
  virtual SSL* tls() = 0;

  void close() {
    error_code ignored;
    socket().close(ignored);
  }

  // Still open, with nothing unasked-for waiting: safe to send the next request on.
  bool reusable() {
    if (buffer.size() != 0 || !socket().is_open()) return false;
    char byte = 0;
    const ssize_t n = ::recv(socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }

  boost::beast::flat_buffer buffer;  // bytes read past the previous answer
};

// Writing and reading are the same for both kinds of stream; only the handshake differs.
template <typename Stream>
class StreamConnection : public Connection {
 public:
  template <typename... Args>
  explicit StreamConnection(Args&&... args) : stream(std::forward<Args>(args)...) {}
  void async_write(const std::string& bytes, Done done) override {
    asio::async_write(stream, asio::buffer(bytes),
                      [done = std::move(done)](const error_code& ec, std::size_t) { done(ec); });
  }
  void async_read(ResponseParser& parser, Done done) override {
    http::async_read(stream, buffer, parser,
                     [done = std::move(done)](const error_code& ec, std::size_t) { done(ec); });
  }

  Stream stream;
};

class PlainConnection final : public StreamConnection<tcp::socket> {
 public:
  explicit PlainConnection(asio::io_context& io) : StreamConnection(io) {}
  void async_handshake(const Endpoint&, Done done) override { done(error_code{}); }
  tcp::socket& socket() override { return stream; }
  SSL* tls() override { return nullptr; }
};

class TlsConnection final : public StreamConnection<ssl::stream<tcp::socket>> {
 public:
  TlsConnection(asio::io_context& io, ssl::context& context) : StreamConnection(io, context) {}
  void async_handshake(const Endpoint& endpoint, Done done) override {
    SSL* handle = stream.native_handle();
    // SNI, and the name (or address) the certificate must carry.
    error_code not_an_address;
    asio::ip::make_address(endpoint.host, not_an_address);
    if (not_an_address) {
      // SSL_set_tlsext_host_name() is a macro with a C cast.
      SSL_ctrl(handle, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
               const_cast<char*>(endpoint.host.c_str()));
      SSL_set1_host(handle, endpoint.host.c_str());
    } else {
      X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(handle), endpoint.host.c_str());
    }
    stream.async_handshake(ssl::stream_base::client, std::move(done));
  }
  tcp::socket& socket() override { return stream.next_layer(); }
  SSL* tls() override { return stream.native_handle(); }
};
}  // namespace

struct HttpClient::Impl : std::enable_shared_from_this<HttpClient::Impl> {
  explicit Impl(asio::io_context& context) : io(context) {}

  asio::io_context& io;
  std::map<std::string, std::vector<std::unique_ptr<Connection>>> idle;
  std::optional<ssl::context> tls;
  TlsTrust tls_trust;  // what tls was made with

  // nullptr, with why in problem, when ca_file cannot be loaded.
  ssl::context* tls_context(const TlsTrust& trust, std::string& problem) {
    if (!tls || !(tls_trust == trust)) {
      tls.emplace(ssl::context::tls_client);
      tls_trust = trust;
      tls->set_default_verify_paths();  // honours SSL_CERT_FILE and SSL_CERT_DIR
      error_code ec;
      if (!trust.ca_file.empty()) tls->load_verify_file(trust.ca_file, ec);
      if (ec) {
        tls.reset();
        problem = "cannot load --cacert " + trust.ca_file + " (" + ec.message() + ")";
        return nullptr;
      }
      tls->set_verify_mode(trust.insecure ? ssl::verify_none : ssl::verify_peer);
    }
    return &*tls;
  }

  std::unique_ptr<Connection> take_idle(const std::string& origin) {
    auto& list = idle[origin];
    while (!list.empty()) {
      std::unique_ptr<Connection> connection = std::move(list.back());
      list.pop_back();
      if (connection->reusable()) return connection;
    }
    return nullptr;
  }

  void keep_idle(const std::string& origin, std::unique_ptr<Connection> connection) {
    auto& list = idle[origin];
    if (list.size() < idle_connections_per_origin) list.push_back(std::move(connection));
  }
};

namespace {
// One request and its answer: connect (or reuse), write, read past interim answers, all before
// one deadline, which closes the socket when it passes.
class Exchange : public std::enable_shared_from_this<Exchange> {
 public:
  Exchange(std::shared_ptr<HttpClient::Impl> client, OutgoingRequest request,
           std::function<void(SendResult)> done)
      : client_(std::move(client)),
        request_(std::move(request)),
        done_(std::move(done)),
        timer_(client_->io),
        endpoint_(endpoint_of(request_.url)),
        origin_(request_.url.scheme + "://" + request_.url.host),
        bytes_(format_outgoing(request_)) {}

  void start() {
    started_ = std::chrono::steady_clock::now();
    timer_.expires_after(request_.timeout);
    timer_.async_wait([self = shared_from_this()](const error_code& ec) {
      if (ec || self->finished_) return;
      self->timed_out_ = true;
      if (self->resolver_) self->resolver_->cancel();
      if (self->connection_) self->connection_->close();
    });
    connection_ = client_->take_idle(origin_);
    if (connection_) {
      reused_ = true;
      return write();
    }
    connect();
  }

 private:
  void connect() {
    reused_ = false;
    if (request_.url.scheme == "https") {
      std::string problem;
      ssl::context* context = client_->tls_context(request_.trust, problem);
      if (context == nullptr) return finish(failure(SendError::unreachable, problem));
      connection_ = std::make_unique<TlsConnection>(client_->io, *context);
    } else
      connection_ = std::make_unique<PlainConnection>(client_->io);
    // Only a new connection needs one: a reused one skips this (and its set-up) entirely.
    resolver_.emplace(client_->io);
    resolver_->async_resolve(
        endpoint_.host, endpoint_.port,
        [self = shared_from_this()](const error_code& ec, tcp::resolver::results_type found) {
          if (ec)
            return self->finish(failure(
                self->timed_out_ ? SendError::timed_out : SendError::unreachable,
                self->request_.url.host +
                    (self->timed_out_ ? ": timed out resolving the host"
                                      : ": cannot resolve the host (" + reason_of(ec) + ")")));
          asio::async_connect(
              self->connection_->socket(), found,
              [self](const error_code& error, const tcp::endpoint&) { self->on_connect(error); });
        });
  }

  void on_connect(const error_code& ec) {
    if (ec)
      return finish(
          failure(timed_out_ ? SendError::timed_out : SendError::unreachable,
                  request_.url.host + (timed_out_ ? ": timed out connecting"
                                                  : ": cannot connect (" + reason_of(ec) + ")")));
    error_code ignored;
    connection_->socket().set_option(tcp::no_delay(true), ignored);
    connection_->async_handshake(endpoint_, [self = shared_from_this()](const error_code& error) {
      if (!error) return self->write();
      const bool unverified = self->connection_->tls() != nullptr &&
                              SSL_get_verify_result(self->connection_->tls()) != X509_V_OK;
      self->finish(failure(
          self->timed_out_ ? SendError::timed_out : SendError::unreachable,
          self->request_.url.host + (self->timed_out_ ? ": timed out in the TLS handshake"
                                     : unverified
                                         ? ": the server's certificate cannot be verified"
                                         : ": TLS handshake failed (" + reason_of(error) + ")")));
    });
  }

  void write() {
    connection_->async_write(bytes_, [self = shared_from_this()](const error_code& ec) {
      if (!ec) return self->read();
      // An idle connection the server closed as the request went out: once more, on a new one.
      if (self->reused_ && !self->timed_out_) return self->connect();
      self->finish(failure(
          self->timed_out_ ? SendError::timed_out : SendError::unreachable,
          self->request_.url.host + (self->timed_out_ ? ": timed out sending"
                                                      : ": the connection closed while sending (" +
                                                            reason_of(ec) + ")")));
    });
  }

  void read() {
    parser_ = std::make_unique<ResponseParser>();
    parser_->header_limit(static_cast<std::uint32_t>(max_response_head));
    parser_->get().body() = boost::beast::flat_buffer(request_.max_response_body);
    connection_->async_read(
        *parser_, [self = shared_from_this()](const error_code& ec) { self->on_read(ec); });
  }

  void on_read(const error_code& ec) {
    const std::string& host = request_.url.host;
    if (ec) {
      if (timed_out_)
        return finish(
            failure(SendError::timed_out, host + ": no complete answer within the timeout"));
      if (ec == http::error::buffer_overflow || ec == http::error::body_limit)
        return finish(
            failure(SendError::too_large, fmt::format("{}: the answer is larger than {} bytes",
                                                      host, request_.max_response_body)));
      if (reused_ && interim_ == 0 && !parser_->got_some()) return connect();
      return finish(failure(parser_->got_some() ? SendError::bad_response : SendError::unreachable,
                            host + ": no complete answer (" + reason_of(ec) + ")"));
    }
    const auto& message = parser_->get();
    const int status = static_cast<int>(message.result_int());
    if (status < 100 || status > 599)
      return finish(failure(
          SendError::bad_response,
          fmt::format("{}: answered with status {}, which is not an HTTP status", host, status)));
    if (status == 101)
      return finish(
          failure(SendError::bad_response, host + ": answered 101 Switching Protocols to a POST"));
    if (status < 200) {
      // 100 Continue, 103 Early Hints: the final answer follows.
      if (++interim_ <= max_interim_answers) return read();
      return finish(failure(SendError::bad_response, host + ": only interim answers"));
    }
    SendResult result;
    result.response.status = status;
    result.response.reason = std::string(message.reason());
    for (const auto& field : message)
      result.response.headers.emplace_back(std::string(field.name_string()),
                                           std::string(field.value()));
    result.response.body = boost::beast::buffers_to_string(message.body().data());
    if (parser_->keep_alive()) keep_ = true;
    finish(std::move(result));
  }

  void finish(SendResult result) {
    if (finished_) return;
    finished_ = true;
    timer_.cancel();
    result.elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now() - started_);
    if (keep_ && result && connection_)
      client_->keep_idle(origin_, std::move(connection_));
    else if (connection_)
      connection_->close();
    done_(std::move(result));
  }

  std::shared_ptr<HttpClient::Impl> client_;
  OutgoingRequest request_;
  std::function<void(SendResult)> done_;
  std::chrono::steady_clock::time_point started_{};
  asio::steady_timer timer_;
  std::optional<tcp::resolver> resolver_;
  Endpoint endpoint_;
  std::string origin_;
  std::string bytes_;
  std::unique_ptr<Connection> connection_;
  std::unique_ptr<ResponseParser> parser_;
  bool reused_ = false;
  bool timed_out_ = false;
  bool keep_ = false;
  bool finished_ = false;
  int interim_ = 0;
};
}  // namespace

HttpClient::HttpClient(asio::io_context& io) : impl_(std::make_shared<Impl>(io)) {}

HttpClient::~HttpClient() = default;

void HttpClient::send(OutgoingRequest request, std::function<void(SendResult)> done) {
  std::make_shared<Exchange>(impl_, std::move(request), std::move(done))->start();
}

SendResult send_request(const OutgoingRequest& request) {
  asio::io_context io{1};
  SendResult result;
  {
    HttpClient client(io);
    client.send(request, [&result](SendResult answer) { result = std::move(answer); });
    io.run();
  }
  return result;
}

}  // namespace net

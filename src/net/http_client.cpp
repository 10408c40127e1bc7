#include "net/http_client.hpp"

// GCC 12 reports a null dereference inside Asio's scheduler once it is inlined here; it cannot
// happen (the pointer is checked by the caller), and the warning is only given at code generation,
// so it is turned off for the whole file rather than around the includes.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wnull-dereference"
#endif

#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http/dynamic_body.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace net {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
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
    endpoint.host = std::string(authority.substr(1, close == std::string_view::npos ? authority.size() - 1 : close - 1));
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

// Runs one asynchronous operation on the thread's io_context until it completes or the deadline
// passes; then cancel() aborts it (closing the socket) and the timeout is reported.
template <typename Start, typename Cancel>
error_code run_until(asio::io_context& io, Clock::time_point deadline, Start start, Cancel cancel,
                     bool& timed_out) {
  error_code result = asio::error::would_block;
  start([&result](const error_code& ec) { result = ec; });
  io.restart();
  io.run_until(deadline);
  if (result == asio::error::would_block) {
    cancel();
    io.restart();
    io.run();
    timed_out = true;
    return asio::error::timed_out;
  }
  return result;
}

// A connection to one origin, plain or TLS, that can carry several exchanges. It has an event loop
// of its own, so that whichever thread takes it from the idle pool can run it alone.
class Connection {
 public:
  virtual ~Connection() = default;
  asio::io_context io{1};
  virtual error_code write(const std::string& bytes, Clock::time_point deadline, bool& timed_out) = 0;
  virtual error_code read(ResponseParser& parser,
                          Clock::time_point deadline, bool& timed_out) = 0;
  virtual tcp::socket& socket() = 0;

  // Still open, with nothing unasked-for waiting: safe to send the next request on.
  bool reusable() {
    if (buffer.size() != 0) return false;
    char byte = 0;
    const ssize_t n = ::recv(socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }

  boost::beast::flat_buffer buffer;  // bytes read past the previous answer
};

template <typename Stream>
class StreamConnection final : public Connection {
 public:
  template <typename... Args>
  explicit StreamConnection(Args&&... args) : stream(io, std::forward<Args>(args)...) {}

  error_code write(const std::string& bytes, Clock::time_point deadline, bool& timed_out) override {
    return run_until(
        io, deadline,
        [&](auto done) {
          asio::async_write(stream, asio::buffer(bytes),
                            [done](const error_code& ec, std::size_t) { done(ec); });
        },
        [&] { close(); }, timed_out);
  }

  error_code read(ResponseParser& parser, Clock::time_point deadline,
                  bool& timed_out) override {
    return run_until(
        io, deadline,
        [&](auto done) {
          http::async_read(stream, buffer, parser,
                           [done](const error_code& ec, std::size_t) { done(ec); });
        },
        [&] { close(); }, timed_out);
  }

  tcp::socket& socket() override { return stream_socket(); }

  Stream stream;

 private:
  tcp::socket& stream_socket() {
    if constexpr (std::is_same_v<Stream, tcp::socket>)
      return stream;
    else
      return stream.next_layer();
  }
  void close() {
    error_code ignored;
    stream_socket().close(ignored);
  }
};

using PlainConnection = StreamConnection<tcp::socket>;
using TlsConnection = StreamConnection<ssl::stream<tcp::socket>>;

// Shared by every thread: listen's workers forward at the same time, and any of them may take a
// connection another left idle.
struct ClientState {
  std::mutex mutex;
  std::map<std::string, std::vector<std::unique_ptr<Connection>>> idle;
  std::once_flag tls_ready;
  std::optional<ssl::context> tls;

  ssl::context& tls_context() {
    std::call_once(tls_ready, [this] {
      tls.emplace(ssl::context::tls_client);
      tls->set_default_verify_paths();  // honours SSL_CERT_FILE and SSL_CERT_DIR
      tls->set_verify_mode(ssl::verify_peer);
    });
    return *tls;
  }

  std::unique_ptr<Connection> take_idle(const std::string& origin) {
    std::lock_guard<std::mutex> lock(mutex);
    auto& list = idle[origin];
    if (list.empty()) return nullptr;
    std::unique_ptr<Connection> connection = std::move(list.back());
    list.pop_back();
    return connection;
  }

  void keep_idle(const std::string& origin, std::unique_ptr<Connection> connection) {
    std::lock_guard<std::mutex> lock(mutex);
    auto& list = idle[origin];
    if (list.size() < idle_connections_per_origin) list.push_back(std::move(connection));
  }
};

ClientState& client_state() {
  static ClientState state;
  return state;
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

// A new connection, TLS handshake done.
std::unique_ptr<Connection> connect(ClientState& state, const core::Url& url,
                                    const Endpoint& endpoint, Clock::time_point deadline,
                                    SendResult& failed) {
  std::unique_ptr<Connection> connection;
  tcp::socket* socket = nullptr;
  if (url.scheme == "https") {
    auto tls = std::make_unique<TlsConnection>(state.tls_context());
    socket = &tls->stream.next_layer();
    connection = std::move(tls);
  } else {
    auto plain = std::make_unique<PlainConnection>();
    socket = &plain->stream;
    connection = std::move(plain);
  }
  asio::io_context& io = connection->io;
  bool timed_out = false;
  tcp::resolver resolver(io);
  tcp::resolver::results_type found;
  const error_code resolved = run_until(
      io, deadline,
      [&](auto done) {
        resolver.async_resolve(endpoint.host, endpoint.port,
                               [&found, done](const error_code& ec, tcp::resolver::results_type results) {
                                 found = std::move(results);
                                 done(ec);
                               });
      },
      [&] { resolver.cancel(); }, timed_out);
  if (resolved) {
    failed = failure(timed_out ? SendError::timed_out : SendError::unreachable,
                     url.host + ": cannot resolve the host (" + reason_of(resolved) + ")");
    return nullptr;
  }
  const error_code connected = run_until(
      io, deadline,
      [&](auto done) {
        asio::async_connect(*socket, found,
                            [done](const error_code& ec, const tcp::endpoint&) { done(ec); });
      },
      [&] {
        error_code ignored;
        socket->close(ignored);
      },
      timed_out);
  if (connected) {
    failed = failure(timed_out ? SendError::timed_out : SendError::unreachable,
                     url.host + (timed_out ? ": timed out connecting"
                                           : ": cannot connect (" + reason_of(connected) + ")"));
    return nullptr;
  }
  error_code ignored;
  socket->set_option(tcp::no_delay(true), ignored);
  if (url.scheme != "https") return connection;

  auto& stream = static_cast<TlsConnection&>(*connection).stream;
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
  const error_code shaken = run_until(
      io, deadline,
      [&](auto done) {
        stream.async_handshake(ssl::stream_base::client, [done](const error_code& ec) { done(ec); });
      },
      [&] {
        error_code ignored_close;
        socket->close(ignored_close);
      },
      timed_out);
  if (shaken) {
    const bool unverified = SSL_get_verify_result(handle) != X509_V_OK;
    failed = failure(timed_out ? SendError::timed_out : SendError::unreachable,
                     url.host + (timed_out    ? ": timed out in the TLS handshake"
                                 : unverified ? ": the server's certificate cannot be verified"
                                              : ": TLS handshake failed (" + reason_of(shaken) + ")"));
    return nullptr;
  }
  return connection;
}

std::string format_outgoing(const OutgoingRequest& request) {
  // Headers the sender names in its Connection header are for that one hop too.
  std::vector<std::string> hop_by_hop;
  for (const auto& [name, value] : request.headers) {
    if (!core::equal_ignoring_case(name, "Connection")) continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      const std::size_t comma = rest.find(',');
      std::string_view item = rest.substr(0, comma);
      while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
      while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
      if (!item.empty()) hop_by_hop.emplace_back(item);
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
  }
  std::string head = request.method + " " + request.url.path + " HTTP/1.1\r\nHost: " +
                     request.url.host + "\r\n";
  bool has_user_agent = false;
  for (const auto& [name, value] : request.headers) {
    if (core::is_connection_specific_header(name) || core::equal_ignoring_case(name, "Expect"))
      continue;
    bool named = false;
    for (const std::string& other : hop_by_hop) named = named || core::equal_ignoring_case(name, other);
    if (named) continue;
    has_user_agent = has_user_agent || core::equal_ignoring_case(name, "User-Agent");
    head += name + ": " + value + "\r\n";
  }
  if (!has_user_agent && !request.user_agent.empty())
    head += "User-Agent: " + request.user_agent + "\r\n";
  head += "Content-Length: " + std::to_string(request.body.size()) + "\r\n\r\n";
  return head + request.body;
}

// One exchange on a connection. retryable: it failed before any byte of an answer arrived, on a
// connection the server may have closed while it sat idle.
SendResult exchange(Connection& connection, const OutgoingRequest& request,
                    const std::string& bytes, Clock::time_point deadline, bool& keep,
                    bool& retryable) {
  keep = false;
  retryable = false;
  bool timed_out = false;
  if (const error_code written = connection.write(bytes, deadline, timed_out)) {
    retryable = !timed_out;
    return failure(timed_out ? SendError::timed_out : SendError::unreachable,
                   request.url.host + (timed_out ? ": timed out sending"
                                                 : ": the connection closed while sending (" +
                                                       reason_of(written) + ")"));
  }
  for (int interim = 0;; ++interim) {
    ResponseParser parser;
    parser.header_limit(static_cast<std::uint32_t>(max_response_head));
    parser.get().body() = boost::beast::flat_buffer(request.max_response_body);
    const error_code read = connection.read(parser, deadline, timed_out);
    if (read) {
      if (timed_out)
        return failure(SendError::timed_out,
                       request.url.host + ": no complete answer within the timeout");
      if (read == http::error::buffer_overflow || read == http::error::body_limit)
        return failure(SendError::too_large,
                       request.url.host + ": the answer is larger than " +
                           std::to_string(request.max_response_body) + " bytes");
      retryable = interim == 0 && !parser.got_some();
      return failure(parser.got_some() ? SendError::bad_response : SendError::unreachable,
                     request.url.host + ": no complete answer (" + reason_of(read) + ")");
    }
    const auto& message = parser.get();
    const int status = static_cast<int>(message.result_int());
    if (status < 100 || status > 599)
      return failure(SendError::bad_response,
                     request.url.host + ": answered with status " + std::to_string(status) +
                         ", which is not an HTTP status");
    if (status == 101)
      return failure(SendError::bad_response,
                     request.url.host + ": answered 101 Switching Protocols to a POST");
    if (status < 200) {
      if (interim < max_interim_answers) continue;  // 100 Continue, 103 Early Hints: more to come
      return failure(SendError::bad_response, request.url.host + ": only interim answers");
    }
    SendResult result;
    result.response.status = status;
    result.response.reason = std::string(message.reason());
    for (const auto& field : message)
      result.response.headers.emplace_back(std::string(field.name_string()),
                                           std::string(field.value()));
    result.response.body = boost::beast::buffers_to_string(message.body().data());
    keep = parser.keep_alive();
    return result;
  }
}
}  // namespace

SendResult send_request(const OutgoingRequest& request) {
  ClientState& state = client_state();
  const Clock::time_point deadline = Clock::now() + request.timeout;
  const Endpoint endpoint = endpoint_of(request.url);
  const std::string origin = request.url.scheme + "://" + request.url.host;
  const std::string bytes = format_outgoing(request);

  while (std::unique_ptr<Connection> connection = state.take_idle(origin)) {
    if (!connection->reusable()) continue;
    bool keep = false;
    bool retryable = false;
    SendResult result = exchange(*connection, request, bytes, deadline, keep, retryable);
    if (result || !retryable) {
      if (result && keep) state.keep_idle(origin, std::move(connection));
      return result;
    }
    // The server closed the idle connection as the request went out: try a new one.
  }
  SendResult failed;
  std::unique_ptr<Connection> connection = connect(state, request.url, endpoint, deadline, failed);
  if (!connection) return failed;
  bool keep = false;
  bool retryable = false;
  SendResult result = exchange(*connection, request, bytes, deadline, keep, retryable);
  if (result && keep) state.keep_idle(origin, std::move(connection));
  return result;
}

}  // namespace net

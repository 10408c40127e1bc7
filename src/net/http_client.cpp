#include "net/http_client.hpp"

#include <httplib.h>

#include "core/http_request.hpp"

namespace net {

namespace {
std::string describe(httplib::Error error) {
  switch (error) {
    case httplib::Error::Connection: return "cannot connect";
    case httplib::Error::ConnectionTimeout: return "timed out connecting";
    case httplib::Error::Read: return "no complete answer (the connection closed or timed out)";
    case httplib::Error::Write: return "the connection closed while sending";
    case httplib::Error::SSLConnection: return "TLS handshake failed";
    case httplib::Error::SSLLoadingCerts: return "cannot load the system's CA certificates";
    case httplib::Error::SSLServerVerification:
      return "the server's certificate cannot be verified";
    case httplib::Error::Canceled: return "cancelled";
    default: return "request failed (" + httplib::to_string(error) + ")";
  }
}
}  // namespace

util::Expected<Response> send_request(const OutgoingRequest& request) {
  const std::string origin = request.url.scheme + "://" + request.url.host;
  httplib::Client client(origin);
  if (!client.is_valid()) return util::unexpected("cannot use URL " + origin);
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(request.timeout);
  const auto microseconds =
      std::chrono::duration_cast<std::chrono::microseconds>(request.timeout - seconds);
  client.set_connection_timeout(seconds.count(), microseconds.count());
  client.set_read_timeout(seconds.count(), microseconds.count());
  client.set_write_timeout(seconds.count(), microseconds.count());
  // Byte for byte both ways: nothing compressed, nothing decoded, no redirect followed.
  client.set_decompress(false);
  client.set_compress(false);
  client.set_follow_location(false);
  client.set_keep_alive(false);
  client.set_tcp_nodelay(true);  // head and body are separate writes; see delivery_server.cpp

  httplib::Request outgoing;
  outgoing.method = request.method;
  outgoing.path = request.url.path;
  bool has_user_agent = false;
  for (const auto& [name, value] : request.headers) {
    if (core::is_connection_specific_header(name)) continue;
    has_user_agent = has_user_agent || core::equal_ignoring_case(name, "User-Agent");
    outgoing.headers.emplace(name, value);
  }
  if (!has_user_agent && !request.user_agent.empty())
    outgoing.headers.emplace("User-Agent", request.user_agent);
  outgoing.body = request.body;

  httplib::Result result = client.send(outgoing);
  if (!result) return util::unexpected(request.url.host + ": " + describe(result.error()));
  Response response;
  response.status = result->status;
  response.reason = result->reason;
  for (const auto& [name, value] : result->headers) response.headers.emplace_back(name, value);
  response.body = std::move(result->body);
  return response;
}

}  // namespace net

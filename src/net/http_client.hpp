// One HTTP request sent byte for byte (cpp-httplib's client, with OpenSSL for https), for send and
// listen --forward: the body and headers go as given; the library adds only Host, Content-Length
// and, when missing, User-Agent.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "core/delivery_fixture.hpp"
#include "core/http_request.hpp"
#include "util/expected.hpp"

namespace net {

using HeaderList = core::HeaderList;

struct OutgoingRequest {
  core::Url url;
  std::string method = "POST";
  HeaderList headers;
  std::string body;
  std::chrono::milliseconds timeout{30000};
  std::string user_agent;  // sent when headers has no User-Agent
};

struct Response {
  int status = 0;
  std::string reason;
  HeaderList headers;
  std::string body;
};

// The response, or why there is none ("cannot connect to localhost:3000: connection refused").
util::Expected<Response> send_request(const OutgoingRequest& request);

}  // namespace net

// An edited delivery, from the inspector's "Edit and replay": the body and headers as the page
// sends them, checked, and the request they make, signed again with the listener's secret or
// sent as edited. The page's JSON is untrusted input like any other request's body.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/http/http_request.hpp"
#include "core/signing/secret.hpp"
#include "util/expected.hpp"

namespace core {

// Bodies the page may edit, and so send back: a webhook payload is kilobytes; this is far more.
inline constexpr std::size_t max_edited_body = std::size_t{1} << 20;
inline constexpr std::size_t max_edited_headers = 100;

struct RequestEdit {
  std::string body;
  HeaderList headers;   // in order, as the page lists them
  bool resign = false;  // replace the signature with one made with the listener's secret
};

// {"body": "...", "headers": [["Name", "value"], ...], "resign": true}; or why not, in a sentence.
util::Expected<RequestEdit> parse_request_edit(std::string_view json);

// The original's method, target and version with the edited fields and body. Fields the sender
// works out (Host, Content-Length, the connection's as is_connection_specific_header lists them,
// and Content-Encoding: the body is sent as it reads, whole) are dropped. With resign, every
// X-Autosana-Signature-256 field gives way to one made with `signer` over the new body, where the
// first one was.
util::Expected<HttpRequest> build_edited_request(const HttpRequest& original, RequestEdit edit,
                                                 const Secret* signer);

}  // namespace core

#include "core/delivery/request_edit.hpp"

#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include "core/signing/hmac.hpp"
#include "core/signing/signature.hpp"
#include "util/text.hpp"
#include "util/text_escape.hpp"

namespace core {

namespace {
// A field value may hold tabs and visible text, never a line break or another control byte:
// those would split the request.
bool is_field_value(std::string_view value) {
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && byte != '\t') || byte == 0x7f) return false;
  }
  return true;
}

// The fields a sender states for the message it sends (Host, Content-Length, the connection's),
// and Content-Encoding: the edited body is sent as it reads.
bool worked_out_by_sender(std::string_view name) {
  return is_connection_specific_header(name) || util::equal_ignoring_case(name, "Content-Encoding");
}
}  // namespace

util::Expected<RequestEdit> parse_request_edit(std::string_view json) {
  const auto document = nlohmann::json::parse(json, nullptr, false);
  if (document.is_discarded() || !document.is_object())
    return util::unexpected(std::string("the edit is not a JSON object"));
  const auto body = document.find("body");
  const auto headers = document.find("headers");
  const auto resign = document.find("resign");
  if (body == document.end() || !body->is_string())
    return util::unexpected(std::string("the edit has no body text"));
  if (headers == document.end() || !headers->is_array())
    return util::unexpected(std::string("the edit has no list of headers"));
  if (resign != document.end() && !resign->is_boolean())
    return util::unexpected(std::string("'resign' is true or false"));
  RequestEdit edit;
  edit.body = body->get<std::string>();
  if (edit.body.size() > max_edited_body)
    return util::unexpected(
        fmt::format("the edited body is {} bytes; at most {} can be edited and replayed",
                    edit.body.size(), max_edited_body));
  if (headers->size() > max_edited_headers)
    return util::unexpected(fmt::format("at most {} headers", max_edited_headers));
  for (const auto& field : *headers) {
    if (!field.is_array() || field.size() != 2 || !field[0].is_string() || !field[1].is_string())
      return util::unexpected(std::string("each header is a name and a value"));
    std::string name = field[0].get<std::string>();
    std::string value(util::trim_whitespace(field[1].get<std::string>()));
    if (!is_http_token(name))
      return util::unexpected(
          fmt::format("'{}' is not a header name", util::escape_for_terminal(name)));
    if (!is_field_value(value))
      return util::unexpected(
          fmt::format("the value of {} holds a line break or a control character", name));
    edit.headers.emplace_back(std::move(name), std::move(value));
  }
  edit.resign = resign != document.end() && resign->get<bool>();
  return edit;
}

util::Expected<HttpRequest> build_edited_request(const HttpRequest& original, RequestEdit edit,
                                                 const Secret* signer) {
  if (edit.resign && signer == nullptr)
    return util::unexpected(
        std::string("signing again needs a secret: start listen with one (--secret-env, ...)"));
  HttpRequest request;
  request.method = original.method;
  request.target = original.target;
  request.version = original.version;
  request.body = std::move(edit.body);
  bool signed_again = false;
  const std::string signature =
      edit.resign ? format_signature(hmac_sha256(signer->value, request.body)) : std::string();
  for (auto& [name, value] : edit.headers) {
    if (worked_out_by_sender(name)) continue;
    if (edit.resign && util::equal_ignoring_case(name, signature_header_name)) {
      if (!signed_again)
        request.headers.emplace_back(std::string(signature_header_name), signature);
      signed_again = true;
      continue;
    }
    request.headers.emplace_back(std::move(name), std::move(value));
  }
  if (edit.resign && !signed_again)
    request.headers.emplace_back(std::string(signature_header_name), signature);
  return request;
}

}  // namespace core

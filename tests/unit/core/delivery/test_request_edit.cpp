// core/request_edit: the inspector's edited delivery, checked and signed again.
#include <doctest/doctest.h>

#include "core/delivery/request_edit.hpp"
#include "core/signing/hmac.hpp"
#include "core/signing/signature.hpp"

namespace {
core::HttpRequest original() {
  core::HttpRequest request;
  request.method = "POST";
  request.target = "/hooks?x=1";
  request.version = "HTTP/1.1";
  request.headers = {{"Host", "127.0.0.1:8787"},
                     {"Content-Type", "application/json"},
                     {"Content-Encoding", "gzip"},
                     {"X-Autosana-Signature-256", "sha256=00"},
                     {"Content-Length", "9"}};
  request.body = "(gzipped)";
  return request;
}
}  // namespace

TEST_CASE("core::parse_request_edit: the page's JSON, checked") {
  const auto edit = core::parse_request_edit(
      R"({"body":"{\"a\":1}\n","headers":[["Content-Type","application/json"],["X-Trace"," t "]],"resign":true})");
  REQUIRE(edit);
  CHECK(edit->body == "{\"a\":1}\n");
  CHECK(edit->headers == core::HeaderList{{"Content-Type", "application/json"}, {"X-Trace", "t"}});
  CHECK(edit->resign);
  CHECK_FALSE(core::parse_request_edit(R"({"body":"x","headers":[]})")->resign);
  struct Bad {
    const char* json;
    const char* error;
  };
  const Bad bad[] = {
      {"[]", "the edit is not a JSON object"},
      {"{", "the edit is not a JSON object"},
      {R"({"headers":[]})", "the edit has no body text"},
      {R"({"body":1,"headers":[]})", "the edit has no body text"},
      {R"({"body":"x"})", "the edit has no list of headers"},
      {R"({"body":"x","headers":[],"resign":"yes"})", "'resign' is true or false"},
      {R"({"body":"x","headers":[["A"]]})", "each header is a name and a value"},
      {R"({"body":"x","headers":[["Bad Name","v"]]})", "'Bad Name' is not a header name"},
      {R"({"body":"x","headers":[["X-A","v\r\nX-Injected: 1"]]})",
       "the value of X-A holds a line break or a control character"},
      {R"({"body":"x","headers":[["X-A","v\u0000"]]})",
       "the value of X-A holds a line break or a control character"},
  };
  for (const Bad& b : bad) {
    CAPTURE(std::string(b.json));
    const auto parsed = core::parse_request_edit(b.json);
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error() == b.error);
  }
  const std::string big =
      R"({"body":")" + std::string(core::max_edited_body + 1, 'x') + R"(","headers":[]})";
  CHECK(core::parse_request_edit(big).error().find("at most 1048576 can be edited") !=
        std::string::npos);
}

TEST_CASE("core::build_edited_request: signed again, or as edited") {
  const core::Secret secret{"--secret-env S", "s3cret"};
  core::RequestEdit edit;
  edit.body = "{\"a\":2}";
  edit.headers = original().headers;
  edit.headers.emplace_back("X-Autosana-Signature-256", "sha256=11");  // a second one goes too
  edit.headers.emplace_back("keep-alive", "timeout=5");                // the connection's go too
  edit.headers.emplace_back("Expect", "100-continue");
  edit.resign = true;
  const auto signed_again = core::build_edited_request(original(), edit, &secret);
  REQUIRE(signed_again);
  CHECK(signed_again->method == "POST");
  CHECK(signed_again->target == "/hooks?x=1");
  CHECK(signed_again->body == "{\"a\":2}");
  // The fields the sender works out are gone; the signature is the new body's, where it was.
  CHECK(signed_again->headers ==
        core::HeaderList{{"Content-Type", "application/json"},
                         {"X-Autosana-Signature-256",
                          core::format_signature(core::hmac_sha256("s3cret", "{\"a\":2}"))}});
  edit.resign = false;
  const auto as_edited = core::build_edited_request(original(), edit, &secret);
  CHECK(as_edited->header_values("X-Autosana-Signature-256") ==
        std::vector<std::string>{"sha256=00", "sha256=11"});
  edit.resign = true;
  edit.headers = {};
  CHECK(core::build_edited_request(original(), edit, &secret)->header("X-Autosana-Signature-256"));
  CHECK(core::build_edited_request(original(), edit, nullptr)
            .error()
            .starts_with("signing again needs a secret"));
}

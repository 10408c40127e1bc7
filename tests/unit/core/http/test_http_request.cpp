#include <doctest/doctest.h>

#include "core/http/http_request.hpp"

namespace {
core::HttpRequest parsed(std::string_view raw) {
  auto request = core::parse_http_request(raw);
  REQUIRE_MESSAGE(request.has_value(), request.error());
  return std::move(*request);
}
std::string error_of(std::string_view raw) {
  auto request = core::parse_http_request(raw);
  REQUIRE_FALSE(request.has_value());
  return request.error();
}
}  // namespace

TEST_CASE("core::parse_http_request with CRLF and Content-Length") {
  const auto request = parsed(
      "POST /hooks/autosana?x=1 HTTP/1.1\r\nHost: example.test\r\nContent-Length: 5\r\n"
      "X-Autosana-Signature-256: sha256=abc\r\n\r\nhello");
  CHECK(request.method == "POST");
  CHECK(request.target == "/hooks/autosana?x=1");
  CHECK(request.version == "HTTP/1.1");
  CHECK(request.body == "hello");
  CHECK(request.header("x-autosana-signature-256") == "sha256=abc");
  CHECK(request.header("HOST") == "example.test");
  CHECK(request.notes.empty());
}

TEST_CASE("core::parse_http_request with LF line ends and mixed-case headers") {
  const auto request = parsed(
      "POST / HTTP/1.1\nx-AUTOSANA-signature-256:   sha256=def  \ncontent-length: 3\n\n{}\n");
  CHECK(request.header("X-Autosana-Signature-256") == "sha256=def");
  CHECK(request.body == "{}\n");
}

TEST_CASE("core::parse_http_request keeps the body byte for byte") {
  const std::string body("a\r\nb\0c\n", 7);
  const auto request = parsed("POST / HTTP/1.1\r\nContent-Length: 7\r\n\r\n" + body);
  CHECK(request.body == body);
}

TEST_CASE("core::parse_http_request de-chunks a chunked body") {
  const auto request = parsed(
      "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
      "4\r\n{\"a\"\r\n3;ext=1\r\n:1}\r\n0\r\nTrailer: x\r\n\r\n");
  CHECK(request.body == "{\"a\":1}");
  CHECK(request.notes.empty());
  const auto lf = parsed("POST / HTTP/1.1\nTransfer-Encoding: Chunked\n\nA\n0123456789\n0\n\n");
  CHECK(lf.body == "0123456789");
}

TEST_CASE("core::parse_http_request notes what it had to assume") {
  const auto no_length = parsed("POST / HTTP/1.1\r\n\r\nrest of file");
  CHECK(no_length.body == "rest of file");
  REQUIRE(no_length.notes.size() == 1);
  CHECK(no_length.notes[0].find("no Content-Length") != std::string::npos);
  const auto extra = parsed("POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}\n");
  CHECK(extra.body == "{}");
  REQUIRE(extra.notes.size() == 1);
  CHECK(extra.notes[0] == "1 bytes after the end of the request were ignored");
}

TEST_CASE("core::parse_http_request continues folded header lines") {
  const auto request = parsed("POST / HTTP/1.1\r\nX-Long: a\r\n  b\r\nContent-Length: 0\r\n\r\n");
  CHECK(request.header("X-Long") == "a b");
  // Found by fuzzing: an empty first part gave " x", which its saved form read back as "x".
  const auto empty_first =
      parsed("POST / HTTP/1.1\r\nX-A:\r\n x\r\nX-B: y\r\n \r\nContent-Length: 0\r\n\r\n");
  CHECK(empty_first.header("X-A") == "x");
  CHECK(empty_first.header("X-B") == "y");
  const auto again = parsed(core::format_http_request(empty_first));
  CHECK(again.header("X-A") == "x");
  CHECK(again.header("X-B") == "y");
}

TEST_CASE("core::parse_http_request rejects broken requests clearly") {
  CHECK(error_of("").find("first line") != std::string::npos);
  CHECK(error_of("{\"event\":\"batch.completed\"}\n").find("METHOD TARGET") != std::string::npos);
  CHECK(error_of("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nshort").find("truncated") !=
        std::string::npos);
  CHECK(error_of("POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n").find("not a number") !=
        std::string::npos);
  CHECK(error_of("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n").find("not a number") !=
        std::string::npos);
  CHECK(error_of("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab")
            .find("two different Content-Length values") != std::string::npos);
  CHECK(error_of("POST / HTTP/1.1\r\nHost: x\r\n").find("empty line") != std::string::npos);
  CHECK(error_of("POST / HTTP/1.1\r\nNo colon here\r\n\r\n").find("line 2") != std::string::npos);
  CHECK(
      error_of("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n").find("chunk size") !=
      std::string::npos);
  CHECK(
      error_of("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab").find("truncated") !=
      std::string::npos);
  CHECK(
      error_of("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab").find("truncated") !=
      std::string::npos);
  CHECK(error_of("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n").find("gzip") !=
        std::string::npos);
  CHECK(error_of("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n")
            .find("both") != std::string::npos);
  CHECK(error_of("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\n")
            .find("chunk size") != std::string::npos);
}

TEST_CASE("core::format_http_request reads back byte for byte") {
  core::HttpRequest request;
  request.method = "POST";
  request.target = "/hook?x=1";
  request.version = "HTTP/1.1";
  request.headers = {{"Content-Type", "application/json"},
                     {"Transfer-Encoding", "chunked"},
                     {"Host", "example.test"},
                     {"Connection", "keep-alive"},
                     {"X-Autosana-Signature-256", "sha256=abc"},
                     {"content-length", "999"}};
  request.body = std::string("{\"a\":1}\r\n\0tail", 14);
  const std::string raw = core::format_http_request(request);
  CHECK(raw.rfind("POST /hook?x=1 HTTP/1.1\r\nHost: example.test\r\n", 0) == 0);
  CHECK(raw.find("chunked") == std::string::npos);
  CHECK(raw.find("keep-alive") == std::string::npos);
  CHECK(raw.find("999") == std::string::npos);
  const auto back = parsed(raw);
  CHECK(back.body == request.body);
  CHECK(back.header("X-Autosana-Signature-256") == "sha256=abc");
  CHECK(back.header("Content-Length") == "14");
  CHECK(back.header_values("Host").size() == 1);
  CHECK(back.notes.empty());
}

TEST_CASE("core::is_http_token") {
  CHECK(core::is_http_token("POST"));
  CHECK(core::is_http_token("X-Autosana-Signature-256"));
  CHECK(core::is_http_token("!#$%&'*+-.^_`|~"));
  CHECK_FALSE(core::is_http_token(""));
  CHECK_FALSE(core::is_http_token("X Header"));
  CHECK_FALSE(core::is_http_token("Name:"));
  CHECK_FALSE(core::is_http_token("caf\xc3\xa9"));
}

TEST_CASE("core::is_connection_specific_header") {
  CHECK(core::is_connection_specific_header("transfer-encoding"));
  CHECK(core::is_connection_specific_header("HOST"));
  CHECK(core::is_connection_specific_header("Content-Length"));
  CHECK_FALSE(core::is_connection_specific_header("Content-Type"));
  CHECK_FALSE(core::is_connection_specific_header("X-Autosana-Signature-256"));
}

TEST_CASE("core::header_list") {
  const core::HeaderList headers = {
      {"Content-Encoding", " gzip ,, br"}, {"Host", "x"}, {"content-encoding", "identity"}};
  CHECK(core::header_list(headers, "Content-Encoding") ==
        std::vector<std::string>{"gzip", "br", "identity"});
  CHECK(core::header_list(headers, "Connection").empty());
}

TEST_CASE("core::reason_phrase") {
  CHECK(core::reason_phrase(200) == "OK");
  CHECK(core::reason_phrase(421) == "Misdirected Request");
  CHECK(core::reason_phrase(303) == "See Other");
  CHECK(core::reason_phrase(418) == "Client Error");
  CHECK(core::reason_phrase(599) == "Server Error");
}

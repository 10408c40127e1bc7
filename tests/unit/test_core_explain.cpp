#include <doctest/doctest.h>

#include "core/explain.hpp"
#include "core/hmac.hpp"
#include "core/signature.hpp"
#include "util/hex.hpp"

namespace {
const std::string body =
    "{\"event\":\"batch.completed\",\"app\":{\"name\":\"Caf\xc3\xa9\",\"url\":\"https://x.test/"
    "a\"}}";
const std::vector<core::Secret> secrets{{"--secret-file current.txt", "current-secret"}};

std::string sign(std::string_view key, std::string_view bytes) {
  return core::format_signature(core::hmac_sha256(key, bytes));
}

std::string explain(std::string_view received_body, std::string_view signature,
                    const std::vector<core::Secret>& others = {}) {
  const auto lines = core::explain_mismatch({received_body, signature, &secrets, &others});
  REQUIRE(lines.size() >= 1);
  std::string all;
  for (const auto& line : lines) all += line + "\n";
  CHECK(all.find("current-secret") == std::string::npos);  // never the value
  return all;
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}
}  // namespace

TEST_CASE("core::explain_mismatch: trailing newline added or removed") {
  CHECK(contains(explain(body + "\n", sign("current-secret", body)),
                 "trailing newline that the signed body did not have"));
  CHECK(contains(explain(body, sign("current-secret", body + "\n")),
                 "ended with a newline that this body lacks"));
  CHECK(contains(explain(body + "\r\n", sign("current-secret", body)), "trailing CRLF"));
}

TEST_CASE("core::explain_mismatch: CRLF versus LF") {
  const std::string lf = "{\n  \"a\": 1,\n  \"b\": 2\n}";
  const std::string crlf = "{\r\n  \"a\": 1,\r\n  \"b\": 2\r\n}";
  CHECK(contains(explain(crlf, sign("current-secret", lf)),
                 "CRLF line ends where the signed body had LF"));
  CHECK(contains(explain(lf, sign("current-secret", crlf)),
                 "LF line ends where the signed body had CRLF"));
}

TEST_CASE("core::explain_mismatch: byte-order mark") {
  CHECK(contains(explain("\xEF\xBB\xBF" + body, sign("current-secret", body)),
                 "starts with a UTF-8 byte-order mark"));
  CHECK(contains(explain(body, sign("current-secret", "\xEF\xBB\xBF" + body)),
                 "started with a UTF-8 byte-order mark"));
}

TEST_CASE("core::explain_mismatch: JSON re-serialised") {
  const std::string pretty =
      "{\n  \"event\": \"batch.completed\",\n  \"app\": {\n    \"name\": \"Caf\xc3\xa9\",\n    "
      "\"url\": \"https://x.test/a\"\n  }\n}";
  // A framework pretty-printed what was signed compact.
  CHECK(contains(
      explain(pretty, sign("current-secret", body)),
      "re-serialised on the way: the signed body is the same data written compact (no spaces)"));
  // Signed with \u escapes, received with raw UTF-8.
  const std::string escaped =
      "{\"event\":\"batch.completed\",\"app\":{\"name\":\"Caf\\u00e9\",\"url\":\"https://x.test/"
      "a\"}}";
  CHECK(contains(explain(body, sign("current-secret", escaped)),
                 "compact (no spaces), with \\uXXXX escapes for non-ASCII characters"));
  // Signed with escaped slashes.
  const std::string slashes =
      "{\"event\":\"batch.completed\",\"app\":{\"name\":\"Caf\xc3\xa9\",\"url\":\"https:\\/\\/"
      "x.test\\/a\"}}";
  CHECK(contains(explain(body, sign("current-secret", slashes)), "slashes escaped as \\/"));
  // Python's json.dumps separators and sorted keys.
  const std::string python =
      "{\"app\": {\"name\": \"Caf\\u00e9\", \"url\": \"https://x.test/a\"}, \"event\": "
      "\"batch.completed\"}";
  CHECK(contains(explain(body, sign("current-secret", python)), "Python's json.dumps"));
  CHECK(contains(explain(body, sign("current-secret", python)), "keys sorted"));
}

TEST_CASE("core::explain_mismatch: JSON re-serialised and its final newline dropped") {
  const std::string pretty = "{\n  \"a\": [\n    1\n  ]\n}\n";
  CHECK(contains(explain("{\"a\":[1]}", sign("current-secret", pretty)),
                 "written indented by 2 spaces, ending with a newline"));
}

TEST_CASE("core::explain_mismatch: secret with whitespace or newline") {
  CHECK(contains(explain(body, sign("current-secret\n", body)), "followed by a newline"));
  const std::vector<core::Secret> padded{{"--secret-env PADDED", "  current-secret\n"}};
  const std::vector<core::Secret> none;
  const auto lines = core::explain_mismatch({body, sign("current-secret", body), &padded, &none});
  REQUIRE(lines.size() == 1);
  CHECK(contains(lines[0], "without its surrounding whitespace"));
  CHECK(contains(lines[0], "--secret-env PADDED"));
}

TEST_CASE("core::explain_mismatch: signature encoding and algorithm") {
  const auto digest = core::hmac_sha256("current-secret", body);
  const std::string hex = util::to_hex(core::digest_bytes(digest));
  CHECK(contains(explain(body, "sha256=sha256=" + hex), "prefix twice"));
  CHECK(contains(explain(body, "sha-256=" + hex), "prefix 'sha-256=' is not 'sha256='"));
  CHECK(contains(explain(body, "sha-256=" + hex),
                 "matches this body with the secret from --secret-file current.txt"));
  // Found by fuzzing: a prefix that holds the secret is described, not quoted.
  const std::string leaky = explain(body, "xcurrent-secret=" + hex);
  CHECK(contains(leaky, "the signature's prefix is not 'sha256='"));
  CHECK(contains(explain(body, "X-Autosana-Signature-256: sha256=" + hex),
                 "includes the header name"));
  // base64 of the digest, computed independently of the code under test
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string base64;
  const std::string raw = core::digest_bytes(digest);
  for (std::size_t i = 0; i < raw.size(); i += 3) {
    const auto byte = [&](std::size_t at) {
      return at < raw.size() ? static_cast<unsigned>(static_cast<unsigned char>(raw[at])) : 0u;
    };
    const unsigned n = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    base64 += alphabet[(n >> 18) & 63];
    base64 += alphabet[(n >> 12) & 63];
    base64 += i + 1 < raw.size() ? alphabet[(n >> 6) & 63] : '=';
    base64 += i + 2 < raw.size() ? alphabet[n & 63] : '=';
  }
  CHECK(contains(explain(body, base64), "base64-encoded"));
  CHECK(contains(explain(body, "sha1=" + util::to_hex(core::hmac_sha1("current-secret", body))),
                 "HMAC-SHA1 of this body"));
  CHECK(contains(explain(body, "sha1=" + std::string(40, '0')),
                 "does not match this body as an HMAC-SHA1 either"));
}

TEST_CASE("core::explain_mismatch: the wrong secret among several") {
  const std::vector<core::Secret> others{{"--secret-env AUTOSANA_WEBHOOK_SECRET", "other-secret"}};
  const auto text = explain(body, sign("other-secret", body), others);
  CHECK(contains(text, "different secret"));
  CHECK(contains(text, "--secret-env AUTOSANA_WEBHOOK_SECRET"));
  CHECK_FALSE(contains(text, "other-secret"));
}

TEST_CASE("core::explain_mismatch claims nothing for an unrelated body") {
  const auto text = explain("{\"something\":\"else\"}", sign("current-secret", body));
  CHECK(contains(text, "no known cause"));
  CHECK(contains(explain(body, sign("unknown-secret", body)), "no known cause"));
  CHECK(contains(explain(body, "sha256=" + std::string(64, 'z')), "no known cause"));
}

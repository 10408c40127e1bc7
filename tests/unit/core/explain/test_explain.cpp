#include <doctest/doctest.h>

#include "core/explain/explain.hpp"
#include "core/signing/hmac.hpp"
#include "core/signing/signature.hpp"
#include "util/hex.hpp"
#include "util/text.hpp"

namespace {
const std::string body =
    "{\"event\":\"batch.completed\",\"app\":{\"name\":\"Caf\xc3\xa9\",\"url\":\"https://x.test/"
    "a\"}}";
const std::vector<core::Secret> secrets{{"--secret-file current.txt", "current-secret"}};

std::string sign(std::string_view key, std::string_view bytes) {
  return core::format_signature(core::hmac_sha256(key, bytes));
}

// The findings as "code: text" lines, checked never to hold a secret's value.
std::string explain(std::string_view received_body, std::string_view signature,
                    const std::vector<core::Secret>& others = {},
                    const std::vector<core::Secret>& given = secrets) {
  const auto explanation = core::explain_mismatch({received_body, signature, &given, &others});
  REQUIRE(!explanation.findings.empty());
  std::string all;
  for (const auto& finding : explanation.findings) {
    all += finding.code + ": " + finding.text + "\n";
    for (const auto* list : {&given, &others})
      for (const core::Secret& secret : *list) {
        CHECK(finding.text.find(secret.value) == std::string::npos);
        CHECK(finding.advice.find(secret.value) == std::string::npos);
      }
  }
  return all;
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

std::string first_code(std::string_view received_body, std::string_view signature,
                       const std::vector<core::Secret>& others = {},
                       const std::vector<core::Secret>& given = secrets) {
  const std::string all = explain(received_body, signature, others, given);
  return all.substr(0, all.find(':'));
}

const std::string pretty =
    "{\n  \"event\": \"batch.completed\",\n  \"app\": {\n    \"name\": \"Caf\xc3\xa9\",\n    "
    "\"url\": \"https://x.test/a\"\n  }\n}";
}  // namespace

TEST_CASE("core::explain_mismatch: trailing newline, CRLF and space added or removed") {
  CHECK(first_code(body + "\n", sign("current-secret", body)) == "trailing_newline_added");
  CHECK(first_code(body, sign("current-secret", body + "\n")) == "trailing_newline_stripped");
  CHECK(first_code(body + "\r\n", sign("current-secret", body)) == "trailing_crlf_added");
  CHECK(first_code(body, sign("current-secret", body + " ")) == "trailing_space_stripped");
  CHECK(first_code(body + " ", sign("current-secret", body)) == "trailing_whitespace_added");
  CHECK(first_code(body + "\n\n", sign("current-secret", body)) == "trailing_whitespace_added");
  CHECK(contains(explain(body + "\n", sign("current-secret", body)),
                 "trailing newline that the signed body did not have"));
}

TEST_CASE("core::explain_mismatch: line ends, byte-order mark, tabs for spaces") {
  const std::string lf = "{\n  \"a\": 1,\n  \"b\": 2\n}";
  const std::string crlf = "{\r\n  \"a\": 1,\r\n  \"b\": 2\r\n}";
  const std::string tabs = "{\n\t\"a\": 1,\n\t\"b\": 2\n}";
  CHECK(first_code(crlf, sign("current-secret", lf)) == "crlf_line_ends");
  CHECK(first_code(lf, sign("current-secret", crlf)) == "lf_line_ends");
  CHECK(first_code("\xEF\xBB\xBF" + body, sign("current-secret", body)) == "byte_order_mark_added");
  CHECK(first_code(body, sign("current-secret", "\xEF\xBB\xBF" + body)) ==
        "byte_order_mark_stripped");
  CHECK(first_code(tabs, sign("current-secret", lf)) == "tabs_for_spaces");
  CHECK(contains(explain(tabs, sign("current-secret", lf)),
                 "tabs where the signed body had 2 spaces"));
  CHECK(first_code(lf, sign("current-secret", tabs)) == "spaces_for_tabs");
}

TEST_CASE("core::explain_mismatch: JSON re-serialised names only what differs") {
  // A framework pretty-printed what was signed compact.
  const std::string layout = explain(pretty, sign("current-secret", body));
  CHECK(contains(layout,
                 "json_layout_changed: the JSON was re-serialised on the way: the signed "
                 "body is the same data written compact (no spaces), where this one is "
                 "indented by 2 spaces"));
  // Signed with \u escapes, received with raw UTF-8: the layout is the same, so it is not named.
  const std::string escaped =
      "{\"event\":\"batch.completed\",\"app\":{\"name\":\"Caf\\u00e9\",\"url\":\"https://x.test/"
      "a\"}}";
  const std::string to_raw = explain(body, sign("current-secret", escaped));
  CHECK(contains(to_raw, "json_escapes_changed: "));
  CHECK(contains(to_raw,
                 "with \\uXXXX escapes for non-ASCII characters where this one has raw "
                 "UTF-8"));
  CHECK_FALSE(contains(to_raw, "compact"));
  // The reverse, indented on both sides: the indentation is not named.
  const std::string pretty_escaped = util::replace_all(pretty, "Caf\xc3\xa9", "Caf\\u00e9");
  const std::string to_escaped = explain(pretty_escaped, sign("current-secret", pretty));
  CHECK(contains(to_escaped,
                 "with raw UTF-8 for non-ASCII characters where this one has \\uXXXX "
                 "escapes"));
  CHECK_FALSE(contains(to_escaped, "indented"));
  // Signed with escaped slashes.
  const std::string slashes = util::replace_all(body, "/", "\\/");
  CHECK(contains(explain(body, sign("current-secret", slashes)),
                 "slashes escaped as \\/ where this one has plain slashes"));
  // Python's json.dumps: separators and \u escapes together.
  const std::string python =
      "{\"event\": \"batch.completed\", \"app\": {\"name\": \"Caf\\u00e9\", \"url\": "
      "\"https://x.test/a\"}}";
  const std::string both = explain(body, sign("current-secret", python));
  CHECK(contains(both, "json_reserialised: "));
  CHECK(contains(both, "Python's json.dumps"));
  CHECK(contains(both, "\\uXXXX escapes"));
}

TEST_CASE("core::explain_mismatch: JSON re-serialised and its final newline dropped") {
  const std::string signed_body = "{\n  \"a\": [\n    1\n  ]\n}\n";
  CHECK(contains(explain("{\"a\":[1]}", sign("current-secret", signed_body)),
                 "written indented by 2 spaces, where this one is compact (no spaces), ending "
                 "with a newline"));
}

TEST_CASE("core::explain_mismatch: line breaks removed, as curl -d does") {
  std::string flattened;
  for (char c : pretty)
    if (c != '\n') flattened += c;
  const std::string text = explain(flattened, sign("current-secret", pretty));
  CHECK(contains(text,
                 "line_breaks_removed: the line breaks of the signed body were removed on "
                 "the way, as curl -d @file does (the signed body is the same JSON "
                 "indented by 2 spaces)"));
  const std::string signature = sign("current-secret", pretty);
  const auto explanation = core::explain_mismatch({flattened, signature, &secrets, nullptr});
  CHECK(contains(explanation.findings.front().advice, "--data-binary"));
}

TEST_CASE("core::explain_mismatch: keys that appear sorted cannot be unsorted") {
  const std::string original =
      "{\"event\":\"batch.completed\",\"app\":{\"name\":\"A\",\"id\":\"x\"},\"git\":{\"sha\":"
      "\"1\",\"branch\":\"main\"}}";
  const std::string sorted =
      "{\"app\":{\"id\":\"x\",\"name\":\"A\"},\"event\":\"batch.completed\",\"git\":{\"branch\":"
      "\"main\",\"sha\":\"1\"}}";
  const std::string text = explain(sorted, sign("current-secret", original));
  CHECK(contains(text, "keys_sorted: the keys of every object in this body are in sorted order"));
  CHECK(contains(text, "cannot be recovered"));
  // The same body unsorted gets no such hint.
  CHECK_FALSE(contains(explain(original, sign("current-secret", sorted)), "keys_sorted"));
}

TEST_CASE("core::explain_mismatch: secrets copied with line breaks, quotes or a .env line") {
  const std::string signature = sign("current-secret", body);
  const auto code_with = [&](std::string value) {
    return first_code(body, signature, {}, {{"--secret-file s.txt", std::move(value)}});
  };
  CHECK(code_with("AUTOSANA_WEBHOOK_SECRET=current-secret") == "secret_env_line");
  CHECK(code_with("AUTOSANA_WEBHOOK_SECRET=\"current-secret\"") == "secret_env_line");
  CHECK(code_with("export AUTOSANA_WEBHOOK_SECRET='current-secret'") == "secret_env_line");
  CHECK(code_with("\"current-secret\"") == "secret_quoted");
  CHECK(code_with("current-secret\n\n\n") == "secret_whitespace");
  CHECK(contains(explain(body, signature, {}, {{"--secret-file s.txt", "current-secret\n\n\n"}}),
                 "ends with 3 line breaks that are not part of it"));
  CHECK(contains(explain(body, signature, {}, {{"--secret-env S", "  current-secret\n"}}),
                 "has spaces or line breaks around it"));
  CHECK(first_code(body, sign("current-secret\n", body)) == "sender_secret_newline");
  // The user's own secret, mis-copied, is blamed before the default variable that also matches.
  const std::vector<core::Secret> env_line{{"--secret-file .env", "SECRET=current-secret"}};
  const std::vector<core::Secret> default_variable{
      {"--secret-env AUTOSANA_WEBHOOK_SECRET", "current-secret"}};
  const std::string text = explain(body, signature, default_variable, env_line);
  CHECK(contains(text, "secret_env_line: the secret from --secret-file .env is a whole .env line"));
  CHECK_FALSE(contains(text, "different secret"));
}

TEST_CASE("core::explain_mismatch: the signature's own text") {
  const auto digest = core::hmac_sha256("current-secret", body);
  const std::string hex = util::to_hex(core::digest_bytes(digest));
  const std::string quoted = explain(body, "\"sha256=" + hex + "\"");
  CHECK(contains(quoted, "signature_quoted: the signature has quotes around it\n"));
  CHECK(contains(quoted,
                 "matches: the signature then matches this body with the secret from "
                 "--secret-file current.txt"));
  const std::string colon = explain(body, "sha256:" + hex);
  CHECK(contains(colon, "signature_colon_prefix: the signature starts with 'sha256:'"));
  CHECK_FALSE(contains(colon, "header name"));
  CHECK(first_code(body, "X-Autosana-Signature-256") == "signature_is_header_name");
  CHECK(first_code(body, "x-autosana-signature-256:") == "signature_is_header_name");
  CHECK(first_code(body, "  ") == "signature_empty");
  CHECK(explain(body, "").find("no_known_cause") == std::string::npos);  // the cause is known
  CHECK(first_code(body, "X-Autosana-Signature-256: sha256=" + hex) ==
        "signature_with_header_name");
  CHECK(first_code(body, "sha256=sha256=" + hex) == "signature_prefix_twice");
  CHECK(contains(explain(body, "sha-256=" + hex), "prefix 'sha-256=' is not 'sha256='"));
  // A prefix that holds the secret is described, not quoted (found by fuzzing).
  CHECK(
      contains(explain(body, "xcurrent-secret=" + hex), "the signature's prefix is not 'sha256='"));
  // The plain SHA-256 of the body: hashed without the secret.
  const std::string plain = util::to_hex(core::digest_bytes(core::sha256(body)));
  CHECK(first_code(body, "sha256=" + plain) == "signature_plain_sha256");
  CHECK(first_code(body, "sha1=" + util::to_hex(core::hmac_sha1("current-secret", body))) ==
        "signature_hmac_sha1");
  CHECK(first_code(body, "sha1=" + std::string(40, '0')) == "signature_sha1_length");
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
  CHECK(first_code(body, base64) == "signature_base64");
}

TEST_CASE("core::explain_mismatch: the wrong secret among several") {
  const std::vector<core::Secret> others{{"--secret-env AUTOSANA_WEBHOOK_SECRET", "other-secret"}};
  const auto text = explain(body, sign("other-secret", body), others);
  CHECK(contains(text, "different_secret: the body was signed with a different secret"));
  CHECK(contains(text, "--secret-env AUTOSANA_WEBHOOK_SECRET"));
  CHECK(contains(explain(body + "\n", sign("other-secret", body), others),
                 "trailing_newline_added: this body has a trailing newline that the signed body "
                 "did not have (added by echo, an editor or a here-document) (it then matches "
                 "with the secret from --secret-env AUTOSANA_WEBHOOK_SECRET, which was not among "
                 "the secrets given)"));
}

TEST_CASE("core::explain_mismatch: every finding has advice") {
  const std::string signature = sign("current-secret", body);
  const auto explanation = core::explain_mismatch({pretty, signature, &secrets, nullptr});
  REQUIRE(explanation.findings.size() == 1);
  CHECK(contains(explanation.findings[0].advice, "express.raw()"));
  CHECK(explanation.candidates_tried > 0);
}

TEST_CASE("core::explain_mismatch claims nothing for an unrelated body") {
  CHECK(first_code("{\"something\":\"else\"}", sign("current-secret", body)) == "no_known_cause");
  CHECK(first_code(body, sign("unknown-secret", body)) == "no_known_cause");
  CHECK(first_code(body, "sha256=" + std::string(64, 'z')) == "no_known_cause");
}

TEST_CASE("core::explain_mismatch stays within its limit and budget") {
  const std::string unknown = sign("unknown-secret", body);
  core::ExplainRequest request{body, unknown, &secrets, nullptr};
  request.max_body = body.size() - 1;
  auto explanation = core::explain_mismatch(request);
  REQUIRE(explanation.findings.size() == 1);
  CHECK(explanation.findings[0].code == "body_too_large");
  CHECK(explanation.bytes_hashed == 0);

  // 500 levels deep (250 objects, 250 arrays): indenting it multiplies its size, so a small budget
  // cannot pay for that.
  std::string deep;
  for (int i = 0; i < 250; ++i) deep += "{\"k\":[1,2,";
  deep += "0";
  for (int i = 0; i < 250; ++i) deep += "]}";
  const std::string unknown_deep = sign("unknown-secret", deep);
  request = {deep, unknown_deep, &secrets, nullptr};
  request.budget = 64 * deep.size();
  explanation = core::explain_mismatch(request);
  CHECK(explanation.bytes_hashed <= request.budget);
  CHECK(explanation.findings.front().code == "search_incomplete");
  // With the default budget the same search finishes.
  request.budget = core::default_explain_budget;
  explanation = core::explain_mismatch(request);
  CHECK(explanation.findings.front().code == "no_known_cause");
}

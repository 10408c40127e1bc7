#include "core/delivery/conformance_vectors.hpp"

#include "core/payload/sample_payload.hpp"
#include "core/signing/hmac.hpp"
#include "core/signing/signature.hpp"
#include "util/text.hpp"

namespace core {

namespace {
constexpr const char* secret = "whsec-conformance-0123456789";

std::string signed_with(const std::string& key, const std::string& body) {
  return format_signature(hmac_sha256(key, body));
}

ConformanceCase valid_case(std::string name, std::string description, std::string body,
                           std::optional<std::string> header = std::nullopt) {
  ConformanceCase c;
  c.name = std::move(name);
  c.description = std::move(description);
  c.body = std::move(body);
  c.secrets = {secret};
  c.header = header ? *header : signed_with(secret, c.body);
  c.valid = true;
  c.reason = reason_ok;
  c.secret_index = 0;
  return c;
}

ConformanceCase failing_case(ConformanceCase c, const char* reason) {
  c.valid = false;
  c.reason = reason;
  c.secret_index.reset();
  return c;
}

std::string payload_at(const std::string& timestamp) {
  return "{\"event\":\"batch.completed\",\"timestamp\":\"" + timestamp +
         "\",\"app\":{\"id\":\"com.example.shop\",\"name\":\"Shop\"},\"run_groups\":[]}";
}

ConformanceCase timed(ConformanceCase c, std::int64_t max_age, std::string now) {
  c.max_age_seconds = max_age;
  c.now = std::move(now);
  return c;
}

std::vector<ConformanceCase> signature_cases() {
  std::vector<ConformanceCase> cases;
  ConformanceCase github;
  github.name = "github_published";
  github.description = "GitHub's published example: the same HMAC-SHA256 scheme and header form";
  github.body = "Hello, World!";
  github.secrets = {"It's a Secret to Everybody"};
  github.header = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
  github.valid = true;
  github.reason = reason_ok;
  github.secret_index = 0;
  cases.push_back(github);
  cases.push_back(valid_case("seed_payload", "Autosana's batch.completed payload, signed as sent",
                             make_sample_payload({}).value()));
  cases.push_back(valid_case("empty_body", "an empty body is signed like any other", ""));
  std::string binary;
  for (int byte = 0; byte < 256; ++byte) binary += static_cast<char>(byte);
  cases.push_back(valid_case("binary_body", "every byte value, NUL included", binary));
  cases.push_back(valid_case("invalid_utf8", "bytes that are not UTF-8 are signed as they are",
                             "{\"name\":\"caf\xe9 \xc3\x28\"}"));
  const std::string emoji = "{\"name\":\"Checkout \xf0\x9f\x9b\x92\",\"note\":\"caf\\u00e9\"}";
  cases.push_back(
      valid_case("emoji_and_escapes", "UTF-8 emoji and \\u escapes, byte for byte", emoji));
  cases.push_back(failing_case(
      valid_case("reserialized_body",
                 "the body a framework wrote again (escapes decoded, spaces added): it no longer "
                 "matches",
                 "{\"name\": \"Checkout \xf0\x9f\x9b\x92\", \"note\": \"caf\xc3\xa9\"}",
                 signed_with(secret, emoji)),
      reason_mismatch));
  cases.push_back(failing_case(
      valid_case("trailing_newline_added", "a line break added after the body that was signed",
                 emoji + "\n", signed_with(secret, emoji)),
      reason_mismatch));
  cases.push_back(
      valid_case("trailing_newline_signed", "a body that ends in a line break", emoji + "\n"));
  cases.push_back(
      failing_case(valid_case("crlf_line_endings", "line endings turned into CRLF on the way",
                              "{\r\n  \"a\": 1\r\n}", signed_with(secret, "{\n  \"a\": 1\n}")),
                   reason_mismatch));
  return cases;
}

std::vector<ConformanceCase> header_cases() {
  const std::string body = payload_at("2025-01-31T12:34:56.789Z");
  const std::string hex = signed_with(secret, body).substr(signature_prefix.size());
  std::string upper = hex;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::vector<ConformanceCase> cases;
  cases.push_back(valid_case("uppercase_hex", "hex digits in upper case", body, "sha256=" + upper));
  cases.push_back(
      valid_case("uppercase_prefix", "the prefix in upper case", body, "SHA256=" + hex));
  cases.push_back(valid_case("bare_hex", "the prefix left out", body, hex));
  cases.push_back(valid_case("surrounding_whitespace", "spaces and a tab around the value", body,
                             "  sha256=" + hex + "\t"));
  cases.push_back(
      failing_case(valid_case("doubled_prefix", "the prefix twice", body, "sha256=sha256=" + hex),
                   reason_malformed_signature));
  cases.push_back(failing_case(valid_case("truncated_signature", "cut short when copied", body,
                                          "sha256=" + hex.substr(0, 40)),
                               reason_malformed_signature));
  cases.push_back(failing_case(
      valid_case("sha1_prefix", "another algorithm's prefix", body, "sha1=" + hex.substr(0, 40)),
      reason_malformed_signature));
  cases.push_back(failing_case(valid_case("empty_header", "the header with no value", body, ""),
                               reason_malformed_signature));
  ConformanceCase missing =
      failing_case(valid_case("missing_header", "no X-Autosana-Signature-256 header", body),
                   reason_missing_signature);
  missing.header.reset();
  cases.push_back(missing);
  return cases;
}

std::vector<ConformanceCase> secret_cases() {
  const std::string body = payload_at("2025-01-31T12:34:56.789Z");
  std::vector<ConformanceCase> cases;
  ConformanceCase wrong =
      failing_case(valid_case("wrong_secret", "signed with another secret", body), reason_mismatch);
  wrong.secrets = {"not-the-secret"};
  cases.push_back(wrong);
  ConformanceCase rotation = valid_case(
      "second_secret_matches", "two secrets during a rotation; the second one signed", body);
  rotation.secrets = {"the-old-secret", secret};
  rotation.secret_index = 1;
  cases.push_back(rotation);
  ConformanceCase newline = failing_case(
      valid_case("secret_with_line_break",
                 "the secret read with its file's line break, which the signer did not use", body),
      reason_mismatch);
  newline.secrets = {std::string(secret) + "\n"};
  cases.push_back(newline);
  ConformanceCase empty = failing_case(
      valid_case("empty_secret", "an empty secret is refused", body), reason_empty_secret);
  empty.secrets = {""};
  cases.push_back(empty);
  ConformanceCase none =
      failing_case(valid_case("no_secret", "no secret at all", body), reason_no_secret);
  none.secrets.clear();
  cases.push_back(none);
  return cases;
}

std::vector<ConformanceCase> age_cases() {
  const std::string at = "2025-01-31T12:00:00Z";
  std::vector<ConformanceCase> cases;
  cases.push_back(timed(valid_case("fresh", "a minute old, within 300 s", payload_at(at)), 300,
                        "2025-01-31T12:01:00Z"));
  cases.push_back(timed(
      failing_case(valid_case("stale", "301 s old, beyond 300 s", payload_at(at)), reason_stale),
      300, "2025-01-31T12:05:01Z"));
  cases.push_back(timed(
      valid_case("slightly_ahead", "10 s in the future, within the tolerance", payload_at(at)), 300,
      "2025-01-31T11:59:50Z"));
  cases.push_back(timed(
      failing_case(valid_case("future", "10 minutes in the future, beyond 300 s", payload_at(at)),
                   reason_future),
      300, "2025-01-31T11:50:00Z"));
  cases.push_back(timed(
      failing_case(valid_case("no_timestamp", "a maximum age, but no timestamp to read", "{}"),
                   reason_no_timestamp),
      300, "2025-01-31T12:00:00Z"));
  ConformanceCase forged =
      failing_case(valid_case("stale_and_wrong_secret", "the signature is judged before the age",
                              payload_at(at)),
                   reason_mismatch);
  forged.secrets = {"not-the-secret"};
  cases.push_back(timed(forged, 300, "2025-02-01T00:00:00Z"));
  return cases;
}
}  // namespace

std::vector<ConformanceCase> conformance_cases() {
  std::vector<ConformanceCase> cases;
  for (auto part : {signature_cases(), header_cases(), secret_cases(), age_cases()})
    for (ConformanceCase& c : part) cases.push_back(std::move(c));
  return cases;
}

}  // namespace core

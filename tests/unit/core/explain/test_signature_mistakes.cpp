#include <doctest/doctest.h>

#include "core/explain/signature_mistakes.hpp"
#include "util/hex.hpp"

namespace {
const std::string hex(64, 'a');
bool never(std::string_view) {
  return false;
}

std::string codes(const core::SignatureReading& reading) {
  std::string text;
  for (const auto& mistake : reading.mistakes) text += mistake.code + " ";
  return text;
}
}  // namespace

TEST_CASE("core::read_signature names the mistakes in the text and finds the digest") {
  auto reading = core::read_signature("sha256=" + hex, never);
  CHECK(reading.mistakes.empty());
  CHECK(reading.kind == core::DigestKind::sha256);
  CHECK(util::to_hex(core::digest_bytes(reading.sha256)) == hex);

  CHECK(codes(core::read_signature("'\"sha256:" + hex + "\"'", never)) ==
        "signature_quoted signature_quoted signature_colon_prefix ");
  CHECK(codes(core::read_signature("X-Autosana-Signature-256: \"sha256=" + hex + "\"", never)) ==
        "signature_with_header_name signature_quoted ");
  reading = core::read_signature("x-autosana-signature-256", never);
  CHECK(codes(reading) == "signature_is_header_name ");
  CHECK(reading.kind == core::DigestKind::none);
  CHECK(codes(core::read_signature("", never)) == "signature_empty ");
  CHECK(codes(core::read_signature("sha256=sha256=" + hex, never)) == "signature_prefix_twice ");
  CHECK(core::read_signature("sha1=" + std::string(40, 'b'), never).kind == core::DigestKind::sha1);
  reading = core::read_signature("qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqo=", never);
  CHECK(reading.kind == core::DigestKind::sha256);
  CHECK(reading.base64);
  CHECK(reading.mistakes.empty());  // base64 is a guess until the secrets prove it
}

TEST_CASE("core::read_signature quotes a prefix only when it names an algorithm") {
  auto reading = core::read_signature("SHA-256=" + hex, never);
  REQUIRE(reading.mistakes.size() == 1);
  CHECK(reading.mistakes[0].description.find("'SHA-256='") != std::string::npos);
  reading = core::read_signature("sha-256=" + hex,
                                 [](std::string_view text) { return text == "sha-256="; });
  CHECK(reading.mistakes[0].description.find("sha-256") == std::string::npos);
  reading = core::read_signature("s3cret=" + hex, never);
  CHECK(reading.mistakes[0].description.find("s3cret") == std::string::npos);
}

#include <doctest/doctest.h>

#include "core/signing/signature.hpp"
#include "util/hex.hpp"

namespace {
const std::string hex = "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7";

std::string parsed_hex(std::string_view value) {
  auto digest = core::parse_signature(value);
  REQUIRE_MESSAGE(digest.has_value(), digest.error());
  return util::to_hex(core::digest_bytes(*digest));
}

std::string error_of(std::string_view value) {
  auto digest = core::parse_signature(value);
  REQUIRE_FALSE(digest.has_value());
  return digest.error();
}
}  // namespace

TEST_CASE("core::parse_signature accepts the forms people paste") {
  CHECK(parsed_hex("sha256=" + hex) == hex);
  CHECK(parsed_hex(hex) == hex);
  CHECK(parsed_hex("SHA256=" + hex) == hex);
  std::string upper = hex;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  CHECK(parsed_hex("sha256=" + upper) == hex);
  CHECK(parsed_hex("  sha256=" + hex + "\r\n") == hex);
}

TEST_CASE("core::parse_signature names what is wrong") {
  CHECK(error_of("") == "the signature is empty");
  CHECK(error_of("   \n") == "the signature is empty");
  CHECK(error_of("sha256=" + hex.substr(0, 63)).find("63 hex digits") != std::string::npos);
  CHECK(error_of("sha256=" + hex.substr(0, 63)).find("cut short") != std::string::npos);
  CHECK(error_of("sha256=" + hex + hex).find("two signatures") != std::string::npos);
  // What was pasted around the value (issue 25): named, never "not hex at position 1".
  CHECK(error_of("X-Autosana-Signature-256: sha256=" + hex)
            .rfind("this is the whole header line", 0) == 0);
  CHECK(error_of("sha256:" + hex).find("'sha256:'") != std::string::npos);
  CHECK(error_of("X-Signature: sha256=" + hex).find("looks like a whole header line") !=
        std::string::npos);
  CHECK(error_of("abc:def").find("not hex") != std::string::npos);  // no header line's shape
  CHECK(error_of("sha256=" + hex + "00").find("66 hex digits") != std::string::npos);
  CHECK(error_of("sha256=" + hex.substr(0, 40)).find("HMAC-SHA1") != std::string::npos);
  CHECK(error_of("sha1=" + hex.substr(0, 40)).find("HMAC-SHA1") != std::string::npos);
  CHECK(error_of("sha256=sha256=" + hex).find("prefix twice") != std::string::npos);
  CHECK(error_of("md5=" + hex).find("'md5='") != std::string::npos);
  CHECK(error_of("sha256=" + hex.substr(0, 10) + "g" + hex.substr(11)) ==
        "the signature is not hex: a letter other than a-f at position 11 of the digits");
  CHECK(error_of(std::string("sha256=\x01") + hex.substr(1)).find("a control character") !=
        std::string::npos);
}

TEST_CASE("core::parse_signature never quotes what may be a secret") {
  // A secret file holding c2VjcmV0cGFzcw== passed as the signature: no part of it is repeated.
  const std::string secret = "c2VjcmV0cGFzcw==";
  for (const std::string& value : {secret, "sha256=" + secret, secret + hex, "Bearer " + secret}) {
    const std::string error = error_of(value);
    CHECK(error.find("c2Vj") == std::string::npos);
    CHECK(error.find("cw=") == std::string::npos);
  }
  CHECK(error_of(secret + hex) ==
        "the signature starts with a 15-character prefix that is not 'sha256='");
  CHECK(error_of("abcdefg=" + hex) ==  // as said aloud: "an eight"
        "the signature starts with an 8-character prefix that is not 'sha256='");
  CHECK(error_of("abcdefghij=" + hex) ==
        "the signature starts with an 11-character prefix that is not 'sha256='");
  CHECK(error_of("sha256=" + secret) ==
        "the signature is not hex: a letter other than a-f at position 3 of the digits");
  CHECK(core::is_known_algorithm_label("SHA-256="));
  CHECK_FALSE(core::is_known_algorithm_label("c2VjcmV0cGFzcw="));
}

TEST_CASE("core::format_signature") {
  core::Sha256Digest digest{};
  digest[0] = 0xab;
  digest[31] = 0x01;
  CHECK(core::format_signature(digest) ==
        "sha256=ab00000000000000000000000000000000000000000000000000000000000001");
}

#include <doctest/doctest.h>

#include <string>

#include "constant_time_probe.hpp"
#include "core/signing/hmac.hpp"
#include "util/hex.hpp"

namespace {
std::string hex_hmac(const std::string& key, const std::string& data) {
  return util::to_hex(core::digest_bytes(core::hmac_sha256(key, data)));
}
std::string bytes_from_hex(const char* hex) {
  return *util::from_hex(hex);
}
}  // namespace

TEST_CASE("core::hmac_sha256 matches RFC 4231 test cases 1-7") {
  // Case 1
  CHECK(hex_hmac(std::string(20, '\x0b'), "Hi There") ==
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  // Case 2: a key shorter than the digest
  CHECK(hex_hmac("Jefe", "what do ya want for nothing?") ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // Case 3
  CHECK(hex_hmac(std::string(20, '\xaa'), std::string(50, '\xdd')) ==
        "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
  // Case 4
  CHECK(hex_hmac(bytes_from_hex("0102030405060708090a0b0c0d0e0f10111213141516171819"),
                 std::string(50, '\xcd')) ==
        "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
  // Case 5: truncated output, compare the first 128 bits
  CHECK(hex_hmac(std::string(20, '\x0c'), "Test With Truncation").substr(0, 32) ==
        "a3b6167473100ee06e0c796c2955552b");
  // Case 6: a key longer than the block size is hashed first
  CHECK(hex_hmac(std::string(131, '\xaa'),
                 "Test Using Larger Than Block-Size Key - Hash Key First") ==
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  // Case 7
  CHECK(hex_hmac(std::string(131, '\xaa'),
                 "This is a test using a larger than block-size key and a larger than block-size "
                 "data. The key needs to be hashed before being used by the HMAC algorithm.") ==
        "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

TEST_CASE("core::HmacSha256 gives the same digest however the message is split") {
  std::string message;
  for (int i = 0; i < 10000; ++i) message += static_cast<char>(i * 7);
  const auto whole = core::hmac_sha256("key", message);
  for (std::size_t piece : {1u, 63u, 64u, 65u, 4096u}) {
    core::HmacSha256 hmac("key");
    for (std::size_t pos = 0; pos < message.size(); pos += piece)
      hmac.update(std::string_view(message).substr(pos, piece));
    CHECK(hmac.finish() == whole);
  }
}

TEST_CASE("core::HmacSha256 copies carry on independently") {
  core::HmacSha256 first("key");
  first.update("abc");
  core::HmacSha256 second(first);
  second.update("def");
  CHECK(first.finish() == core::hmac_sha256("key", "abc"));
  CHECK(second.finish() == core::hmac_sha256("key", "abcdef"));
}

TEST_CASE("core::hmac_sha1 matches RFC 2202") {
  CHECK(util::to_hex(core::hmac_sha1(std::string(20, '\x0b'), "Hi There")) ==
        "b617318655057264e28bc0b6fb378c8ef146be00");
  CHECK(util::to_hex(core::hmac_sha1("Jefe", "what do ya want for nothing?")) ==
        "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
}

TEST_CASE("core::equal_in_constant_time") {
  CHECK(core::equal_in_constant_time("abc", "abc"));
  CHECK_FALSE(core::equal_in_constant_time("abc", "abd"));
  CHECK_FALSE(core::equal_in_constant_time("abc", "abcd"));
  CHECK(core::equal_in_constant_time("", ""));
}

TEST_CASE("core::equal_in_constant_time compares with OpenSSL's CRYPTO_memcmp") {
  // Equal results prove nothing about timing: the call must reach the constant-time compare.
  const long before = test::constant_time_compares();
  CHECK_FALSE(core::equal_in_constant_time("0123456789abcdef", "0123456789abcdeX"));
  CHECK(test::constant_time_compares() == before + 1);
}

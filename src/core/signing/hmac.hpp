// HMAC (RFC 2104) over SHA-256, computed as a stream, and a one-shot HMAC-SHA1 and plain SHA-256
// for diagnosing signatures made with the wrong algorithm. OpenSSL stays out of this header.
#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace core {

constexpr std::size_t sha256_digest_size = 32;
using Sha256Digest = std::array<unsigned char, sha256_digest_size>;

class HmacSha256 {
 public:
  explicit HmacSha256(std::string_view key);
  HmacSha256(const HmacSha256& other);
  HmacSha256& operator=(const HmacSha256&) = delete;
  ~HmacSha256();

  void update(std::string_view bytes);
  Sha256Digest finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

Sha256Digest hmac_sha256(std::string_view key, std::string_view message);
std::string hmac_sha1(std::string_view key, std::string_view message);  // 20 raw bytes
// A plain SHA-256, for recognising a sender that hashed the body without its secret.
Sha256Digest sha256(std::string_view message);

std::string digest_bytes(const Sha256Digest& digest);

// Constant-time equality of two byte strings of the same length (false for different lengths).
bool equal_in_constant_time(std::string_view a, std::string_view b);

}  // namespace core

// HMAC is written here over OpenSSL's low-level SHA-256 functions rather than its EVP/HMAC API:
// the EVP route fetches a provider and may load the OpenSSL configuration file, which costs about
// 1.5 ms per run, more than the whole verification of a webhook body. The low-level functions use
// the same hardware-accelerated code from the system's libcrypto (so security updates still reach
// us through the distribution) and need no initialisation. They are deprecated in OpenSSL 3 but
// still exported by libcrypto.so.3.
#define OPENSSL_SUPPRESS_DEPRECATED
#include "core/signing/hmac.hpp"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <cstring>

namespace core {

namespace {
constexpr std::size_t block_size = 64;  // SHA-1 and SHA-256 both use 64-byte blocks

template <typename Context, typename Init, typename Update, typename Hash>
void start_inner_and_outer(std::string_view key, Context& inner, Context& outer, Init init,
                           Update update, Hash hash) {
  unsigned char padded[block_size] = {};
  if (key.size() > block_size) {
    const std::string hashed = hash(key);
    std::memcpy(padded, hashed.data(), hashed.size());
  } else {
    std::memcpy(padded, key.data(), key.size());
  }
  unsigned char inner_pad[block_size];
  unsigned char outer_pad[block_size];
  for (std::size_t i = 0; i < block_size; ++i) {
    inner_pad[i] = static_cast<unsigned char>(padded[i] ^ 0x36);
    outer_pad[i] = static_cast<unsigned char>(padded[i] ^ 0x5c);
  }
  init(&inner);
  update(&inner, inner_pad, block_size);
  init(&outer);
  update(&outer, outer_pad, block_size);
  OPENSSL_cleanse(padded, sizeof padded);
  OPENSSL_cleanse(inner_pad, sizeof inner_pad);
  OPENSSL_cleanse(outer_pad, sizeof outer_pad);
}

// Not OpenSSL's one-shot SHA256()/SHA1(): in OpenSSL 3 they go through EVP and its providers,
// which is the start-up cost this file exists to avoid.
template <typename Context, std::size_t size>
std::string digest_of(std::string_view bytes, int (*init)(Context*),
                      int (*update)(Context*, const void*, std::size_t),
                      int (*final)(unsigned char*, Context*)) {
  unsigned char digest[size];
  Context context;
  init(&context);
  update(&context, bytes.data(), bytes.size());
  final(digest, &context);
  return std::string(reinterpret_cast<const char*>(digest), size);
}

std::string sha256_of(std::string_view bytes) {
  return digest_of<SHA256_CTX, SHA256_DIGEST_LENGTH>(bytes, SHA256_Init, SHA256_Update,
                                                     SHA256_Final);
}

std::string sha1_of(std::string_view bytes) {
  return digest_of<SHA_CTX, SHA_DIGEST_LENGTH>(bytes, SHA1_Init, SHA1_Update, SHA1_Final);
}
}  // namespace

struct HmacSha256::State {
  SHA256_CTX inner;
  SHA256_CTX outer;
  ~State() { OPENSSL_cleanse(this, sizeof *this); }
};

HmacSha256::HmacSha256(std::string_view key) : state_(std::make_unique<State>()) {
  start_inner_and_outer(key, state_->inner, state_->outer, SHA256_Init, SHA256_Update, sha256_of);
}

HmacSha256::HmacSha256(const HmacSha256& other) : state_(std::make_unique<State>(*other.state_)) {}

HmacSha256::~HmacSha256() = default;

void HmacSha256::update(std::string_view bytes) {
  SHA256_Update(&state_->inner, bytes.data(), bytes.size());
}

Sha256Digest HmacSha256::finish() {
  unsigned char inner_digest[SHA256_DIGEST_LENGTH];
  SHA256_Final(inner_digest, &state_->inner);
  SHA256_Update(&state_->outer, inner_digest, sizeof inner_digest);
  Sha256Digest digest{};
  SHA256_Final(digest.data(), &state_->outer);
  return digest;
}

Sha256Digest hmac_sha256(std::string_view key, std::string_view message) {
  HmacSha256 hmac(key);
  hmac.update(message);
  return hmac.finish();
}

std::string hmac_sha1(std::string_view key, std::string_view message) {
  SHA_CTX inner;
  SHA_CTX outer;
  start_inner_and_outer(key, inner, outer, SHA1_Init, SHA1_Update, sha1_of);
  SHA1_Update(&inner, message.data(), message.size());
  unsigned char inner_digest[SHA_DIGEST_LENGTH];
  SHA1_Final(inner_digest, &inner);
  SHA1_Update(&outer, inner_digest, sizeof inner_digest);
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1_Final(digest, &outer);
  return std::string(reinterpret_cast<const char*>(digest), sizeof digest);
}

Sha256Digest sha256(std::string_view message) {
  const std::string bytes = sha256_of(message);
  Sha256Digest digest{};
  std::memcpy(digest.data(), bytes.data(), digest.size());
  return digest;
}

std::string digest_bytes(const Sha256Digest& digest) {
  return std::string(reinterpret_cast<const char*>(digest.data()), digest.size());
}

bool equal_in_constant_time(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace core

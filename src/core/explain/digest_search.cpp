#include "core/explain/digest_search.hpp"

namespace core {

namespace {
bool same_digest(const Sha256Digest& a, const Sha256Digest& b) {
  return equal_in_constant_time(digest_bytes(a), digest_bytes(b));
}
}  // namespace

std::optional<DigestMatch> DigestSearch::try_candidate(const BodyWriter& write, std::uint64_t size,
                                                       const std::vector<std::string_view>& keys,
                                                       bool also_with_newline) {
  if (keys.empty()) return std::nullopt;
  const std::uint64_t cost = (size + (also_with_newline ? 1 : 0)) * keys.size();
  if (cost > budget_ - hashed_) {
    ++skipped_;
    return std::nullopt;
  }
  ++tried_;
  std::vector<HmacSha256> hmacs;
  hmacs.reserve(keys.size());
  for (std::string_view key : keys) hmacs.emplace_back(key);
  write([&](std::string_view piece) {
    for (HmacSha256& hmac : hmacs) hmac.update(piece);
  });
  hashed_ += cost;
  std::optional<DigestMatch> match;
  for (std::size_t i = 0; i < hmacs.size(); ++i) {
    if (also_with_newline) {
      HmacSha256 extended(hmacs[i]);
      extended.update("\n");
      if (same_digest(extended.finish(), expected_) && !match) match = DigestMatch{i, true};
    }
    if (same_digest(hmacs[i].finish(), expected_)) return DigestMatch{i, false};
  }
  return match;
}

}  // namespace core

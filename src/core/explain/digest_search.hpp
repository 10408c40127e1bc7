// Tries candidate bodies and keys against one signature without keeping any candidate whole:
// each candidate is written in pieces straight into one HMAC per key, and a budget of hashed
// bytes bounds the work, whatever the body.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "core/explain/json_styles.hpp"
#include "core/signing/hmac.hpp"

namespace core {

// Writes one candidate body to the sink, in pieces.
using BodyWriter = std::function<void(const ByteSink& sink)>;

struct DigestMatch {
  std::size_t key = 0;        // index into the keys tried
  bool with_newline = false;  // the candidate followed by "\n" matched
};

class DigestSearch {
 public:
  DigestSearch(const Sha256Digest& expected, std::uint64_t budget)
      : expected_(expected), budget_(budget) {}

  // size: what write() produces, known in advance, so that a candidate the remaining budget
  // cannot pay for is skipped instead of started. also_with_newline tries the candidate
  // followed by "\n" as well, for the price of one byte.
  std::optional<DigestMatch> try_candidate(const BodyWriter& write, std::uint64_t size,
                                           const std::vector<std::string_view>& keys,
                                           bool also_with_newline = false);

  // Whether a candidate was skipped because the budget could not pay for it.
  bool incomplete() const { return skipped_ > 0; }
  std::uint64_t hashed_bytes() const { return hashed_; }
  std::size_t candidates_tried() const { return tried_; }

 private:
  Sha256Digest expected_;
  std::uint64_t budget_;
  std::uint64_t hashed_ = 0;
  std::size_t tried_ = 0;
  std::size_t skipped_ = 0;
};

}  // namespace core

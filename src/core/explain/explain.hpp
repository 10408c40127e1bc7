// Why a signature does not match: reads what the signature text is, then tries the changes that
// commonly happen to a secret and to a body on the way, and names the one that makes it match. It
// claims a cause only when it has proven it by computing the matching HMAC, and says when it found
// none. Candidates stream into the HMACs and are never kept whole; a budget of hashed bytes bounds
// the time, so any body within the size limit is explained in bounded time and memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/signing/secret.hpp"

namespace core {

inline constexpr std::size_t default_explain_limit = std::size_t{10} << 20;
// About a second of hashing on one core with SHA extensions, whatever the body.
inline constexpr std::uint64_t default_explain_budget = std::uint64_t{1} << 30;

struct ExplainRequest {
  std::string_view body;
  std::string_view signature;                          // the value as received, before any parsing
  const std::vector<Secret>* secrets = nullptr;        // the ones verification used
  const std::vector<Secret>* other_secrets = nullptr;  // available but not used (may be null)
  std::size_t max_body = default_explain_limit;        // a larger body is not explained
  std::uint64_t budget = default_explain_budget;       // bytes hashed, candidates times keys
};

// One cause, with a fixed token for scripts, a sentence and one line of advice.
struct Finding {
  std::string code;
  std::string text;
  std::string advice;
};

struct Explanation {
  std::vector<Finding> findings;  // most likely first; at least one; never a secret's value
  std::size_t candidates_tried = 0;
  std::uint64_t bytes_hashed = 0;
};

Explanation explain_mismatch(const ExplainRequest& request);

}  // namespace core

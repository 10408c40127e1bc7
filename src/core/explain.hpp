// Why a signature does not match: tries the changes that commonly happen to a body, a secret or
// a signature on the way, and names the one that would make it match. It only claims a cause it
// has proven by computing the matching HMAC; otherwise it says that no known cause was found.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/secret.hpp"

namespace core {

struct ExplainRequest {
  std::string_view body;
  std::string_view signature;                          // the value as received, before any parsing
  const std::vector<Secret>* secrets = nullptr;        // the ones verification used
  const std::vector<Secret>* other_secrets = nullptr;  // available but not used (may be null)
};

// Sentences for a person, most likely cause first; never contains a secret's value.
std::vector<std::string> explain_mismatch(const ExplainRequest& request);

}  // namespace core

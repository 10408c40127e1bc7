// The ways a secret is commonly mis-copied (line breaks or spaces around it, a whole .env line,
// quotes) or differs at the sender (a trailing newline), each as the key that was most likely
// meant, for the search to try. Descriptions name the secret by its source, never by its value.
#pragma once

#include <string>
#include <vector>

#include "core/signing/secret.hpp"

namespace core {

struct SecretChange {
  std::string code;         // a fixed token for scripts, e.g. "secret_env_line"
  std::string description;  // a sentence for a person
  std::string advice;       // one line
  std::string key;          // the secret as it most likely was meant
};

// Most likely first; none equals the secret itself or is empty.
std::vector<SecretChange> secret_changes(const Secret& secret);

}  // namespace core

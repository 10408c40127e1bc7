// What a received signature most likely is when it is not a well-formed sha256=<hex>: empty, the
// header's name alone, quotes around it, "sha256:" for "sha256=", the header's name before it,
// the prefix twice or another algorithm's label, an HMAC-SHA1, base64. The mistakes in the text
// are facts; the digest found under them is what the explanation then checks with the secrets.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/signing/hmac.hpp"

namespace core {

struct SignatureMistake {
  std::string code;         // a fixed token for scripts, e.g. "signature_quoted"
  std::string description;  // a sentence for a person; never quotes text that could be secret
  std::string advice;       // one line
};

enum class DigestKind { none, sha256, sha1 };

struct SignatureReading {
  std::vector<SignatureMistake> mistakes;  // outermost first
  DigestKind kind = DigestKind::none;
  Sha256Digest sha256{};
  std::string sha1;     // 20 raw bytes
  bool base64 = false;  // the SHA-256 digest was written in base64: a guess until proven
};

// holds_secret tells whether a piece of the text contains a secret, so that it is not quoted.
SignatureReading read_signature(std::string_view received,
                                const std::function<bool(std::string_view)>& holds_secret);

// The advice every malformed signature shares.
extern const std::string_view signature_format_advice;

}  // namespace core

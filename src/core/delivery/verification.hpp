// What `verify` decides about one body: whether its signature matches a secret in use and, with a
// maximum age, whether the payload's own timestamp is recent enough. The body is read once, in
// memory or as a stream; nothing here prints.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/http/http_request.hpp"
#include "core/signing/hmac.hpp"
#include "core/signing/secret.hpp"
#include "util/byte_input.hpp"
#include "util/expected.hpp"
#include "util/spool.hpp"

namespace core {

// Where the signature came from: given directly, a saved request's header, or the variable a web
// server sets for a CGI script.
enum class SignatureSource { option, request, cgi };

struct FoundSignature {
  std::string value;  // as given, parsed later so that a malformed one can be explained
  SignatureSource source = SignatureSource::option;
};

// The given signature, else the request's one signature header, else the CGI variable. A request
// with two such headers has none that counts: which one would the real handler read?
util::Expected<FoundSignature> find_signature(const std::optional<std::string>& given,
                                              const HttpRequest* request,
                                              const EnvironmentLookup& environment);

struct VerificationPolicy {
  std::optional<std::int64_t> max_age_milliseconds;  // none: the signature alone decides
  std::int64_t now_milliseconds = 0;
  // A streamed body larger than this is an error, read no further (an endless input ends).
  std::uint64_t max_streamed_bytes = std::numeric_limits<std::uint64_t>::max();
};

struct Verification {
  bool valid = false;
  std::string reason;              // "signature matches (secret from X); timestamp is 3s old ..."
  const Secret* secret = nullptr;  // the one that matched, or null
  std::size_t bytes = 0;
  std::optional<std::string> timestamp;          // read for a maximum age
  std::optional<std::int64_t> age_milliseconds;  // likewise, when it could be judged
};

// A body in memory.
Verification verify_body(std::string_view body, const Sha256Digest& expected,
                         const std::vector<Secret>& secrets, const VerificationPolicy& policy);

// A body read from a stream once. What the caller does with the bytes afterwards (--pipe) must be
// the very bytes verified, so they are kept in `kept` as they are hashed when it is given; a
// maximum age is judged from those kept bytes (from a spool of its own when none is given).
util::Expected<Verification> verify_stream(util::ByteInput& body, const Sha256Digest& expected,
                                           const std::vector<Secret>& secrets,
                                           const VerificationPolicy& policy, util::Spool* kept);

// "signature does not match (tried --secret-env A, --secret-file b)"
std::string describe_mismatch(const std::vector<Secret>& secrets);

}  // namespace core

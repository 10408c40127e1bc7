// The conformance cases a verifier of Autosana's signatures must agree with: what `vectors`
// prints, what the packages in packages/ are tested against, and what the CLI's own tests run
// through `verify`. Signatures are computed here with the same HMAC the CLI verifies with, so the
// cases cannot drift from the program.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace core {

// Why a verification fails, in words every package uses (README, "Verify in your handler").
inline constexpr const char* reason_ok = "ok";
inline constexpr const char* reason_missing_signature = "missing_signature";
inline constexpr const char* reason_malformed_signature = "malformed_signature";
inline constexpr const char* reason_mismatch = "mismatch";
inline constexpr const char* reason_no_secret = "no_secret";
inline constexpr const char* reason_empty_secret = "empty_secret";
inline constexpr const char* reason_no_timestamp = "no_timestamp";
inline constexpr const char* reason_stale = "stale";
inline constexpr const char* reason_future = "future";

struct ConformanceCase {
  std::string name;  // snake_case, unique
  std::string description;
  std::string body;  // the raw bytes, any of them
  std::vector<std::string> secrets;
  std::optional<std::string> header;  // the X-Autosana-Signature-256 value; none: no header
  std::optional<std::int64_t> max_age_seconds;
  std::optional<std::string> now;  // RFC 3339, with max_age_seconds
  bool valid = false;
  std::string reason;
  std::optional<std::size_t> secret_index;  // which secret matched
};

std::vector<ConformanceCase> conformance_cases();

}  // namespace core

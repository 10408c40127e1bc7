// Realistic payloads for fixtures, made from a seed: the same options give the same bytes, and
// every payload passes `parse --strict` (its summary counts agree with its groups).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "util/expected.hpp"

namespace core {

struct SampleOptions {
  std::size_t groups = 3;
  std::size_t runs = 4;              // per group
  std::size_t failed = 1;            // groups with a failing run
  std::string platform = "android";  // android, ios or web
  bool git = true;
  std::string timestamp = "2025-01-31T12:34:56.789Z";  // RFC 3339
  std::uint64_t seed = 1;
  bool run_status = false;  // the run-status API response instead of the webhook payload
};

// The payload as pretty JSON with a final newline; an error for options that cannot be met.
util::Expected<std::string> make_sample_payload(const SampleOptions& options);

}  // namespace core

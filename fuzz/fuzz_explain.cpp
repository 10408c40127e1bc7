// libFuzzer target: the --explain diagnosis. The input is split at the first two NUL bytes into
// body, signature and secret; the diagnosis must name at least one finding, never contain the
// secret, and stay within its budget. run.sh runs it under a memory limit that a search keeping
// its candidates whole (as before) breaks on deeply nested bodies.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/explain/explain.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto first = input.find('\0');
  if (first == std::string_view::npos) return 0;
  const auto second = input.find('\0', first + 1);
  if (second == std::string_view::npos) return 0;
  const std::string secret = "fuzz-secret-" + std::string(input.substr(second + 1));
  const std::vector<core::Secret> secrets{{"--secret-env FUZZ", secret}};
  const std::vector<core::Secret> others{{"--secret-env OTHER", "other-" + secret}};
  core::ExplainRequest request{input.substr(0, first), input.substr(first + 1, second - first - 1),
                               &secrets, &others};
  request.budget = std::uint64_t{64} << 20;  // keeps each run short; the bound is what is tested
  const core::Explanation explanation = core::explain_mismatch(request);
  if (explanation.findings.empty() || explanation.bytes_hashed > request.budget) __builtin_trap();
  for (const core::Finding& finding : explanation.findings)
    if (finding.text.find(secret) != std::string::npos ||
        finding.advice.find(secret) != std::string::npos || finding.code.empty())
      __builtin_trap();
  return 0;
}

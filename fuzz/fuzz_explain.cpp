// libFuzzer target: the --explain diagnosis. The input is split at the first two NUL bytes into
// body, signature and secret; the diagnosis must never contain the secret.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/explain.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto first = input.find('\0');
  if (first == std::string_view::npos) return 0;
  const auto second = input.find('\0', first + 1);
  if (second == std::string_view::npos) return 0;
  const std::string secret = "fuzz-secret-" + std::string(input.substr(second + 1));
  const std::vector<core::Secret> secrets{{"--secret-env FUZZ", secret}};
  const std::vector<core::Secret> others{{"--secret-env OTHER", "other-" + secret}};
  const auto lines = core::explain_mismatch(
      {input.substr(0, first), input.substr(first + 1, second - first - 1), &secrets, &others});
  if (lines.empty()) __builtin_trap();
  for (const std::string& line : lines)
    if (line.find(secret) != std::string::npos) __builtin_trap();
  return 0;
}

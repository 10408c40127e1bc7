// libFuzzer target: parsing signature values, and the sha256sum-style lists verify --check reads.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/checksum_list.hpp"
#include "core/signature.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto digest = core::parse_signature(text);
  if (digest && core::format_signature(*digest).size() != 71) __builtin_trap();
  auto list = core::parse_checksum_list(text);
  if (list)
    for (const auto& entry : *list) {
      auto again =
          core::parse_checksum_list(core::format_checksum_line(entry.signature, entry.file));
      if (!again || again->size() != 1 || (*again)[0].file != entry.file) __builtin_trap();
    }
  return 0;
}

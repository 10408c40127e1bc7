// Sizes written on a command line: "10MiB", "512KiB", "1GiB", "2000000"; K, M and G (with or
// without "iB" or "B") are binary multiples, as people mean them for buffers and limits.
#pragma once

#include <cstdint>
#include <string_view>

#include "util/expected.hpp"

namespace util {

Expected<std::uint64_t> parse_byte_size(std::string_view text);

}  // namespace util

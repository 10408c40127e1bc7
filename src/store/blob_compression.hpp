// Payloads are kept deflated (zlib): JSON of a hundred runs shrinks several times, which is what
// lets a million batches fit in a few GB. Reading back is bounded, as every decoding of stored
// bytes is. (The runs blob history reads is kept plain: inflating it cost more than its reading.)
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "util/expected.hpp"

namespace store {

inline constexpr std::size_t max_inflated_blob = std::size_t{256} << 20;

std::string deflate_blob(std::string_view bytes);
util::Expected<std::string> inflate_blob(std::string_view stored);

}  // namespace store

// The "sha256=<hex>  FILE" lines that `sign` writes for several files and `verify --check`
// reads back, in the format of sha256sum: names with a newline or backslash are escaped and the
// line then starts with a backslash.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/expected.hpp"

namespace core {

struct ChecksumEntry {
  std::string signature;  // as written; parsed by the caller so errors can name the file
  std::string file;
  int line_number = 0;
};

std::string format_checksum_line(std::string_view signature, std::string_view file);

// Blank lines are skipped; any other line that is not "SIGNATURE  FILE" is an error naming it.
util::Expected<std::vector<ChecksumEntry>> parse_checksum_list(std::string_view text);

}  // namespace core

// Finds the payload's top-level "timestamp" without building the document: the streaming reader
// stops at the field, so checking the age of a large delivery costs almost nothing.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include "util/expected.hpp"

namespace core {

util::Expected<std::string> find_payload_timestamp(std::string_view body);
util::Expected<std::string> find_payload_timestamp(std::FILE* body);

}  // namespace core

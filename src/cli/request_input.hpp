// Reading a raw HTTP request file (--request of verify and send): bounded, parsed, its notes
// printed as warnings, and every failure named after the option and the file.
#pragma once

#include <string>

#include "core/http_request.hpp"

namespace cli {

// Throws Failure (exit 2) when the file cannot be read or is not a request.
core::HttpRequest read_request_file(const std::string& path);

}  // namespace cli

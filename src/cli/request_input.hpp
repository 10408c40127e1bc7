// Reading a raw HTTP request file (--request of verify and send): bounded, parsed, its notes
// printed as warnings, and every failure named after the option and the file.
#pragma once

#include <cstddef>
#include <string>

#include "core/http/http_request.hpp"

namespace cli {

// Throws Failure (exit 2) when the file cannot be read or is not a request.
core::HttpRequest read_request_file(const std::string& path);

// The body with its Content-Encoding undone (gzip, deflate, br), as listen verifies it, within
// max_decoded bytes (--max-body; a saved bomb must not take gigabytes); throws Failure (exit 2)
// for a coding it does not know or a body that does not decode within the bound.
std::string decoded_request_body(const core::HttpRequest& request, const std::string& path,
                                 std::size_t max_decoded);

}  // namespace cli

// --max-body for the commands that read saved requests (verify --request, send --request,
// history): a body's Content-Encoding is undone within the same bound listen enforces, so a small
// saved bomb cannot take gigabytes later. One wording, one default, one check.
#pragma once

#include <cstddef>
#include <string>

namespace CLI {
class App;
}  // namespace CLI

namespace cli {

inline constexpr const char* default_max_body = "10MiB";  // listen --max-body's default

void add_max_body_option(CLI::App& command, std::string& max_body);

// The option's value in bytes; throws Failure (exit 2) naming --max-body.
std::size_t read_max_body(const std::string& max_body);

}  // namespace cli

// --max-body for the commands that read saved requests (verify --request, send --request,
// history): a body's Content-Encoding is undone within the same bound listen enforces, so a small
// saved bomb cannot take gigabytes later. One wording, one default, one check.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace CLI {
class App;
}  // namespace CLI

namespace cli {

inline constexpr const char* default_max_body = "10MiB";  // listen --max-body's default

void add_max_body_option(CLI::App& command, std::string& max_body);

// A size option's value in bytes (10MiB, 512KiB, 2000000), at most 4GiB since it is held in
// memory; throws Failure (exit 2) naming the option.
std::uint64_t size_option(const std::string& name, const std::string& text);

// --max-body's value in bytes.
std::size_t read_max_body(const std::string& max_body);

}  // namespace cli

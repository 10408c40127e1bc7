// Mistakes on the command line told in the tool's own voice: CLI11's messages ("Could not
// convert: --groups = abc") rewritten to name the option and what it allows, an unknown command
// or option answered with the nearest known one, and a check that refuses negative counts.
#pragma once

#include <cstdint>

#include <CLI/CLI.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace cli {

// The commands, in the order the help lists them.
const std::vector<std::string>& command_names();

// "unknown command 'verfy'; did you mean 'verify'?"
std::string describe_unknown_command(std::string_view word);

// One line for a parse error of the command line argv, whose command (if any) is known to app.
std::string describe_parse_error(const CLI::ParseError& error, const CLI::App& app, int argc,
                                 char** argv);

// A whole number within bounds, said in one sentence: "must be a whole number from 0 to 100000,
// not -1". CLI11 alone reads -1 as 18446744073709551615, saturates a number too large for its
// type without a word, and takes 0x10 as 16.
CLI::Validator whole_number(std::uint64_t min, std::uint64_t max);
// A count of 1 or more: "must be 1 or more, not 0" (CLI11's own says so with a 309-digit bound),
// and at most max.
CLI::Validator positive_count(std::uint64_t max = 1'000'000'000);

}  // namespace cli

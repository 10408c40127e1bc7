// Reading a payload for the commands that take one (parse, summarize): the input streams through
// the validator and one more handler, and every problem is printed the same way for all of them.
#pragma once

#include <string>

#include "core/payload/payload_validator.hpp"
#include "util/json_ignore.hpp"
#include "util/json_reader.hpp"

namespace cli {

// How messages name an input: the path, or "standard input" for "-".
std::string input_name(const std::string& file);

// How reading one payload went. Its problems are a per-file report, printed as they are found
// (like a compiler's), so a command with several inputs goes on to the next.
enum class PayloadReading {
  valid,       // warnings may have been printed
  invalid,     // every problem printed
  unreadable,  // why printed
};

PayloadReading read_payload(const std::string& file, core::PayloadValidator& validator,
                            util::JsonHandler& also, bool strict);

// exit_success, exit_negative or exit_trouble, as every command documents them.
int exit_status_for(PayloadReading reading);

// The handler that discards events, for callers that only validate.
using util::IgnoreJson;

}  // namespace cli

// Reading a payload for the commands that take one (parse, summarize): the input streams through
// the validator and one more handler, and every problem is printed the same way for all of them.
#pragma once

#include <string>

#include "core/payload_validator.hpp"
#include "util/json_reader.hpp"

namespace cli {

// How messages name an input: the path, or "standard input" for "-".
std::string input_name(const std::string& file);

// Returns exit_success (valid; warnings may have been printed), exit_negative (invalid, every
// problem printed) or exit_trouble (unreadable).
int read_payload(const std::string& file, core::PayloadValidator& validator,
                 util::JsonHandler& also, bool strict);

// Discards events: the second handler when only validation matters.
class IgnoreJson : public util::JsonHandler {
 public:
  void begin_object(const util::JsonPath&) override {}
  void key(const util::JsonPath&, std::string_view) override {}
  void end_object(const util::JsonPath&, std::size_t) override {}
  void begin_array(const util::JsonPath&) override {}
  void end_array(const util::JsonPath&, std::size_t) override {}
  void scalar(const util::JsonPath&, util::JsonScalarKind, std::string_view) override {}
};

}  // namespace cli

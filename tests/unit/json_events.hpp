// Test helpers for the streaming JSON layer: events recorded as text.
#pragma once

#include <string>
#include <string_view>

#include "util/json_reader.hpp"

namespace test {

// Records events as text, to check what a reader reports and where.
class EventLog : public util::JsonHandler {
 public:
  std::string log;
  void begin_object(const util::JsonPath& p) override { log += "{" + p.pointer() + " "; }
  void key(const util::JsonPath&, std::string_view k) override {
    log += "k:" + std::string(k) + " ";
  }
  void end_object(const util::JsonPath& p, std::size_t n) override {
    log += "}" + p.pointer() + "#" + std::to_string(n) + " ";
  }
  void begin_array(const util::JsonPath& p) override { log += "[" + p.pointer() + " "; }
  void end_array(const util::JsonPath& p, std::size_t n) override {
    log += "]" + p.pointer() + "#" + std::to_string(n) + " ";
  }
  void scalar(const util::JsonPath& p, util::JsonScalarKind, std::string_view text) override {
    log += p.pointer() + "=" + std::string(text) + " ";
  }
};

}  // namespace test

// A JSON handler that discards every event: the second handler when only validation matters, or
// the only one when only the syntax does.
#pragma once

#include "util/json_reader.hpp"

namespace util {

class IgnoreJson : public JsonHandler {
 public:
  void begin_object(const JsonPath&) override {}
  void key(const JsonPath&, std::string_view) override {}
  void end_object(const JsonPath&, std::size_t) override {}
  void begin_array(const JsonPath&) override {}
  void end_array(const JsonPath&, std::size_t) override {}
  void scalar(const JsonPath&, JsonScalarKind, std::string_view) override {}
};

}  // namespace util

// A JSON handler that passes every event on to a target that can change between documents: a
// stream of documents (JsonReader::next_document) read into a fresh handler each.
#pragma once

#include "util/json_reader.hpp"

namespace util {

class JsonRelay : public JsonHandler {
 public:
  JsonHandler* target = nullptr;  // must be set before the reader's first event

  void begin_object(const JsonPath& p) override { target->begin_object(p); }
  void key(const JsonPath& p, std::string_view k) override { target->key(p, k); }
  void end_object(const JsonPath& p, std::size_t n) override { target->end_object(p, n); }
  void begin_array(const JsonPath& p) override { target->begin_array(p); }
  void end_array(const JsonPath& p, std::size_t n) override { target->end_array(p, n); }
  void scalar(const JsonPath& p, JsonScalarKind kind, std::string_view text) override {
    target->scalar(p, kind, text);
  }
};

}  // namespace util

// Writes JSON from parser events as they arrive: normalised (2-space indent or one line), keys in
// the order received, numbers exactly as written, so output streams like input.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "util/json_reader.hpp"
#include "util/json_string.hpp"

namespace util {

class JsonWriter : public JsonHandler {
 public:
  using Sink = std::function<void(std::string_view)>;
  // Output is gathered and handed to sink in large pieces; flush() hands over the rest.
  JsonWriter(Sink sink, bool pretty);
  ~JsonWriter() override = default;

  void begin_object(const JsonPath& path) override;
  void key(const JsonPath& path, std::string_view key) override;
  void end_object(const JsonPath& path, std::size_t members) override;
  void begin_array(const JsonPath& path) override;
  void end_array(const JsonPath& path, std::size_t elements) override;
  void scalar(const JsonPath& path, JsonScalarKind kind, std::string_view text) override;
  void flush();

 private:
  void before_value();
  void newline_and_indent();
  void maybe_flush();

  Sink sink_;
  bool pretty_;
  std::string out_;
  std::vector<std::size_t> counts_;  // values written so far in each open container
  std::vector<bool> is_array_;
};

// "/pointer = value" for every leaf (and empty container), for grep.
class JsonFlatWriter : public JsonHandler {
 public:
  explicit JsonFlatWriter(JsonWriter::Sink sink) : sink_(std::move(sink)) {}
  void begin_object(const JsonPath&) override {}
  void key(const JsonPath&, std::string_view) override {}
  void end_object(const JsonPath& path, std::size_t members) override;
  void begin_array(const JsonPath&) override {}
  void end_array(const JsonPath& path, std::size_t elements) override;
  void scalar(const JsonPath& path, JsonScalarKind kind, std::string_view text) override;
  void flush();

 private:
  void line(const JsonPath& path, std::string_view value);
  JsonWriter::Sink sink_;
  std::string out_;
};

}  // namespace util

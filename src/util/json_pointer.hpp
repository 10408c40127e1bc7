// RFC 6901 JSON Pointers ("/run_groups/0/status"), and picking their values out of a stream of
// parser events without keeping the document.
#pragma once

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "util/expected.hpp"
#include "util/json_reader.hpp"
#include "util/json_writer.hpp"

namespace util {

// The unescaped reference tokens; "" is the whole document.
Expected<std::vector<std::string>> parse_json_pointer(std::string_view pointer);

// A "*" token matches any key or index, so one pointer can pick many values
// ("/run_groups/*/name"); a key named "*" itself cannot be picked this way.
class JsonPointerGetter : public JsonHandler {
 public:
  explicit JsonPointerGetter(const std::vector<std::vector<std::string>>& pointers);

  void begin_object(const JsonPath& path) override;
  void key(const JsonPath& path, std::string_view key) override;
  void end_object(const JsonPath& path, std::size_t members) override;
  void begin_array(const JsonPath& path) override;
  void end_array(const JsonPath& path, std::size_t elements) override;
  void scalar(const JsonPath& path, JsonScalarKind kind, std::string_view text) override;

  // For each pointer, in the order given: its values in document order, each a line (a string
  // raw, anything else as compact JSON); none when the document has nothing there. Of duplicate
  // keys the last counts, as everywhere.
  std::vector<std::vector<std::string>> results() const;

 private:
  struct Target {
    std::vector<std::string> tokens;
    std::deque<std::string> values;  // stable while a container is captured into one
    std::unordered_map<std::string, std::size_t> value_at;  // concrete pointer -> its value
    std::unique_ptr<JsonWriter> capture;                    // while inside the target container
    std::size_t capture_depth = 0;
  };
  static bool matches(const JsonPath& path, const std::vector<std::string>& tokens);
  static std::string& value_for(Target& target, const JsonPath& path);
  template <typename Event>
  void forward(const JsonPath& path, bool begins, bool ends, Event event);

  std::vector<Target> targets_;
};

}  // namespace util

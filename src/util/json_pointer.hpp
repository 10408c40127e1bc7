// RFC 6901 JSON Pointers ("/run_groups/0/status"), and picking their values out of a stream of
// parser events without keeping the document.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/expected.hpp"
#include "util/json_reader.hpp"
#include "util/json_writer.hpp"

namespace util {

// The unescaped reference tokens; "" is the whole document.
Expected<std::vector<std::string>> parse_json_pointer(std::string_view pointer);

class JsonPointerGetter : public JsonHandler {
 public:
  explicit JsonPointerGetter(const std::vector<std::vector<std::string>>& pointers);

  void begin_object(const JsonPath& path) override;
  void key(const JsonPath& path, std::string_view key) override;
  void end_object(const JsonPath& path, std::size_t members) override;
  void begin_array(const JsonPath& path) override;
  void end_array(const JsonPath& path, std::size_t elements) override;
  void scalar(const JsonPath& path, JsonScalarKind kind, std::string_view text) override;

  // For each pointer, in the order given: the value (a string raw, anything else as compact
  // JSON), or nullopt when the document has nothing there.
  std::vector<std::optional<std::string>> results() const;

 private:
  struct Target {
    std::vector<std::string> tokens;
    std::optional<std::string> result;
    std::unique_ptr<JsonWriter> capture;  // while inside the target container
    std::size_t capture_depth = 0;
  };
  static bool matches(const JsonPath& path, const std::vector<std::string>& tokens);
  template <typename Event>
  void forward(const JsonPath& path, bool begins, bool ends, Event event);

  std::vector<Target> targets_;
};

}  // namespace util

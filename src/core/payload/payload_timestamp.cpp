#include "core/payload/payload_timestamp.hpp"

#include <fmt/core.h>

#include "util/json_reader.hpp"

namespace core {

namespace {
// Watches the events for the top-level "timestamp". A key given twice is read as the last one, as
// the payload validator and every JSON parser that keeps one value do: reading the first would let
// a replayed body carry a fresh timestamp for this check and a stale one for everything else.
class TimestampFinder : public util::JsonHandler {
 public:
  std::string timestamp;
  std::string problem;
  bool found = false;
  util::JsonReader* reader = nullptr;

  void begin_object(const util::JsonPath& path) override {
    if (is_timestamp(path)) wrong_type(path, "an object");
  }
  void key(const util::JsonPath&, std::string_view) override {}
  void end_object(const util::JsonPath&, std::size_t) override {}
  void begin_array(const util::JsonPath& path) override { wrong_type(path, "an array"); }
  void end_array(const util::JsonPath&, std::size_t) override {}
  void scalar(const util::JsonPath& path, util::JsonScalarKind kind,
              std::string_view text) override {
    if (path.depth() == 0) return wrong_type(path, describe(kind));
    if (!is_timestamp(path)) return;
    if (kind != util::JsonScalarKind::string) return wrong_type(path, describe(kind));
    timestamp = text;
    found = true;
    problem.clear();
  }

 private:
  static bool is_timestamp(const util::JsonPath& path) {
    return path.depth() == 1 && !path.back().is_index && path.back().key == "timestamp";
  }
  static const char* describe(util::JsonScalarKind kind) {
    switch (kind) {
      case util::JsonScalarKind::string: return "a string";
      case util::JsonScalarKind::number: return "a number";
      case util::JsonScalarKind::boolean: return "a boolean";
      case util::JsonScalarKind::null: return "null";
    }
    return "a value";
  }
  // Only the root and the timestamp itself are judged; anything else inside is skipped.
  void wrong_type(const util::JsonPath& path, const std::string& type) {
    if (path.depth() == 0) {
      problem = "the payload is " + type + ", not a JSON object";
      reader->stop();
    } else if (is_timestamp(path)) {
      problem = "the payload's timestamp is " + type + ", not a string";
      found = false;
    }
  }
};

template <typename Input>
util::Expected<std::string> find_in(const Input& input) {
  TimestampFinder finder;
  util::JsonReader reader(finder);
  finder.reader = &reader;
  reader.parse(input);
  if (finder.found) return finder.timestamp;
  if (!finder.problem.empty()) return util::unexpected(finder.problem);
  if (const auto& error = reader.error())
    return util::unexpected(fmt::format("the payload is not valid JSON (line {}, column {}: {})",
                                        error->line, error->column, error->message));
  return util::unexpected("the payload has no top-level \"timestamp\" field");
}
}  // namespace

util::Expected<std::string> find_payload_timestamp(std::string_view body) {
  return find_in(body);
}

util::Expected<std::string> find_payload_timestamp(std::FILE* body) {
  const util::JsonRefill refill = [body](char* buffer, std::size_t capacity) {
    return std::fread(buffer, 1, capacity, body);
  };
  return find_in(refill);
}

}  // namespace core

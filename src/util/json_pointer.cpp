#include "util/json_pointer.hpp"

namespace util {

Expected<std::vector<std::string>> parse_json_pointer(std::string_view pointer) {
  std::vector<std::string> tokens;
  if (pointer.empty()) return tokens;
  if (pointer.front() != '/')
    return unexpected("'" + std::string(pointer) +
                      "' is not a JSON Pointer (it must start with /, like /app/name)");
  std::size_t pos = 1;
  for (;;) {
    const std::size_t slash = pointer.find('/', pos);
    const std::string_view raw =
        pointer.substr(pos, slash == std::string_view::npos ? std::string_view::npos : slash - pos);
    std::string token;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] != '~') {
        token += raw[i];
      } else if (i + 1 < raw.size() && (raw[i + 1] == '0' || raw[i + 1] == '1')) {
        token += raw[++i] == '0' ? '~' : '/';
      } else {
        return unexpected("'" + std::string(pointer) +
                          "' is not a JSON Pointer (~ must be written ~0, / as ~1)");
      }
    }
    tokens.push_back(std::move(token));
    if (slash == std::string_view::npos) return tokens;
    pos = slash + 1;
  }
}

JsonPointerGetter::JsonPointerGetter(const std::vector<std::vector<std::string>>& pointers) {
  for (const auto& tokens : pointers) {
    targets_.emplace_back();
    targets_.back().tokens = tokens;
  }
}

bool JsonPointerGetter::matches(const JsonPath& path, const std::vector<std::string>& tokens) {
  const auto& segments = path.segments();
  if (segments.size() != tokens.size()) return false;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const auto& segment = segments[i];
    if (tokens[i] == "*") continue;
    if (segment.is_index) {
      // RFC 6901: an array index is decimal digits without leading zeros.
      if (tokens[i] != std::to_string(segment.index)) return false;
    } else if (segment.key != tokens[i]) {
      return false;
    }
  }
  return true;
}

// The value's place: a new one, or, for a duplicate key, the earlier one emptied (the later
// value replaces it, as JSON.parse and every other command here read it).
std::string& JsonPointerGetter::value_for(Target& target, const JsonPath& path) {
  const auto [place, added] = target.value_at.emplace(path.pointer(), target.values.size());
  if (added) return target.values.emplace_back();
  std::string& value = target.values[place->second];
  value.clear();
  return value;
}

template <typename Event>
void JsonPointerGetter::forward(const JsonPath& path, bool begins, bool ends, Event event) {
  for (Target& target : targets_) {
    if (target.capture) {
      event(*target.capture);
      if (ends && path.depth() == target.capture_depth) {
        target.capture->flush();
        target.capture.reset();
      }
    } else if (begins && matches(path, target.tokens)) {
      std::string& value = value_for(target, path);
      target.capture = std::make_unique<JsonWriter>(
          [&value](std::string_view text) { value.append(text); }, false);
      target.capture_depth = path.depth();
      event(*target.capture);
    }
  }
}

void JsonPointerGetter::begin_object(const JsonPath& path) {
  forward(path, true, false, [&](JsonWriter& w) { w.begin_object(path); });
}
void JsonPointerGetter::key(const JsonPath& path, std::string_view key) {
  forward(path, false, false, [&](JsonWriter& w) { w.key(path, key); });
}
void JsonPointerGetter::end_object(const JsonPath& path, std::size_t members) {
  forward(path, false, true, [&](JsonWriter& w) { w.end_object(path, members); });
}
void JsonPointerGetter::begin_array(const JsonPath& path) {
  forward(path, true, false, [&](JsonWriter& w) { w.begin_array(path); });
}
void JsonPointerGetter::end_array(const JsonPath& path, std::size_t elements) {
  forward(path, false, true, [&](JsonWriter& w) { w.end_array(path, elements); });
}
void JsonPointerGetter::scalar(const JsonPath& path, JsonScalarKind kind, std::string_view text) {
  for (Target& target : targets_) {
    if (target.capture)
      target.capture->scalar(path, kind, text);
    else if (matches(path, target.tokens))
      value_for(target, path) = std::string(text) + "\n";  // a string raw, anything else as written
  }
}

std::vector<std::vector<std::string>> JsonPointerGetter::results() const {
  std::vector<std::vector<std::string>> results;
  for (const Target& target : targets_)
    results.emplace_back(target.values.begin(), target.values.end());
  return results;
}

}  // namespace util

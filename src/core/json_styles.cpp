#include "core/json_styles.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "util/json_string.hpp"

namespace core {

namespace {
using Json = nlohmann::ordered_json;

void write_string(std::string& out, std::string_view text, const JsonStyle& style) {
  util::append_json_string(out, text, {style.escaped_slashes, style.ascii_escapes});
}

void write_newline(std::string& out, const JsonStyle& style, int depth) {
  const int width = style.layout == JsonLayout::indent2 ? 2 : 4;
  out += '\n';
  out.append(static_cast<std::size_t>(width * depth), ' ');
}

void write_value(std::string& out, const Json& value, const JsonStyle& style, int depth) {
  const bool indented = style.layout == JsonLayout::indent2 || style.layout == JsonLayout::indent4;
  const char* item_separator = style.layout == JsonLayout::spaced ? ", " : ",";
  const char* key_separator = style.layout == JsonLayout::compact ? ":" : ": ";
  if (value.is_object()) {
    if (value.empty()) {
      out += "{}";
      return;
    }
    std::vector<std::pair<const std::string*, const Json*>> members;
    for (auto it = value.begin(); it != value.end(); ++it)
      members.emplace_back(&it.key(), &it.value());
    if (style.sorted_keys)
      std::stable_sort(members.begin(), members.end(),
                       [](const auto& a, const auto& b) { return *a.first < *b.first; });
    out += '{';
    bool first = true;
    for (const auto& [key, member] : members) {
      if (!first) out += item_separator;
      first = false;
      if (indented) write_newline(out, style, depth + 1);
      write_string(out, *key, style);
      out += key_separator;
      write_value(out, *member, style, depth + 1);
    }
    if (indented) write_newline(out, style, depth);
    out += '}';
  } else if (value.is_array()) {
    if (value.empty()) {
      out += "[]";
      return;
    }
    out += '[';
    bool first = true;
    for (const auto& element : value) {
      if (!first) out += item_separator;
      first = false;
      if (indented) write_newline(out, style, depth + 1);
      write_value(out, element, style, depth + 1);
    }
    if (indented) write_newline(out, style, depth);
    out += ']';
  } else if (value.is_string()) {
    write_string(out, value.get_ref<const std::string&>(), style);
  } else {
    out += value.dump();  // numbers, booleans, null: the same in every common serialiser
  }
}
}  // namespace

std::string JsonStyle::describe() const {
  std::string text;
  switch (layout) {
    case JsonLayout::compact: text = "compact (no spaces)"; break;
    case JsonLayout::spaced:
      text = "on one line with \", \" and \": \" (Python's json.dumps)";
      break;
    case JsonLayout::indent2: text = "indented by 2 spaces"; break;
    case JsonLayout::indent4: text = "indented by 4 spaces"; break;
  }
  std::vector<std::string> extras;
  if (ascii_escapes) extras.emplace_back("\\uXXXX escapes for non-ASCII characters");
  if (escaped_slashes) extras.emplace_back("slashes escaped as \\/");
  if (sorted_keys) extras.emplace_back("keys sorted");
  for (std::size_t i = 0; i < extras.size(); ++i)
    text += (i == 0 ? ", with " : (i + 1 == extras.size() ? " and " : ", ")) + extras[i];
  return text;
}

std::vector<JsonRendering> render_json_styles(std::string_view body) {
  // A depth limit keeps hostile nesting from exhausting the stack in the recursive writer.
  constexpr int max_depth = 512;
  int depth = 0;
  bool too_deep = false;
  const Json::parser_callback_t track_depth = [&](int parse_depth, Json::parse_event_t, Json&) {
    depth = parse_depth;
    if (depth > max_depth) too_deep = true;
    return !too_deep;
  };
  Json document = Json::parse(body.begin(), body.end(), track_depth, /*allow_exceptions=*/false);
  if (too_deep || document.is_discarded()) return {};

  std::vector<JsonRendering> renderings;
  for (JsonLayout layout :
       {JsonLayout::compact, JsonLayout::spaced, JsonLayout::indent2, JsonLayout::indent4})
    for (bool ascii : {false, true})
      for (bool slashes : {false, true})
        for (bool sorted : {false, true}) {
          JsonStyle style{layout, ascii, slashes, sorted};
          std::string text;
          write_value(text, document, style, 0);
          renderings.push_back(JsonRendering{style, std::move(text)});
        }
  return renderings;
}

}  // namespace core

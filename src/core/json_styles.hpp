// The ways web frameworks commonly re-serialise a JSON body (layout, escaping, key order), so a
// mismatch caused by re-serialisation can be recognised by re-serialising the body the same way.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace core {

enum class JsonLayout { compact, spaced, indent2, indent4 };

struct JsonStyle {
  JsonLayout layout = JsonLayout::compact;
  bool ascii_escapes = false;    // non-ASCII as \uXXXX (Python's default, PHP's default)
  bool escaped_slashes = false;  // "/" as "\/" (PHP's default)
  bool sorted_keys = false;      // Go's maps, Python's sort_keys=True

  std::string describe() const;  // e.g. "compact (no spaces), with \uXXXX escapes"
};

struct JsonRendering {
  JsonStyle style;
  std::string text;
};

// Every style's rendering of the body; empty when the body is not JSON. The renderings keep the
// data exactly (numbers as written by the parser, strings unchanged) and differ only in syntax.
std::vector<JsonRendering> render_json_styles(std::string_view body);

}  // namespace core

// How a JSON body is laid out and how its strings are escaped, and the same data written the ways
// web frameworks commonly re-serialise it (layout, escaping), so that a mismatch caused by
// re-serialisation can be recognised. Renderings stream to a sink in pieces: trying many styles on
// a large body costs time, never a copy of the body.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "util/piece_writer.hpp"

namespace core {

using ByteSink = util::ByteSink;

enum class JsonLayout {
  as_received,  // the whitespace between tokens kept exactly
  compact,      // JSON.stringify(x), json_encode
  spaced,       // Python's json.dumps: ", " and ": " on one line
  indent2,      // JSON.stringify(x, null, 2), jq
  indent4,      // json.dumps(x, indent=4)
  tabs,         // JSON.stringify(x, null, "\t")
};

struct StringEscaping {
  bool ascii_escapes = false;    // non-ASCII as \uXXXX (Python's and PHP's default)
  bool escaped_slashes = false;  // "/" as "\/" (PHP's default)
  bool operator==(const StringEscaping&) const = default;
};
// The four escapings, shortest first.
inline constexpr std::array<StringEscaping, 4> all_escapings{
    {{false, false}, {true, false}, {false, true}, {true, true}}};

struct JsonStyle {
  JsonLayout layout = JsonLayout::as_received;
  std::optional<StringEscaping> escaping;  // none: every string exactly as received
};

// What a body's JSON looks like, read once by inspect_json().
struct JsonShape {
  std::size_t start = 0;  // after a byte-order mark
  // The common layout of the whitespace inside the document, if it has one; and whether it has
  // whitespace before or after it.
  std::optional<JsonLayout> layout;
  bool outer_whitespace = false;
  // Which escapings write every string exactly as it was received.
  std::array<bool, all_escapings.size()> escaping_as_received{};
  bool has_non_ascii = false;  // a string holds a non-ASCII character, raw or escaped
  bool has_slash = false;      // a string holds a slash, raw or escaped
  std::size_t objects_with_several_keys = 0;
  bool keys_sorted = true;  // in every object, by code point (sort_keys=True, jq -S)
  // What the rendered sizes are made of.
  std::uint64_t other_token_bytes = 0;  // brackets, commas, colons, numbers, literals
  std::uint64_t whitespace_bytes = 0;   // as received
  std::uint64_t string_bytes = 0;       // as received, quotes included
  std::array<std::uint64_t, all_escapings.size()> escaped_string_bytes{};
  std::uint64_t separators = 0;  // commas and colons
  std::uint64_t colons = 0;
  std::uint64_t line_starts = 0;    // in an indented layout
  std::uint64_t indent_levels = 0;  // summed over those lines
};

// The shape of a body, or none when it is not one JSON document within the depth limit.
std::optional<JsonShape> inspect_json(std::string_view body, std::size_t max_depth = 512);

// The exact size render_json() writes, known before writing it.
std::uint64_t rendered_size(const JsonShape& shape, const JsonStyle& style);

// Writes the body's JSON in the style; the body must be the one inspected.
void render_json(std::string_view body, const JsonShape& shape, const JsonStyle& style,
                 const ByteSink& sink);

// "compact (no spaces)", "indented by 2 spaces", ...
std::string describe_layout(JsonLayout layout);

}  // namespace core

// A JSON string literal: the one escaper every JSON writer here uses.
#pragma once

#include <string>
#include <string_view>

namespace util {

// The choices that differ between JSON serialisers (JSON.stringify, json.dumps, PHP's
// json_encode, ...); the default is the shortest valid form, UTF-8 kept as it is.
struct JsonStringStyle {
  bool escaped_slashes = false;  // "/" written as "\/"
  bool ascii_only = false;       // non-ASCII written as \uXXXX (surrogate pairs past U+FFFF)
};

// Appends text quoted and escaped; control characters always become escapes.
void append_json_string(std::string& out, std::string_view text, JsonStringStyle style = {});
// The same without the quotes, so a long string can be escaped piece by piece (cut between
// characters): each character is escaped on its own.
void append_json_string_content(std::string& out, std::string_view text,
                                JsonStringStyle style = {});

}  // namespace util

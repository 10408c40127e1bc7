// Text for a person, built piece by piece by the text renderers: the program's own words as they
// are, text from a payload escaped for a terminal, spans in tones and marks as the style says.
#pragma once

#include <string>
#include <string_view>

#include "core/render/text_style.hpp"

namespace core {

// A status mark: one glyph in a UTF-8 locale, a word in brackets otherwise (of one width in each
// set, so that names line up), and its tone.
struct Mark {
  const char* unicode;
  const char* ascii;
  Tone tone;
};

class StyledText {
 public:
  explicit StyledText(const TextStyle& style) : style_(style) {}

  StyledText& styled(std::string_view trusted, Tone tone);
  StyledText& mark(const Mark& mark);
  StyledText& text(std::string_view untrusted);  // escaped: no control character reaches a terminal
  StyledText& plain(std::string_view trusted);
  const char* dash() const;  // " — ", or " - " in ASCII
  std::string take() { return std::move(out_); }

 private:
  const TextStyle& style_;
  std::string out_;
};

}  // namespace core

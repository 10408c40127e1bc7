#include "core/render/styled_text.hpp"

#include "util/text_escape.hpp"

namespace core {

StyledText& StyledText::styled(std::string_view trusted, Tone tone) {
  out_ += style_.toned(tone, trusted);
  return *this;
}

StyledText& StyledText::mark(const Mark& mark) {
  return styled(style_.unicode ? mark.unicode : mark.ascii, mark.tone);
}

StyledText& StyledText::text(std::string_view untrusted) {
  out_ += util::escape_for_terminal(untrusted);
  return *this;
}

StyledText& StyledText::plain(std::string_view trusted) {
  out_ += trusted;
  return *this;
}

const char* StyledText::dash() const {
  return style_.unicode ? " \xE2\x80\x94 " : " - ";
}

}  // namespace core

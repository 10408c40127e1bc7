#include "core/render/text_style.hpp"

namespace core {

std::string TextStyle::toned(Tone tone, std::string_view text) const {
  const std::string& start = tone_start[static_cast<std::size_t>(tone)];
  if (start.empty()) return std::string(text);
  std::string out;
  out.reserve(start.size() + text.size() + tone_end.size());
  out.append(start).append(text).append(tone_end);
  return out;
}

}  // namespace core

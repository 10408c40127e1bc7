// How a renderer for a person may mark its text. Core says what a span means (a tone: good, bad,
// ...) and whether Unicode marks may be used; what a tone looks like is the output's business
// (the CLI's colour table: ANSI codes on a terminal, nothing elsewhere). Core knows no escape code.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace core {

enum class Tone {
  strong,   // a heading: the app's name
  good,     // passed, verified
  bad,      // failed, rejected
  warning,  // unverified, a different app, an unknown status
  muted,    // skipped, refused
  pending,  // a run not finished yet
  halted,   // terminated
};
inline constexpr std::size_t tone_count = 7;

struct TextStyle {
  bool unicode = false;  // ✓ ✗ marks and an em dash; ASCII otherwise
  // What goes before a span of each tone and after any toned span; all empty for plain text.
  std::array<std::string, tone_count> tone_start{};
  std::string tone_end;

  // text between its tone's start and the end marker (or as it is, when the tone has none).
  std::string toned(Tone tone, std::string_view text) const;
};

}  // namespace core

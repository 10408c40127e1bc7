// Untrusted text (names and URLs from the network, file names) made safe to show on a terminal.
#pragma once

#include <string>
#include <string_view>

namespace util {

// Control characters (C0, DEL, C1) and bytes that are not valid UTF-8 become \xNN, and
// bidirectional and invisible characters \uNNNN, so the text can neither drive the terminal
// (escape sequences) nor garble or disguise itself (a right-to-left override).
std::string escape_for_terminal(std::string_view text);

}  // namespace util

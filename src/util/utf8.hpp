// UTF-8 as RFC 3629 defines it (no overlong forms, no surrogates, nothing past U+10FFFF): one set
// of rules for the JSON reader, the terminal escaper and the JSON writers.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace util {

// What a lead byte promises: the length of the whole sequence (0 when the byte cannot start
// one) and the range its second byte must fall in (narrower after E0, ED, F0 and F4).
struct Utf8Lead {
  std::size_t length = 0;
  unsigned char second_min = 0x80;
  unsigned char second_max = 0xbf;
};
Utf8Lead utf8_lead(unsigned char byte);
// Whether `byte` may stand at `index` (1 to length - 1) of a sequence started by `lead`.
bool utf8_continuation_allowed(const Utf8Lead& lead, std::size_t index, unsigned char byte);

// The length of the valid sequence starting at text[i] (1 for ASCII), or 0 when it is invalid.
std::size_t valid_utf8_length(std::string_view text, std::size_t i);

// How much of text, from its start, is valid UTF-8 (text.size() when all of it is).
std::size_t valid_utf8_prefix(std::string_view text);
// The text with each byte that is not part of a valid sequence replaced by U+FFFD, as JSON
// writers here do for names that come from file names and payloads.
std::string replacing_invalid_utf8(std::string_view text);

// The code point of the sequence starting at text[i], leaving i on its last byte. Meant for text
// already validated; an invalid sequence decodes to something, never out of bounds.
char32_t decode_utf8(std::string_view text, std::size_t& i);

// Characters that reorder or hide the text around them (bidirectional embeddings, overrides and
// isolates, marks, zero-width characters): shown as they are, they make "evil" read as "live".
bool is_bidi_or_invisible(char32_t code);
void append_utf8(std::string& out, char32_t code);

}  // namespace util

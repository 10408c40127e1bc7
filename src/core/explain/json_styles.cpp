#include "core/explain/json_styles.hpp"

#include <algorithm>
#include <vector>

#include "util/hex.hpp"
#include "util/json_reader.hpp"
#include "util/json_string.hpp"
#include "util/piece_writer.hpp"
#include "util/utf8.hpp"

namespace core {

namespace {
constexpr std::string_view byte_order_mark = "\xEF\xBB\xBF";
using util::PieceWriter;

bool is_json_whitespace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
bool is_open(char c) {
  return c == '{' || c == '[';
}
bool is_close(char c) {
  return c == '}' || c == ']';
}

// One token of a document already known to be valid, with the whitespace before it. kind is the
// token's first character for brackets, ',' and ':'; '"' for a string (text without the quotes);
// 'v' for a number or literal; 0 at the end (gap: the whitespace after the document).
struct Token {
  char kind = 0;
  std::string_view text;
  std::string_view gap;
};

class Lexer {
 public:
  Lexer(std::string_view body, std::size_t start) : body_(body), at_(start) {}

  Token next() {
    const std::size_t gap_start = at_;
    while (at_ < body_.size() && is_json_whitespace(body_[at_])) ++at_;
    Token token;
    token.gap = body_.substr(gap_start, at_ - gap_start);
    if (at_ >= body_.size()) return token;
    const char c = body_[at_];
    if (c == '"') {
      std::size_t end = at_ + 1;
      while (body_[end] != '"') end += body_[end] == '\\' ? std::size_t{2} : std::size_t{1};
      token.kind = '"';
      token.text = body_.substr(at_ + 1, end - at_ - 1);
      at_ = end + 1;
    } else if (is_open(c) || is_close(c) || c == ',' || c == ':') {
      token.kind = c;
      token.text = body_.substr(at_, 1);
      ++at_;
    } else {
      std::size_t end = at_;
      while (end < body_.size() && !is_json_whitespace(body_[end]) && body_[end] != ',' &&
             !is_close(body_[end]))
        ++end;
      token.kind = 'v';
      token.text = body_.substr(at_, end - at_);
      at_ = end;
    }
    return token;
  }

 private:
  std::string_view body_;
  std::size_t at_;
};

unsigned read_u_escape(std::string_view raw, std::size_t at) {  // at: the 'u'
  unsigned value = 0;
  for (std::size_t i = 1; i <= 4; ++i)
    value = value * 16 + static_cast<unsigned>(util::hex_digit_value(raw[at + i]));
  return value;
}

// Decodes a valid string's raw text (without quotes) in pieces cut between characters, so that
// a long string never needs a second copy.
template <typename Consume>
void decode_in_pieces(std::string_view raw, Consume&& consume) {
  std::string piece;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (piece.size() >= 4096 && (static_cast<unsigned char>(raw[i]) & 0xc0) != 0x80) {
      consume(std::string_view(piece));
      piece.clear();
    }
    if (raw[i] != '\\') {
      piece += raw[i];
      continue;
    }
    const char escape = raw[++i];
    switch (escape) {
      case 'b': piece += '\b'; break;
      case 'f': piece += '\f'; break;
      case 'n': piece += '\n'; break;
      case 'r': piece += '\r'; break;
      case 't': piece += '\t'; break;
      case 'u': {
        char32_t code = read_u_escape(raw, i);
        i += 4;
        if (code >= 0xd800 && code <= 0xdbff) {  // the reader has checked that a low one follows
          const char32_t low = read_u_escape(raw, i + 2);
          code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
          i += 6;
        }
        util::append_utf8(piece, code);
        break;
      }
      default: piece += escape;  // " \ /
    }
  }
  if (!piece.empty()) consume(std::string_view(piece));
}

void write_escaped(std::string_view raw, StringEscaping escaping, PieceWriter& out) {
  out.put('"');
  decode_in_pieces(raw, [&](std::string_view piece) {
    util::append_json_string_content(out.buffer(), piece,
                                     {escaping.escaped_slashes, escaping.ascii_escapes});
    out.flush_when_full();
  });
  out.put('"');
}

bool is_indented(JsonLayout layout) {
  return layout == JsonLayout::indent2 || layout == JsonLayout::indent4 ||
         layout == JsonLayout::tabs;
}

// Whether an indented layout starts a new line between these tokens, and at which level.
std::optional<std::size_t> line_break(char previous, char next, std::size_t depth) {
  if (is_open(previous) && !is_close(next)) return depth;
  if (previous == ',') return depth;
  if (is_close(next) && !is_open(previous)) return depth - 1;
  return std::nullopt;
}

void write_gap(JsonLayout layout, char previous, char next, std::size_t depth, PieceWriter& out) {
  if (previous == ':') {
    if (layout != JsonLayout::compact) out.put(' ');
    return;
  }
  if (layout == JsonLayout::spaced) {
    if (previous == ',') out.put(' ');
    return;
  }
  if (!is_indented(layout)) return;
  if (const auto level = line_break(previous, next, depth)) {
    out.put('\n');
    if (layout == JsonLayout::tabs)
      out.put_repeated('\t', *level);
    else
      out.put_repeated(' ', *level * (layout == JsonLayout::indent2 ? 2 : 4));
  }
}

bool gap_matches(JsonLayout layout, char previous, char next, std::size_t depth,
                 std::string_view gap) {
  if (previous == ':') return layout == JsonLayout::compact ? gap.empty() : gap == " ";
  if (layout == JsonLayout::spaced) return previous == ',' ? gap == " " : gap.empty();
  if (!is_indented(layout)) return gap.empty();
  const auto level = line_break(previous, next, depth);
  if (!level) return gap.empty();
  const char unit = layout == JsonLayout::tabs ? '\t' : ' ';
  const std::size_t width = layout == JsonLayout::indent2   ? 2
                            : layout == JsonLayout::indent4 ? 4
                                                            : 1;
  return gap.size() == 1 + *level * width && gap[0] == '\n' &&
         gap.find_first_not_of(unit, 1) == std::string_view::npos;
}

constexpr std::array<JsonLayout, 5> generated_layouts{JsonLayout::compact, JsonLayout::spaced,
                                                      JsonLayout::indent2, JsonLayout::indent4,
                                                      JsonLayout::tabs};

// Validates the document and reads its keys' order; the reader checks syntax, UTF-8, escapes
// and depth, so the lexer after it can trust the text.
class KeyOrderReader : public util::JsonHandler {
 public:
  explicit KeyOrderReader(JsonShape& shape) : shape_(shape) {}
  void begin_object(const util::JsonPath&) override { previous_keys_.emplace_back(); }
  void key(const util::JsonPath&, std::string_view key) override {
    auto& previous = previous_keys_.back();
    if (previous && key < *previous) shape_.keys_sorted = false;
    previous = std::string(key);
  }
  void end_object(const util::JsonPath&, std::size_t members) override {
    previous_keys_.pop_back();
    if (members >= 2) ++shape_.objects_with_several_keys;
  }
  void begin_array(const util::JsonPath&) override {}
  void end_array(const util::JsonPath&, std::size_t) override {}
  void scalar(const util::JsonPath&, util::JsonScalarKind, std::string_view) override {}

 private:
  JsonShape& shape_;
  std::vector<std::optional<std::string>> previous_keys_;
};

// What one string contributes to the shape: its sizes in each escaping, and whether each writes
// it as received.
void inspect_string(std::string_view raw, JsonShape& shape) {
  const std::uint64_t as_received = raw.size() + 2;
  shape.string_bytes += as_received;
  const bool escaped = raw.find('\\') != std::string_view::npos;
  const bool raw_non_ascii = std::any_of(
      raw.begin(), raw.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  const bool raw_slash = raw.find('/') != std::string_view::npos;
  if (!escaped) {
    shape.has_non_ascii |= raw_non_ascii;
    shape.has_slash |= raw_slash;
  } else {
    decode_in_pieces(raw, [&](std::string_view piece) {
      for (char c : piece) {
        shape.has_non_ascii |= static_cast<unsigned char>(c) >= 0x80;
        shape.has_slash |= c == '/';
      }
    });
  }
  for (std::size_t i = 0; i < all_escapings.size(); ++i) {
    const StringEscaping escaping = all_escapings[i];
    if (!escaped && (!raw_non_ascii || !escaping.ascii_escapes) &&
        (!raw_slash || !escaping.escaped_slashes)) {
      shape.escaped_string_bytes[i] += as_received;  // written unchanged
      continue;
    }
    // Written and compared piece by piece with what was received.
    std::uint64_t size = 0;
    bool same = true;
    const std::string_view quoted(raw.data() - 1, raw.size() + 2);
    const ByteSink compare = [&](std::string_view piece) {
      if (same &&
          (size + piece.size() > quoted.size() || quoted.substr(size, piece.size()) != piece))
        same = false;
      size += piece.size();
    };
    {
      PieceWriter out(compare);
      write_escaped(raw, escaping, out);
      out.flush();
    }
    shape.escaped_string_bytes[i] += size;
    if (!(same && size == quoted.size())) shape.escaping_as_received[i] = false;
  }
}
}  // namespace

std::optional<JsonShape> inspect_json(std::string_view body, std::size_t max_depth) {
  JsonShape shape;
  KeyOrderReader key_order(shape);
  util::JsonReader reader(key_order, {max_depth, body.size()});
  if (!reader.parse(body)) return std::nullopt;
  if (body.starts_with(byte_order_mark)) shape.start = byte_order_mark.size();
  shape.escaping_as_received.fill(true);

  std::array<bool, generated_layouts.size()> layout_fits{};
  layout_fits.fill(true);
  Lexer lexer(body, shape.start);
  char previous = 0;
  std::size_t depth = 0;
  for (Token token = lexer.next();; token = lexer.next()) {
    shape.whitespace_bytes += token.gap.size();
    if (previous == 0 || token.kind == 0) {
      shape.outer_whitespace |= !token.gap.empty();
    } else {
      for (std::size_t i = 0; i < generated_layouts.size(); ++i)
        layout_fits[i] = layout_fits[i] &&
                         gap_matches(generated_layouts[i], previous, token.kind, depth, token.gap);
      if (const auto level = line_break(previous, token.kind, depth)) {
        ++shape.line_starts;
        shape.indent_levels += *level;
      }
    }
    if (token.kind == 0) break;
    if (token.kind == '"') {
      inspect_string(token.text, shape);
    } else {
      shape.other_token_bytes += token.text.size();
      if (token.kind == ',' || token.kind == ':') ++shape.separators;
      if (token.kind == ':') ++shape.colons;
    }
    if (is_open(token.kind)) ++depth;
    if (is_close(token.kind)) --depth;
    previous = token.kind;
  }
  for (std::size_t i = 0; i < generated_layouts.size(); ++i)
    if (layout_fits[i] && !shape.layout) shape.layout = generated_layouts[i];
  return shape;
}

std::uint64_t rendered_size(const JsonShape& shape, const JsonStyle& style) {
  std::uint64_t size = shape.other_token_bytes;
  if (!style.escaping) {
    size += shape.string_bytes;
  } else {
    for (std::size_t i = 0; i < all_escapings.size(); ++i)
      if (all_escapings[i] == *style.escaping) size += shape.escaped_string_bytes[i];
  }
  switch (style.layout) {
    case JsonLayout::as_received: return size + shape.whitespace_bytes;
    case JsonLayout::compact: return size;
    case JsonLayout::spaced: return size + shape.separators;
    case JsonLayout::indent2:
      return size + shape.colons + shape.line_starts + 2 * shape.indent_levels;
    case JsonLayout::indent4:
      return size + shape.colons + shape.line_starts + 4 * shape.indent_levels;
    case JsonLayout::tabs: return size + shape.colons + shape.line_starts + shape.indent_levels;
  }
  return size;
}

void render_json(std::string_view body, const JsonShape& shape, const JsonStyle& style,
                 const ByteSink& sink) {
  PieceWriter out(sink);
  Lexer lexer(body, shape.start);
  char previous = 0;
  std::size_t depth = 0;
  for (Token token = lexer.next();; token = lexer.next()) {
    if (style.layout == JsonLayout::as_received)
      out.put(token.gap);
    else if (previous != 0 && token.kind != 0)
      write_gap(style.layout, previous, token.kind, depth, out);
    if (token.kind == 0) break;
    if (token.kind == '"' && style.escaping) {
      write_escaped(token.text, *style.escaping, out);
    } else if (token.kind == '"') {
      out.put('"');
      out.put(token.text);
      out.put('"');
    } else {
      out.put(token.text);
    }
    if (is_open(token.kind)) ++depth;
    if (is_close(token.kind)) --depth;
    previous = token.kind;
  }
  out.flush();
}

std::string describe_layout(JsonLayout layout) {
  switch (layout) {
    case JsonLayout::as_received: return "laid out as this body is";
    case JsonLayout::compact: return "compact (no spaces)";
    case JsonLayout::spaced: return "on one line with \", \" and \": \" (Python's json.dumps)";
    case JsonLayout::indent2: return "indented by 2 spaces";
    case JsonLayout::indent4: return "indented by 4 spaces";
    case JsonLayout::tabs: return "indented with tabs";
  }
  return "";
}

}  // namespace core

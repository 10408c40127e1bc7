#include "util/json_reader.hpp"

#include <fmt/core.h>
#include <algorithm>
#include <cstdio>

#include "util/utf8.hpp"

namespace util {

namespace {
constexpr std::size_t buffer_size = 256 * 1024;
constexpr std::size_t context_before = 50;
constexpr std::size_t context_after = 25;
constexpr std::size_t max_number_length = 1000;

std::string describe_byte(int c) {
  if (c < 0) return "the end of the input";
  if (c >= 0x21 && c < 0x7f) return std::string("'") + static_cast<char>(c) + "'";
  return fmt::format("byte 0x{:02x}", static_cast<unsigned>(c));
}
}  // namespace

std::string escape_pointer_token(std::string_view token) {
  std::string escaped;
  escaped.reserve(token.size());
  for (char c : token) {
    if (c == '~')
      escaped += "~0";
    else if (c == '/')
      escaped += "~1";
    else
      escaped += c;
  }
  return escaped;
}

std::string JsonPath::pointer() const {
  std::string pointer;
  for (const Segment& segment : segments_) {
    pointer += '/';
    pointer += segment.is_index ? std::to_string(segment.index) : escape_pointer_token(segment.key);
  }
  return pointer;
}

void JsonPath::push_key(std::string_view key) {
  segments_.push_back(Segment{std::string(key), 0, false});
}

void JsonPath::push_index(std::size_t index) {
  segments_.push_back(Segment{{}, index, true});
}

JsonReader::JsonReader(JsonHandler& handler, JsonLimits limits)
    : handler_(handler), limits_(limits) {}

bool JsonReader::parse(std::string_view text) {
  refill_ = nullptr;
  pos_ = buffer_start_ = text.data();
  end_ = text.data() + text.size();
  return run();
}

bool JsonReader::parse(const JsonRefill& refill) {
  refill_ = &refill;
  storage_.resize(buffer_size);
  pos_ = end_ = buffer_start_ = storage_.data();
  return run();
}

void JsonReader::start_sequence(const JsonRefill& refill) {
  refill_ = &refill;
  storage_.resize(buffer_size);
  pos_ = end_ = buffer_start_ = storage_.data();
  sequence_ = true;
}

bool JsonReader::next_document() {
  if (error_ || stopped_) return false;
  for (;;) {
    if (!skip_whitespace()) return false;  // the end of the stream
    if (peek() != 0x1e) break;             // RFC 7464's record separator, before each document
    ++pos_;
  }
  return run_document();
}

bool JsonReader::fill() {
  if (eof_ || refill_ == nullptr) {
    eof_ = true;
    return false;
  }
  const std::size_t used = static_cast<std::size_t>(end_ - buffer_start_);
  const std::size_t keep = std::min<std::size_t>(used, context_before);
  previous_tail_.assign(end_ - keep, keep);
  buffer_offset_ += used;
  const std::size_t got = (*refill_)(storage_.data(), storage_.size());
  pos_ = buffer_start_ = storage_.data();
  end_ = storage_.data() + got;
  if (got == 0) eof_ = true;
  return got > 0;
}

inline int JsonReader::peek() {
  if (pos_ == end_ && !fill()) return -1;
  return static_cast<unsigned char>(*pos_);
}

inline int JsonReader::next() {
  const int c = peek();
  if (c >= 0) ++pos_;
  return c;
}

bool JsonReader::skip_whitespace() {
  for (;;) {
    const int c = peek();
    if (c == ' ' || c == '\t' || c == '\r') {
      ++pos_;
    } else if (c == '\n') {
      ++pos_;
      ++line_;
      line_start_ = buffer_offset_ + static_cast<std::size_t>(pos_ - buffer_start_);
    } else {
      return c >= 0;
    }
  }
}

bool JsonReader::fail(std::string message) {
  if (error_) return false;
  JsonSyntaxError error;
  error.message = std::move(message);
  error.offset = buffer_offset_ + static_cast<std::size_t>(pos_ - buffer_start_);
  error.line = line_;
  error.column = error.offset - line_start_ + 1;
  // The context comes from what is still in memory: this buffer and the end of the last one.
  std::string window = previous_tail_;
  window.append(buffer_start_, static_cast<std::size_t>(end_ - buffer_start_));
  const std::size_t window_offset = buffer_offset_ - previous_tail_.size();
  const std::size_t at = error.offset - window_offset;
  std::size_t start = std::max(line_start_, window_offset);
  start = std::max(start, error.offset > context_before ? error.offset - context_before : 0);
  std::size_t stop = std::min(window.size(), at + context_after);
  const std::size_t newline = window.find('\n', at);
  if (newline != std::string::npos) stop = std::min(stop, newline);
  const std::string prefix = start > line_start_ ? "..." : "";
  error.context = prefix + window.substr(start - window_offset, stop - (start - window_offset));
  if (stop < window.size() && window[stop] != '\n' && window[stop] != '\r') error.context += "...";
  error.caret = prefix.size() + (error.offset - start);
  error_ = std::move(error);
  return false;
}

bool JsonReader::fail_at_current(const char* expectation) {
  return fail(std::string(expectation) + ", found " + describe_byte(peek()));
}

bool JsonReader::parse_string(std::string& out, bool is_key) {
  out.clear();
  for (;;) {
    // Copy the plain run in one go; stop at anything that needs a closer look.
    const char* run = pos_;
    while (run != end_) {
      const auto byte = static_cast<unsigned char>(*run);
      if (byte == '"' || byte == '\\' || byte < 0x20 || byte >= 0x80) break;
      ++run;
    }
    out.append(pos_, static_cast<std::size_t>(run - pos_));
    pos_ = run;
    if (out.size() > limits_.max_string_bytes)
      return fail(fmt::format("{} is longer than {} bytes", is_key ? "a key" : "a string",
                              limits_.max_string_bytes));
    const int c = peek();
    if (c < 0) return fail("unterminated string: the input ends inside it");
    if (c == '"') {
      ++pos_;
      return true;
    }
    if (c < 0x20)
      return fail("control character " + describe_byte(c) + " in a string (it must be escaped)");
    if (c < 0x80 && c != '\\') continue;  // the scan stopped at the end of a buffer: go on
    if (c == '\\') {
      ++pos_;
      const int escape = next();
      switch (escape) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          const auto read_hex4 = [this](unsigned& value) {
            value = 0;
            for (int i = 0; i < 4; ++i) {
              const int h = next();
              unsigned digit;
              if (h >= '0' && h <= '9')
                digit = static_cast<unsigned>(h - '0');
              else if (h >= 'a' && h <= 'f')
                digit = static_cast<unsigned>(h - 'a' + 10);
              else if (h >= 'A' && h <= 'F')
                digit = static_cast<unsigned>(h - 'A' + 10);
              else
                return false;
              value = value * 16 + digit;
            }
            return true;
          };
          unsigned code;
          if (!read_hex4(code)) return fail("invalid \\u escape: it needs four hex digits");
          if (code >= 0xdc00 && code <= 0xdfff)
            return fail("invalid \\u escape: a low surrogate without a high one");
          if (code >= 0xd800 && code <= 0xdbff) {
            unsigned low;
            if (next() != '\\' || next() != 'u' || !read_hex4(low) || low < 0xdc00 || low > 0xdfff)
              return fail("invalid \\u escape: a high surrogate not followed by a low one");
            code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
          }
          append_utf8(out, code);
          break;
        }
        default:
          return fail("invalid escape \\" + (escape < 0 ? std::string() : describe_byte(escape)) +
                      " in a string");
      }
      continue;
    }
    // A UTF-8 sequence: check it byte by byte, as it may straddle two buffers.
    const int lead_byte = next();
    const Utf8Lead lead = utf8_lead(static_cast<unsigned char>(lead_byte));
    if (lead.length < 2) {
      --pos_;
      return fail("invalid UTF-8: " + describe_byte(lead_byte) + " cannot start a character");
    }
    out += static_cast<char>(lead_byte);
    for (std::size_t k = 1; k < lead.length; ++k) {
      const int continuation = peek();
      if (continuation < 0 ||
          !utf8_continuation_allowed(lead, k, static_cast<unsigned char>(continuation)))
        return fail("invalid UTF-8: " + describe_byte(continuation) +
                    " where a character's continuation byte belongs");
      ++pos_;
      out += static_cast<char>(continuation);
    }
  }
}

bool JsonReader::parse_number() {
  number_buffer_.clear();
  const auto take_digits = [this]() {
    std::size_t count = 0;
    for (int c = peek(); c >= '0' && c <= '9'; c = peek()) {
      number_buffer_ += static_cast<char>(c);
      ++pos_;
      ++count;
      if (number_buffer_.size() > max_number_length) return std::size_t{0};
    }
    return count;
  };
  if (peek() == '-') {
    number_buffer_ += '-';
    ++pos_;
  }
  if (peek() == '0') {
    number_buffer_ += '0';
    ++pos_;
    if (const int c = peek(); c >= '0' && c <= '9')
      return fail("a number cannot have a leading zero");
  } else if (take_digits() == 0) {
    if (number_buffer_.size() > max_number_length) return fail("a number is too long");
    return fail_at_current("expected a digit");
  }
  if (peek() == '.') {
    number_buffer_ += '.';
    ++pos_;
    if (take_digits() == 0) return fail_at_current("expected a digit after the decimal point");
  }
  if (const int c = peek(); c == 'e' || c == 'E') {
    number_buffer_ += static_cast<char>(c);
    ++pos_;
    if (const int sign = peek(); sign == '+' || sign == '-') {
      number_buffer_ += static_cast<char>(sign);
      ++pos_;
    }
    if (take_digits() == 0) return fail_at_current("expected a digit in the exponent");
  }
  if (number_buffer_.size() > max_number_length) return fail("a number is too long");
  return true;
}

bool JsonReader::parse_literal(std::string_view word) {
  for (char expected : word) {
    if (peek() != static_cast<unsigned char>(expected))
      return fail_at_current(("invalid literal: expected '" + std::string(word) + "'").c_str());
    ++pos_;
  }
  return true;
}

bool JsonReader::run() {
  if (peek() == 0xef && end_ - pos_ >= 3 && std::string_view(pos_, 3) == "\xEF\xBB\xBF") {
    pos_ += 3;
    saw_bom_ = true;
  }
  if (!skip_whitespace()) return fail("empty input: expected a JSON document");
  return run_document();
}

bool JsonReader::run_document() {
  struct Frame {
    bool is_array;
    std::size_t count;
  };
  std::vector<Frame> stack;
  std::string member_name;
  enum class State { value, key, after_value } state = State::value;
  for (;;) {
    if (stopped_) return false;
    switch (state) {
      case State::value: {
        const int c = peek();
        if (c == '{' || c == '[') {
          if (stack.size() >= limits_.max_depth)
            return fail(fmt::format("nesting deeper than {} levels", limits_.max_depth));
          ++pos_;
          const bool is_array = c == '[';
          if (is_array)
            handler_.begin_array(path_);
          else
            handler_.begin_object(path_);
          stack.push_back(Frame{is_array, 0});
          skip_whitespace();
          if (peek() == (is_array ? ']' : '}')) {
            ++pos_;
            stack.pop_back();
            if (is_array)
              handler_.end_array(path_, 0);
            else
              handler_.end_object(path_, 0);
            state = State::after_value;
          } else if (is_array) {
            path_.push_index(0);
            stack.back().count = 1;
          } else {
            state = State::key;
          }
          break;
        }
        if (c == '"') {
          ++pos_;
          if (!parse_string(string_buffer_, false)) return false;
          handler_.scalar(path_, JsonScalarKind::string, string_buffer_);
        } else if (c == '-' || (c >= '0' && c <= '9')) {
          if (!parse_number()) return false;
          handler_.scalar(path_, JsonScalarKind::number, number_buffer_);
        } else if (c == 't' || c == 'f') {
          const std::string_view word = c == 't' ? "true" : "false";
          if (!parse_literal(word)) return false;
          handler_.scalar(path_, JsonScalarKind::boolean, word);
        } else if (c == 'n') {
          if (!parse_literal("null")) return false;
          handler_.scalar(path_, JsonScalarKind::null, "null");
        } else {
          return fail_at_current("expected a value");
        }
        state = State::after_value;
        break;
      }
      case State::key: {
        if (peek() != '"') return fail_at_current("expected a member name in double quotes");
        ++pos_;
        if (!parse_string(member_name, true)) return false;
        handler_.key(path_, member_name);
        path_.push_key(member_name);
        ++stack.back().count;
        skip_whitespace();
        if (peek() != ':') return fail_at_current("expected ':' after a member name");
        ++pos_;
        skip_whitespace();
        state = State::value;
        break;
      }
      case State::after_value: {
        if (stack.empty()) {
          if (sequence_) return true;  // the next document may follow at once
          if (skip_whitespace())
            return fail_at_current("unexpected data after the end of the JSON document");
          return true;
        }
        path_.pop();
        skip_whitespace();
        Frame& frame = stack.back();
        const int c = peek();
        if (c == ',') {
          ++pos_;
          skip_whitespace();
          if (frame.is_array) {
            path_.push_index(frame.count++);
            state = State::value;
          } else {
            state = State::key;
          }
        } else if (c == (frame.is_array ? ']' : '}')) {
          ++pos_;
          const std::size_t count = frame.count;
          const bool is_array = frame.is_array;
          stack.pop_back();
          if (is_array)
            handler_.end_array(path_, count);
          else
            handler_.end_object(path_, count);
        } else {
          return fail_at_current(frame.is_array ? "expected ',' or ']' after an array element"
                                                : "expected ',' or '}' after an object member");
        }
        break;
      }
    }
  }
}

}  // namespace util

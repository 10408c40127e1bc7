#include "util/json_writer.hpp"

#include <fmt/core.h>

namespace util {

namespace {
constexpr std::size_t flush_threshold = 64 * 1024;
}

JsonWriter::JsonWriter(Sink sink, bool pretty) : sink_(std::move(sink)), pretty_(pretty) {
  out_.reserve(flush_threshold * 2);
}

void JsonWriter::newline_and_indent() {
  if (!pretty_) return;
  out_ += '\n';
  out_.append(2 * counts_.size(), ' ');
}

void JsonWriter::before_value() {
  if (counts_.empty() || !is_array_.back()) return;  // the root, or after a key
  if (counts_.back()++ > 0) out_ += ',';
  newline_and_indent();
}

void JsonWriter::maybe_flush() {
  if (out_.size() >= flush_threshold) flush();
}

void JsonWriter::flush() {
  if (out_.empty()) return;
  sink_(out_);
  out_.clear();
}

void JsonWriter::begin_object(const JsonPath&) {
  before_value();
  out_ += '{';
  counts_.push_back(0);
  is_array_.push_back(false);
}

void JsonWriter::key(const JsonPath&, std::string_view key) {
  if (counts_.back()++ > 0) out_ += ',';
  newline_and_indent();
  append_json_string(out_, key);
  out_ += pretty_ ? ": " : ":";
}

void JsonWriter::end_object(const JsonPath&, std::size_t members) {
  counts_.pop_back();
  is_array_.pop_back();
  if (members > 0) newline_and_indent();
  out_ += '}';
  if (counts_.empty()) out_ += '\n';
  maybe_flush();
}

void JsonWriter::begin_array(const JsonPath&) {
  before_value();
  out_ += '[';
  counts_.push_back(0);
  is_array_.push_back(true);
}

void JsonWriter::end_array(const JsonPath&, std::size_t elements) {
  counts_.pop_back();
  is_array_.pop_back();
  if (elements > 0) newline_and_indent();
  out_ += ']';
  if (counts_.empty()) out_ += '\n';
  maybe_flush();
}

void JsonWriter::scalar(const JsonPath&, JsonScalarKind kind, std::string_view text) {
  before_value();
  if (kind == JsonScalarKind::string)
    append_json_string(out_, text);
  else
    out_ += text;
  if (counts_.empty()) out_ += '\n';
  maybe_flush();
}

namespace {
// The pointer as a line may show it: C0 and C1 controls and DEL as \u escapes (\n and the like for
// the common ones, as JSON writes them), so a key can neither forge a line of its own for grep nor
// reach the terminal as a command; the backslash doubled, so those escapes are unambiguous. The
// reader has already checked that keys are valid UTF-8.
void append_flat_pointer(std::string& out, std::string_view pointer) {
  for (std::size_t i = 0; i < pointer.size(); ++i) {
    const auto byte = static_cast<unsigned char>(pointer[i]);
    const bool c1 =
        byte == 0xc2 && i + 1 < pointer.size() && static_cast<unsigned char>(pointer[i + 1]) < 0xa0;
    if (byte == '\\') {
      out += "\\\\";
    } else if (byte < 0x20) {
      std::string escaped;
      append_json_string(escaped, pointer.substr(i, 1));
      out.append(escaped, 1, escaped.size() - 2);  // without the quotes
    } else if (byte == 0x7f || c1) {
      const unsigned code = c1 ? static_cast<unsigned char>(pointer[++i]) : byte;
      out += fmt::format("\\u{:04x}", code);
    } else {
      out += pointer[i];
    }
  }
}
}  // namespace

void JsonFlatWriter::line(const JsonPath& path, std::string_view value) {
  append_flat_pointer(out_, path.pointer());
  out_ += " = ";
  out_ += value;
  out_ += '\n';
  if (out_.size() >= flush_threshold) flush();
}

void JsonFlatWriter::flush() {
  if (out_.empty()) return;
  sink_(out_);
  out_.clear();
}

void JsonFlatWriter::end_object(const JsonPath& path, std::size_t members) {
  if (members == 0) line(path, "{}");
}

void JsonFlatWriter::end_array(const JsonPath& path, std::size_t elements) {
  if (elements == 0) line(path, "[]");
}

void JsonFlatWriter::scalar(const JsonPath& path, JsonScalarKind kind, std::string_view text) {
  if (kind != JsonScalarKind::string) return line(path, text);
  std::string quoted;
  append_json_string(quoted, text);
  line(path, quoted);
}

}  // namespace util

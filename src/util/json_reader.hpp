// A streaming JSON parser: reads any amount of input through a fixed buffer and reports events
// to a handler, so memory depends on the document's nesting, not its size. Errors carry the
// line, column and the text around them. Limits keep hostile input (deep nesting, giant strings)
// from exhausting the stack or memory.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace util {

// Where a value sits: object keys and array indexes from the root.
class JsonPath {
 public:
  struct Segment {
    std::string key;
    std::size_t index = 0;
    bool is_index = false;
  };

  std::string pointer() const;  // RFC 6901, "" for the root
  std::size_t depth() const { return segments_.size(); }
  const std::vector<Segment>& segments() const { return segments_; }
  const Segment& back() const { return segments_.back(); }

  void push_key(std::string_view key);
  void push_index(std::size_t index);
  void pop() { segments_.pop_back(); }

 private:
  std::vector<Segment> segments_;
};

std::string escape_pointer_token(std::string_view token);  // "~" -> "~0", "/" -> "~1"

enum class JsonScalarKind { string, number, boolean, null };

class JsonHandler {
 public:
  virtual ~JsonHandler() = default;
  virtual void begin_object(const JsonPath& path) = 0;
  // Before each member's value; path is the object's path.
  virtual void key(const JsonPath& path, std::string_view key) = 0;
  virtual void end_object(const JsonPath& path, std::size_t members) = 0;
  virtual void begin_array(const JsonPath& path) = 0;
  virtual void end_array(const JsonPath& path, std::size_t elements) = 0;
  // text: the decoded string, the number exactly as written, or true/false/null.
  virtual void scalar(const JsonPath& path, JsonScalarKind kind, std::string_view text) = 0;
};

// Hands every event to two handlers, for validating and printing in the same pass.
class JsonTee : public JsonHandler {
 public:
  JsonTee(JsonHandler& first, JsonHandler& second) : first_(first), second_(second) {}
  void begin_object(const JsonPath& p) override { first_.begin_object(p), second_.begin_object(p); }
  void key(const JsonPath& p, std::string_view k) override { first_.key(p, k), second_.key(p, k); }
  void end_object(const JsonPath& p, std::size_t n) override {
    first_.end_object(p, n), second_.end_object(p, n);
  }
  void begin_array(const JsonPath& p) override { first_.begin_array(p), second_.begin_array(p); }
  void end_array(const JsonPath& p, std::size_t n) override {
    first_.end_array(p, n), second_.end_array(p, n);
  }
  void scalar(const JsonPath& p, JsonScalarKind kind, std::string_view text) override {
    first_.scalar(p, kind, text), second_.scalar(p, kind, text);
  }

 private:
  JsonHandler& first_;
  JsonHandler& second_;
};

struct JsonLimits {
  std::size_t max_depth = 512;
  std::size_t max_string_bytes = 4 * 1024 * 1024;
};

struct JsonSyntaxError {
  std::string message;  // e.g. "expected ',' or '}' after an object member"
  std::size_t line = 1;
  std::size_t column = 1;  // in bytes from the start of the line, 1-based
  std::size_t offset = 0;  // bytes from the start of the input
  std::string context;     // the input around the error, on one line
  std::size_t caret = 0;   // position of the error within context
};

// Reads up to `capacity` bytes into `buffer`; 0 at the end. Throws nothing: a read error is
// reported by returning 0 and remembering it on the caller's side.
using JsonRefill = std::function<std::size_t(char* buffer, std::size_t capacity)>;

class JsonReader {
 public:
  JsonReader(JsonHandler& handler, JsonLimits limits = {});
  // Parses one document followed only by whitespace. A leading UTF-8 byte-order mark is
  // skipped and reported by saw_byte_order_mark().
  bool parse(std::string_view text);
  bool parse(const JsonRefill& refill);

  // A stream of documents one after another (concatenated, one per line, or RFC 7464 JSON text
  // sequences): start_sequence() once, then next_document() parses one document at a time and
  // returns false at the end of the input or at a syntax error (error() tells which). Lines and
  // columns count from the start of the stream.
  void start_sequence(const JsonRefill& refill);
  bool next_document();

  const std::optional<JsonSyntaxError>& error() const { return error_; }
  bool saw_byte_order_mark() const { return saw_bom_; }
  // Lets a handler stop the parse (for example after too many problems); parse() returns false
  // with no syntax error.
  void stop() { stopped_ = true; }

 private:
  bool run();
  bool run_document();
  bool fill();
  int peek();
  int next();
  bool skip_whitespace();
  bool parse_string(std::string& out, bool is_key);
  bool parse_number();
  bool parse_literal(std::string_view word);
  bool fail(std::string message);
  bool fail_at_current(const char* expectation);

  JsonHandler& handler_;
  JsonLimits limits_;
  const JsonRefill* refill_ = nullptr;
  std::vector<char> storage_;
  const char* pos_ = nullptr;
  const char* end_ = nullptr;
  const char* buffer_start_ = nullptr;
  std::size_t buffer_offset_ = 0;  // input offset of buffer_start_
  std::string previous_tail_;      // the end of the previous buffer, for error context
  std::size_t line_ = 1;
  std::size_t line_start_ = 0;  // input offset where the current line starts
  bool eof_ = false;
  bool saw_bom_ = false;
  bool stopped_ = false;
  bool sequence_ = false;
  JsonPath path_;
  std::string string_buffer_;
  std::string number_buffer_;
  std::optional<JsonSyntaxError> error_;
};

}  // namespace util

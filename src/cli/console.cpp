#include "cli/console.hpp"

#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <vector>

#include "cli/tool_words.hpp"
#include "util/text_escape.hpp"

namespace cli {

namespace {
std::vector<std::string>& secret_texts() {
  static std::vector<std::string> texts;
  return texts;
}

int stdout_error = 0;

void write_stderr_line(const std::string& line) {
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fputc('\n', stderr);
}
}  // namespace

void register_secret_text(std::string text) {
  if (!text.empty()) secret_texts().push_back(std::move(text));
}

namespace {
bool is_word_character(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
}

// Whether the occurrence at [pos, pos + size) lies inside one of the tool's own words (a secret
// "x" inside "--explain"), which it must not garble. Text that came from outside, a file name
// or a header, is redacted wherever the secret appears in it, unless it is such a word itself.
bool inside_tool_word(std::string_view text, std::size_t pos, std::size_t size) {
  for (std::size_t i = pos; i < pos + size; ++i)
    if (!is_word_character(text[i])) return false;
  std::size_t start = pos;
  while (start > 0 && is_word_character(text[start - 1])) --start;
  std::size_t end = pos + size;
  while (end < text.size() && is_word_character(text[end])) ++end;
  return is_tool_word(text.substr(start, end - start));
}
}  // namespace

std::string redact_secrets(std::string text) {
  for (const std::string& secret : secret_texts()) {
    for (std::size_t pos = text.find(secret); pos != std::string::npos;
         pos = text.find(secret, pos)) {
      if (inside_tool_word(text, pos, secret.size())) {
        ++pos;
        continue;
      }
      text.replace(pos, secret.size(), "[redacted]");
      pos += 10;
    }
  }
  return text;
}

void print_error(std::string_view message) {
  write_stderr_line(std::string(program_name) +
                    ": error: " + util::escape_for_terminal(redact_secrets(std::string(message))));
}

void print_warning(std::string_view message) {
  write_stderr_line(std::string(program_name) + ": warning: " +
                    util::escape_for_terminal(redact_secrets(std::string(message))));
}

void print_note(std::string_view message) {
  write_stderr_line(std::string(program_name) +
                    ": note: " + util::escape_for_terminal(redact_secrets(std::string(message))));
}

void print_diagnostic_line(std::string_view line) {
  write_stderr_line(util::escape_for_terminal(redact_secrets(std::string(line))));
}

void note_terminal_input(std::string_view path) {
  if ((path.empty() || path == "-") && ::isatty(STDIN_FILENO) == 1)
    print_diagnostic_line(std::string(program_name) +
                          ": reading standard input from the terminal (end it with Ctrl-D)");
}

void write_stdout(std::string_view bytes) {
  if (stdout_error != 0 || bytes.empty()) return;
  if (std::fwrite(bytes.data(), 1, bytes.size(), stdout) != bytes.size())
    stdout_error = errno ? errno : EIO;
}

bool flush_stdout() {
  if (stdout_error == 0 && std::fflush(stdout) != 0) stdout_error = errno ? errno : EIO;
  return stdout_error == 0;
}

bool finish_stdout() {
  if (stdout_error == 0 && std::fflush(stdout) != 0) stdout_error = errno ? errno : EIO;
  if (stdout_error == 0) return true;
  if (stdout_error == EPIPE) {
    // The reader went away (| head): end quietly, as SIGPIPE would have if it were not ignored.
    std::signal(SIGPIPE, SIG_DFL);
    std::raise(SIGPIPE);
  }
  print_error(std::string("cannot write to standard output: ") + std::strerror(stdout_error));
  return false;
}

}  // namespace cli

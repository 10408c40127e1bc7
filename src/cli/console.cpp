#include "cli/console.hpp"

#include "util/text_escape.hpp"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <vector>

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

std::string redact_secrets(std::string text) {
  for (const std::string& secret : secret_texts()) {
    for (std::size_t pos = text.find(secret); pos != std::string::npos;
         pos = text.find(secret, pos)) {
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

void print_diagnostic_line(std::string_view line) {
  write_stderr_line(util::escape_for_terminal(redact_secrets(std::string(line))));
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

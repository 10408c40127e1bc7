#include "cli/console.hpp"

#include <cerrno>
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

namespace {
// The length of the valid UTF-8 sequence at text[i], or 0 (RFC 3629: no overlongs, no surrogates).
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t at) { return at < text.size() ? static_cast<unsigned char>(text[at]) : 0u; };
  const unsigned lead = byte(i);
  std::size_t length = 0;
  unsigned low = 0x80, high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) length = 2;
  else if (lead >= 0xe0 && lead <= 0xef) length = 3, low = lead == 0xe0 ? 0xa0 : 0x80, high = lead == 0xed ? 0x9f : 0xbf;
  else if (lead >= 0xf0 && lead <= 0xf4) length = 4, low = lead == 0xf0 ? 0x90 : 0x80, high = lead == 0xf4 ? 0x8f : 0xbf;
  else return 0;
  for (std::size_t k = 1; k < length; ++k) {
    const unsigned continuation = byte(i + k);
    if (continuation < (k == 1 ? low : 0x80u) || continuation > (k == 1 ? high : 0xbfu)) return 0;
  }
  return length;
}

void append_escaped_byte(std::string& out, unsigned char byte) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "\\x%02x", byte);
  out += buffer;
}
}  // namespace

std::string escape_for_terminal(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x20 && byte < 0x7f) {
      escaped += text[i++];
      continue;
    }
    const std::size_t length = byte >= 0x80 ? utf8_sequence_length(text, i) : 0;
    // C1 controls (U+0080..U+009F, such as CSI) are as dangerous as C0 ones.
    const bool c1_control = length == 2 && byte == 0xc2 && static_cast<unsigned char>(text[i + 1]) < 0xa0;
    if (length == 0 || c1_control) {
      append_escaped_byte(escaped, byte);
      ++i;
      continue;
    }
    escaped.append(text.substr(i, length));
    i += length;
  }
  return escaped;
}

void print_error(std::string_view message) {
  write_stderr_line(std::string(program_name) +
                    ": error: " + escape_for_terminal(redact_secrets(std::string(message))));
}

void print_warning(std::string_view message) {
  write_stderr_line(std::string(program_name) +
                    ": warning: " + escape_for_terminal(redact_secrets(std::string(message))));
}

void print_diagnostic_line(std::string_view line) {
  write_stderr_line(escape_for_terminal(redact_secrets(std::string(line))));
}

void write_stdout(std::string_view bytes) {
  if (stdout_error != 0 || bytes.empty()) return;
  if (std::fwrite(bytes.data(), 1, bytes.size(), stdout) != bytes.size())
    stdout_error = errno ? errno : EIO;
}

bool finish_stdout() {
  if (stdout_error == 0 && std::fflush(stdout) != 0) stdout_error = errno ? errno : EIO;
  if (stdout_error == 0) return true;
  print_error(std::string("cannot write to standard output: ") + std::strerror(stdout_error));
  return false;
}

}  // namespace cli

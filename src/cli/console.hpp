// Everything the tool prints goes through here: stdout with write errors remembered, and
// diagnostics on stderr with the program's prefix, secret values redacted and control
// characters escaped (file names and messages can come from untrusted input).
#pragma once

#include <string>
#include <string_view>

#include "util/text_escape.hpp"

namespace cli {

inline constexpr std::string_view program_name = "autosana-webhook";

// Any later diagnostic containing this text shows "[redacted]" instead.
void register_secret_text(std::string text);
std::string redact_secrets(std::string text);

// Control characters and invalid bytes as \xNN, so untrusted text cannot drive the terminal.
using util::escape_for_terminal;

// For a per-file report while the command goes on (a payload's problems, a file sign or verify
// --check cannot read); trouble that ends the command is thrown as Failure for run_app() instead.
void print_error(std::string_view message);
void print_warning(std::string_view message);
void print_note(std::string_view message);          // a fact worth knowing; not a problem
void print_diagnostic_line(std::string_view line);  // stderr, no prefix
// When `path` means standard input and that is a terminal, says so on stderr: a command waiting
// for input that never comes looks hung.
void note_terminal_input(std::string_view path);

void write_stdout(std::string_view bytes);
// Flushes stdout now, for output that must be seen as it happens (a listener's lines); false once
// anything could not be written (the reader went away).
bool flush_stdout();
// Flushes stdout; false (after printing why) if anything could not be written.
bool finish_stdout();

}  // namespace cli

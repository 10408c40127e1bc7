#include "core/explain/secret_changes.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include "util/text.hpp"

namespace core {

namespace {
constexpr std::string_view store_value_advice =
    "store only the secret's value: no NAME=, export or quotes, and no line break after it "
    "(printf '%s' writes none, echo does)";

bool is_variable_name(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front()))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

std::string_view without_quotes(std::string_view text) {
  if (text.size() >= 2 && (text.front() == '"' || text.front() == '\'') &&
      text.back() == text.front())
    return text.substr(1, text.size() - 2);
  return text;
}

// The value of a .env line (NAME=value, export NAME="value"), or none when it is not one.
std::optional<std::string_view> env_line_value(std::string_view text) {
  text = util::trim_whitespace(text);
  if (text.starts_with("export ")) text = util::trim_whitespace(text.substr(7));
  const auto equals = text.find('=');
  if (equals == std::string_view::npos || !is_variable_name(text.substr(0, equals)))
    return std::nullopt;
  return without_quotes(util::trim_whitespace(text.substr(equals + 1)));
}

std::string describe_whitespace(const Secret& secret, std::string_view trimmed) {
  const std::string_view value = secret.value;
  const std::size_t start = static_cast<std::size_t>(trimmed.data() - value.data());
  const std::string_view before = value.substr(0, start);
  const std::string_view after = value.substr(start + trimmed.size());
  const bool only_line_breaks =
      before.empty() && after.find_first_not_of("\r\n") == std::string_view::npos;
  if (only_line_breaks) {
    const auto breaks = static_cast<std::size_t>(std::count(after.begin(), after.end(), '\n'));
    if (breaks > 1)
      return "the secret from " + secret.source + " ends with " + std::to_string(breaks) +
             " line breaks that are not part of it";
    return "the secret from " + secret.source + " ends with a line break that is not part of it";
  }
  return "the secret from " + secret.source +
         " has spaces or line breaks around it that are not part of it";
}
}  // namespace

std::vector<SecretChange> secret_changes(const Secret& secret) {
  std::vector<SecretChange> changes;
  const auto add = [&](std::string code, std::string description, std::string_view advice,
                       std::string key) {
    if (key.empty() || key == secret.value) return;
    for (const SecretChange& change : changes)
      if (change.key == key) return;  // said once, by the likeliest description
    changes.push_back(
        {std::move(code), std::move(description), std::string(advice), std::move(key)});
  };
  // The file as a handler reads it whole: the likeliest when this tool removed a line break.
  if (!secret.removed_line_break.empty())
    add("secret_file_line_break",
        "the signature was made with the secret from " + secret.source +
            " with its line break at the end kept (this tool removes it; a handler that reads "
            "the file whole, or the sender, keeps it)",
        "strip the line break where the secret is read (Python .strip(), JavaScript .trim(), Go "
        "strings.TrimSpace), or store the secret without one (printf '%s' writes none)",
        secret.value + secret.removed_line_break);
  if (const auto value = env_line_value(secret.value))
    add("secret_env_line",
        "the secret from " + secret.source +
            " is a whole .env line (NAME=value, perhaps with export or quotes); only the value "
            "is the secret",
        store_value_advice, std::string(*value));
  const std::string_view trimmed = util::trim_whitespace(secret.value);
  if (without_quotes(trimmed) != trimmed)
    add("secret_quoted",
        "the secret from " + secret.source +
            " has quotes around it (as a .env file writes them); they are not part of it",
        store_value_advice, std::string(without_quotes(trimmed)));
  add("secret_whitespace", describe_whitespace(secret, trimmed), store_value_advice,
      std::string(trimmed));
  add("sender_secret_newline",
      "the signature was made with the secret from " + secret.source +
          " followed by a newline (as echo writes it): the sender's secret, or your handler's, "
          "has a trailing newline",
      "remove the line break from the secret where it is kept (the sender's settings or your "
      "handler's file or variable)",
      secret.value + "\n");
  add("sender_secret_crlf",
      "the signature was made with the secret from " + secret.source +
          " followed by CRLF: the sender's secret, or your handler's, has a trailing CRLF",
      "remove the line break from the secret where it is kept (the sender's settings or your "
      "handler's file or variable)",
      secret.value + "\r\n");
  return changes;
}

}  // namespace core

#include "cli/decode_limit_option.hpp"

#include <CLI/CLI.hpp>

#include "cli/failure.hpp"
#include "util/byte_size.hpp"

namespace cli {

void add_max_body_option(CLI::App& command, std::string& max_body) {
  max_body = default_max_body;
  command
      .add_option("--max-body", max_body,
                  "Undo a saved request's Content-Encoding up to this size, as listen does "
                  "(default: 10MiB)")
      ->type_name("SIZE");
}

std::uint64_t size_option(const std::string& name, const std::string& text) {
  auto parsed = util::parse_byte_size(text);
  if (!parsed) throw Failure{name + ": " + parsed.error()};
  if (*parsed > (std::uint64_t{1} << 32))
    throw Failure{name + ": at most 4GiB (it is held in memory)"};
  return *parsed;
}

std::size_t read_max_body(const std::string& max_body) {
  return static_cast<std::size_t>(size_option("--max-body", max_body));
}

}  // namespace cli

#include "cli/owners_option.hpp"

#include "cli/console.hpp"
#include "cli/failure.hpp"
#include "util/byte_input.hpp"

namespace cli {

namespace {
// An owners file is written by hand: a megabyte is far beyond one.
constexpr std::size_t max_owners_file = std::size_t{1} << 20;
}  // namespace

void add_owners_options(CLI::App& command, OwnersChoice& choice) {
  command
      .add_option("--owners", choice.path,
                  "Who owns which flows, CODEOWNERS-style: lines of 'group / run' (* matches "
                  "anything) then @team names; the last match wins. Reports name the owners of "
                  "each failed flow")
      ->type_name("FILE");
  command
      .add_option("--owner", choice.owner,
                  "Only the flows this owner owns (by --owners), e.g. @acme/payments: the report "
                  "and its exit status are theirs")
      ->type_name("TEAM");
}

std::optional<core::OwnersList> load_owners(const OwnersChoice& choice) {
  if (choice.path.empty()) {
    if (!choice.owner.empty())
      throw Failure{"--owner " + choice.owner +
                    ": needs --owners FILE to know whose flows are whose"};
    return std::nullopt;
  }
  auto text = util::read_file(choice.path, max_owners_file);
  if (!text) throw Failure{"--owners " + choice.path + ": " + text.error()};
  auto list = core::parse_owners(*text);
  if (!list) throw Failure{"--owners " + choice.path + ": " + list.error()};
  if (!choice.owner.empty() && !list->names(choice.owner))
    throw Failure{"--owner " + choice.owner + ": no line of " + choice.path + " names this owner"};
  if (!choice.owner.empty())
    print_note("--owner " + choice.owner + ": the report holds only their flows (by " +
               choice.path + ")");
  return std::move(*list);
}

std::string nothing_owned(const OwnersChoice& choice, const char* where) {
  return "--owner " + choice.owner + ": no flow of theirs " + where + " (by " + choice.path +
         "): nothing to judge";
}

}  // namespace cli

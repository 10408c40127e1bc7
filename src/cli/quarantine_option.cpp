#include "cli/quarantine_option.hpp"

#include "cli/console.hpp"
#include "cli/failure.hpp"
#include "util/byte_input.hpp"
#include "util/rfc3339.hpp"

namespace cli {

namespace {
// A quarantine file is a list a team writes by hand: a megabyte is far beyond one.
constexpr std::size_t max_quarantine_file = std::size_t{1} << 20;
}  // namespace

void add_quarantine_option(CLI::App& command, std::string& path) {
  command
      .add_option("--quarantine", path,
                  "Flows that are reported but do not fail the gate: lines of 'group / run' "
                  "(* matches anything) [| until YYYY-MM-DD] [| reason]")
      ->type_name("FILE");
}

std::optional<core::QuarantineList> load_quarantine(const std::string& path) {
  if (path.empty()) return std::nullopt;
  auto text = util::read_file(path, max_quarantine_file);
  if (!text) throw Failure{"--quarantine " + path + ": " + text.error()};
  auto list = core::parse_quarantine(*text);
  if (!list) throw Failure{"--quarantine " + path + ": " + list.error()};
  return std::move(*list);
}

bool still_failing(const std::vector<std::string>& failed_flows,
                   const core::QuarantineList& quarantine, const std::string& path) {
  const core::QuarantineReview review =
      core::review_failures(failed_flows, quarantine, util::now_epoch_milliseconds());
  for (const std::string& flow : review.quarantined)
    print_note("quarantined, reported but not failing the gate: " + escape_for_terminal(flow));
  for (const std::string& expired : review.expired)
    print_warning("--quarantine " + path + ": " + escape_for_terminal(expired));
  return review.failing > 0;
}

}  // namespace cli

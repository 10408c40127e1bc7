#include <cstdint>
#include <limits>
#include <memory>

#include "cli/command_line_errors.hpp"
#include "cli/commands.hpp"
#include "cli/console.hpp"
#include "cli/failure.hpp"
#include "core/payload/sample_payload.hpp"
#include "util/rfc3339.hpp"

namespace cli {

namespace {
// Enough for any fixture (a payload of 100,000 groups is tens of MB); beyond it, a typo.
constexpr std::uint64_t max_sample_count = 100'000;
struct SampleCommandOptions {
  core::SampleOptions sample;
  bool no_git = false;
};

int run_sample(SampleCommandOptions& options) {
  core::SampleOptions sample = options.sample;
  sample.git = !options.no_git;
  if (sample.timestamp == "now") {
    sample.timestamp = util::format_rfc3339(util::now_epoch_milliseconds());
  } else if (auto parsed = util::parse_rfc3339(sample.timestamp); !parsed) {
    throw Failure{"--timestamp: " + parsed.error() + " or 'now'"};
  }
  auto payload = core::make_sample_payload(sample);
  // Every problem comes from the counts or the platform.
  if (!payload) throw Failure{payload.error() + " (--groups, --runs, --failed, --platform)"};
  write_stdout(*payload);
  return exit_success;
}
}  // namespace

void set_sample_command(CLI::App& app, int& exit_status) {
  auto options = std::make_shared<SampleCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "sample", "Print a realistic payload for fixtures; the same options give the same bytes");
  command->add_option("--groups", options->sample.groups, "Run groups (default: 3)")
      ->check(whole_number(0, max_sample_count))
      ->type_name("N");
  command->add_option("--runs", options->sample.runs, "Runs per group (default: 4)")
      ->check(whole_number(0, max_sample_count))
      ->type_name("N");
  command->add_option("--failed", options->sample.failed, "Groups with a failing run (default: 1)")
      ->check(whole_number(0, max_sample_count))
      ->type_name("N");
  command->add_option("--platform", options->sample.platform, "android (default), ios or web")
      ->check(CLI::IsMember({"android", "ios", "web"}))
      ->type_name("PLATFORM");
  command->add_flag("--no-git", options->no_git,
                    "Leave out the git object, as for a build without git metadata");
  command
      ->add_option("--timestamp", options->sample.timestamp,
                   "The batch time, RFC 3339, or now (default: 2025-01-31T12:34:56.789Z)")
      ->type_name("TIME");
  command
      ->add_option("--seed", options->sample.seed,
                   "Seed for names, ids and which groups fail (default: 1)")
      ->check(whole_number(0, std::numeric_limits<std::uint32_t>::max()))
      ->type_name("N");
  command->add_flag("--run-status", options->sample.run_status,
                    "The run-status API response (batch_id, is_complete, flow counts, run ids) "
                    "instead of the webhook payload");
  command->footer(R"help(Examples:
  autosana-webhook sample > payload.json
  autosana-webhook sample --groups 20 --runs 10 --failed 3 \
      --platform ios --seed 7
  autosana-webhook sample --timestamp now \
      | autosana-webhook sign --format http > fixture.http
  autosana-webhook sample --run-status --no-git \
      | autosana-webhook parse --strict --check

Exit status: 0 printed, 2 trouble (bad option, more failed groups than groups).
)help");
  command->callback([options, &exit_status] { exit_status = run_sample(*options); });
}

}  // namespace cli

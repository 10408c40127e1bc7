// The exit statuses of every subcommand, in one place (documented in README, --help, man page).
#pragma once

namespace cli {

enum ExitStatus : int {
  exit_success = 0,   // signature matches, work done, batch green
  exit_negative = 1,  // a negative verdict: no match, stale, a failed entry
  exit_trouble = 2,   // bad option, no secret, unreadable input, malformed signature or request
};

}  // namespace cli

// Thrown by command code for trouble it cannot go on from; run_app() turns it into
// "autosana-webhook: error: <message>" and the exit status.
#pragma once

#include <string>

#include "cli/exit_status.hpp"

namespace cli {

struct Failure {
  std::string message;
  int exit_status = exit_trouble;
};

}  // namespace cli

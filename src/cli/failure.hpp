// Thrown by command code for trouble it cannot go on from; run_app() turns it into
// "autosana-webhook: error: <message>" and the exit status. A std::runtime_error, so that any
// catch-all (the server's, around a delivery handler) catches it and can log its text.
#pragma once

#include <stdexcept>
#include <string>

#include "cli/exit_status.hpp"

namespace cli {

class Failure : public std::runtime_error {
 public:
  explicit Failure(const std::string& message, int exit_status = exit_trouble)
      : std::runtime_error(message), exit_status_(exit_status) {}
  int exit_status() const { return exit_status_; }

 private:
  int exit_status_;
};

}  // namespace cli

// Reading the inputs of `history`: payload files, saved requests (.http, verified when there is
// a secret), directories of them (recursively) and "-", a stream of concatenated payloads. Each
// input is read on its own, one at a time, into the history; one that cannot be used is reported
// on one line (the file and the reason, with a pointer or line and column as parse gives them)
// and skipped.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/history/flow_history.hpp"
#include "core/signing/secret.hpp"

namespace cli {

struct HistoryInputOptions {
  std::vector<core::Secret> secrets;                     // none: signatures are not checked
  bool require_verified = false;                         // leave out what no secret verified
  std::size_t max_decoded_body = std::size_t{10} << 20;  // --max-body: a saved body, decoded
};

struct HistoryInputCounts {
  std::size_t batches = 0;     // valid batches handed to the history
  std::size_t unusable = 0;    // inputs reported as errors: unreadable, invalid, forged
  std::size_t unverified = 0;  // left out by --require-verified
};

HistoryInputCounts read_history_inputs(const std::vector<std::string>& paths,
                                       const HistoryInputOptions& options,
                                       core::HistoryBuilder& history);

}  // namespace cli

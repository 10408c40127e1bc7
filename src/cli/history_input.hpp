// Reading the inputs of `history`: payload files, saved requests (.http, verified when there is
// a secret), directories of them (recursively) and "-", a stream of concatenated payloads. Each
// input is read on its own, one at a time, into the history; one that cannot be used is reported
// on one line (the file and the reason, with a pointer or line and column as parse gives them)
// and skipped.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/history/flow_history.hpp"
#include "core/signing/secret.hpp"

namespace cli {

struct HistoryInputOptions {
  std::vector<core::Secret> secrets;                     // none: signatures are not checked
  bool require_verified = false;                         // leave out what no secret verified
  std::size_t max_decoded_body = std::size_t{10} << 20;  // --max-body: a saved body, decoded
};

// What a batch was read from, for a sink that keeps more than history's grid (the store).
struct BatchOrigin {
  bool verified = false;       // a secret proved its signature
  std::string_view request;    // a saved request as read (empty for a payload)
  std::string_view body;       // that request's body as received (encoded or not)
  std::string_view signature;  // its signature field's value
  std::string_view payload;    // the payload's JSON (when the sink wants it)
};

// Where the batches read go: history's grid, or the store (store import).
class BatchSink {
 public:
  virtual ~BatchSink() = default;
  virtual bool wants_payload() const { return false; }
  // The group is the sink's to keep: its strings may be moved out.
  virtual void add_group(core::RunGroup&& group) = 0;
  virtual void end_batch(const core::PayloadHeader& header, std::int64_t time_milliseconds,
                         const std::string& source, const BatchOrigin& origin) = 0;
  virtual void drop_batch() = 0;
};

struct HistoryInputCounts {
  std::size_t batches = 0;     // valid batches handed to the history
  std::size_t unusable = 0;    // inputs reported as errors: unreadable, invalid, forged
  std::size_t unverified = 0;  // left out by --require-verified
};

HistoryInputCounts read_history_inputs(const std::vector<std::string>& paths,
                                       const HistoryInputOptions& options,
                                       core::HistoryBuilder& history);
HistoryInputCounts read_batch_inputs(const std::vector<std::string>& paths,
                                     const HistoryInputOptions& options, BatchSink& sink);

}  // namespace cli

// libFuzzer target: a stream of payloads (as `history -` reads them) into a flow history, under
// a filter chosen by the first byte, then every history renderer; the counts must agree.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "core/flow_history.hpp"
#include "core/history_render.hpp"
#include "core/payload_validator.hpp"
#include "util/json_reader.hpp"
#include "util/json_relay.hpp"
#include "util/rfc3339.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t options = data[0];
  core::HistoryFilter filter;
  if ((options & 1) != 0) filter.last = 1 + (options >> 4);
  if ((options & 2) != 0) filter.branch = "main";
  if ((options & 4) != 0) filter.since_milliseconds = 1738400000000;  // 2025-02-01T09:06:40Z
  core::HistoryBuilder builder(filter, (options & 8) != 0 ? 1 : 100);

  const char* input = reinterpret_cast<const char*>(data + 1);
  std::size_t left = size - 1;
  const util::JsonRefill refill = [&](char* buffer, std::size_t capacity) -> std::size_t {
    const std::size_t n = left < capacity ? left : capacity;
    std::memcpy(buffer, input, n);
    input += n;
    left -= n;
    return n;
  };
  util::JsonRelay current;
  util::JsonLimits limits;
  limits.max_depth = 64;
  util::JsonReader reader(current, limits);
  reader.start_sequence(refill);
  std::size_t documents = 0;
  for (;;) {
    core::PayloadValidator validator(
        {}, [&](core::RunGroup&& group, const core::PayloadHeader&) { builder.add_group(group); });
    current.target = &validator;
    if (!reader.next_document()) break;
    ++documents;
    validator.finish();
    const auto time = util::parse_rfc3339(validator.header().timestamp);
    if (validator.valid() && time)
      builder.end_batch(validator.header(), *time, "payload");
    else
      builder.drop_batch();
  }
  builder.drop_batch();  // a document cut short by a syntax error
  const core::FlowHistory history = builder.finish();
  if (history.batches_read > documents || history.batches.size() > history.batches_read)
    __builtin_trap();
  if (history.batch_stats.size() != history.batches.size()) __builtin_trap();
  for (const core::FlowStats& stats : history.flow_stats) {
    if (stats.results() > history.batches.size()) __builtin_trap();
    const bool latest_failed = stats.latest_outcome == core::RunOutcome::failed ||
                               stats.latest_outcome == core::RunOutcome::errored ||
                               stats.latest_outcome == core::RunOutcome::terminated;
    if (stats.state == core::FlowState::newly_failing && !latest_failed) __builtin_trap();
    if (stats.state == core::FlowState::fixed && stats.latest_outcome != core::RunOutcome::passed)
      __builtin_trap();
  }
  core::TextStyle style;
  style.unicode = (options & 16) != 0;
  (void)core::render_history_text(history, style);
  (void)core::render_history_markdown(history);
  (void)core::render_history_json(history);
  (void)core::render_history_html(history);
  return 0;
}

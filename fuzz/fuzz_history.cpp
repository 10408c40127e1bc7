// libFuzzer target: a stream of payloads (as `history -` reads them) into a flow history, under
// a filter chosen by the first byte, then every history renderer; the counts must agree, the JSON
// must parse and say what the history holds, the text and Markdown hold no control character,
// and the page no script.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "core/history/flow_history.hpp"
#include "core/history/history_render.hpp"
#include "core/payload/payload_validator.hpp"
#include "output_checks.hpp"
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
    if (stats.results() > history.batches.size() || stats.lanes.empty()) __builtin_trap();
    bool worst_found = false;
    for (const core::LaneStats& lane : stats.lanes) {
      // Each lane's state agrees with its latest result; the flow's is one of its lanes'.
      if (lane.lane >= history.lanes.size()) __builtin_trap();
      if (lane.state == core::FlowState::newly_failing && !core::is_failure(lane.latest_outcome) &&
          core::is_result(lane.latest_outcome))
        __builtin_trap();
      if (lane.state == core::FlowState::fixed && core::is_failure(lane.latest_outcome))
        __builtin_trap();
      worst_found = worst_found || (lane.lane == stats.lane && lane.state == stats.state);
    }
    if (!worst_found) __builtin_trap();
  }
  core::TextStyle style;
  style.unicode = (options & 16) != 0;
  fuzz::require(fuzz::is_safe_for_a_terminal(core::render_history_text(history, style)));
  fuzz::require(fuzz::is_safe_for_a_terminal(core::render_history_markdown(history)));
  fuzz::require(fuzz::are_workflow_commands(core::render_history_github(history)));
  const std::string json = core::render_history_json(history);
  fuzz::require(fuzz::is_json(json, true));
  const auto report = nlohmann::json::parse(json);
  fuzz::require(report["batches"]["in_window"] == history.batches.size() &&
                report["flows"].size() == history.flows.size());
  fuzz::require(fuzz::is_a_safe_page(core::render_history_html(history)));
  return 0;
}

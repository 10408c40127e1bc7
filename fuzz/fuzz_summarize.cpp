// libFuzzer target: every summarize renderer on whatever the validator accepts, and the baseline
// comparison of a payload with itself.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/batch_summary.hpp"
#include "core/payload_validator.hpp"
#include "core/summary_render.hpp"
#include "util/json_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t options = data[0];
  core::SummaryBuilder builder({(options & 1) != 0, (options & 2) != 0});
  core::RunIndex runs;
  core::PayloadValidator validator({}, [&](core::RunGroup&& group, const core::PayloadHeader&) {
    runs.add(group);
    builder.add_group(std::move(group));
  });
  util::JsonLimits limits;
  limits.max_depth = 64;
  util::JsonReader reader(validator, limits);
  if (!reader.parse(std::string_view(reinterpret_cast<const char*>(data + 1), size - 1))) return 0;
  validator.finish();
  if (!validator.valid()) return 0;
  core::BatchSummary summary = builder.finish(validator.header(), {"a warning"});
  summary.baseline = runs.compare_with(runs);
  if (!summary.baseline->newly_failing.empty() || !summary.baseline->added.empty())
    __builtin_trap();
  core::TextStyle style;
  style.unicode = (options & 8) != 0;
  if ((options & 4) != 0) {  // tones marked, as a terminal's colours would be
    style.tone_start.fill("<t>");
    style.tone_end = "</t>";
  }
  (void)core::render_text(summary, style);
  (void)core::render_markdown(summary);
  (void)core::render_json(summary);
  (void)core::render_junit({{"fuzz.json", &summary}});
  return 0;
}

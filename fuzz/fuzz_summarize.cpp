// libFuzzer target: every summarize renderer on whatever the validator accepts, and the baseline
// comparison of a payload with itself. The JSON must parse, the JUnit must be well-formed XML 1.0,
// the text and the Markdown must hold no control character, and the page no script.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/payload/payload_validator.hpp"
#include "core/summary/batch_summary.hpp"
#include "core/summary/summary_render.hpp"
#include "output_checks.hpp"
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
  fuzz::require(fuzz::is_safe_for_a_terminal(core::render_text(summary, style)));
  fuzz::require(fuzz::is_safe_for_a_terminal(core::render_markdown(summary)));
  fuzz::require(fuzz::is_json(core::render_json(summary), true));
  fuzz::require(fuzz::are_workflow_commands(core::render_github(summary)));
  core::CtrfReport ctrf;
  ctrf.add(summary);
  fuzz::require(fuzz::is_json(ctrf.finish("fuzz")));
  fuzz::require(fuzz::is_well_formed_xml(core::render_junit({{"fuzz.json", &summary}})));
  fuzz::require(fuzz::is_a_safe_page(
      core::html_summary_start() + core::render_html_section(summary) + core::html_summary_end()));
  return 0;
}

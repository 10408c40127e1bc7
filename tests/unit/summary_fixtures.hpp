// Test helpers for core/batch_summary and its renderers: groups, a header and a built summary.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/render/text_style.hpp"
#include "core/summary/batch_summary.hpp"

namespace test {

inline core::TextStyle with_unicode() {
  core::TextStyle style;
  style.unicode = true;
  return style;
}

// Each tone shown by its name, so a test sees which tone a renderer chose.
inline core::TextStyle marked_tones() {
  core::TextStyle style = with_unicode();
  const char* names[] = {"strong", "good", "bad", "warning", "muted", "pending", "halted"};
  for (std::size_t i = 0; i < core::tone_count; ++i)
    style.tone_start[i] = std::string("<") + names[i] + ">";
  style.tone_end = "</>";
  return style;
}

inline core::RunGroup group(std::string name, std::string status,
                            std::vector<std::pair<std::string, std::string>> runs) {
  core::RunGroup g{std::move(name),
                   std::move(status),
                   "https://autosana.ai/g/" + std::to_string(runs.size()),
                   {}};
  for (auto& [run_name, run_status] : runs)
    g.runs.push_back(
        core::Run{run_name, run_status, "https://autosana.ai/r/" + run_name, std::nullopt});
  return g;
}

inline core::PayloadHeader header() {
  core::PayloadHeader h;
  h.event = "batch.completed";
  h.timestamp = "2025-01-31T12:34:56.789Z";
  h.app = core::App{"com.example.myapp", "My App", "ios", ""};
  h.git = core::Git{"a1b2c3d4e5f6", "main"};
  return h;
}

inline core::BatchSummary build(std::vector<core::RunGroup> groups,
                                core::SummaryOptions options = {}) {
  core::SummaryBuilder builder(options);
  for (auto& g : groups) builder.add_group(std::move(g));
  return builder.finish(header(), {});
}

}  // namespace test

// Test helpers for flow histories: batches from a few words each.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "core/history/flow_history.hpp"
#include "util/rfc3339.hpp"

namespace test {

struct RunResult {
  std::string group, name, status, url = {};
};

inline void add_batch(core::HistoryBuilder& builder, const std::string& timestamp,
                      const std::string& branch, const std::string& sha,
                      const std::vector<RunResult>& runs,
                      const std::string& app = "com.example.shop") {
  for (const RunResult& run : runs) {
    core::RunGroup group;
    group.name = run.group;
    group.runs.push_back(core::Run{
        run.name, run.status,
        run.url.empty() ? "https://autosana.ai/runs/flow/" + sha + "-" + run.name : run.url,
        std::nullopt});
    builder.add_group(group);
  }
  core::PayloadHeader header;
  header.timestamp = timestamp;
  header.app.id = app;
  header.app.name = "Shop";
  header.git = core::Git{sha, branch};
  builder.end_batch(header, *util::parse_rfc3339(timestamp), sha + ".json");
}

// One flow's statuses over consecutive days on one branch, with a steady second flow beside it.
inline core::FlowHistory history_of(const std::vector<std::string>& statuses,
                                    const std::vector<std::string>& branches = {}) {
  core::HistoryBuilder builder({}, 10);
  for (std::size_t i = 0; i < statuses.size(); ++i)
    add_batch(builder,
              "2025-02-" + std::string(i < 9 ? "0" : "") + std::to_string(i + 1) + "T09:00:00Z",
              branches.empty() ? "main" : branches[i], "c" + std::to_string(i),
              {{"G", "flow", statuses[i]}, {"G", "steady", "passed"}});
  return builder.finish();
}

// `count` batches an hour apart from 2025-02-01T00:00:00.000Z, commits c0, c1, ...: one flow
// passing, except in the oldest batch, where it failed (so the oldest is told apart in reports).
inline core::FlowHistory hourly_batches(std::size_t count) {
  core::HistoryBuilder builder({}, 10);
  const std::int64_t start = *util::parse_rfc3339("2025-02-01T00:00:00Z");
  for (std::size_t i = 0; i < count; ++i)
    add_batch(builder, util::format_rfc3339(start + static_cast<std::int64_t>(i) * 3'600'000),
              "main", "c" + std::to_string(i), {{"G", "flow", i == 0 ? "failed" : "passed"}});
  return builder.finish();
}

inline const core::FlowStats& stats_of(const core::FlowHistory& history, const std::string& name) {
  for (const core::FlowStats& stats : history.flow_stats)
    if (history.flows[stats.flow].name == name) return stats;
  throw std::runtime_error("no flow " + name);
}

}  // namespace test

namespace test {

// Four batches on main: "pay" turns red at c3, "sso" flips, "filters" is fixed at c2, "email"
// always passes.
inline core::FlowHistory small_history(const std::string& hostile_name = "pay") {
  core::HistoryBuilder builder({}, 10);
  const char* pay[] = {"passed", "passed", "failed", "failed"};
  const char* sso[] = {"passed", "failed", "passed", "failed"};
  const char* filters[] = {"failed", "passed", "passed", "passed"};
  for (int i = 0; i < 4; ++i)
    add_batch(builder, "2025-02-0" + std::to_string(i + 1) + "T09:00:00.000Z", "main",
              "c" + std::to_string(i + 1) + "aaaaaaaaa",
              {{"Checkout", hostile_name, pay[i]},
               {"Login", "sso", sso[i]},
               {"Search", "filters", filters[i]},
               {"Login", "email", "passed"}});
  return builder.finish();
}

}  // namespace test

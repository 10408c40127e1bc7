// The typed model of what Autosana sends: the webhook's batch.completed payload, or the run-status
// API response of the same shape. Statuses are an open set: unknown ones are kept as they are.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace core {

enum class PayloadKind { webhook, run_status };

struct Run {
  std::string name;
  std::string status;
  std::string url;
  std::optional<std::string> id;
};

struct RunGroup {
  std::string name;
  std::string status;
  std::string url;
  std::vector<Run> runs;
};

struct App {
  std::string id;
  std::string name;
  std::string platform;
  std::string url;
};

struct Git {
  std::string commit_sha;
  std::string branch;
};

// The counts, each optional: group counts are required by validation, flow counts are not.
struct Summary {
  std::optional<std::int64_t> total_groups, passed_groups, failed_groups;
  std::optional<std::int64_t> total_flows, passed_flows, failed_flows, error_flows,
      terminated_flows, skipped_flows;
};

struct SummaryCountField {
  const char* name;
  std::optional<std::int64_t> Summary::*member;
};
// In the order Autosana documents them.
extern const SummaryCountField summary_count_fields[9];

// Everything but the groups, which are handed over one at a time so memory stays bounded.
struct PayloadHeader {
  PayloadKind kind = PayloadKind::webhook;
  std::string event;
  std::string timestamp;
  App app;
  std::optional<Git> git;
  Summary summary;
  std::optional<std::string> batch_id;
  std::optional<bool> is_complete;
};

bool is_known_status(std::string_view status);

}  // namespace core

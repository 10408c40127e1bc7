#include <nlohmann/json.hpp>

#include "core/summary/summary_render.hpp"

namespace core {

namespace {
using Json = nlohmann::ordered_json;

Json run_json(const RunLine& run) {
  return Json{{"group", run.group},
              {"name", run.name},
              {"status", run.status},
              {"url", run.url},
              {"owners", run.owners},
              {"quarantined", run.quarantined ? Json(*run.quarantined) : Json(nullptr)}};
}

Json runs_json(const std::vector<RunLine>& runs) {
  Json array = Json::array();
  for (const RunLine& run : runs) array.push_back(run_json(run));
  return array;
}

Json counts_json(const std::map<std::string, std::size_t>& by_status) {
  Json object = Json::object();
  for (const auto& [status, count] : by_status) object[status] = count;
  return object;
}
}  // namespace

// The shape is documented in README ("JSON summary") and versioned by "format".
std::string render_json(const BatchSummary& summary) {
  const PayloadHeader& header = summary.header;
  Json json;
  json["format"] = "autosana-webhook.summary/1";
  json["kind"] = header.kind == PayloadKind::webhook ? "webhook" : "run-status";
  json["verdict"] = verdict_name(summary.verdict());
  json["app"] = Json{{"id", header.app.id},
                     {"name", header.app.name},
                     {"platform", header.app.platform},
                     {"url", header.app.url}};
  json["git"] = header.git
                    ? Json{{"commit_sha", header.git->commit_sha}, {"branch", header.git->branch}}
                    : Json(nullptr);
  json["timestamp"] = header.timestamp;
  json["batch_id"] = header.batch_id ? Json(*header.batch_id) : Json(nullptr);
  json["is_complete"] = header.is_complete ? Json(*header.is_complete) : Json(nullptr);
  json["groups"] = Json{{"total", summary.group_count},
                        {"passed", summary.groups_passed},
                        {"failed", summary.groups_failed},
                        {"in_progress", summary.groups_in_progress}};
  json["runs"] =
      Json{{"total", summary.run_count}, {"by_status", counts_json(summary.runs_by_status)}};
  Json groups = Json::array();
  std::vector<RunLine> failing;
  for (const GroupSummary& group : summary.groups) {
    groups.push_back(
        Json{{"name", group.name},
             {"status", group.status},
             {"url", group.url},
             {"owners", group.owners},
             {"quarantined", group.quarantined ? Json(*group.quarantined) : Json(nullptr)},
             {"passed", group.passed()},
             {"verdict", verdict_name(group.verdict(summary.incomplete()))},
             {"runs", group.run_count},
             {"runs_by_status", counts_json(group.runs_by_status)}});
    for (const RunLine& run : group.shown_runs)
      if (verdict_of(run.status, summary.incomplete()) == Verdict::failed) failing.push_back(run);
  }
  json["group_results"] = groups;
  json["failing_runs"] = runs_json(failing);
  json["warnings"] = summary.warnings;
  if (summary.baseline) {
    const BaselineComparison& baseline = *summary.baseline;
    json["baseline"] = Json{{"different_app", baseline.different_app},
                            {"newly_failing", runs_json(baseline.newly_failing)},
                            {"still_failing", runs_json(baseline.still_failing)},
                            {"fixed", runs_json(baseline.fixed)},
                            {"added", runs_json(baseline.added)},
                            {"removed", runs_json(baseline.removed)}};
  }
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace core

#include <nlohmann/json.hpp>

#include <algorithm>

#include "core/summary/owners.hpp"
#include "core/summary/quarantine.hpp"
#include "core/summary/summary_render.hpp"
#include "util/rfc3339.hpp"

namespace core {

namespace {
using Json = nlohmann::ordered_json;

// The specification's statuses: a run not finished is pending, a skipped one skipped; any other
// status fails, as it fails the gate (summarize's verdict): an unknown word a reporter read as
// "other" could let a failure through. The run's own word stays in rawStatus.
const char* ctrf_status(std::string_view status) {
  if (status == "passed") return "passed";
  if (status == "skipped") return "skipped";
  if (is_unfinished_status(status)) return "pending";
  return "failed";
}
}  // namespace

void CtrfReport::add(const BatchSummary& summary) {
  const PayloadHeader& header = summary.header;
  const auto time = util::parse_rfc3339(header.timestamp);
  if (time) {
    start_ = start_ ? std::min(*start_, *time) : *time;
    stop_ = stop_ ? std::max(*stop_, *time) : *time;
  }
  if (!first_app_) first_app_ = header;
  for (const GroupSummary& group : summary.groups) {
    ++suites_;
    for (const RunLine& run : group.shown_runs)
      tests_.push_back({run.name, run.group, run.status, run.url, header.app.id,
                        header.git ? header.git->branch : "",
                        header.git ? header.git->commit_sha : "", header.timestamp, run.owners,
                        run.quarantined});
  }
}

std::string CtrfReport::finish(std::string_view generated_by) const {
  Json tests = Json::array();
  std::map<std::string, std::size_t> counts{
      {"passed", 0}, {"failed", 0}, {"skipped", 0}, {"pending", 0}, {"other", 0}};
  for (const CtrfTest& test : tests_) {
    const char* status = ctrf_status(test.status);
    ++counts[status];
    Json entry{{"name", test.name.empty() ? "(unnamed)" : test.name},
               {"status", status},
               {"duration", 0},
               {"suite", Json::array({test.group.empty() ? "(unnamed)" : test.group})},
               {"rawStatus", test.status}};
    if (std::string_view(status) == "failed")
      entry["message"] = test.group + " \xE2\x80\xBA " + test.name + ": " + test.status +
                         describe_quarantined(test.quarantined) +
                         (test.owners.empty() ? "" : ", owned by " + describe_owners(test.owners)) +
                         (test.url.empty() ? "" : " " + test.url);
    // CTRF's labels take a non-empty array: the owners only when an owners file named some.
    if (!test.owners.empty()) entry["labels"] = Json{{"owners", test.owners}};
    entry["extra"] = Json{{"url", test.url},
                          {"app_id", test.app_id},
                          {"branch", test.branch},
                          {"commit_sha", test.commit_sha},
                          {"timestamp", test.timestamp}};
    tests.push_back(std::move(entry));
  }
  Json summary{{"tests", tests_.size()},
               {"passed", counts["passed"]},
               {"failed", counts["failed"]},
               {"skipped", counts["skipped"]},
               {"pending", counts["pending"]},
               {"other", counts["other"]},
               {"suites", suites_},
               {"start", start_.value_or(0)},
               {"stop", stop_.value_or(0)}};
  Json results{{"tool", Json{{"name", "Autosana"}}}, {"summary", std::move(summary)}};
  results["tests"] = std::move(tests);
  if (first_app_) {
    Json environment{
        {"appName", first_app_->app.name.empty() ? first_app_->app.id : first_app_->app.name}};
    if (!first_app_->app.platform.empty()) environment["osPlatform"] = first_app_->app.platform;
    if (first_app_->git) {
      environment["branchName"] = first_app_->git->branch;
      environment["commit"] = first_app_->git->commit_sha;
    }
    results["environment"] = std::move(environment);
  }
  const Json document{{"reportFormat", "CTRF"},
                      {"specVersion", "0.0.0"},
                      {"generatedBy", std::string(generated_by)},
                      {"results", std::move(results)}};
  return document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace core

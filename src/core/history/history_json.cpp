#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <iterator>
#include <utility>

#include "core/history/history_render.hpp"
#include "util/json_string.hpp"
#include "util/utf8.hpp"

namespace core {

namespace {
using Json = nlohmann::ordered_json;

// The pass rate rounded to four places, or none when nothing had a result.
std::optional<double> rounded_rate(std::size_t passed, std::size_t results) {
  const std::optional<double> rate = pass_rate(passed, results);
  if (!rate) return std::nullopt;
  return std::round(*rate * 10000.0) / 10000.0;
}

Json rate_json(std::size_t passed, std::size_t results) {
  const std::optional<double> rate = rounded_rate(passed, results);
  return rate ? Json(*rate) : Json(nullptr);
}

// A JSON string of text that is UTF-8 but for what a file name may hold: each byte that is not
// becomes U+FFFD, as the rest of the document's writer does. Valid text (nearly all of it) is
// written without a copy.
void append_text(std::string& out, std::string_view text) {
  if (util::valid_utf8_prefix(text) == text.size())
    util::append_json_string(out, text);
  else
    util::append_json_string(out, util::replacing_invalid_utf8(text));
}

// rate_json's value as its dump writes it (the shortest form that reads back, ".0" on a whole
// number), without making a JSON value for each of a year of batches.
void append_rate(std::string& out, std::size_t passed, std::size_t results) {
  const std::optional<double> rate = rounded_rate(passed, results);
  if (!rate) {
    out += "null";
    return;
  }
  const std::size_t start = out.size();
  fmt::format_to(std::back_inserter(out), "{}", *rate);
  if (out.find_first_of(".e", start) == std::string::npos) out += ".0";
}

Json batch_json(const HistoryBatch& batch) {
  return Json{{"timestamp", batch.timestamp},
              {"commit_sha", batch.commit_sha},
              {"branch", batch.branch},
              {"app_id", batch.app_id},
              {"source", batch.source}};
}

Json since_json(const FlowHistory& history, std::optional<std::size_t> since) {
  return since ? batch_json(history.batches[*since]) : Json(nullptr);
}

Json lane_json(const FlowHistory& history, const LaneStats& lane) {
  const Lane& named = history.lanes[lane.lane];
  return Json{{"app_id", named.app_id},
              {"branch", named.branch},
              {"state", flow_state_name(lane.state)},
              {"passed", lane.passed},
              {"failed", lane.failed},
              {"pass_rate", rate_json(lane.passed, lane.results())},
              {"flips", lane.flips},
              {"latest_outcome", run_outcome_name(lane.latest_outcome)},
              {"since", since_json(history, lane.since)},
              {"batches_since", lane.since ? Json(lane.batches_since) : Json(nullptr)},
              {"same_commit_flip", since_json(history, lane.same_commit_flip)}};
}

Json flow_json(const FlowHistory& history, const FlowStats& stats) {
  const Flow& flow = history.flows[stats.flow];
  Json json{
      {"group", flow.group},
      {"name", flow.name},
      {"state", flow_state_name(stats.state)},
      {"passed", stats.passed},
      {"failed", stats.failed},
      {"pass_rate", rate_json(stats.passed, stats.results())},
      {"flips", stats.flips},
      {"latest_outcome", run_outcome_name(stats.latest_outcome)},
      {"url", latest_url(history, stats)},
      {"owners", history.owners_of(stats.flow)},
      {"quarantined", history.quarantined_of(stats.flow) ? Json(*history.quarantined_of(stats.flow))
                                                         : Json(nullptr)}};
  json["since"] = since_json(history, stats.since);
  json["batches_since"] = stats.since ? Json(stats.batches_since) : Json(nullptr);
  // Time to fix, for a fixed flow: the failures its fix ended.
  json["broken_since"] = since_json(history, stats.broken_since);
  json["broken_batches"] = stats.broken_since ? Json(stats.broken_batches) : Json(nullptr);
  json["broken_seconds"] = stats.broken_since && stats.since
                               ? Json((history.batches[*stats.since].time_milliseconds -
                                       history.batches[*stats.broken_since].time_milliseconds) /
                                      1000)
                               : Json(nullptr);
  Json lanes = Json::array();
  for (const LaneStats& lane : stats.lanes) lanes.push_back(lane_json(history, lane));
  json["lanes"] = std::move(lanes);
  return json;
}
}  // namespace

// The shape is documented in the README ("History JSON") and versioned by "format".
std::string render_history_json(const FlowHistory& history) {
  Json json;
  json["format"] = "autosana-webhook.history/2";
  json["batches"] = Json{{"read", history.batches_read},
                         {"left_out", history.batches_filtered},
                         {"repeated", history.batches_repeated},
                         {"in_window", history.batches.size()},
                         {"inputs_skipped", history.inputs_skipped}};
  json["window"] = history.batches.empty() ? Json(nullptr)
                                           : Json{{"from", history.batches.front().timestamp},
                                                  {"to", history.batches.back().timestamp}};
  Json lanes = Json::array();
  for (const Lane& lane : history.lanes)
    lanes.push_back(
        Json{{"app_id", lane.app_id}, {"branch", lane.branch}, {"batches", lane.batches}});
  json["lanes"] = std::move(lanes);
  const BatchStats totals = history_totals(history);
  json["totals"] = Json{{"flows", history.flow_stats.size()},
                        {"passed", totals.passed},
                        {"failed", totals.failed},
                        {"pass_rate", rate_json(totals.passed, totals.results())}};
  for (FlowState state : {FlowState::newly_failing, FlowState::flaky, FlowState::fixed})
    json[flow_state_name(state)] = Json::array();
  Json flows = Json::array();
  for (const FlowStats& stats : history.flow_stats) {
    Json flow = flow_json(history, stats);
    if (stats.state == FlowState::newly_failing || stats.state == FlowState::flaky ||
        stats.state == FlowState::fixed)
      json[flow_state_name(stats.state)].push_back(flow);
    flows.push_back(std::move(flow));
  }
  json["flows"] = std::move(flows);
  // The trend has an entry per batch (a year of them, say): written straight out, not through a
  // tree of its own, which took a third of `history --store --format json`.
  json["trend"] = nullptr;
  std::string out = json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  out.resize(out.size() - std::string_view("null}").size());
  out += '[';
  for (std::size_t i = 0; i < history.batches.size(); ++i) {
    const HistoryBatch& batch = history.batches[i];
    const BatchStats& stats = history.batch_stats[i];
    out += i == 0 ? "{" : ",{";
    for (const auto& [name, value] :
         {std::pair<const char*, const std::string*>{"timestamp", &batch.timestamp},
          {"commit_sha", &batch.commit_sha},
          {"branch", &batch.branch},
          {"app_id", &batch.app_id},
          {"source", &batch.source}}) {
      out += '"';
      out += name;
      out += "\":";
      append_text(out, *value);
      out += ',';
    }
    fmt::format_to(std::back_inserter(out),
                   "\"passed\":{},\"failed\":{},\"pass_rate\":", stats.passed, stats.failed);
    append_rate(out, stats.passed, stats.results());
    out += '}';
  }
  out += "]}\n";
  return out;
}

}  // namespace core

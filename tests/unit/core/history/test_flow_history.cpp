// core/flow_history: the grid of flows x batches and what it says.
#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <stdexcept>

#include "core/history/flow_history.hpp"
#include "history_fixtures.hpp"

namespace {
using core::FlowState;
using test::history_of;
using test::stats_of;
constexpr const char* P = "passed";
constexpr const char* F = "failed";
}  // namespace

TEST_CASE("core::outcome_of: passes, failures and runs without a result") {
  CHECK(core::outcome_of("passed") == core::RunOutcome::passed);
  CHECK(core::outcome_of("failed") == core::RunOutcome::failed);
  CHECK(core::outcome_of("error") == core::RunOutcome::errored);
  CHECK(core::outcome_of("terminated") == core::RunOutcome::terminated);
  CHECK(core::outcome_of("flaky-new-status") ==
        core::RunOutcome::failed);  // fails, as in summarize
  CHECK(core::outcome_of("skipped") == core::RunOutcome::skipped);
  CHECK(core::outcome_of("running") == core::RunOutcome::unfinished);
  CHECK_FALSE(core::is_result(core::RunOutcome::skipped));
  CHECK(core::is_failure(core::RunOutcome::terminated));
}

TEST_CASE("core::analyse_history: a flow that turns red is newly failing since its first failure") {
  const auto history = history_of({P, P, F, F, F});
  const core::FlowStats& flow = stats_of(history, "flow");
  CHECK(flow.state == FlowState::newly_failing);
  REQUIRE(flow.since.has_value());
  CHECK(history.batches[*flow.since].commit_sha == "c2");
  CHECK(flow.batches_since == 3);
  CHECK(flow.flips == 1);
  CHECK(flow.passed == 2);
  CHECK(flow.failed == 3);
  CHECK(stats_of(history, "steady").state == FlowState::passing);
  CHECK(history.flow_stats.front().flow == flow.flow);  // newly failing comes first
}

TEST_CASE("core::analyse_history: fixed, failing, flaky and no result") {
  const auto fixed = history_of({F, F, P, P});
  CHECK(stats_of(fixed, "flow").state == FlowState::fixed);
  CHECK(fixed.batches[*stats_of(fixed, "flow").since].commit_sha == "c2");
  CHECK(stats_of(fixed, "flow").batches_since == 2);
  CHECK(stats_of(history_of({F, F, "error"}), "flow").state == FlowState::failing);
  CHECK(stats_of(history_of({"skipped", "running"}), "flow").state == FlowState::no_result);
  const auto flaky = history_of({P, F, P, F});
  CHECK(stats_of(flaky, "flow").state == FlowState::flaky);  // latest failed, but it flips
  CHECK(stats_of(flaky, "flow").flips == 3);
  CHECK_FALSE(stats_of(flaky, "flow").since.has_value());
  // Skipped runs do not break a streak nor count as flips.
  const auto skipping = history_of({P, "skipped", P, F, "skipped", F});
  CHECK(stats_of(skipping, "flow").state == FlowState::newly_failing);
  CHECK(stats_of(skipping, "flow").batches_since == 2);
  CHECK(stats_of(skipping, "flow").flips == 1);
}

TEST_CASE("core::analyse_history: flips count within a branch, not between branches") {
  // main passes, a feature branch fails, alternately: neither branch flips.
  const auto history = history_of({P, F, P, F, P}, {"main", "feature", "main", "feature", "main"});
  CHECK(stats_of(history, "flow").flips == 0);
  CHECK(stats_of(history, "flow").state == FlowState::failing);  // the feature branch's
  const auto same = history_of({P, F, P, F, P});
  CHECK(stats_of(same, "flow").flips == 4);
  CHECK(stats_of(same, "flow").state == FlowState::flaky);
}

namespace {
// One batch of the table below: its lane (branch, and app), its commit, the flow's status.
struct Step {
  std::string branch;
  std::string status;
  std::string commit = {};  // a commit of its own when empty
  std::string app = "com.example.shop";
};

// The flow's state on each lane ("app/branch" or "branch" for the shop), and whether the gate
// fails (a lane newly failing).
struct Judged {
  std::map<std::string, FlowState> lanes;
  bool gate_fails = false;
};

Judged judge(const std::vector<Step>& steps) {
  core::HistoryBuilder builder({}, 10);
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const Step& step = steps[i];
    const std::string hour = (i < 10 ? "0" : "") + std::to_string(i);
    test::add_batch(builder, "2025-03-01T" + hour + ":00:00Z", step.branch,
                    step.commit.empty() ? "c" + std::to_string(i) : step.commit,
                    {{"G", "flow", step.status}}, step.app);
  }
  const core::FlowHistory history = builder.finish();
  Judged judged;
  for (const core::LaneStats& lane : stats_of(history, "flow").lanes) {
    const core::Lane& named = history.lanes[lane.lane];
    const std::string branch = named.branch.empty() ? "(no branch)" : named.branch;
    judged.lanes[named.app_id == "com.example.shop" ? branch : named.app_id + "/" + branch] =
        lane.state;
  }
  judged.gate_fails = history.count(FlowState::newly_failing) > 0;
  return judged;
}

constexpr const char* S = "skipped";
constexpr const char* R = "running";
}  // namespace

TEST_CASE("core::analyse_history judges each lane on its own: the README's table") {
  using enum FlowState;
  struct Case {
    const char* what;
    std::vector<Step> steps;
    std::map<std::string, FlowState> lanes;
    bool gate_fails;
  };
  const std::vector<Case> cases = {
      {"passing throughout", {{"main", P}, {"main", P}, {"main", P}}, {{"main", passing}}, false},
      {"a regression", {{"main", P}, {"main", P}, {"main", F}}, {{"main", newly_failing}}, true},
      {"failing throughout is not news", {{"main", F}, {"main", F}}, {{"main", failing}}, false},
      {"fixed", {{"main", F}, {"main", F}, {"main", P}}, {{"main", fixed}}, false},
      {"flaky", {{"main", P}, {"main", F}, {"main", P}, {"main", F}}, {{"main", flaky}}, false},
      {"flaky, then failing twice: still flaky",
       {{"main", P}, {"main", F}, {"main", P}, {"main", F}, {"main", F}},
       {{"main", flaky}},
       false},
      {"flaky, then broken for good (3 failures)",
       {{"main", P}, {"main", F}, {"main", P}, {"main", F}, {"main", F}, {"main", F}, {"main", F}},
       {{"main", newly_failing}},
       true},
      {"branches interleaved (the issue's case): each lane regressed",
       {{"main", P}, {"feature", P}, {"main", F}, {"feature", F}, {"main", F}},
       {{"main", newly_failing}, {"feature", newly_failing}},
       true},
      {"a red feature branch does not make main fixed",
       {{"main", P}, {"feature", F}, {"main", P}},
       {{"main", passing}, {"feature", failing}},
       false},
      {"a red feature branch is not a regression on main",
       {{"main", P}, {"main", P}, {"feature", F}},
       {{"main", passing}, {"feature", failing}},
       false},
      {"a regression on main beside a noisy feature branch",
       {{"feature", P},
        {"main", P},
        {"feature", F},
        {"main", P},
        {"feature", P},
        {"feature", F},
        {"main", F}},
       {{"main", newly_failing}, {"feature", flaky}},
       true},
      {"a lane of one failing batch", {{"main", F}}, {{"main", failing}}, false},
      {"a lane of one passing batch", {{"main", P}}, {{"main", passing}}, false},
      {"skipped and running runs change nothing",
       {{"main", P}, {"main", S}, {"main", R}, {"main", F}, {"main", S}},
       {{"main", newly_failing}},
       true},
      {"only skipped", {{"main", S}, {"main", S}}, {{"main", no_result}}, false},
      {"an unknown status is a failure",
       {{"main", P}, {"main", "exploded"}},
       {{"main", newly_failing}},
       true},
      {"a retry on the same commit that changed its mind is flaky",
       {{"main", P}, {"main", F, "c9"}, {"main", P, "c9"}},
       {{"main", flaky}},
       false},
      {"... and its failing retry too",
       {{"main", P, "c8"}, {"main", P, "c9"}, {"main", F, "c9"}},
       {{"main", flaky}},
       false},
      {"a flaky retry, then broken for good",
       {{"main", P}, {"main", F, "c9"}, {"main", P, "c9"}, {"main", F}, {"main", F}, {"main", F}},
       {{"main", newly_failing}},
       true},
      {"batches without git metadata are a lane of their own",
       {{"", P}, {"main", F}, {"", F}},
       {{"(no branch)", newly_failing}, {"main", failing}},
       true},
      {"apps are lanes apart",
       {{"main", P},
        {"main", P, "", "com.example.other"},
        {"main", F},
        {"main", P, "", "com.example.other"}},
       {{"main", newly_failing}, {"com.example.other/main", passing}},
       true},
  };
  for (const Case& c : cases) {
    CAPTURE(c.what);
    const Judged judged = judge(c.steps);
    CHECK(judged.lanes == c.lanes);
    CHECK(judged.gate_fails == c.gate_fails);
  }
}

TEST_CASE("core::analyse_history: a flow's state is its worst lane's, with that lane's since") {
  const Judged judged = judge({{"feature", F}, {"main", P}, {"main", F}, {"feature", F}});
  CHECK(judged.lanes.at("main") == FlowState::newly_failing);
  CHECK(judged.lanes.at("feature") == FlowState::failing);
  const auto history = history_of({P, F, P, F, F, F, F});
  const core::FlowStats& flow = stats_of(history, "flow");
  CHECK(flow.state == FlowState::newly_failing);
  REQUIRE(flow.since.has_value());
  CHECK(history.batches[*flow.since].commit_sha == "c3");  // the first of the failures since
  CHECK(flow.batches_since == 4);
}

TEST_CASE("core::HistoryBuilder orders batches by time, not by reading order") {
  core::HistoryBuilder builder({}, 10);
  test::add_batch(builder, "2025-02-03T09:00:00Z", "main", "c3", {{"G", "flow", F}});
  test::add_batch(builder, "2025-02-01T09:00:00Z", "main", "c1", {{"G", "flow", P}});
  test::add_batch(builder, "2025-02-02T09:00:00+02:00", "main", "c2", {{"G", "flow", F}});
  const auto history = builder.finish();
  REQUIRE(history.batches.size() == 3);
  CHECK(history.batches[0].commit_sha == "c1");
  CHECK(history.batches[1].commit_sha == "c2");
  CHECK(stats_of(history, "flow").state == FlowState::newly_failing);
  CHECK(history.batches[*stats_of(history, "flow").since].commit_sha == "c2");
  CHECK(history.batch_stats[0].passed == 1);
  CHECK(history.batch_stats[2].failed == 1);
}

namespace {
core::HistoryFilter filter_by(void (*set)(core::HistoryFilter&)) {
  core::HistoryFilter filter;
  set(filter);
  return filter;
}
}  // namespace

TEST_CASE("core::HistoryBuilder filters by branch, app, time and the latest N") {
  const auto build = [](core::HistoryFilter filter) {
    core::HistoryBuilder builder(std::move(filter), 10);
    test::add_batch(builder, "2025-02-01T09:00:00Z", "main", "c1", {{"G", "old", P}});
    test::add_batch(builder, "2025-02-02T09:00:00Z", "feature", "c2", {{"G", "flow", F}});
    test::add_batch(builder, "2025-02-03T09:00:00Z", "main", "c3", {{"G", "flow", P}}, "com.other");
    test::add_batch(builder, "2025-02-04T09:00:00Z", "main", "c4", {{"G", "flow", F}});
    return builder.finish();
  };
  CHECK(build({}).batches.size() == 4);
  const auto main = build(filter_by([](core::HistoryFilter& f) { f.branch = "main"; }));
  CHECK(main.batches.size() == 3);
  CHECK(main.batches_filtered == 1);
  CHECK(main.batches_read == 4);
  CHECK(build(filter_by([](core::HistoryFilter& f) { f.app_id = "com.other"; })).batches.size() ==
        1);
  CHECK(build(filter_by([](core::HistoryFilter& f) {
          f.since_milliseconds = *util::parse_rfc3339("2025-02-03T00:00:00Z");
        })).batches.size() == 2);
  const auto last = build(filter_by([](core::HistoryFilter& f) { f.last = 2; }));
  REQUIRE(last.batches.size() == 2);
  CHECK(last.batches[0].commit_sha == "c3");
  CHECK(last.batches_filtered == 2);
  // A flow seen only before the window is not part of it.
  CHECK(last.flows.size() == 1);
  CHECK(last.flows[0].name == "flow");
}

TEST_CASE(
    "core::HistoryBuilder keeps URLs only for the latest batches, whatever the reading order") {
  core::HistoryBuilder builder({}, 2);
  test::add_batch(builder, "2025-02-04T09:00:00Z", "main", "c4", {{"G", "flow", P}});
  test::add_batch(builder, "2025-02-01T09:00:00Z", "main", "c1", {{"G", "flow", P}});
  test::add_batch(builder, "2025-02-03T09:00:00Z", "main", "c3", {{"G", "flow", P}});
  test::add_batch(builder, "2025-02-02T09:00:00Z", "main", "c2", {{"G", "flow", P}});
  const auto history = builder.finish();
  CHECK(history.batches[0].url(0).empty());
  CHECK(history.batches[1].url(0).empty());
  CHECK(history.batches[2].url(0) == "https://autosana.ai/runs/flow/c3-flow");
  CHECK(history.batches[3].url(0) == "https://autosana.ai/runs/flow/c4-flow");
}

TEST_CASE("core::HistoryBuilder counts a flow listed twice in a batch once, its failure winning") {
  core::HistoryBuilder builder({}, 10);
  test::add_batch(
      builder, "2025-02-01T09:00:00Z", "main", "c1",
      {{"G", "flow", P, "https://a/1"}, {"G", "flow", F, "https://a/2"}, {"H", "flow", P}});
  const auto history = builder.finish();
  CHECK(history.flows.size() == 2);  // a flow is its group and its name
  CHECK(history.batch_stats[0].failed == 1);
  CHECK(history.batch_stats[0].passed == 1);
  const std::uint32_t flow = stats_of(history, "flow").flow;
  CHECK(history.batches[0].outcome(flow) == core::RunOutcome::failed);
  CHECK(history.batches[0].url(flow) == "https://a/2");  // the failing run's, to click on
}

TEST_CASE("core::HistoryBuilder::drop_batch forgets the groups of an invalid payload") {
  core::HistoryBuilder builder({}, 10);
  core::RunGroup group;
  group.name = "G";
  group.runs.push_back(core::Run{"ghost", F, "", std::nullopt});
  builder.add_group(group);
  builder.drop_batch();
  test::add_batch(builder, "2025-02-01T09:00:00Z", "main", "c1", {{"G", "flow", P}});
  const auto history = builder.finish();
  REQUIRE(history.flows.size() == 1);
  CHECK(history.flows[0].name == "flow");
}

TEST_CASE("core::pass_rate and core::flow_state_name") {
  CHECK_FALSE(core::pass_rate(0, 0).has_value());
  CHECK(*core::pass_rate(1, 4) == doctest::Approx(0.25));
  CHECK(std::string(core::flow_state_name(FlowState::newly_failing)) == "newly_failing");
  CHECK(std::string(core::flow_state_words(FlowState::no_result)) == "no result");
}

TEST_CASE("core::run_outcome_name names every outcome as JSON and the HTML grid's classes do") {
  CHECK(std::string(core::run_outcome_name(core::RunOutcome::passed)) == "passed");
  CHECK(std::string(core::run_outcome_name(core::RunOutcome::errored)) == "errored");
  CHECK(std::string(core::run_outcome_name(core::RunOutcome::unfinished)) == "unfinished");
  CHECK(std::string(core::run_outcome_name(core::RunOutcome::absent)) == "absent");
}

TEST_CASE("core::HistoryBuilder counts a batch delivered twice once, and says so") {
  core::HistoryBuilder builder({}, 10);
  test::add_batch(builder, "2025-02-01T09:00:00Z", "main", "c1", {{"G", "flow", "passed"}});
  test::add_batch(builder, "2025-02-02T09:00:00Z", "main", "c2", {{"G", "flow", "failed"}});
  test::add_batch(builder, "2025-02-02T09:00:00Z", "main", "c2", {{"G", "flow", "failed"}});
  // The same time and commit with other results is another batch (two suites finishing at once).
  test::add_batch(builder, "2025-02-02T09:00:00Z", "main", "c2", {{"G", "other", "passed"}});
  const core::FlowHistory history = builder.finish();
  CHECK(history.batches_read == 4);
  CHECK(history.batches_repeated == 1);
  CHECK(history.batches.size() == 3);
  const core::FlowStats& flow = test::stats_of(history, "flow");
  CHECK(flow.state == core::FlowState::newly_failing);
  CHECK(flow.batches_since == 1);
  CHECK(flow.failed == 1);
}

TEST_CASE("core::outcome_of: in progress, in any case, is no result") {
  for (const char* status :
       {"running", "queued", "pending", "in_progress", "In_Progress", "QUEUED"})
    CHECK(core::outcome_of(status) == core::RunOutcome::unfinished);
  CHECK(core::outcome_of("exploded") == core::RunOutcome::failed);  // unknown: a failure
}

TEST_CASE(
    "core::HistoryBuilder: a batch that is not complete has no result for a status that is not "
    "final") {
  const auto batch = [](core::HistoryBuilder& builder, const char* time, const char* status,
                        std::optional<bool> complete) {
    core::RunGroup group;
    group.name = "G";
    group.runs.push_back(core::Run{"flow", status, "", std::nullopt});
    builder.add_group(group);
    core::PayloadHeader header;
    header.timestamp = time;
    header.app.id = "com.example.shop";
    header.git = core::Git{time, "main"};
    header.is_complete = complete;
    builder.end_batch(header, *util::parse_rfc3339(time), "x.json");
  };
  core::HistoryBuilder builder({}, 10);
  batch(builder, "2025-02-01T09:00:00Z", P, true);
  batch(builder, "2025-02-02T09:00:00Z", "scheduled", false);  // not final, not complete: waiting
  const auto waiting = builder.finish();
  CHECK(stats_of(waiting, "flow").state == FlowState::passing);
  CHECK(waiting.batches[1].outcome(0) == core::RunOutcome::unfinished);

  core::HistoryBuilder complete({}, 10);
  batch(complete, "2025-02-01T09:00:00Z", P, true);
  batch(complete, "2025-02-02T09:00:00Z", "scheduled", true);  // complete: an unknown status fails
  CHECK(stats_of(complete.finish(), "flow").state == FlowState::newly_failing);
}

TEST_CASE("core::HistoryBuilder::add_run: each run classified by its own status, run after run") {
  core::HistoryBuilder builder({}, 2);
  const std::uint32_t a = builder.flow_id("Checkout", "a");
  const std::uint32_t b = builder.flow_id("Checkout", "b");
  CHECK(builder.flow_id("Checkout", "a") == a);
  core::PayloadHeader header;
  header.app.id = "com.example.shop";
  header.timestamp = "t";
  // An empty status first (what the builder last saw starts as nothing, not as ""), then a
  // failure; then, in a batch that is not complete, a run in progress and a pass.
  builder.add_run(a, "", "");
  builder.add_run(b, "failed", "https://a/b");
  builder.end_batch(header, 1000, "one");
  builder.add_run(a, "running", "");
  builder.add_run(b, "passed", "");
  header.is_complete = false;
  builder.end_batch(header, 2000, "two");
  const core::FlowHistory history = builder.finish();
  REQUIRE(history.batches.size() == 2);
  CHECK(history.batches[0].outcome(a) == core::outcome_of(""));
  CHECK(history.batches[0].outcome(b) == core::RunOutcome::failed);
  CHECK(history.batches[0].url(b) == "https://a/b");
  CHECK(history.batches[1].outcome(a) == core::RunOutcome::unfinished);
  CHECK(history.batches[1].outcome(b) == core::RunOutcome::passed);
}

TEST_CASE("core::analyse_history: a fixed flow's time to fix, the failures its fix ended") {
  const auto history = history_of({P, F, P, F, F, F, P, P});
  const core::FlowStats& flow = stats_of(history, "flow");
  REQUIRE(flow.state == FlowState::flaky);  // flips 4: flaky, no time to fix
  CHECK_FALSE(flow.broken_since);
  const auto fixed = history_of({F, F, F, P, P});
  const core::FlowStats& stats = stats_of(fixed, "flow");
  REQUIRE(stats.state == FlowState::fixed);
  REQUIRE(stats.broken_since);
  CHECK(*stats.broken_since == 0);
  CHECK(stats.broken_batches == 3);
  CHECK(*stats.since == 3);
  CHECK_FALSE(stats_of(history_of({P, F, F}), "flow").broken_since);  // newly failing
}

TEST_CASE("core::analyse_history: tracks found through the table or the hash map agree") {
  core::HistoryBuilder builder({}, 10);
  const char* const branches[] = {"main", "feature/a", "feature/b"};
  for (int i = 0; i < 24; ++i) {
    const std::string hour = (i < 10 ? "0" : "") + std::to_string(i);
    std::vector<test::RunResult> runs;
    for (int flow = 0; flow < 5; ++flow)
      runs.push_back({"G", "flow " + std::to_string(flow), (i * (flow + 1)) % 7 < 3 ? F : P});
    test::add_batch(builder, "2025-03-01T" + hour + ":00:00Z", branches[i % 3],
                    "c" + std::to_string(i / 2), runs);
  }
  const core::FlowHistory built = builder.finish();
  const core::FlowHistory table = core::analyse_history(built.flows, built.batches);
  const core::FlowHistory hashed = core::analyse_history(built.flows, built.batches, 0);
  REQUIRE(table.flow_stats.size() == 5);
  REQUIRE(hashed.flow_stats.size() == 5);
  std::set<FlowState> states;
  for (std::size_t i = 0; i < table.flow_stats.size(); ++i) {
    const core::FlowStats& a = table.flow_stats[i];
    const core::FlowStats& b = hashed.flow_stats[i];
    CAPTURE(i);
    states.insert(a.state);
    CHECK(a.flow == b.flow);
    CHECK(a.state == b.state);
    CHECK(std::tie(a.passed, a.failed, a.flips, a.since, a.latest) ==
          std::tie(b.passed, b.failed, b.flips, b.since, b.latest));
    REQUIRE(a.lanes.size() == 3);
    REQUIRE(b.lanes.size() == 3);
    for (std::size_t lane = 0; lane < a.lanes.size(); ++lane)
      CHECK(std::tie(a.lanes[lane].lane, a.lanes[lane].state, a.lanes[lane].flips,
                     a.lanes[lane].passed) == std::tie(b.lanes[lane].lane, b.lanes[lane].state,
                                                       b.lanes[lane].flips, b.lanes[lane].passed));
  }
  CHECK(states.size() > 1);  // the flows differ, so a mix-up between them would show
}

#include "core/payload/sample_payload.hpp"

#include <fmt/core.h>
#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <numeric>
#include <random>

namespace core {

namespace {
using Json = nlohmann::ordered_json;

// Only the engine's raw output is used: std::mt19937_64 is specified exactly, its distributions
// are not, and the same seed must give the same bytes everywhere.
class SampleRandom {
 public:
  explicit SampleRandom(std::uint64_t seed) : engine_(seed) {}
  std::size_t below(std::size_t bound) {
    return bound == 0 ? 0 : static_cast<std::size_t>(engine_() % bound);
  }
  std::string uuid() {
    const std::uint64_t high = engine_();
    const std::uint64_t low = engine_();
    // Version 4, variant 10: the form of Autosana's own ids.
    return fmt::format("{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}", high >> 32, (high >> 16) & 0xffff,
                       high & 0xfff, 0x8000 | ((low >> 48) & 0x3fff), low & 0xffffffffffffULL);
  }
  std::string hex(std::size_t digits) {
    static const char alphabet[] = "0123456789abcdef";
    std::string text;
    while (text.size() < digits) text += alphabet[engine_() & 15];
    return text;
  }

 private:
  std::mt19937_64 engine_;
};

// Each group with flows that belong to it, so a sample reads like a real app's batch.
struct GroupFlows {
  const char* group;
  const char* flows[5];
};
const GroupFlows groups_and_flows[] = {
    {"Login",
     {"User can sign in with email", "User sees an error for a wrong password",
      "User can reset their password", "User can sign in with Google",
      "User stays signed in after a restart"}},
    {"Checkout",
     {"User can pay with a saved card", "User can apply a discount code",
      "User can change the delivery address", "User can pay with a new card",
      "User sees the order confirmation"}},
    {"Search",
     {"User can search by keyword", "User can filter search results",
      "User can sort results by price", "User sees suggestions while typing",
      "User sees a message when nothing matches"}},
    {"Profile",
     {"User can edit their profile photo", "User can change their display name",
      "User can see their order history", "User can change their email address",
      "User can delete their account"}},
    {"Onboarding",
     {"New user completes the tour", "New user can skip the tour",
      "New user grants notification permission", "New user chooses their interests",
      "New user sees the welcome offer"}},
    {"Settings",
     {"User can turn on dark mode", "User can change the language", "User can sign out",
      "User can change the text size", "User can clear the cache"}},
    {"Cart",
     {"User can add an item to the cart", "User can remove an item from the cart",
      "User can change an item's quantity", "User sees the cart total update",
      "User keeps the cart after a restart"}},
    {"Notifications",
     {"User can turn off push notifications", "User can open a notification",
      "User sees the unread count", "User can mute a conversation",
      "User gets a price-drop alert"}},
    {"Payments",
     {"User can add a card", "User can remove a card", "User can set a default card",
      "User can pay with a wallet", "User sees an error for a declined card"}},
    {"Sharing",
     {"User can share a product link", "User can copy a link", "User can open a shared link",
      "User can invite a friend", "User can share to messages"}},
};

std::string group_name(std::size_t index) {
  const std::size_t count = std::size(groups_and_flows);
  std::string name = groups_and_flows[index % count].group;
  if (index >= count) name += fmt::format(" {}", index / count + 1);
  return name;
}

std::string run_name(std::size_t group, std::size_t index) {
  const auto& flows = groups_and_flows[group % std::size(groups_and_flows)].flows;
  const std::size_t count = std::size(flows);
  std::string name = flows[index % count];
  if (index >= count) name += fmt::format(" ({})", index / count + 1);
  return name;
}
}  // namespace

util::Expected<std::string> make_sample_payload(const SampleOptions& options) {
  if (options.platform != "android" && options.platform != "ios" && options.platform != "web")
    return util::unexpected("the platform must be android, ios or web");
  if (options.failed > options.groups)
    return util::unexpected(fmt::format("{} failed groups are more than the {} groups",
                                        options.failed, options.groups));
  if (options.failed > 0 && options.runs == 0)
    return util::unexpected("a failed group needs at least one run");
  if (options.groups > 100000 || options.runs > 100000 || options.groups * options.runs > 10000000)
    return util::unexpected("at most 10,000,000 runs in all (groups x runs per group)");

  SampleRandom random(options.seed);
  // Which groups fail: a seeded shuffle, so the failures are spread through the batch.
  std::vector<std::size_t> order(options.groups);
  std::iota(order.begin(), order.end(), std::size_t{0});
  for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[random.below(i)]);
  std::vector<bool> failing(options.groups, false);
  for (std::size_t i = 0; i < options.failed; ++i) failing[order[i]] = true;

  Json payload;
  if (options.run_status) {
    payload["batch_id"] = random.uuid();
    payload["is_complete"] = true;
  } else {
    payload["event"] = "batch.completed";
  }
  payload["timestamp"] = options.timestamp;
  const std::string build = random.uuid();
  if (options.platform == "web") {
    payload["app"] = Json{{"id", "web-" + random.hex(12)},
                          {"name", "Example Shop"},
                          {"platform", "web"},
                          {"url", "https://shop.example.com/"}};
  } else {
    const bool android = options.platform == "android";
    payload["app"] = Json{{"id", "com.example.shop"},
                          {"name", "Example Shop"},
                          {"platform", options.platform},
                          {"url", "https://storage.example.com/app_builds/" + build +
                                      (android ? "/shop.apk" : "/shop.ipa")}};
  }
  if (options.git) payload["git"] = Json{{"commit_sha", random.hex(40)}, {"branch", "main"}};

  Json groups = Json::array();
  std::size_t failed_runs = 0;
  for (std::size_t g = 0; g < options.groups; ++g) {
    const std::size_t failing_run = failing[g] ? random.below(options.runs) : options.runs;
    Json runs = Json::array();
    for (std::size_t r = 0; r < options.runs; ++r) {
      Json run;
      if (options.run_status) run["id"] = random.uuid();
      run["name"] = run_name(g, r);
      run["status"] = r == failing_run ? "failed" : "passed";
      run["url"] = "https://autosana.ai/runs/flow/" + random.uuid();
      runs.push_back(std::move(run));
    }
    if (failing[g]) ++failed_runs;
    groups.push_back(Json{{"name", group_name(g)},
                          {"status", failing[g] ? "failed" : "passed"},
                          {"url", "https://autosana.ai/runs/groups/" + random.uuid()},
                          {"runs", std::move(runs)}});
  }
  Json summary{{"total_groups", options.groups},
               {"passed_groups", options.groups - options.failed},
               {"failed_groups", options.failed}};
  if (options.run_status) {
    const std::size_t total = options.groups * options.runs;
    summary["total_flows"] = total;
    summary["passed_flows"] = total - failed_runs;
    summary["failed_flows"] = failed_runs;
    summary["error_flows"] = 0;
    summary["terminated_flows"] = 0;
    summary["skipped_flows"] = 0;
  }
  payload["summary"] = std::move(summary);
  payload["run_groups"] = std::move(groups);
  return payload.dump(2) + "\n";
}

}  // namespace core

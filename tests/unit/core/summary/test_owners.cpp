// core/owners: who owns which flows, the reports naming them, and a report cut to one owner.
#include <doctest/doctest.h>

#include "core/summary/owners.hpp"
#include "core/summary/summary_render.hpp"
#include "summary_fixtures.hpp"

namespace {
core::OwnersList owners_of(const char* text) {
  return core::parse_owners(text).value();
}

const char* const acme =
    "# who owns what\n"
    "*                        @acme/qa\n"
    "Checkout / *             @acme/payments\n"
    "Checkout / Refund  card  @acme/payments  support@acme.test\n"
    "Checkout / gift card\n"
    "Login                    @Acme/Identity\n";
}  // namespace

TEST_CASE("core::parse_owners: the owners are the words at the end, the pattern keeps its spaces") {
  const auto list = owners_of(acme);
  REQUIRE(list.entries.size() == 5);
  CHECK(list.entries[0].pattern == "*");
  CHECK(list.entries[0].line == 2);
  CHECK(list.entries[2].pattern == "Checkout / Refund  card");
  CHECK(list.entries[2].owners == std::vector<std::string>{"@acme/payments", "support@acme.test"});
  CHECK(list.entries[3].pattern == "Checkout / gift card");  // owned by nobody
  CHECK(list.entries[3].owners.empty());
  CHECK(core::parse_owners("A / b @x\n@team\n").error() == "line 2: no flow before the owners");
  // A lone '@' or one at the end of a word is part of the name, not an owner.
  CHECK(owners_of("pay @ once @x\n").entries[0].pattern == "pay @ once");
  CHECK(owners_of("mail me@ @x\n").entries[0].pattern == "mail me@");
}

TEST_CASE("core::OwnersList: the last match wins; a group's own line, or all its runs'") {
  const auto list = owners_of(acme);
  CHECK(list.of_run("Checkout", "pay") == std::vector<std::string>{"@acme/payments"});
  CHECK(list.of_run("Checkout", "Refund  card").size() == 2);
  CHECK(list.of_run("Checkout", "gift card").empty());  // a later line with no owners
  CHECK(list.of_run("Search", "find") == std::vector<std::string>{"@acme/qa"});
  CHECK(list.of_run("Login", "sso") == std::vector<std::string>{"@acme/qa"});  // not "Login / *"
  CHECK(list.of_group("Login") == std::vector<std::string>{"@Acme/Identity"});
  CHECK(list.of_group("Checkout") == std::vector<std::string>{"@acme/payments"});
  CHECK(owners_of("A / b @x\n").of_group("A").empty());
  CHECK(list.names("@acme/identity"));  // GitHub names ignore case
  CHECK_FALSE(list.names("@acme/identit"));
  CHECK(core::describe_owners({"@a", "@b/c"}) == "@a @b/c");
}

TEST_CASE("core::owned_part: a table of groups cut to one owner's flows") {
  const auto list = owners_of(
      "Checkout / pay*   @pay\n"
      "Checkout / cart   @web\n"
      "Checkout / wait   @pay\n"
      "Setup             @ops\n"
      "Setup / *         @ops\n"
      "Mixed             @ops\n"
      "Mixed / a         @web\n");
  struct Case {
    const char* name;
    core::RunGroup group;
    const char* owner;
    bool kept;
    const char* status;
    std::size_t runs;
  };
  const Case cases[] = {
      {"another team's failure does not fail this team",
       test::group("Checkout", "failed", {{"pay", "passed"}, {"cart", "failed"}}), "@pay", true,
       "passed", 1},
      {"the owner's own failure keeps its status",
       test::group("Checkout", "failed", {{"pay", "errored"}, {"cart", "failed"}}), "@pay", true,
       "errored", 1},
      {"a run in progress, nothing failed",
       test::group("Checkout", "running", {{"wait", "running"}, {"cart", "failed"}}), "@pay", true,
       "running", 1},
      {"nothing of theirs", test::group("Checkout", "failed", {{"cart", "failed"}}), "@pay", false,
       "", 0},
      {"every run theirs, a group failure nobody owns: not theirs",
       test::group("Checkout", "failed", {{"pay", "passed"}, {"pay again", "passed"}}), "@pay",
       true, "passed", 2},
      {"every run theirs and the group too: the group as it came",
       test::group("Setup", "failed", {{"boot", "passed"}}), "@ops", true, "failed", 1},
      {"the group theirs, its runs another's, failed with no run failing",
       test::group("Mixed", "failed", {{"a", "passed"}}), "@ops", true, "failed", 0},
      {"the group alone, a run of another team failing",
       test::group("Mixed", "failed", {{"a", "failed"}}), "@ops", true, "passed", 0},
      {"an owner's name in another case", test::group("Checkout", "failed", {{"cart", "failed"}}),
       "@WEB", true, "failed", 1},
  };
  for (const Case& c : cases) {
    const std::string name = c.name;
    CAPTURE(name);
    auto part = core::owned_part(core::RunGroup(c.group), list, c.owner);
    CHECK(part.has_value() == c.kept);
    if (!part) continue;
    CHECK(part->status == c.status);
    CHECK(part->runs.size() == c.runs);
  }
}

TEST_CASE("every summary format names the owners of each failed flow, and only of those") {
  auto summary =
      test::build({test::group("Checkout", "failed", {{"pay", "failed"}, {"cart", "passed"}}),
                   test::group("Login", "failed", {{"in", "passed"}}),
                   test::group("Search", "passed", {{"find", "passed"}})},
                  core::SummaryOptions{false, true});
  core::assign_owners(summary, owners_of("* @qa\nCheckout / pay @pay @<x>\nLogin @id\n"));
  CHECK(summary.groups[0].shown_runs[1].owners == std::vector<std::string>{"@qa"});
  CHECK(core::failed_flow_owners(summary.groups[0], false) ==
        std::vector<std::string>{"@pay", "@<x>"});

  const std::string text = core::render_text(summary, test::with_unicode());
  CHECK(text.find("pay (failed)  owned by @pay") != std::string::npos);
  CHECK(text.find("Login  (1 run: 1 passed)  owned by @id") != std::string::npos);
  CHECK(text.find("@qa") == std::string::npos);  // passing runs name nobody

  const std::string markdown = core::render_markdown(summary);
  CHECK(markdown.find("| Owners |") != std::string::npos);
  CHECK(markdown.find("(failed) \xE2\x80\x94 @pay") != std::string::npos);
  CHECK(markdown.find("| @id |") != std::string::npos);
  CHECK(markdown.find("@<x>") == std::string::npos);  // the file's words are escaped too

  CHECK(core::render_json(summary).find(
            R"("status":"failed","url":"https://autosana.ai/r/pay","owners":["@pay","@<x>"])") !=
        std::string::npos);
  const std::string github = core::render_github(summary);
  CHECK(github.find("pay: failed, owned by @pay @<x>") != std::string::npos);
  CHECK(github.find("Login: failed, owned by @id") != std::string::npos);

  const std::string junit = core::render_junit({{"p.json", &summary}});
  CHECK(junit.find(R"(<property name="owners" value="@pay @&lt;x&gt;"/>)") != std::string::npos);
  CHECK(junit.find(R"(message="run failed, owned by @pay @&lt;x&gt;: )") != std::string::npos);
  CHECK(junit.find(R"(<property name="owners" value="@id"/>)") != std::string::npos);

  core::CtrfReport ctrf;
  ctrf.add(summary);
  const std::string ctrf_json = ctrf.finish("test");
  CHECK(ctrf_json.find("\"labels\": {\n          \"owners\": [\n            \"@pay\"") !=
        std::string::npos);

  const std::string html = core::render_html_section(summary);
  CHECK(html.find("<span class=\"owners\">owned by @pay @&lt;x&gt;</span>") != std::string::npos);
  CHECK(html.find("owned by @qa") == std::string::npos);

  // Without an owners file nothing changes: no column, no words.
  auto plain = test::build({test::group("Checkout", "failed", {{"pay", "failed"}})});
  CHECK(core::render_markdown(plain).find("Owners") == std::string::npos);
  CHECK(core::render_text(plain, test::with_unicode()).find("owned by") == std::string::npos);
}

// core/workflow_commands: GitHub's workflow command syntax, escaped as its runner undoes it.
#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/render/workflow_commands.hpp"

TEST_CASE("core::escape_workflow_message and core::escape_workflow_property") {
  CHECK(core::escape_workflow_message("50% a:b,c\r\nd") == "50%25 a:b,c%0D%0Ad");
  CHECK(core::escape_workflow_property("50% a:b,c\r\nd") == "50%25 a%3Ab%2Cc%0D%0Ad");
  // An escape written in a name stays text: its '%' is escaped first.
  CHECK(core::escape_workflow_message("x%0A::error::forged") == "x%250A::error::forged");
  // An escape sequence would colour or rewrite the log: shown as text.
  CHECK(core::escape_workflow_message("a\x1b[31mred\x07") == "a\\x1b[31mred\\x07");
}

TEST_CASE("core::workflow_command: one line, whatever the names hold") {
  const std::string line =
      core::workflow_command("error", "Failed: a\n::error::forged", "b\r\n::warning::x");
  CHECK(line == "::error title=Failed%3A a%0A%3A%3Aerror%3A%3Aforged::b%0D%0A::warning::x\n");
  CHECK(line.find('\n') == line.size() - 1);
  CHECK(core::workflow_command("notice", "", "m") == "::notice::m\n");
}

TEST_CASE("core::annotations_within_limit: ten of each kind, the rest counted by what they are") {
  std::vector<core::WorkflowAnnotation> all;
  // Newly failing and quarantined interleaved, as a worst-first order gives them.
  for (int i = 0; i < 14; ++i) {
    const bool quarantined = i % 2 == 1;
    all.push_back({quarantined ? "warning" : "error", "T" + std::to_string(i), "m",
                   quarantined ? "quarantined" : "newly failing"});
  }
  for (int i = 0; i < 6; ++i) all.push_back({"warning", "F" + std::to_string(i), "m", "flaky"});
  const std::string out = core::annotations_within_limit(all, "report", "--format markdown");
  const auto count = [&](std::string_view start) {
    std::size_t n = 0;
    for (std::size_t at = 0; (at = out.find(start, at)) != std::string::npos; ++at)
      n += at == 0 || out[at - 1] == '\n' ? 1U : 0U;
    return n;
  };
  CHECK(count("::error ") == 7);  // fewer than ten: all shown
  CHECK(count("::warning ") == 10);
  // 7 quarantined and 6 flaky warnings: the last 3 flaky are left out, in one notice.
  CHECK(count("::notice ") == 1);
  CHECK(out.find("::notice title=report::3 more flaky flows are not shown as annotations (GitHub "
                 "shows 10 a step); --format markdown lists them all\n") != std::string::npos);
  CHECK(out.find("title=F2::") != std::string::npos);
  CHECK(out.find("title=F3::") == std::string::npos);
  // Each kind of flow left out has one notice, however its flows were interleaved.
  std::vector<core::WorkflowAnnotation> mixed;
  for (int i = 0; i < 24; ++i)
    mixed.push_back({"warning", "W", "m", i % 2 == 1 ? "quarantined" : "flaky"});
  const std::string notices = core::annotations_within_limit(mixed, "report", "x");
  CHECK(notices.find("7 more flaky flows") != std::string::npos);
  CHECK(notices.find("7 more quarantined flows") != std::string::npos);
  CHECK(notices.find("1 more") == std::string::npos);
}

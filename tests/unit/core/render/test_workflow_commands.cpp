// core/workflow_commands: GitHub's workflow command syntax, escaped as its runner undoes it.
#include <doctest/doctest.h>

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

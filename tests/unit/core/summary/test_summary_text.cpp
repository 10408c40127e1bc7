// core/summary_text: the summary for a person at a terminal.
#include <doctest/doctest.h>

#include "core/summary/summary_render.hpp"
#include "summary_fixtures.hpp"

namespace {
using test::build;
using test::group;
using test::marked_tones;
const core::TextStyle unicode = test::with_unicode();
}  // namespace

TEST_CASE("core::render_text, plain and coloured, Unicode and ASCII") {
  const auto summary = build(
      {group("Login", "passed", {{"in", "passed"}}), group("Pay", "failed", {{"card", "failed"}})});
  CHECK(core::render_text(summary, core::TextStyle{}) ==
        "My App (ios, com.example.myapp) - main @ a1b2c3d - 2025-01-31T12:34:56.789Z\n"
        "[FAIL] Pay  (1 run: 1 failed)\n"  // failed groups first
        "    [FAIL] card (failed)  https://autosana.ai/r/card\n"
        "[ ok ] Login  (1 run: 1 passed)\n"
        "1 of 2 groups passed, 1 failed; 2 runs: 1 passed, 1 failed\n");
  CHECK(core::render_text(summary, unicode) ==
        "My App (ios, com.example.myapp) \xE2\x80\x94 main @ a1b2c3d \xE2\x80\x94 "
        "2025-01-31T12:34:56.789Z\n"
        "\xE2\x9C\x97 Pay  (1 run: 1 failed)\n"
        "    \xE2\x9C\x97 card (failed)  https://autosana.ai/r/card\n"
        "\xE2\x9C\x93 Login  (1 run: 1 passed)\n"
        "1 of 2 groups passed, 1 failed; 2 runs: 1 passed, 1 failed\n");
  const std::string toned = core::render_text(summary, marked_tones());
  CHECK(toned.find("<good>\xE2\x9C\x93</> Login") != std::string::npos);
  CHECK(toned.find("<strong>My App</> (ios") == 0);
  CHECK(toned.find("<bad>1 of 2 groups passed, 1 failed; 2 runs: 1 passed, 1 failed</>\n") !=
        std::string::npos);
}

TEST_CASE("core::render_text escapes hostile names") {
  const auto summary =
      build({group("\x1b]0;pwned\x07 group", "failed", {{"run\x1b[2J\r\n", "failed"}})});
  const std::string text = core::render_text(summary, unicode);
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find('\r') == std::string::npos);
  CHECK(text.find("\\x1b]0;pwned\\x07 group") != std::string::npos);
  CHECK(text.find("run\\x1b[2J\\x0d\\x0a (failed)") != std::string::npos);
}

TEST_CASE("core::render_text gives each status its own mark, of one width in each set") {
  std::vector<core::RunGroup> groups;
  for (const char* status :
       {"passed", "failed", "error", "errored", "terminated", "skipped", "running", "mystery"})
    groups.push_back(group(std::string("G-") + status, status, {}));
  const auto summary = build(std::move(groups));
  for (const core::TextStyle& style : {core::TextStyle{}, unicode}) {
    const std::string text = core::render_text(summary, style);
    std::vector<std::string> marks, names;
    std::size_t column = std::string::npos;
    for (std::size_t start = text.find('\n') + 1; text.find("G-", start) != std::string::npos;
         start = text.find('\n', start) + 1) {
      const std::size_t name = text.find(" G-", start) - start;
      marks.push_back(text.substr(start, name));
      names.push_back(
          text.substr(start + name + 1, text.find(' ', start + name + 1) - start - name - 1));
      // Unicode marks are one column however many bytes: count code points.
      std::size_t width = 0;
      for (char c : marks.back()) width += (static_cast<unsigned char>(c) & 0xc0) != 0x80 ? 1 : 0;
      if (column == std::string::npos) column = width;
      CHECK(width == column);
    }
    REQUIRE(marks.size() == 8);
    // Failed first, then in progress, then passed; error and errored are one kind.
    CHECK(names == std::vector<std::string>{"G-failed", "G-error", "G-errored", "G-terminated",
                                            "G-mystery", "G-running", "G-passed", "G-skipped"});
    CHECK(marks[1] == marks[2]);
    for (std::size_t i = 0; i < marks.size(); ++i)
      for (std::size_t j = i + 1; j < marks.size(); ++j)
        if (!(i == 1 && j == 2)) CHECK(marks[i] != marks[j]);
  }
}

// core/markdown_limit: a Markdown report within GitHub's sizes.
#include <doctest/doctest.h>

#include <string>

#include "core/render/markdown_limit.hpp"

namespace {
std::string table(int rows) {
  std::string text =
      "### A report\n\n<details><summary>Runs</summary>\n\n| Run | Status |\n| --- | --- |\n";
  for (int i = 0; i < rows; ++i)
    text += "| r\xC3\xA9sum\xC3\xA9 " + std::to_string(i) + " | failed |\n";
  return text + "\n</details>\n\n- one more item\n";
}
}  // namespace

TEST_CASE("core::fit_markdown leaves a report that fits as it is") {
  const std::string report = table(10);
  CHECK(core::fit_markdown(report, 0, "x") == report);
  CHECK(core::fit_markdown(report, report.size(), "x") == report);
}

TEST_CASE("core::fit_markdown cuts at a row, closes what is open and counts what it left out") {
  const std::string report = table(2000);
  const std::string cut = core::fit_markdown(report, 10000, "the whole report: --format json");
  CHECK(cut.size() <= 10000);
  // Whole rows only: the kept part is the report's start, ending with a complete row.
  const std::size_t closing = cut.find("\n\n</details>\n\n> ");
  REQUIRE(closing != std::string::npos);
  const std::string kept = cut.substr(0, closing + 1);
  CHECK(report.starts_with(kept));
  CHECK(kept.ends_with(" | failed |\n"));
  std::size_t kept_rows = 0;
  for (std::size_t at = cut.find("| r"); at != std::string::npos; at = cut.find("| r", at + 1))
    ++kept_rows;
  // 2000 rows and the list item, less those kept.
  CHECK(cut.ends_with("more rows or runs were left out; the whole report: --format json.\n"));
  CHECK(cut.find(": " + std::to_string(2000 - kept_rows + 1) + " more rows") != std::string::npos);
}

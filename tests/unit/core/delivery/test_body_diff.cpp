// core/body_diff: what an edit changed in a body, line by line.
#include <doctest/doctest.h>

#include "core/delivery/body_diff.hpp"

namespace {
// "  a|- b|+ c": the diff in one line, for tables of cases.
std::string shown(const std::vector<core::DiffLine>& diff) {
  std::string out;
  for (const core::DiffLine& line : diff) {
    if (!out.empty()) out += '|';
    out += line.kind == core::DiffLine::Kind::same      ? "  "
           : line.kind == core::DiffLine::Kind::removed ? "- "
                                                        : "+ ";
    out += line.text;
  }
  return out;
}
}  // namespace

TEST_CASE("core::diff_lines: a table of edits") {
  struct Case {
    const char* before;
    const char* after;
    const char* diff;
  };
  const Case cases[] = {
      {"a\nb\nc", "a\nb\nc", "  a|  b|  c"},
      {"a\nb\nc", "a\nB\nc", "  a|- b|+ B|  c"},
      {"a\nb\nc", "a\nc", "  a|- b|  c"},
      {"a\nc", "a\nb\nc", "  a|+ b|  c"},
      {"", "x", "+ x"},
      {"x", "", "- x"},
      {"a\nb\n", "a\nb", "  a|  b|- "},  // the final newline removed
      {"x\na\ny\nb\nz", "x\nb\ny\na\nz", "  x|- a|- y|  b|+ y|+ a|  z"},  // as short as any
      {"1\n2\n3\n4", "0\n1\n2\n4\n5", "+ 0|  1|  2|- 3|  4|+ 5"},
  };
  for (const Case& c : cases) {
    CAPTURE(std::string(c.before));
    CAPTURE(std::string(c.after));
    CHECK(shown(core::diff_lines(c.before, c.after)) == c.diff);
  }
}

TEST_CASE("core::diff_lines: a middle too large to compare is removed, then added") {
  CHECK(shown(core::diff_lines("h\na\nb\nt", "h\nb\na\nt", 4)) == "  h|- a|- b|+ b|+ a|  t");
  CHECK(shown(core::diff_lines("h\na\nb\nt", "h\nb\na\nt")) == "  h|- a|  b|+ a|  t");
  CHECK(core::describe_diff(core::diff_lines("a\nb", "a\nc\nd")) == "-1 +2");
}

// GitHub Actions workflow commands (::error title=...::message), with the escaping GitHub's
// runner undoes: '%', CR and LF in a message, and also ':' and ',' in a property; other control
// characters are written as "\x1b" text (the log viewer would act on an escape sequence). Names
// come from payloads: a flow named "x%0A::error::forged" must stay one annotation, as written.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace core {

// GitHub shows at most this many annotations of each kind for a step.
inline constexpr std::size_t github_annotations_per_kind = 10;

std::string escape_workflow_message(std::string_view text);
std::string escape_workflow_property(std::string_view text);
// "::error title=T::M\n"; kind is error, warning or notice.
std::string workflow_command(std::string_view kind, std::string_view title,
                             std::string_view message);

// One annotation a report would make, and what its flow is ("failed", "flaky"...), which names
// it in the notice if GitHub's limit leaves it out.
struct WorkflowAnnotation {
  std::string kind;  // error, warning, notice
  std::string title;
  std::string message;
  std::string what;
};

// The annotations in their order, at most github_annotations_per_kind of each kind; then, for
// each `what` left out (in the order first left out), a notice titled notice_title: "N more WHAT
// flows are not shown as annotations (GitHub shows 10 a step); LISTED_BY lists them all".
std::string annotations_within_limit(const std::vector<WorkflowAnnotation>& annotations,
                                     std::string_view notice_title, std::string_view listed_by);

}  // namespace core

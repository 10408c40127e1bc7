// GitHub Actions workflow commands (::error title=...::message), with the escaping GitHub's
// runner undoes: '%', CR and LF in a message, and also ':' and ',' in a property; other control
// characters are written as "\x1b" text (the log viewer would act on an escape sequence). Names
// come from payloads: a flow named "x%0A::error::forged" must stay one annotation, as written.
#pragma once

#include <string>
#include <string_view>

namespace core {

// GitHub shows at most this many annotations of each kind for a step.
inline constexpr std::size_t github_annotations_per_kind = 10;

std::string escape_workflow_message(std::string_view text);
std::string escape_workflow_property(std::string_view text);
// "::error title=T::M\n"; kind is error, warning or notice.
std::string workflow_command(std::string_view kind, std::string_view title,
                             std::string_view message);

}  // namespace core

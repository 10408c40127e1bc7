// What the --forward target's answer says about the user's own handler. A delivery that verified
// here but was refused there points at the handler, and most often at its signature check: it
// verifies a re-encoded body or uses another secret. Said plainly wherever the answer is shown.
#pragma once

#include <optional>
#include <string>

#include "core/delivery/delivery_check.hpp"

namespace core {

struct HandlerProblem {
  std::string code;  // a fixed token for scripts: "handler_refused_verified", ...
  std::string text;  // one sentence with the next step
};

// The problem when a delivery with this outcome got this status from the handler, or none.
std::optional<HandlerProblem> judge_handler_answer(DeliveryOutcome outcome, int status);

}  // namespace core

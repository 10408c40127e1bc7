// The payload's main fields as shell assignments (AUTOSANA_APP_NAME='My App'), safe to eval
// whatever the values contain: each value is single-quoted.
#pragma once

#include <string>

#include "core/payload/payload.hpp"

namespace core {

// keep_control_characters false (the default): a value's control, bidirectional and invisible
// characters are written as \x0a, \x1b, \u202e..., so each assignment stays on one line and
// cannot drive a terminal it is shown on; true keeps the values exact.
std::string format_env_assignments(const PayloadHeader& header,
                                   bool keep_control_characters = false);

}  // namespace core

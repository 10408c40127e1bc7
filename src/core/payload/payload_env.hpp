// The payload's main fields as shell assignments (AUTOSANA_APP_NAME='My App'), safe to eval
// whatever the values contain: each value is single-quoted.
#pragma once

#include <string>

#include "core/payload/payload.hpp"

namespace core {

std::string format_env_assignments(const PayloadHeader& header);

}  // namespace core

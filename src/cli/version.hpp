// The program's version, with the commit it was built from; defined in generated/version.cpp
// (cmake/WriteVersion.cmake), so that a new commit recompiles that file alone.
#pragma once

namespace cli {

extern const char program_version[];  // "0.1.0 (commit 0123456789ab)"

}  // namespace cli

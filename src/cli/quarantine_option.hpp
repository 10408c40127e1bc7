// --quarantine FILE, for summarize and history: flows reported but not failing the gate (see
// core/summary/quarantine.hpp for the file), read once, judged against each verdict, and what
// it changed said on stderr.
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

#include "core/summary/quarantine.hpp"

namespace cli {

void add_quarantine_option(CLI::App& command, std::string& path);
// The file's entries; none without the option; Failure with "--quarantine FILE: line N: ...".
std::optional<core::QuarantineList> load_quarantine(const std::string& path);
// Whether these failed flows still fail the gate; notes the quarantined ones and warns of the
// entries that expired.
bool still_failing(const std::vector<std::string>& failed_flows,
                   const core::QuarantineList& quarantine, const std::string& path);

}  // namespace cli

// --owners FILE and --owner TEAM, for summarize and history: who owns which flows (see
// core/summary/owners.hpp for the file), named beside each failed flow, and a report cut to one
// owner's flows.
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

#include "core/summary/owners.hpp"

namespace cli {

struct OwnersChoice {
  std::string path;   // --owners
  std::string owner;  // --owner: only this owner's flows
};

void add_owners_options(CLI::App& command, OwnersChoice& choice);
// The file's entries; none without --owners. Failure when the file cannot be read or parsed, when
// --owner comes without --owners, or when no line of the file names that owner (a typo would
// otherwise leave an empty report that passes).
std::optional<core::OwnersList> load_owners(const OwnersChoice& choice);
// "--owner @acme/payments: no flow of theirs in this batch (by owners.txt)": what an empty report
// says instead of a verdict.
std::string nothing_owned(const OwnersChoice& choice, const char* where);

}  // namespace cli

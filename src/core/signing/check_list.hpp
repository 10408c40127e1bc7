// `verify --check`: each file that a checksum list names, verified against the secrets in use,
// one at a time and as a stream, so that the caller can report each as it is done.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/signing/checksum_list.hpp"
#include "core/signing/secret.hpp"

namespace core {

enum class EntryResult { matches, mismatch, malformed_signature, unreadable };

struct CheckedEntry {
  EntryResult result = EntryResult::mismatch;
  const Secret* secret = nullptr;  // matches: the secret that did
  std::string problem;             // malformed_signature, unreadable: what is wrong, for a person
};

CheckedEntry check_list_entry(const ChecksumEntry& entry, const std::vector<Secret>& secrets);

// "signature does not match", "invalid signature: ...", ... (unreadable: "open or read", as
// sha256sum -c says it)
std::string describe_entry_result(const CheckedEntry& checked);

}  // namespace core

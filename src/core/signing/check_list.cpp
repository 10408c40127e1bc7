#include "core/signing/check_list.hpp"

#include "core/signing/signature.hpp"
#include "core/signing/signature_check.hpp"
#include "util/byte_input.hpp"

namespace core {

CheckedEntry check_list_entry(const ChecksumEntry& entry, const std::vector<Secret>& secrets) {
  CheckedEntry checked;
  const auto expected = parse_signature(entry.signature);
  if (!expected) {
    checked.result = EntryResult::malformed_signature;
    checked.problem = expected.error();
    return checked;
  }
  auto input = util::ByteInput::open(entry.file);
  if (!input) {
    checked.result = EntryResult::unreadable;
    checked.problem = input.error();
    return checked;
  }
  HmacPerSecret hmacs(secrets);
  const auto read = input->read_all([&](std::string_view chunk) { hmacs.update(chunk); });
  if (!read) {
    checked.result = EntryResult::unreadable;
    checked.problem = read.error();
    return checked;
  }
  checked.secret = hmacs.matching(*expected);
  checked.result = checked.secret ? EntryResult::matches : EntryResult::mismatch;
  return checked;
}

std::string describe_entry_result(const CheckedEntry& checked) {
  switch (checked.result) {
    case EntryResult::matches: return "signature matches";
    case EntryResult::mismatch: return "signature does not match";
    case EntryResult::malformed_signature: return "invalid signature: " + checked.problem;
    case EntryResult::unreadable: return "open or read";
  }
  return "signature does not match";
}

}  // namespace core

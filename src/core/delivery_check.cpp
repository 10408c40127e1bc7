#include "core/delivery_check.hpp"

#include "core/payload_validator.hpp"
#include "core/signature.hpp"
#include "util/json_reader.hpp"

namespace core {

namespace {
// Collects counts only: a listener keeps nothing of a batch but its one line.
class GroupCounter {
 public:
  void operator()(RunGroup&& group) {
    builder_.add_group(summarize_group(std::move(group), false), false);
  }
  BatchSummary finish(const PayloadHeader& header) { return builder_.finish(header, {}); }

 private:
  SummaryBuilder builder_{SummaryOptions{}};
};

void read_payload(std::string_view body, DeliveryCheck& check) {
  GroupCounter counter;
  PayloadValidator validator({}, [&](RunGroup&& group) { counter(std::move(group)); });
  util::JsonReader reader(validator);
  if (!reader.parse(body)) {
    const auto& error = reader.error();
    check.payload_problem = error ? "not JSON: " + error->message + " at line " +
                                        std::to_string(error->line) + ", column " +
                                        std::to_string(error->column)
                                  : "not a payload";
    return;
  }
  validator.finish();
  if (!validator.valid()) {
    for (const PayloadProblem& problem : validator.problems()) {
      if (!problem.is_error) continue;
      check.payload_problem =
          "not a valid payload: " + (problem.pointer.empty() ? "" : problem.pointer + ": ") +
          problem.message;
      break;
    }
    return;
  }
  check.summary = counter.finish(validator.header());
}
}  // namespace

DeliveryCheck check_delivery(std::string_view body, std::optional<std::string_view> signature,
                             const std::vector<Secret>& secrets) {
  DeliveryCheck check;
  if (secrets.empty()) {
    check.verdict = DeliveryVerdict::unverified;
  } else {
    check.signature = check_signature(body, signature, secrets);
    check.verdict = check.signature.verdict == SignatureVerdict::matches
                        ? DeliveryVerdict::verified
                        : DeliveryVerdict::rejected;
  }
  if (check.verdict != DeliveryVerdict::rejected) read_payload(body, check);
  return check;
}

std::string describe_signature_verdict(SignatureVerdict verdict) {
  switch (verdict) {
    case SignatureVerdict::matches: return "signature matches";
    case SignatureVerdict::mismatch: return "signature does not match";
    case SignatureVerdict::missing: return "no " + std::string(signature_header_name) + " header";
    case SignatureVerdict::malformed:
      return "malformed " + std::string(signature_header_name) + " header";
  }
  return "signature does not match";
}

}  // namespace core

#include "core/delivery/delivery_check.hpp"

#include <fmt/core.h>

#include "core/http/content_coding.hpp"
#include "core/payload/freshness.hpp"
#include "core/payload/payload_timestamp.hpp"
#include "core/payload/payload_validator.hpp"
#include "core/signing/signature.hpp"
#include "util/json_reader.hpp"

namespace core {

namespace {
// Collects counts, and the first failed groups with their failed runs (so that the inspector can
// find a delivery by a failed flow): a listener keeps little of a batch but its one line.
class GroupCounter {
 public:
  void operator()(RunGroup&& group) {
    GroupSummary summary = summarize_group(std::move(group), false);
    const bool keep = kept_ < max_failed_groups_kept && summary.verdict(false) == Verdict::failed;
    kept_ += keep ? 1 : 0;
    builder_.add_group(std::move(summary), keep);
  }
  BatchSummary finish(const PayloadHeader& header) { return builder_.finish(header, {}); }

 private:
  static constexpr std::size_t max_failed_groups_kept = 50;
  SummaryBuilder builder_{SummaryOptions{}};
  std::size_t kept_ = 0;
};

void read_payload(std::string_view body, DeliveryCheck& check) {
  GroupCounter counter;
  PayloadValidator validator(
      {}, [&](RunGroup&& group, const PayloadHeader&) { counter(std::move(group)); });
  util::JsonReader reader(validator);
  if (!reader.parse(body)) {
    const auto& error = reader.error();
    check.payload_problem = error ? fmt::format("not JSON: {} at line {}, column {}",
                                                error->message, error->line, error->column)
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

namespace {
int refusal_status(DecodedBody::Outcome outcome) {
  switch (outcome) {
    case DecodedBody::Outcome::too_large: return 413;
    case DecodedBody::Outcome::unsupported: return 415;
    case DecodedBody::Outcome::corrupt:
    case DecodedBody::Outcome::done: break;
  }
  return 400;
}
}  // namespace

DeliveryJudgement judge_delivery(const HttpRequest& request, const std::vector<Secret>& secrets,
                                 const DeliveryPolicy& policy) {
  DeliveryJudgement judgement;
  // The signature covers the body as Autosana wrote it: any Content-Encoding is undone first.
  DecodedBody decoded = decode_content(request, policy.max_body);
  if (decoded.outcome != DecodedBody::Outcome::done) {
    judgement.bytes = request.body.size();
    judgement.status = refusal_status(decoded.outcome);
    judgement.reason = std::move(decoded.reason);
    return judgement;
  }
  judgement.body = std::move(decoded.body);
  judgement.bytes = judgement.body.size();
  const auto values = request.header_values(signature_header_name);
  // Two signature headers are as good as none: which one would the real handler read?
  if (values.size() == 1) judgement.signature = values.front();
  DeliveryCheck check = check_delivery(judgement.body, judgement.signature, secrets);
  judgement.summary = std::move(check.summary);
  judgement.payload_problem = std::move(check.payload_problem);
  judgement.status = 200;
  switch (check.verdict) {
    case DeliveryVerdict::unverified: judgement.outcome = DeliveryOutcome::unverified; break;
    case DeliveryVerdict::verified:
      judgement.outcome = DeliveryOutcome::verified;
      judgement.secret = check.signature.secret;
      judgement.reason = judgement.secret->source;
      break;
    case DeliveryVerdict::rejected:
      judgement.outcome = DeliveryOutcome::rejected;
      judgement.status = 401;
      judgement.reason = values.size() > 1
                             ? fmt::format("{} {} headers", values.size(), signature_header_name)
                             : describe_signature_verdict(check.signature.verdict);
      return judgement;
  }
  if (judgement.outcome == DeliveryOutcome::verified && policy.max_age_milliseconds) {
    const PayloadAge age =
        judge_payload_age(find_payload_timestamp(std::string_view(judgement.body)),
                          policy.now_milliseconds, *policy.max_age_milliseconds);
    if (!age.fresh) {
      judgement.outcome = DeliveryOutcome::rejected;
      judgement.status = 401;
      // A sentence of its own: the reason was only the secret's name until now.
      judgement.reason =
          "signature matches (secret from " + judgement.reason + ") but " + age.reason;
      judgement.summary.reset();  // a replayed batch is not news
    }
  }
  return judgement;
}

}  // namespace core

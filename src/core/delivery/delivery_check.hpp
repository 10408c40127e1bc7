// What `listen` decides about one received delivery: whether its signature holds (against every
// secret in use, or accepted unverified when none is configured) and, for an accepted one, what
// the batch came to, through the same model `summarize` uses.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/http/http_request.hpp"
#include "core/signing/secret.hpp"
#include "core/signing/signature_check.hpp"
#include "core/summary/batch_summary.hpp"

namespace core {

enum class DeliveryVerdict { verified, unverified, rejected };

struct DeliveryCheck {
  DeliveryVerdict verdict = DeliveryVerdict::rejected;
  SignatureCheck signature;             // meaningful when secrets were given
  std::optional<BatchSummary> summary;  // an accepted delivery whose payload could be read
  std::string payload_problem;          // why it could not, in one line
};

// secrets empty: nothing to verify with, so the delivery is accepted and marked unverified.
// A rejected body is not read further: what a forged payload claims is nobody's business.
DeliveryCheck check_delivery(std::string_view body, std::optional<std::string_view> signature,
                             const std::vector<Secret>& secrets);

// "signature does not match", "no X-Autosana-Signature-256 header", ...
std::string describe_signature_verdict(SignatureVerdict verdict);

// What a listener answers a whole request with, and why: the body's Content-Encoding undone, the
// signature checked, then (with a maximum age) the payload's timestamp.
enum class DeliveryOutcome { verified, unverified, rejected, refused };

struct DeliveryPolicy {
  std::size_t max_body = 0;                          // the decoded body's limit
  std::optional<std::int64_t> max_age_milliseconds;  // none: the signature alone decides
  std::int64_t now_milliseconds = 0;
};

struct DeliveryJudgement {
  DeliveryOutcome outcome = DeliveryOutcome::refused;
  int status = 400;                     // the HTTP status to answer with
  std::string reason;                   // rejected or refused: why; verified: the secret's source
  std::size_t bytes = 0;                // the body's size, decoded when it could be
  std::optional<BatchSummary> summary;  // an accepted delivery whose payload could be read
  std::string payload_problem;          // why it could not
  const Secret* secret = nullptr;       // the secret whose signature matched, if any
  // For a diagnosis of a rejected signature: the decoded body and the one signature received.
  std::string body;
  std::optional<std::string> signature;
};

DeliveryJudgement judge_delivery(const HttpRequest& request, const std::vector<Secret>& secrets,
                                 const DeliveryPolicy& policy);

}  // namespace core

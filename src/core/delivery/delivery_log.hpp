// The line `listen` prints for each request it receives: text for a person watching, or one JSON
// object per line for a program. Everything in it that came over the network is escaped.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/delivery/delivery_check.hpp"
#include "core/explain/explain.hpp"
#include "core/summary/summary_render.hpp"

namespace core {

struct ForwardResult {
  std::optional<int> status;  // the target's answer
  std::string error;          // why there is none
  double milliseconds = 0;    // the handler's response time (connecting included)
};

// "3.2 ms", "48 ms", "1.25 s": a response time as a person reads it.
std::string format_response_time(double milliseconds);

struct DeliveryRecord {
  std::string time;      // as the reader wants it, e.g. local "2026-11-27 19:41:25"
  std::string time_utc;  // RFC 3339, for JSON
  std::string remote;
  std::string method;
  std::string target;
  int status = 0;  // what the sender got back
  DeliveryOutcome outcome = DeliveryOutcome::refused;
  std::string reason;     // rejected or refused: why; verified: the secret's source
  std::size_t bytes = 0;  // body size
  std::optional<BatchSummary> summary;
  std::string payload_problem;
  std::string saved_file;
  std::string save_error;              // why it could not be saved
  std::optional<std::int64_t> stored;  // its row in the store (listen --store)
  bool stored_before = false;          // a retry of a delivery the store holds
  std::string store_error;             // why the store could not take it
  std::optional<ForwardResult> forward;
};

std::string_view describe_outcome(DeliveryOutcome outcome);  // "verified", ...

// The record's verdict, reason, size and batch from a judgement.
void record_judgement(DeliveryRecord& record, const DeliveryJudgement& judgement);

// One line, ending in a newline.
std::string render_delivery_line(const DeliveryRecord& record, const TextStyle& style);
// One JSON object on one line.
std::string render_delivery_json(const DeliveryRecord& record);

// The diagnosis of a rejected delivery, printed once the answer has gone (so other lines may come
// between): a line naming the delivery, then indented "explain:" and "advice:" lines; or one JSON
// object with "explanation_of" (the delivery's time) and "explanation".
std::string render_explanation_lines(const DeliveryRecord& delivery,
                                     const std::vector<Finding>& findings);
std::string render_explanation_json(const DeliveryRecord& delivery,
                                    const std::vector<Finding>& findings);

}  // namespace core

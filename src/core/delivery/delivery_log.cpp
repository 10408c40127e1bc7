#include "core/delivery/delivery_log.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "core/delivery/handler_answer.hpp"
#include "util/text_escape.hpp"

namespace core {

namespace {
using Json = nlohmann::ordered_json;

Tone outcome_tone(DeliveryOutcome outcome) {
  switch (outcome) {
    case DeliveryOutcome::verified: return Tone::good;
    case DeliveryOutcome::unverified: return Tone::warning;
    case DeliveryOutcome::rejected: return Tone::bad;
    case DeliveryOutcome::refused: return Tone::muted;
  }
  return Tone::muted;
}

std::string describe_batch(const BatchSummary& summary, const TextStyle& style) {
  std::string text;
  const std::string& app =
      summary.header.app.name.empty() ? summary.header.app.id : summary.header.app.name;
  if (!app.empty()) text += util::escape_for_terminal(app);
  if (summary.header.git && !summary.header.git->branch.empty())
    text +=
        (text.empty() ? "branch " : " on ") + util::escape_for_terminal(summary.header.git->branch);
  if (!text.empty()) text += ": ";
  text += style.toned(verdict_tone(summary.verdict()), describe_group_totals(summary));
  return text;
}
}  // namespace

std::string_view describe_outcome(DeliveryOutcome outcome) {
  switch (outcome) {
    case DeliveryOutcome::verified: return "verified";
    case DeliveryOutcome::unverified: return "unverified";
    case DeliveryOutcome::rejected: return "rejected";
    case DeliveryOutcome::refused: return "refused";
  }
  return "refused";
}

void record_judgement(DeliveryRecord& record, const DeliveryJudgement& judgement) {
  record.outcome = judgement.outcome;
  record.status = judgement.status;
  record.reason = judgement.reason;
  record.bytes = judgement.bytes;
  record.summary = judgement.summary;
  record.payload_problem = judgement.payload_problem;
}

std::string format_response_time(double milliseconds) {
  if (milliseconds >= 1000) return fmt::format("{:.2f} s", milliseconds / 1000);
  if (milliseconds >= 10) return fmt::format("{:.0f} ms", milliseconds);
  return fmt::format("{:.1f} ms", milliseconds);
}

std::string render_delivery_line(const DeliveryRecord& record, const TextStyle& style) {
  std::string word(describe_outcome(record.outcome));
  word.resize(10, ' ');
  std::string line = fmt::format("{}  {}  {}  ", record.time, record.status,
                                 style.toned(outcome_tone(record.outcome), word));
  switch (record.outcome) {
    case DeliveryOutcome::verified:
    case DeliveryOutcome::unverified:
      if (record.summary)
        line += describe_batch(*record.summary, style);
      else
        line += "payload not readable: " + util::escape_for_terminal(record.payload_problem);
      break;
    case DeliveryOutcome::rejected: line += record.reason; break;
    case DeliveryOutcome::refused:
      // A request line too broken to read leaves no method or target to name.
      if (!record.method.empty() || !record.target.empty())
        line += util::escape_for_terminal(record.method + " " + record.target) + ": ";
      line += util::escape_for_terminal(record.reason);  // may quote a header value
      break;
  }
  if (record.outcome != DeliveryOutcome::refused)
    line +=
        fmt::format("  ({} bytes from {})", record.bytes, util::escape_for_terminal(record.remote));
  else if (!record.remote.empty())
    line += "  (from " + util::escape_for_terminal(record.remote) + ")";
  if (!record.saved_file.empty()) line += ", saved " + util::escape_for_terminal(record.saved_file);
  if (!record.save_error.empty())
    line += ", not saved: " + util::escape_for_terminal(record.save_error);
  if (record.stored)
    line += fmt::format(", stored #{}{}", *record.stored, record.stored_before ? " (a retry)" : "");
  if (!record.store_error.empty())
    line += ", not stored: " + util::escape_for_terminal(record.store_error);
  if (record.forward) {
    if (record.forward->status) {
      line += fmt::format(", forwarded: {} in {}", *record.forward->status,
                          format_response_time(record.forward->milliseconds));
      if (auto problem = judge_handler_answer(record.outcome, *record.forward->status))
        line += "\n    " + style.toned(Tone::bad, "handler:") + " " + problem->text;
    } else
      line += ", forward failed: " + util::escape_for_terminal(record.forward->error);
  }
  line += "\n";
  return line;
}

std::string render_explanation_lines(const DeliveryRecord& delivery,
                                     const std::vector<Finding>& findings) {
  std::string text = "  diagnosis of the delivery at " + delivery.time + " from " +
                     util::escape_for_terminal(delivery.remote) + ":\n";
  for (const Finding& finding : findings) {
    text += "    explain: " + util::escape_for_terminal(finding.text) + "\n";
    if (!finding.advice.empty())
      text += "    advice: " + util::escape_for_terminal(finding.advice) + "\n";
  }
  return text;
}

std::string render_explanation_json(const DeliveryRecord& delivery,
                                    const std::vector<Finding>& findings) {
  Json json;
  json["explanation_of"] = delivery.time_utc;
  json["remote"] = delivery.remote;
  json["method"] = delivery.method;
  json["target"] = delivery.target;
  json["explanation"] = Json::array();
  for (const Finding& finding : findings)
    json["explanation"].push_back(
        {{"code", finding.code}, {"text", finding.text}, {"advice", finding.advice}});
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string render_delivery_json(const DeliveryRecord& record) {
  Json json;
  json["time"] = record.time_utc;
  json["remote"] = record.remote;
  json["method"] = record.method;
  json["target"] = record.target;
  json["status"] = record.status;
  json["verdict"] = std::string(describe_outcome(record.outcome));
  if (record.outcome == DeliveryOutcome::verified)
    json["secret"] = record.reason;
  else if (!record.reason.empty())
    json["reason"] = record.reason;
  if (record.outcome != DeliveryOutcome::refused) json["bytes"] = record.bytes;
  if (record.summary) {
    const BatchSummary& summary = *record.summary;
    json["event"] = summary.header.event;
    json["app"] = summary.header.app.name;
    json["branch"] = summary.header.git ? Json(summary.header.git->branch) : Json(nullptr);
    json["passed"] = summary.passed();
    json["groups"] = {{"total", summary.group_count},
                      {"passed", summary.groups_passed},
                      {"failed", summary.groups_failed},
                      {"in_progress", summary.groups_in_progress}};
    json["failing_runs"] = summary.failing_runs();
  } else if (!record.payload_problem.empty()) {
    json["payload_problem"] = record.payload_problem;
  }
  if (!record.saved_file.empty()) json["saved"] = record.saved_file;
  if (!record.save_error.empty()) json["save_error"] = record.save_error;
  if (record.stored) {
    json["stored"] = *record.stored;
    if (record.stored_before) json["stored_before"] = true;
  }
  if (!record.store_error.empty()) json["store_error"] = record.store_error;
  if (record.forward) {
    json["forward"] = record.forward->status ? Json{{"status", *record.forward->status}}
                                             : Json{{"error", record.forward->error}};
    json["forward"]["milliseconds"] = record.forward->milliseconds;
    if (record.forward->status)
      if (auto problem = judge_handler_answer(record.outcome, *record.forward->status))
        json["forward"]["problem"] = {{"code", problem->code}, {"text", problem->text}};
  }
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace core

#include "core/delivery/delivery_inspection.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "core/delivery/delivery_fixture.hpp"
#include "core/delivery/handler_answer.hpp"
#include "core/delivery/request_edit.hpp"
#include "core/explain/json_styles.hpp"
#include "core/http/content_coding.hpp"
#include "core/payload/payload_validator.hpp"
#include "core/summary/batch_summary.hpp"
#include "util/json_ignore.hpp"
#include "util/shell_quote.hpp"
#include "util/utf8.hpp"

namespace core {

namespace {
constexpr std::size_t max_failed_flows_listed = 200;
}  // namespace

namespace {
using Json = nlohmann::ordered_json;

// The page shows this much of a body as text and of a request as hex; the download has it all.
constexpr std::size_t shown_text_limit = std::size_t{2} << 20;
constexpr std::size_t shown_hex_limit = std::size_t{64} << 10;

// Whatever bytes a delivery holds, the JSON stays valid: invalid UTF-8 becomes U+FFFD.
std::string dump(const Json& json) {
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Json headers_json(const HeaderList& headers) {
  Json list = Json::array();
  for (const auto& [name, value] : headers) list.push_back(Json::array({name, value}));
  return list;
}

Json row_json(const InspectedDelivery& delivery) {
  const DeliveryRecord& record = delivery.record;
  Json row;
  row["id"] = delivery.id;
  row["version"] = delivery.version;
  row["earlier"] = delivery.earlier;
  row["time"] = record.time;
  row["time_utc"] = record.time_utc;
  row["remote"] = record.remote;
  row["method"] = record.method;
  row["target"] = record.target;
  row["status"] = record.status;
  row["verdict"] = std::string(describe_outcome(record.outcome));
  row["reason"] = record.reason;
  row["bytes"] = record.bytes;
  if (record.summary) {
    const PayloadHeader& header = record.summary->header;
    row["app"] = header.app.name.empty() ? header.app.id : header.app.name;
    row["platform"] = header.app.platform;
    row["branch"] = header.git ? header.git->branch : "";
    row["commit"] = header.git ? header.git->commit_sha : "";
    row["groups"] = record.summary->group_count;
    row["groups_passed"] = record.summary->groups_passed;
    row["groups_failed"] = record.summary->groups_failed;
    // For the page's "failed flow" filter: the failed groups and runs, by name (bounded: a batch
    // may hold thousands).
    Json failed = Json::array();
    for (const GroupSummary& group : record.summary->groups) {
      if (failed.size() >= max_failed_flows_listed) break;
      if (group.verdict(false) != Verdict::failed) continue;
      failed.push_back(group.name);
      for (const RunLine& run : group.shown_runs)
        if (verdict_of(run.status, false) == Verdict::failed &&
            failed.size() < max_failed_flows_listed)
          failed.push_back(group.name + " / " + run.name);
    }
    row["failed_flows"] = std::move(failed);
  }
  if (delivery.edited_from) {
    row["edited_from"] = *delivery.edited_from;
    row["resigned"] = delivery.resigned;
  }
  if (!record.summary && delivery.claimed) {
    const PayloadHeader& header = *delivery.claimed;
    row["app"] = header.app.name.empty() ? header.app.id : header.app.name;
    row["platform"] = header.app.platform;
    row["branch"] = header.git ? header.git->branch : "";
    row["commit"] = header.git ? header.git->commit_sha : "";
    row["claimed"] = true;  // unverified: what the body says, with nothing to vouch for it
  }
  row["payload_problem"] = record.payload_problem;
  row["saved_file"] = record.saved_file;
  // The latest answer: a replay's, once there is one.
  const ForwardExchange* latest = !delivery.replays.empty()
                                      ? &delivery.replays.back()
                                      : (delivery.forward ? &*delivery.forward : nullptr);
  if (latest) {
    if (latest->status) row["forward_status"] = *latest->status;
    row["forward_error"] = latest->error;
    row["forward_ms"] = latest->milliseconds;
  } else if (record.forward) {
    if (record.forward->status) row["forward_status"] = *record.forward->status;
    row["forward_error"] = record.forward->error;
    row["forward_ms"] = record.forward->milliseconds;
  }
  row["forward_problem"] = "";
  if (row.contains("forward_status"))
    if (auto problem = judge_handler_answer(record.outcome, row["forward_status"].get<int>()))
      row["forward_problem"] = problem->text;
  row["explanation_pending"] = delivery.explanation_pending;
  row["replays"] = delivery.replays.size();
  return row;
}

Json exchange_json(const ForwardExchange& exchange, DeliveryOutcome outcome) {
  Json json;
  json["time_utc"] = exchange.time_utc;
  json["status"] = exchange.status ? Json(*exchange.status) : Json(nullptr);
  json["milliseconds"] = exchange.milliseconds;
  const auto problem =
      exchange.status ? judge_handler_answer(outcome, *exchange.status) : std::nullopt;
  json["problem"] = problem ? problem->text : "";
  json["error"] = exchange.error;
  json["headers"] = headers_json(exchange.headers);
  json["body"] = exchange.body.substr(0, shown_text_limit);
  json["body_bytes"] = exchange.body.size();
  return json;
}

// Every run of an accepted delivery, failed groups first, for the details.
Json batch_json(std::string_view body) {
  SummaryBuilder builder(SummaryOptions{false, true});
  PayloadValidator validator(
      {}, [&](RunGroup&& group, const PayloadHeader&) { builder.add_group(std::move(group)); });
  util::JsonReader reader(validator);
  if (!reader.parse(body)) return nullptr;
  validator.finish();
  if (!validator.valid()) return nullptr;
  BatchSummary summary = builder.finish(validator.header(), {});
  std::stable_sort(
      summary.groups.begin(), summary.groups.end(),
      [](const GroupSummary& a, const GroupSummary& b) { return !a.passed() && b.passed(); });
  Json groups = Json::array();
  for (const GroupSummary& group : summary.groups) {
    Json runs = Json::array();
    for (const RunLine& run : group.shown_runs)
      runs.push_back({{"name", run.name}, {"status", run.status}, {"url", run.url}});
    groups.push_back({{"name", group.name},
                      {"status", group.status},
                      {"passed", group.passed()},
                      {"url", group.url},
                      {"runs", std::move(runs)}});
  }
  const PayloadHeader& header = summary.header;
  return {{"app", header.app.name.empty() ? header.app.id : header.app.name},
          {"app_url", header.app.url},
          {"platform", header.app.platform},
          {"branch", header.git ? header.git->branch : ""},
          {"commit", header.git ? header.git->commit_sha : ""},
          {"timestamp", header.timestamp},
          {"passed", summary.passed()},
          {"totals", describe_group_totals(summary)},
          {"groups", std::move(groups)}};
}

// The body as text: pretty-printed when it is JSON, else where its syntax fails.
Json body_json(const HttpRequest& request, std::size_t max_decoded) {
  Json json;
  DecodedBody decoded = decode_content(request, max_decoded);
  if (decoded.outcome != DecodedBody::Outcome::done) {
    json["problem"] = decoded.reason;
    return json;
  }
  const std::string& body = decoded.body;
  json["bytes"] = body.size();
  if (util::valid_utf8_prefix(body) != body.size()) {
    json["problem"] = "not UTF-8 text: see the raw bytes";
    return json;
  }
  json["text"] = body.substr(0, shown_text_limit);
  json["truncated"] = body.size() > shown_text_limit;
  if (auto shape = inspect_json(body)) {
    const JsonStyle pretty{JsonLayout::indent2, std::nullopt};
    if (rendered_size(*shape, pretty) <= shown_text_limit) {
      std::string out;
      render_json(body, *shape, pretty, [&](std::string_view piece) { out += piece; });
      json["pretty"] = std::move(out);
    }
    json["batch"] = batch_json(body);
    return json;
  }
  util::IgnoreJson ignore;
  util::JsonReader reader(ignore);
  if (!reader.parse(body) && reader.error()) {
    const util::JsonSyntaxError& error = *reader.error();
    json["syntax_error"] = {{"message", error.message},
                            {"line", error.line},
                            {"column", error.column},
                            {"offset", error.offset}};
  }
  return json;
}
void redact_strings(Json& json, const std::function<std::string(std::string)>& redact) {
  if (json.is_string()) {
    json = redact(json.get<std::string>());
  } else if (json.is_structured()) {
    for (Json& element : json) redact_strings(element, redact);
  }
}
}  // namespace

std::uint64_t InspectedDelivery::held_bytes() const {
  std::uint64_t bytes = 512;
  if (request) bytes += request->body.size() + request->target.size();
  if (forward) bytes += forward->body.size();
  for (const ForwardExchange& replay : replays) bytes += replay.body.size();
  for (const DiffLine& line : body_diff) bytes += line.text.size() + sizeof(DiffLine);
  return bytes;
}

namespace {
// The body pretty-printed when it is JSON that fits what the page shows; none otherwise.
std::optional<std::string> pretty_json(std::string_view body) {
  const auto shape = inspect_json(body);
  const JsonStyle pretty{JsonLayout::indent2, std::nullopt};
  if (!shape || rendered_size(*shape, pretty) > shown_text_limit) return std::nullopt;
  std::string out;
  render_json(body, *shape, pretty, [&](std::string_view piece) { out += piece; });
  return out;
}
}  // namespace

void note_unverified_claim(InspectedDelivery& delivery, std::size_t max_decoded_body) {
  if (delivery.record.outcome != DeliveryOutcome::rejected || !delivery.request) return;
  const DecodedBody decoded = decode_content(*delivery.request, max_decoded_body);
  if (decoded.outcome != DecodedBody::Outcome::done) return;
  PayloadValidator validator;
  util::JsonReader reader(validator);
  if (!reader.parse(std::string_view(decoded.body))) return;
  validator.finish();
  if (validator.valid()) delivery.claimed = validator.header();
}

void diff_edited_body(InspectedDelivery& edited, const HttpRequest& original,
                      std::size_t max_decoded_body) {
  const DecodedBody decoded = decode_content(original, max_decoded_body);
  const std::string before =
      decoded.outcome == DecodedBody::Outcome::done ? decoded.body : std::string();
  const std::string& after = edited.request ? edited.request->body : std::string();
  const auto pretty_before = pretty_json(before), pretty_after = pretty_json(after);
  edited.diff_of_pretty_json = pretty_before && pretty_after;
  edited.body_diff = edited.diff_of_pretty_json ? diff_lines(*pretty_before, *pretty_after)
                                                : diff_lines(before, after);
}

std::string render_inspected_row(const InspectedDelivery& delivery) {
  return dump(row_json(delivery));
}

std::string render_inspected_details(const InspectedDelivery& delivery,
                                     const ReplayCommands& commands) {
  Json json;
  json["row"] = row_json(delivery);
  Json explanation = Json::array();
  for (const Finding& finding : delivery.explanation)
    explanation.push_back(
        {{"code", finding.code}, {"text", finding.text}, {"advice", finding.advice}});
  json["explanation"] = std::move(explanation);
  json["reason"] = delivery.record.reason;
  if (delivery.request) {
    const HttpRequest& request = *delivery.request;
    json["request_line"] = request.method + " " + request.target + " " + request.version;
    json["headers"] = headers_json(request.headers);
    const bool accepted = delivery.record.outcome == DeliveryOutcome::verified ||
                          delivery.record.outcome == DeliveryOutcome::unverified;
    Json body = body_json(request, commands.max_decoded_body);
    // What a forged payload claims is nobody's business: only an accepted batch is summarised.
    if (!accepted) body.erase("batch");
    json["body"] = std::move(body);
    const std::string raw = format_http_request(request);
    json["raw_bytes"] = raw.size();
    // Redacted before the dump: a secret split across its lines would pass the text's redaction.
    json["raw_hex"] = hex_dump(commands.redact ? commands.redact(raw) : raw, shown_hex_limit);
    const auto signature = request.header("X-Autosana-Signature-256");
    json["curl"] = format_curl_command(commands.endpoint_url, signature.value_or(""), std::nullopt,
                                       request.body);
    json["send"] = delivery.record.saved_file.empty()
                       ? ""
                       : "autosana-webhook send --as-is --request " +
                             util::shell_quote(delivery.record.saved_file) + " " +
                             util::shell_quote(commands.endpoint_url);
  }
  json["can_replay"] = commands.can_replay && delivery.request != nullptr;
  json["can_resign"] = commands.can_resign;
  // The page edits the body as text: whole, UTF-8 and small enough to send back.
  const Json& shown = json.contains("body") ? json["body"] : Json();
  json["editable"] = json["can_replay"].get<bool>() && shown.contains("text") &&
                     !shown.value("truncated", true) &&
                     shown.value("bytes", std::size_t{0}) <= max_edited_body;
  const DeliveryOutcome outcome = delivery.record.outcome;
  json["forward"] = delivery.forward ? exchange_json(*delivery.forward, outcome) : Json(nullptr);
  Json replays = Json::array();
  for (const ForwardExchange& replay : delivery.replays)
    replays.push_back(exchange_json(replay, outcome));
  json["replays"] = std::move(replays);
  if (delivery.edited_from) {
    Json diff = Json::array();
    for (const DiffLine& line : delivery.body_diff)
      diff.push_back({{"kind", line.kind == DiffLine::Kind::same      ? " "
                               : line.kind == DiffLine::Kind::removed ? "-"
                                                                      : "+"},
                      {"text", line.text}});
    json["diff"] = {{"lines", std::move(diff)},
                    {"summary", describe_diff(delivery.body_diff)},
                    {"pretty_json", delivery.diff_of_pretty_json}};
  }
  if (commands.redact) redact_strings(json, commands.redact);
  return dump(json);
}

std::string hex_dump(std::string_view bytes, std::size_t limit) {
  std::string out;
  const std::size_t shown = std::min(bytes.size(), limit);
  for (std::size_t line = 0; line < shown; line += 16) {
    out += fmt::format("{:08x} ", line);
    std::string ascii;
    for (std::size_t i = line; i < line + 16; ++i) {
      if (i % 8 == 0) out += ' ';
      if (i < shown) {
        const auto byte = static_cast<unsigned char>(bytes[i]);
        out += fmt::format("{:02x} ", byte);
        ascii += byte >= 0x20 && byte < 0x7f ? static_cast<char>(byte) : '.';
      } else {
        out += "   ";
      }
    }
    out += " |" + ascii + "|\n";
  }
  if (shown < bytes.size())
    out += fmt::format("... the first {} of {} bytes\n", shown, bytes.size());
  return out;
}

}  // namespace core

// libFuzzer target: the inspector's Edit and replay, whose JSON comes from the page over the
// network. Whatever the edit says, the request it makes reads back as the same request (no field
// can split it: a value with a line break must have been refused), it is judged and listed as a
// delivery is, and its details with the body's diff are one JSON document.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "core/delivery/delivery_check.hpp"
#include "core/delivery/delivery_inspection.hpp"
#include "core/delivery/request_edit.hpp"
#include "output_checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const core::Secret secret{"--secret-env FUZZ", "fuzz-secret"};
  core::HttpRequest original;
  original.method = "POST";
  original.target = "/hook";
  original.version = "HTTP/1.1";
  original.headers = {{"Host", "127.0.0.1"}, {"X-Autosana-Signature-256", "sha256=00"}};
  // The original's body is the input too: the diff then compares two arbitrary texts.
  original.body = std::string(input.substr(0, input.size() / 2));
  auto edit = core::parse_request_edit(input);
  if (!edit) {
    // Not an edit: the diff of two arbitrary texts still gives both back, line for line.
    const std::string_view before = input.substr(0, size / 2), after = input.substr(size / 2);
    std::string old_side, new_side;
    bool first_old = true, first_new = true;
    for (const core::DiffLine& line : core::diff_lines(before, after, 4096)) {
      if (line.kind != core::DiffLine::Kind::added) {
        old_side += (first_old ? "" : "\n") + line.text;
        first_old = false;
      }
      if (line.kind != core::DiffLine::Kind::removed) {
        new_side += (first_new ? "" : "\n") + line.text;
        first_new = false;
      }
    }
    fuzz::require(old_side == before && new_side == after);
    return 0;
  }
  auto edited = core::build_edited_request(original, std::move(*edit), &secret);
  if (!edited) return 0;
  const auto read_back = core::parse_http_request(core::format_http_request(*edited));
  fuzz::require(read_back.has_value());
  fuzz::require(read_back->body == edited->body);
  std::size_t kept = 1;  // Content-Length, stated for the body as it is
  for (const auto& [name, value] : edited->headers)
    kept += core::is_connection_specific_header(name) ? 0U : 1U;
  fuzz::require(read_back->headers.size() == kept);
  core::InspectedDelivery delivery;
  core::DeliveryPolicy policy;
  policy.max_body = 1 << 20;
  core::record_judgement(delivery.record, core::judge_delivery(*edited, {secret}, policy));
  delivery.request = std::make_shared<const core::HttpRequest>(std::move(*edited));
  delivery.edited_from = 1;
  core::note_unverified_claim(delivery, 1 << 20);
  core::diff_edited_body(delivery, original, 1 << 20);
  core::ReplayCommands commands{"http://127.0.0.1:8787/", true, true, nullptr};
  fuzz::require(fuzz::is_json(core::render_inspected_details(delivery, commands)));
  fuzz::require(fuzz::is_json(core::render_inspected_row(delivery)));
  return 0;
}

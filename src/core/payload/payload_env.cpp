#include "core/payload/payload_env.hpp"

#include <algorithm>

#include "util/shell_quote.hpp"
#include "util/text.hpp"
#include "util/text_escape.hpp"

namespace core {

namespace {
void append_assignment(std::string& out, std::string_view name, std::string value, bool keep) {
  if (!keep) value = util::escape_for_terminal(value);
  // A shell variable cannot hold NUL; dropping it is the only safe choice.
  value.erase(std::remove(value.begin(), value.end(), '\0'), value.end());
  out += "AUTOSANA_";
  out += name;
  out += '=';
  out += util::shell_quote(value);
  out += '\n';
}

}  // namespace

std::string format_env_assignments(const PayloadHeader& header, bool keep_control_characters) {
  std::string out;
  const auto assign = [&out, keep_control_characters](std::string_view name, std::string value) {
    append_assignment(out, name, std::move(value), keep_control_characters);
  };
  assign("PAYLOAD_KIND", header.kind == PayloadKind::webhook ? "webhook" : "run-status");
  assign("EVENT", header.event);
  assign("TIMESTAMP", header.timestamp);
  assign("APP_ID", header.app.id);
  assign("APP_NAME", header.app.name);
  assign("APP_PLATFORM", header.app.platform);
  assign("APP_URL", header.app.url);
  // Always assigned, empty without git metadata, so scripts under `set -u` can test them.
  assign("GIT_COMMIT_SHA", header.git ? header.git->commit_sha : "");
  assign("GIT_BRANCH", header.git ? header.git->branch : "");
  if (header.kind == PayloadKind::run_status) {
    assign("BATCH_ID", header.batch_id.value_or(""));
    assign("IS_COMPLETE", header.is_complete.value_or(false) ? "true" : "false");
  }
  for (const auto& field : summary_count_fields)
    if (const auto& value = header.summary.*(field.member))
      assign(util::to_upper_ascii(field.name), std::to_string(*value));
  return out;
}

}  // namespace core

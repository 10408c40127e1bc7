#include "core/payload/payload_env.hpp"

#include <algorithm>

#include "util/shell_quote.hpp"
#include "util/text.hpp"

namespace core {

namespace {
void assign(std::string& out, std::string_view name, std::string value) {
  // A shell variable cannot hold NUL; dropping it is the only safe choice.
  value.erase(std::remove(value.begin(), value.end(), '\0'), value.end());
  out += "AUTOSANA_";
  out += name;
  out += '=';
  out += util::shell_quote(value);
  out += '\n';
}

}  // namespace

std::string format_env_assignments(const PayloadHeader& header) {
  std::string out;
  assign(out, "PAYLOAD_KIND", header.kind == PayloadKind::webhook ? "webhook" : "run-status");
  assign(out, "EVENT", header.event);
  assign(out, "TIMESTAMP", header.timestamp);
  assign(out, "APP_ID", header.app.id);
  assign(out, "APP_NAME", header.app.name);
  assign(out, "APP_PLATFORM", header.app.platform);
  assign(out, "APP_URL", header.app.url);
  // Always assigned, empty without git metadata, so scripts under `set -u` can test them.
  assign(out, "GIT_COMMIT_SHA", header.git ? header.git->commit_sha : "");
  assign(out, "GIT_BRANCH", header.git ? header.git->branch : "");
  if (header.kind == PayloadKind::run_status) {
    assign(out, "BATCH_ID", header.batch_id.value_or(""));
    assign(out, "IS_COMPLETE", header.is_complete.value_or(false) ? "true" : "false");
  }
  for (const auto& field : summary_count_fields)
    if (const auto& value = header.summary.*(field.member))
      assign(out, util::to_upper_ascii(field.name), std::to_string(*value));
  return out;
}

}  // namespace core

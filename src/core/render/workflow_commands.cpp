#include "core/render/workflow_commands.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <utility>

namespace core {

namespace {
std::string escaped(std::string_view text, bool property) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      case ':': out += property ? "%3A" : ":"; break;
      case ',': out += property ? "%2C" : ","; break;
      default:
        // Other control characters reach the log as they are, and its viewer acts on escape
        // sequences: they are shown as text.
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
          out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
        else
          out += c;
    }
  }
  return out;
}
}  // namespace

std::string escape_workflow_message(std::string_view text) {
  return escaped(text, false);
}

std::string escape_workflow_property(std::string_view text) {
  return escaped(text, true);
}

std::string workflow_command(std::string_view kind, std::string_view title,
                             std::string_view message) {
  std::string line = "::" + std::string(kind);
  if (!title.empty()) line += " title=" + escape_workflow_property(title);
  return line + "::" + escape_workflow_message(message) + "\n";
}

std::string annotations_within_limit(const std::vector<WorkflowAnnotation>& annotations,
                                     std::string_view notice_title, std::string_view listed_by) {
  std::string out;
  std::map<std::string_view, std::size_t> shown;                   // by kind
  std::vector<std::pair<std::string_view, std::size_t>> left_out;  // by what
  for (const WorkflowAnnotation& annotation : annotations) {
    if (shown[annotation.kind]++ < github_annotations_per_kind) {
      out += workflow_command(annotation.kind, annotation.title, annotation.message);
      continue;
    }
    const auto same = [&](const auto& counted) { return counted.first == annotation.what; };
    auto counted = std::find_if(left_out.begin(), left_out.end(), same);
    if (counted == left_out.end()) counted = left_out.insert(left_out.end(), {annotation.what, 0});
    ++counted->second;
  }
  for (const auto& [what, count] : left_out)
    out += workflow_command(
        "notice", notice_title,
        fmt::format("{} more {} flows are not shown as annotations (GitHub shows {} a step); {} "
                    "lists them all",
                    count, what, github_annotations_per_kind, listed_by));
  return out;
}

}  // namespace core

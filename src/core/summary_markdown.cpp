#include <fmt/core.h>
#include <string_view>

#include "core/summary_render.hpp"
#include "util/utf8.hpp"

namespace core {

namespace {
// Past this many lines a list is folded in <details>, so a PR comment stays readable.
constexpr std::size_t fold_after = 10;

// Text that can break neither a table nor a list, nor inject HTML or links: the Markdown
// punctuation that matters inside a line gets a backslash, HTML's specials become entities, line
// breaks become spaces. Untrusted text is never put at the start of a line, where # - + and
// digits would matter too.
std::string escape_markdown(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    switch (byte) {
      case '<': out += "&lt;"; continue;
      case '>': out += "&gt;"; continue;
      case '&': out += "&amp;"; continue;
      case '"': out += "&quot;"; continue;
      case '\n':
      case '\r':
      case '\t': out += ' '; continue;
      default: break;
    }
    std::size_t last = i;
    if (byte >= 0x80 && util::is_bidi_or_invisible(util::decode_utf8(text, last))) {
      out += "\xEF\xBF\xBD";  // U+FFFD, as for a control character: it would disguise the text
      i = last;
    } else if (byte < 0x20 || byte == 0x7f) {
      out += "\xEF\xBF\xBD";  // U+FFFD: a control character has no business in a summary
    } else if (std::string_view("\\`*_{}[]()|~").find(static_cast<char>(byte)) !=
               std::string_view::npos) {
      out += '\\';
      out += static_cast<char>(byte);
    } else {
      out += static_cast<char>(byte);
    }
  }
  return out;
}

// An http(s) URL safe inside (...) of a link, or "" when it is not one.
std::string link_target(std::string_view url) {
  if (!url.starts_with("https://") && !url.starts_with("http://")) return {};
  std::string out;
  for (char c : url) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7f) return {};
    // Non-ASCII is percent-encoded too (as an IRI becomes a URI), so no bidirectional or
    // invisible character survives into the link.
    if (byte >= 0x80 || std::string_view("()<>\"'`\\|[]").find(c) != std::string_view::npos) {
      static const char digits[] = "0123456789ABCDEF";
      out += '%';
      out += digits[byte >> 4];
      out += digits[byte & 15];
    } else {
      out += c;
    }
  }
  return out;
}

std::string linked(std::string_view text, std::string_view url) {
  const std::string target = link_target(url);
  const std::string shown = escape_markdown(text.empty() ? "(unnamed)" : text);
  return target.empty() ? shown : "[" + shown + "](" + target + ")";
}

const char* emoji(std::string_view status) {
  if (status == "passed") return "\xE2\x9C\x85";                  // ✅
  if (status == "failed") return "\xE2\x9D\x8C";                  // ❌
  if (status == "error") return "\xE2\x9D\x97";                   // ❗
  if (status == "terminated") return "\xE2\x8F\xB9\xEF\xB8\x8F";  // ⏹️
  if (status == "skipped") return "\xE2\x8F\xAD\xEF\xB8\x8F";     // ⏭️
  if (is_unfinished_status(status)) return "\xE2\x8F\xB3";        // ⏳
  return "\xE2\x9D\x94";                                          // ❔
}

void run_list(std::string& out, const std::string& title, const std::vector<RunLine>& runs) {
  if (runs.empty()) return;
  const bool fold = runs.size() > fold_after;
  if (fold)
    out += fmt::format("<details><summary>{} ({})</summary>\n\n", title, runs.size());
  else
    out += "**" + title + "**\n\n";
  for (const RunLine& run : runs)
    out += std::string("- ") + emoji(run.status) + " **" + escape_markdown(run.group) +
           "** \xE2\x80\xBA " + linked(run.name, run.url) + " (" + escape_markdown(run.status) +
           ")\n";
  out += fold ? "\n</details>\n\n" : "\n";
}
}  // namespace

std::string render_markdown(const BatchSummary& summary) {
  const PayloadHeader& header = summary.header;
  std::string out = "### ";
  out += summary.passed() ? emoji("passed") : emoji("failed");
  out += " " + escape_markdown(header.app.name.empty() ? header.app.id : header.app.name) + ": " +
         describe_group_totals(summary.groups_passed, summary.group_count) + "\n\n";
  out += "Platform " + escape_markdown(header.app.platform) + " \xC2\xB7 app " +
         escape_markdown(header.app.id);
  if (header.git) {
    out += " \xC2\xB7 branch **" + escape_markdown(header.git->branch) + "**";
    if (!header.git->commit_sha.empty())
      out += " \xC2\xB7 commit " + escape_markdown(header.git->commit_sha.substr(0, 7));
  }
  if (!header.timestamp.empty()) out += " \xC2\xB7 " + escape_markdown(header.timestamp);
  out += "\n\n";
  if (header.kind == PayloadKind::run_status && header.is_complete == false)
    out += "> " + std::string(emoji("running")) + " The batch is not complete yet.\n\n";

  if (!summary.groups.empty()) {
    const bool fold = summary.groups.size() > 2 * fold_after;
    if (fold)
      out += fmt::format("<details><summary>Groups ({})</summary>\n\n", summary.groups.size());
    out +=
        "| | Group | Runs | Passed | Failed | Other |\n| --- | --- | ---: | ---: | ---: | ---: |\n";
    for (const GroupSummary& group : summary.groups) {
      const auto count = [&](const char* status) {
        const auto found = group.runs_by_status.find(status);
        return found == group.runs_by_status.end() ? std::size_t{0} : found->second;
      };
      const std::size_t passed = count("passed");
      const std::size_t failed = count("failed");
      out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", emoji(group.status),
                         linked(group.name, group.url), group.run_count, passed, failed,
                         group.run_count - passed - failed);
    }
    out += fold ? "\n</details>\n\n" : "\n";
  }
  std::vector<RunLine> shown;
  for (const GroupSummary& group : summary.groups)
    shown.insert(shown.end(), group.shown_runs.begin(), group.shown_runs.end());
  bool all_passing = true;
  for (const RunLine& run : shown) all_passing = all_passing && is_passing_status(run.status);
  run_list(out, all_passing ? "Runs" : "Runs that need attention", shown);
  if (summary.baseline) {
    const BaselineComparison& baseline = *summary.baseline;
    out += "#### Compared with the baseline\n\n";
    if (baseline.different_app) out += "> The baseline is for a different app.\n\n";
    run_list(out, "Newly failing", baseline.newly_failing);
    run_list(out, "Still failing", baseline.still_failing);
    run_list(out, "Fixed", baseline.fixed);
    run_list(out, "Added", baseline.added);
    run_list(out, "Removed", baseline.removed);
  }
  return out;
}

}  // namespace core

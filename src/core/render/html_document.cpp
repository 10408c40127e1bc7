#include "core/render/html_document.hpp"

#include <fmt/core.h>

#include "util/http_url.hpp"
#include "util/utf8.hpp"

namespace core {

namespace {
// The page may use its own inline styles and nothing else: no script, no image, no font, no
// request anywhere. A name that slipped through escaping still could not run or fetch anything.
constexpr const char* content_security_policy =
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; "
    "form-action 'none'";

constexpr const char* style_sheet = R"css(
:root { color-scheme: light dark; --fg: #1b1f24; --muted: #59636e; --bg: #ffffff; --panel: #f6f8fa;
  --line: #d1d9e0; --pass: #1a7f37; --fail: #cf222e; --other: #9a6700; --none: #e6eaef;
  --link: #0969da; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --panel: #151b23; --line: #3d444d;
    --pass: #3fb950; --fail: #f85149; --other: #d29922; --none: #262c36; --link: #4493f8; }
}
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--fg); background: var(--bg); }
main { max-width: 1200px; margin: 0 auto; padding: 24px 16px 48px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; }
p.meta { color: var(--muted); margin: 0 0 16px; }
a { color: var(--link); }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.verdict { display: inline-block; padding: 2px 10px; border-radius: 12px; color: #fff;
  font-weight: 600; font-size: 13px; }
.verdict.passed { background: var(--pass); } .verdict.failed { background: var(--fail); }
.verdict.in_progress { background: var(--other); }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 8px;
  padding: 10px 14px; min-width: 140px; }
.card b { display: block; font-size: 22px; }
.card span { color: var(--muted); font-size: 12px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line);
  vertical-align: top; overflow-wrap: break-word; }
th { font-size: 12px; color: var(--muted); font-weight: 600; white-space: nowrap; }
.wide { overflow-x: auto; }
td.num, th.num { text-align: right; white-space: nowrap; }
.status { font-weight: 600; white-space: nowrap; }
.status.passed { color: var(--pass); } .status.failed, .status.errored, .status.error { color: var(--fail); }
.status.other { color: var(--other); } .status.skipped { color: var(--muted); }
.empty { color: var(--muted); }
.scroll { overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; }
svg.trend { width: 100%; height: auto; background: var(--panel); border: 1px solid var(--line);
  border-radius: 8px; }
svg.trend .axis { stroke: var(--line); stroke-width: 1; }
svg.trend .label { fill: var(--muted); font-size: 11px; }
svg.trend polyline { fill: none; stroke: var(--link); stroke-width: 2; }
svg.trend circle { fill: var(--bg); stroke: var(--link); stroke-width: 2; }
svg.trend circle.low { stroke: var(--fail); }
table.grid { width: auto; border-collapse: separate; border-spacing: 2px; margin: 0; }
table.grid th, table.grid td { border: 0; padding: 0; }
table.grid th.flow { padding: 0 10px 0 6px; white-space: nowrap; font-weight: 400;
  color: var(--fg); font-size: 13px; max-width: 360px; overflow: hidden; text-overflow: ellipsis; }
table.grid th.batch { font-size: 10px; writing-mode: vertical-rl; transform: rotate(180deg);
  padding: 4px 0; font-weight: 400; }
td.cell { width: 14px; height: 18px; min-width: 14px; border-radius: 3px; background: var(--none); }
td.cell a { display: block; width: 100%; height: 18px; color: inherit; text-decoration: none; }
td.cell { font-size: 11px; line-height: 18px; text-align: center; color: #fff; }
.other-branch { color: var(--other); font-style: italic; }
td.cell.passed { background: var(--pass); } td.cell.failed { background: var(--fail); }
td.cell.errored, td.cell.terminated { background: var(--other); }
td.cell.skipped, td.cell.unfinished { background: var(--muted); opacity: .5; }
.legend span { display: inline-block; margin-right: 14px; font-size: 12px; color: var(--muted); }
.legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px;
  margin-right: 4px; vertical-align: -1px; }
section.batch { margin-bottom: 40px; }
table.groups td:nth-child(2) { width: 8em; } table.groups td:nth-child(3) { width: 40%; }
tr.run td:first-child { padding-left: 28px; }
details > summary { cursor: pointer; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
)css";
}  // namespace

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    switch (byte) {
      case '<': out += "&lt;"; continue;
      case '>': out += "&gt;"; continue;
      case '&': out += "&amp;"; continue;
      case '"': out += "&quot;"; continue;
      case '\'': out += "&#39;"; continue;
      default: break;
    }
    if (byte < 0x20 || byte == 0x7f) {
      out += "\xEF\xBF\xBD";  // U+FFFD: a control character has no business in a report
      continue;
    }
    if (byte < 0x80) {
      out += static_cast<char>(byte);
      continue;
    }
    const std::size_t length = util::valid_utf8_length(text, i);
    if (length == 0) {
      out += "\xEF\xBF\xBD";
      continue;
    }
    std::size_t last = i;
    const char32_t code = util::decode_utf8(text, last);
    if (util::is_bidi_or_invisible(code))
      out += fmt::format("\\u{{{:X}}}", static_cast<std::uint32_t>(code));
    else
      out.append(text.substr(i, length));
    i += length - 1;
  }
  return out;
}

std::string html_link_target(std::string_view url) {
  // Quotes, angle brackets, backquotes and backslashes percent-encoded; what is left for the
  // attribute's own escaping is &.
  return escape_html(util::http_url_for_link(url, "\"'<>`\\"));
}

std::string html_link(std::string_view text, std::string_view url) {
  const std::string target = html_link_target(url);
  const std::string shown = escape_html(text);
  if (target.empty()) return shown;
  return "<a href=\"" + target + "\" rel=\"noopener noreferrer\">" + shown + "</a>";
}

std::string html_document_start(std::string_view title) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n"
      "<meta name=\"referrer\" content=\"no-referrer\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<main>\n",
      content_security_policy, escape_html(title), style_sheet);
}

std::string html_document_end() {
  return "<footer>Written by autosana-webhook.</footer>\n</main>\n</body>\n</html>\n";
}

}  // namespace core

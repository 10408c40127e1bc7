#include "core/explain/body_changes.hpp"

#include <algorithm>

namespace core {

const std::string_view raw_body_advice =
    "verify the raw bytes of the request body before anything parses, trims or re-encodes it "
    "(express.raw(), Flask request.get_data(), Django request.body, Go io.ReadAll(r.Body))";

namespace {
using util::PieceWriter;
constexpr std::string_view byte_order_mark = "\xEF\xBB\xBF";
constexpr std::string_view curl_advice =
    "send files with curl --data-binary @FILE, which keeps every byte (-d strips line breaks), "
    "and verify the raw body before trimming it";
constexpr std::string_view exact_bytes_advice =
    "sign and send the exact bytes: echo and editors add a final newline (printf '%s' does not), "
    "and a handler must verify the raw body before trimming it";

std::uint64_t size_written(const BodyWriter& write) {
  std::uint64_t size = 0;
  write([&](std::string_view piece) { size += piece.size(); });
  return size;
}

BodyWriter framed(std::string_view prefix, std::string_view body, std::string_view suffix) {
  return [=](const ByteSink& sink) {
    PieceWriter out(sink);
    out.put(prefix);
    out.put(body);
    out.put(suffix);
    out.flush();
  };
}

// Writes the body with every byte `special` tells apart replaced by what `replace` writes.
template <typename Replace>
BodyWriter rewritten(std::string_view body, std::string_view specials, Replace replace) {
  return [=](const ByteSink& sink) {
    PieceWriter out(sink);
    std::size_t done = 0;
    for (std::size_t at = body.find_first_of(specials); at != std::string_view::npos;
         at = body.find_first_of(specials, at + 1)) {
      out.put(body.substr(done, at - done));
      done = at + 1;
      if (!replace(body, at, out)) done = at;  // kept as it is
    }
    out.put(body.substr(done));
    out.flush();
  };
}

// Each run of `width` spaces at the start of a line becomes a tab.
BodyWriter leading_spaces_as_tabs(std::string_view body, std::size_t width) {
  return [=](const ByteSink& sink) {
    PieceWriter out(sink);
    bool line_start = true;
    std::size_t spaces = 0;
    for (char c : body) {
      if (line_start && c == ' ') {
        if (++spaces == width) {
          out.put('\t');
          spaces = 0;
        }
        continue;
      }
      out.put_repeated(' ', spaces);
      spaces = 0;
      line_start = c == '\n' || (line_start && c == '\t');
      out.put(c);
    }
    out.put_repeated(' ', spaces);
    out.flush();
  };
}

void add(std::vector<BodyChange>& changes, std::string code, std::string description,
         std::string_view advice, BodyWriter write) {
  const std::uint64_t size = size_written(write);
  changes.push_back({std::move(code), std::move(description), std::string(advice), size,
                     std::move(write), std::nullopt});
}

// "1 space", "2 line breaks", "a tab and 3 spaces": exactly what a run of whitespace holds.
std::string name_whitespace(std::string_view run) {
  std::size_t spaces = 0, tabs = 0, breaks = 0, returns = 0;
  for (std::size_t i = 0; i < run.size(); ++i) {
    const char c = run[i];
    if (c == ' ')
      ++spaces;
    else if (c == '\t')
      ++tabs;
    else if (c == '\n')
      ++breaks;
    else if (c == '\r' && (i + 1 == run.size() || run[i + 1] != '\n'))
      ++returns;
  }
  std::vector<std::string> parts;
  const auto count = [&](std::size_t n, const char* one, const char* many) {
    if (n == 1) parts.push_back(one);
    if (n > 1) parts.push_back(std::to_string(n) + " " + many);
  };
  count(spaces, "1 space", "spaces");
  count(tabs, "a tab", "tabs");
  count(breaks, "a line break", "line breaks");
  count(returns, "a carriage return", "carriage returns");
  std::string text;
  for (std::size_t i = 0; i < parts.size(); ++i)
    text += (i == 0 ? "" : i + 1 == parts.size() ? " and " : ", ") + parts[i];
  return text;
}

void add_text_changes(std::vector<BodyChange>& changes, std::string_view body) {
  if (body.ends_with("\r\n"))
    add(changes, "trailing_crlf_added",
        "this body has a trailing CRLF that the signed body did not have", exact_bytes_advice,
        framed("", body.substr(0, body.size() - 2), ""));
  if (body.ends_with("\n"))
    add(changes, "trailing_newline_added",
        "this body has a trailing newline that the signed body did not have (added by echo, an "
        "editor or a here-document)",
        exact_bytes_advice, framed("", body.substr(0, body.size() - 1), ""));
  const std::size_t content_end = body.find_last_not_of(" \t\r\n") + 1;
  const std::string_view trailing = body.substr(content_end);
  if (!trailing.empty() && trailing != "\n" && trailing != "\r\n") {
    add(changes, "trailing_whitespace_added",
        "this body ends with " + name_whitespace(trailing) + " that the signed body did not have",
        exact_bytes_advice, framed("", body.substr(0, content_end), ""));
    // The signed body ended with a line break, and more came after it.
    const std::size_t first_break = trailing.find('\n');
    if (first_break != std::string_view::npos && first_break + 1 < trailing.size())
      add(changes, "trailing_whitespace_added",
          "this body ends with " + name_whitespace(trailing.substr(first_break + 1)) +
              " after the line break the signed body ended with",
          exact_bytes_advice, framed("", body.substr(0, content_end + first_break + 1), ""));
  }
  add(changes, "trailing_newline_stripped",
      "the signed body ended with a newline that this body lacks (stripped on the way, as "
      "curl -d @file and trimming functions do)",
      curl_advice, framed("", body, "\n"));
  add(changes, "trailing_crlf_stripped",
      "the signed body ended with CRLF that this body lacks (stripped on the way)", curl_advice,
      framed("", body, "\r\n"));
  add(changes, "trailing_space_stripped",
      "the signed body ended with a space that this body lacks (trimmed on the way)",
      raw_body_advice, framed("", body, " "));
  if (body.find("\r\n") != std::string_view::npos)
    add(changes, "crlf_line_ends",
        "this body has CRLF line ends where the signed body had LF (converted on the way)",
        raw_body_advice,
        rewritten(body, "\r", [](std::string_view text, std::size_t at, PieceWriter&) {
          return at + 1 < text.size() && text[at + 1] == '\n';  // the CR of CRLF is dropped
        }));
  if (body.find('\n') != std::string_view::npos)
    add(changes, "lf_line_ends",
        "this body has LF line ends where the signed body had CRLF (converted on the way)",
        raw_body_advice,
        rewritten(body, "\n", [](std::string_view text, std::size_t at, PieceWriter& out) {
          if (at > 0 && text[at - 1] == '\r') return false;
          out.put("\r\n");
          return true;
        }));
  if (body.starts_with(byte_order_mark))
    add(changes, "byte_order_mark_added",
        "this body starts with a UTF-8 byte-order mark that the signed body did not have",
        raw_body_advice, framed("", body.substr(byte_order_mark.size()), ""));
  else
    add(changes, "byte_order_mark_stripped",
        "the signed body started with a UTF-8 byte-order mark that this body lacks",
        raw_body_advice, framed(byte_order_mark, body, ""));
  if (body.find('\t') != std::string_view::npos)
    for (std::size_t width : {std::size_t{2}, std::size_t{4}}) {
      const std::string spaces(width, ' ');
      add(changes, "tabs_for_spaces",
          "this body has tabs where the signed body had " + std::to_string(width) +
              " spaces (an editor or a formatter converted them)",
          raw_body_advice,
          rewritten(body, "\t", [spaces](std::string_view, std::size_t, PieceWriter& out) {
            out.put(spaces);
            return true;
          }));
    }
  if (body.find("\n  ") != std::string_view::npos || body.starts_with("  "))
    for (std::size_t width : {std::size_t{2}, std::size_t{4}})
      add(changes, "spaces_for_tabs",
          "this body has " + std::to_string(width) +
              " spaces at the start of lines where the signed body had a tab (an editor or a "
              "formatter converted them)",
          raw_body_advice, leading_spaces_as_tabs(body, width));
}

std::optional<StringEscaping> received_escaping(const JsonShape& shape) {
  for (std::size_t i = 0; i < all_escapings.size(); ++i)
    if (shape.escaping_as_received[i]) return all_escapings[i];
  return std::nullopt;
}

bool escaping_worth_trying(const JsonShape& shape, StringEscaping escaping) {
  if (escaping.ascii_escapes && !shape.has_non_ascii) return false;  // same as without
  if (escaping.escaped_slashes && !shape.has_slash) return false;    // same as without
  for (std::size_t i = 0; i < all_escapings.size(); ++i)
    if (all_escapings[i] == escaping && shape.escaping_as_received[i]) return false;
  return true;
}

std::string describe_escaping(const JsonShape& shape, StringEscaping escaping) {
  const std::optional<StringEscaping> received = received_escaping(shape);
  std::vector<std::string> parts;
  if (shape.has_non_ascii && (!received || received->ascii_escapes != escaping.ascii_escapes))
    parts.push_back(escaping.ascii_escapes
                        ? std::string("\\uXXXX escapes for non-ASCII characters") +
                              (received ? " where this one has raw UTF-8" : "")
                        : std::string("raw UTF-8 for non-ASCII characters") +
                              (received ? " where this one has \\uXXXX escapes" : ""));
  if (shape.has_slash && (!received || received->escaped_slashes != escaping.escaped_slashes))
    parts.push_back(escaping.escaped_slashes
                        ? std::string("slashes escaped as \\/") +
                              (received ? " where this one has plain slashes" : "")
                        : std::string("plain slashes") +
                              (received ? " where this one has them escaped as \\/" : ""));
  if (parts.empty()) return "its strings escaped the shortest way";
  return parts.size() == 1 ? parts[0] : parts[0] + " and " + parts[1];
}

std::string describe_style(const JsonShape& shape, const JsonStyle& style) {
  std::string text = "the JSON was re-serialised on the way: the signed body is the same data";
  if (style.layout != JsonLayout::as_received) {
    text += " written " + describe_layout(style.layout);
    if (shape.layout) text += ", where this one is " + describe_layout(*shape.layout);
    if (style.escaping) text += ",";
  }
  if (style.escaping) text += " with " + describe_escaping(shape, *style.escaping);
  return text;
}

void add_json_changes(std::vector<BodyChange>& changes, std::string_view body,
                      const JsonShape& shape) {
  const auto add_style = [&](JsonStyle style) {
    const std::string code = style.layout == JsonLayout::as_received ? "json_escapes_changed"
                             : style.escaping                        ? "json_reserialised"
                                                                     : "json_layout_changed";
    changes.push_back(
        {code, describe_style(shape, style), std::string(raw_body_advice),
         rendered_size(shape, style),
         [body, &shape, style](const ByteSink& sink) { render_json(body, shape, style, sink); },
         style});
  };
  // The layout kept and only the escaping changed first: that is what a framework that
  // re-serialises the same way but with other defaults does.
  for (StringEscaping escaping : all_escapings)
    if (escaping_worth_trying(shape, escaping)) add_style({JsonLayout::as_received, escaping});
  for (JsonLayout layout : {JsonLayout::compact, JsonLayout::spaced, JsonLayout::indent2,
                            JsonLayout::indent4, JsonLayout::tabs}) {
    // The body's own layout, exactly: as_received above already tried every escaping in it.
    if (shape.layout == layout && !shape.outer_whitespace) continue;
    add_style({layout, std::nullopt});
    for (StringEscaping escaping : all_escapings)
      if (escaping_worth_trying(shape, escaping)) add_style({layout, escaping});
  }
}

// Whether the rendering, with its line breaks removed, is the body.
bool is_without_line_breaks(const BodyChange& change, bool with_newline, std::string_view body) {
  std::size_t at = 0;
  bool same = true;
  const ByteSink compare = [&](std::string_view piece) {
    for (char c : piece) {
      if (c == '\n' || c == '\r') continue;
      if (!same || at >= body.size() || body[at] != c) {
        same = false;
        return;
      }
      ++at;
    }
  };
  change.write(compare);
  if (with_newline) compare("\n");
  return same && at == body.size();
}
}  // namespace

std::vector<BodyChange> body_changes(std::string_view body, const std::optional<JsonShape>& shape) {
  std::vector<BodyChange> changes;
  add_text_changes(changes, body);
  if (shape) add_json_changes(changes, body, *shape);
  return changes;
}

BodyChange describe_reserialisation(const BodyChange& change, std::string_view body,
                                    bool with_newline) {
  BodyChange described{change.code, change.description, change.advice, change.size,
                       {},          change.style};
  const JsonLayout layout = change.style ? change.style->layout : JsonLayout::as_received;
  if ((layout == JsonLayout::indent2 || layout == JsonLayout::indent4 ||
       layout == JsonLayout::tabs) &&
      body.find('\n') == std::string_view::npos &&
      is_without_line_breaks(change, with_newline, body)) {
    described.code = "line_breaks_removed";
    described.description =
        "the line breaks of the signed body were removed on the way, as curl -d @file does (the "
        "signed body is the same JSON " +
        describe_layout(layout) + ")";
    described.advice = std::string(curl_advice);
    return described;
  }
  if (with_newline) described.description += ", ending with a newline";
  return described;
}

}  // namespace core

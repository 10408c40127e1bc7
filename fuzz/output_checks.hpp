// What the fuzz targets require of every output they render, as the README promises it: JSON that
// parses, JUnit that is well-formed XML 1.0, text for a terminal with no control, bidirectional
// or invisible character in it, and HTML with no script. A target traps when one does not hold.
#pragma once

#include <libxml/parser.h>

#include <nlohmann/json.hpp>
#include <string_view>

#include "core/http/http_request.hpp"
#include "util/utf8.hpp"

namespace fuzz {

inline void require(bool condition) {
  if (!condition) __builtin_trap();
}

// One JSON text (RFC 8259), or one per line when `lines`.
inline bool is_json(std::string_view text, bool lines = false) {
  if (!lines) return nlohmann::json::accept(text);
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) return false;  // every line ends with its newline
    if (!nlohmann::json::accept(text.substr(start, end - start))) return false;
    start = end + 1;
  }
  return true;
}

// Well-formed XML 1.0 (characters included), read without the network or entity expansion.
inline bool is_well_formed_xml(std::string_view text) {
  xmlDocPtr document =
      xmlReadMemory(text.data(), static_cast<int>(text.size()), "fuzz.xml", nullptr,
                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (document == nullptr) return false;
  xmlFreeDoc(document);
  return true;
}

// Valid UTF-8 whose only control character is the line break: no escape sequence, no C1
// control, nothing that reorders or hides the text around it.
// GitHub workflow commands: every line one annotation of a known kind, no control character
// (a CR or LF in a name would start a forged one), at most ten errors and ten warnings.
inline bool are_workflow_commands(std::string_view text) {
  std::size_t errors = 0, warnings = 0;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    if (end == std::string_view::npos) return false;
    const std::string_view line = text.substr(0, end);
    text.remove_prefix(end + 1);
    for (const char c : line)
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
    if (line.starts_with("::error "))
      ++errors;
    else if (line.starts_with("::warning "))
      ++warnings;
    else if (!line.starts_with("::notice "))
      return false;
  }
  return errors <= 10 && warnings <= 10;
}

inline bool is_safe_for_a_terminal(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      if ((byte < 0x20 && byte != '\n') || byte == 0x7f) return false;
      continue;
    }
    if (util::valid_utf8_length(text, i) == 0) return false;
    const char32_t code = util::decode_utf8(text, i);
    if (code < 0xa0 || util::is_bidi_or_invisible(code)) return false;
  }
  return true;
}

// A page of ours: no script at all, and links only to http(s) addresses or within the page.
inline bool is_a_safe_page(std::string_view html) {
  if (html.find("<script") != std::string_view::npos) return false;
  // Every href attribute of every tag links out or within the page. Attributes are read as a
  // browser reads them: a payload's text may well say href=" inside another attribute's value
  // (title="...href="), which is no link.
  bool in_tag = false;
  char quote = 0;
  for (std::size_t at = 0; at < html.size(); ++at) {
    const char c = html[at];
    if (!in_tag) {
      in_tag = c == '<';
    } else if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      in_tag = false;
    } else if ((c == ' ' || c == '\n' || c == '\t') && html.substr(at + 1).starts_with("href=\"")) {
      const std::string_view target = html.substr(at + 7);
      if (!target.starts_with("http://") && !target.starts_with("https://") &&
          !target.starts_with("#"))
        return false;
    }
  }
  return true;
}

// A request as listen --save writes it reads back the same: method, target, body, and the
// fields that describe the message (not the connection), in order and byte for byte.
inline void require_saved_form_reads_back(const core::HttpRequest& received) {
  const auto saved = core::parse_http_request(core::format_http_request(received));
  require(saved.has_value());
  require(saved->method == received.method && saved->target == received.target &&
          saved->body == received.body);
  const auto message_fields = [](const core::HeaderList& headers) {
    core::HeaderList kept;
    for (const auto& field : headers)
      if (!core::is_connection_specific_header(field.first)) kept.push_back(field);
    return kept;
  };
  require(message_fields(saved->headers) == message_fields(received.headers));
}

}  // namespace fuzz

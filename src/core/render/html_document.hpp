// The self-contained HTML reports (a batch, a history): one file that works offline, opened from
// a CI artefact or an e-mail. Everything in it that came from a payload is untrusted: it goes in
// escaped, links are made only of http(s) URLs, and the page's own policy allows no script at all,
// so even a mistake here could not run one.
#pragma once

#include <string>
#include <string_view>

namespace core {

// Text for an element's content or a quoted attribute. Control characters become U+FFFD; bidi and
// invisible characters are shown as \u{...}, as the inspector shows them, so none can disguise a
// name.
std::string escape_html(std::string_view text);

// An http(s) URL ready for a quoted href, or "" when it is not one.
std::string html_link_target(std::string_view url);

// <a href="...">text</a> when the URL is http(s), the escaped text otherwise.
std::string html_link(std::string_view text, std::string_view url);

// From the doctype to the opening of <main>, with the style sheet both reports share; the title
// is escaped here.
std::string html_document_start(std::string_view title);
std::string html_document_end();

}  // namespace core

// Links made from URLs that came from the network: only http and https, and percent-encoded so
// that the URL cannot end the syntax it is written into (a Markdown link, an HTML attribute).
#pragma once

#include <string>
#include <string_view>

namespace util {

// The URL with every non-ASCII byte and every character of `also_encoded` percent-encoded, or ""
// when it is not a lower-case http:// or https:// URL or holds a space or a control character.
// Non-ASCII is encoded too (as an IRI becomes a URI), so no bidirectional or invisible character
// survives into a link.
std::string http_url_for_link(std::string_view url, std::string_view also_encoded);

}  // namespace util

#include "core/http/body_framing.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "core/signing/signature.hpp"
#include "util/text.hpp"

namespace core {

util::Expected<BodyFraming> read_body_framing(const std::vector<std::string>& transfer_encodings,
                                              const std::vector<std::string>& content_lengths) {
  BodyFraming framing;
  if (!transfer_encodings.empty()) {
    // Several headers are one comma-separated list of codings; chunked must be the last.
    std::string codings;
    for (const std::string& value : transfer_encodings)
      codings += (codings.empty() ? "" : ", ") + std::string(util::trim_whitespace(value));
    codings = util::to_lower_ascii(codings);
    const auto comma = codings.rfind(',');
    const std::string_view last = util::trim_whitespace(
        comma == std::string::npos ? std::string_view(codings)
                                   : std::string_view(codings).substr(comma + 1));
    if (last != "chunked")
      return util::unexpected("Transfer-Encoding other than chunked: '" + codings + "'");
    if (!content_lengths.empty())
      return util::unexpected("both Content-Length and Transfer-Encoding");
    framing.kind = BodyFraming::Kind::chunked;
    framing.only_chunked = codings == "chunked";
    return framing;
  }
  if (content_lengths.empty()) return framing;
  const std::string& text = content_lengths.front();
  if (std::any_of(content_lengths.begin(), content_lengths.end(),
                  [&](const std::string& value) { return value != text; }))
    return util::unexpected("two different Content-Length values");
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), framing.length);
  if (text.empty() || error != std::errc() || end != text.data() + text.size())
    return util::unexpected("Content-Length is not a number: '" + text + "'");
  framing.kind = BodyFraming::Kind::length;
  return framing;
}

}  // namespace core

#include "core/http/content_coding.hpp"

#include <vector>

#include "util/decompress.hpp"
#include "util/text.hpp"

namespace core {

namespace {
enum class Coding { identity, gzip, deflate, brotli, unknown };

Coding coding_named(std::string_view name) {
  if (util::equal_ignoring_case(name, "identity")) return Coding::identity;
  if (util::equal_ignoring_case(name, "gzip") || util::equal_ignoring_case(name, "x-gzip"))
    return Coding::gzip;
  if (util::equal_ignoring_case(name, "deflate")) return Coding::deflate;
  if (util::equal_ignoring_case(name, "br")) return Coding::brotli;
  return Coding::unknown;
}

}  // namespace

std::optional<std::string> unsupported_content_coding(const HeaderList& headers) {
  for (const std::string& coding : header_list(headers, "Content-Encoding"))
    if (coding_named(coding) == Coding::unknown)
      return "Content-Encoding '" + coding + "' is not supported (gzip, deflate and br are)";
  return std::nullopt;
}

DecodedBody decode_content(const HttpRequest& request, std::size_t max_size) {
  const std::vector<std::string> codings = header_list(request.headers, "Content-Encoding");
  DecodedBody decoded;
  if (auto unsupported = unsupported_content_coding(request.headers)) {
    decoded.outcome = DecodedBody::Outcome::unsupported;
    decoded.reason = std::move(*unsupported);
    return decoded;
  }
  decoded.body = request.body;
  for (auto coding = codings.rbegin(); coding != codings.rend(); ++coding) {
    util::Compression kind{};
    switch (coding_named(*coding)) {
      case Coding::identity: continue;
      case Coding::gzip: kind = util::Compression::gzip; break;
      case Coding::deflate: kind = util::Compression::deflate; break;
      case Coding::brotli: kind = util::Compression::brotli; break;
      case Coding::unknown: break;  // refused above
    }
    util::Decompressed result = util::decompress(decoded.body, kind, max_size);
    if (result.outcome != util::Decompressed::Outcome::done) {
      decoded.outcome = result.outcome == util::Decompressed::Outcome::too_large
                            ? DecodedBody::Outcome::too_large
                            : DecodedBody::Outcome::corrupt;
      decoded.reason = "Content-Encoding " + *coding + ": " + result.reason;
      decoded.body.clear();
      return decoded;
    }
    decoded.body = std::move(result.bytes);
  }
  return decoded;
}

}  // namespace core

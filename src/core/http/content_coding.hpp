// A request body's Content-Encoding (RFC 9110, 8.4): what listen and verify --request undo before
// checking the signature, which covers the body as Autosana wrote it. The request itself is kept
// as received, so a saved delivery replays with its coding and its header.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/http/http_request.hpp"

namespace core {

struct DecodedBody {
  enum class Outcome { done, unsupported, too_large, corrupt };
  Outcome outcome = Outcome::done;
  std::string body;    // Outcome::done: the body with every coding undone
  std::string reason;  // otherwise, for a person
};

// Why the request's codings cannot be undone (an unknown one, "Content-Encoding 'zstd' is not
// supported"), judged from the header alone, before the body is read; nullopt when they can.
// gzip, x-gzip, deflate, br and identity are known, compared case-insensitively.
std::optional<std::string> unsupported_content_coding(const HeaderList& headers);

// Every Content-Encoding header is one list, in the order the codings were applied; they are
// undone last first. The decoded body is at most max_size bytes.
DecodedBody decode_content(const HttpRequest& request, std::size_t max_size);

}  // namespace core

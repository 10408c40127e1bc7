// The hidden first line of a sticky pull-request comment: "<!-- autosana-webhook: app=ID
// branch=NAME -->", so that one CI step can find the comment it wrote before and edit it. The app
// and branch come from payloads: each byte outside a small safe set is percent-encoded, so no
// name can close the comment early ("-->") or pass for another lane's marker.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace core {

// GitHub refuses a comment body over 65,536 characters; bytes are never fewer than characters.
inline constexpr std::size_t github_comment_max_bytes = 65535;

std::string comment_marker(std::string_view app_id, std::string_view branch);

}  // namespace core

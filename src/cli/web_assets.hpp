// The inspector page's files (src/web/), built into the helper program by cmake/WebAssets.cmake.
#pragma once

#include <optional>
#include <string_view>

namespace cli {

struct WebAsset {
  std::string_view content_type;
  std::string_view content;
};

// "inspector.html", "inspector.css" or "inspector.js".
std::optional<WebAsset> find_web_asset(std::string_view name);

}  // namespace cli

// core/comment_marker: the hidden line a sticky comment is found by.
#include <doctest/doctest.h>

#include <string>

#include "core/render/comment_marker.hpp"

TEST_CASE("core::comment_marker names the app and branch") {
  CHECK(core::comment_marker("com.example.shop", "feature/login-2") ==
        "<!-- autosana-webhook: app=com.example.shop branch=feature/login-2 -->\n");
  CHECK(core::comment_marker("com.example.shop", "*") ==
        "<!-- autosana-webhook: app=com.example.shop branch=* -->\n");
}

TEST_CASE("core::comment_marker: no name closes the comment or passes for another lane") {
  const std::string marker = core::comment_marker("a -->b", "x--> <script> branch=main\n");
  CHECK(marker ==
        "<!-- autosana-webhook: app=a%20-%2D%3Eb branch=x-%2D%3E%20%3Cscript%3E%20branch%3Dmain%0A "
        "-->\n");
  CHECK(marker.find("-->") == marker.size() - 4);
  const std::string dashes = core::comment_marker("a", "b---c");
  CHECK(dashes.find("--", 10) == dashes.size() - 4);  // only the closing one
}

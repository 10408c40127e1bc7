// util/http_url
#include <doctest/doctest.h>

#include "util/http_url.hpp"

TEST_CASE("util::http_url_for_link keeps http(s) URLs and encodes what is asked and non-ASCII") {
  CHECK(util::http_url_for_link("https://autosana.ai/runs/flow/1?a=1&b=2", "()") ==
        "https://autosana.ai/runs/flow/1?a=1&b=2");
  CHECK(util::http_url_for_link("http://x/(a)", "()") == "http://x/%28a%29");
  CHECK(util::http_url_for_link("https://x/\xE2\x80\xAE", "") == "https://x/%E2%80%AE");
}

TEST_CASE("util::http_url_for_link refuses other schemes, spaces and control characters") {
  CHECK(util::http_url_for_link("javascript:alert(1)", "").empty());
  CHECK(util::http_url_for_link("HTTPS://x", "").empty());
  CHECK(util::http_url_for_link("data:text/html,<script>", "").empty());
  CHECK(util::http_url_for_link("https://x/a b", "").empty());
  CHECK(util::http_url_for_link("https://x/a\nb", "").empty());
  CHECK(util::http_url_for_link("https://x/a\x7f", "").empty());
}

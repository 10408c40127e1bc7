// core/summary_json: the summary for scripts.
#include <doctest/doctest.h>

#include "core/summary/summary_render.hpp"
#include "summary_fixtures.hpp"

namespace {
using test::build;
using test::group;
}  // namespace

TEST_CASE("core::render_json is one stable object") {
  const std::string json = core::render_json(build({group("G", "failed", {{"r", "failed"}})}));
  CHECK(json.back() == '\n');
  CHECK(json.find('\n') == json.size() - 1);
  CHECK(
      json.rfind(
          "{\"format\":\"autosana-webhook.summary/1\",\"kind\":\"webhook\",\"verdict\":\"failed\",",
          0) == 0);
  CHECK(json.find("\"failing_runs\":[{\"group\":\"G\",\"name\":\"r\",\"status\":\"failed\",\"url\":"
                  "\"https://autosana.ai/r/r\",\"owners\":[],\"quarantined\":null}]") !=
        std::string::npos);
}

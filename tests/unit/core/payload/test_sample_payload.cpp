#include <doctest/doctest.h>

#include <map>

#include "core/payload/payload_validator.hpp"
#include "core/payload/sample_payload.hpp"
#include "util/json_reader.hpp"

namespace {
core::PayloadValidator validated(const std::string& text) {
  core::PayloadValidator validator({true, 100});
  util::JsonReader reader(validator);
  REQUIRE(reader.parse(text));
  validator.finish();
  return validator;
}
}  // namespace

TEST_CASE("core::make_sample_payload is deterministic and valid under --strict") {
  core::SampleOptions options;
  const std::string first = core::make_sample_payload(options).value();
  CHECK(first == core::make_sample_payload(options).value());
  options.seed = 2;
  CHECK(first != core::make_sample_payload(options).value());

  for (const char* platform : {"android", "ios", "web"})
    for (bool run_status : {false, true})
      for (bool git : {false, true}) {
        core::SampleOptions o;
        o.platform = platform;
        o.run_status = run_status;
        o.git = git;
        o.groups = 7;
        o.runs = 3;
        o.failed = 4;
        const auto validator = validated(core::make_sample_payload(o).value());
        CHECK_MESSAGE(validator.problems().empty(), validator.problems().front().pointer,
                      validator.problems().front().message);
        CHECK(validator.header().kind ==
              (run_status ? core::PayloadKind::run_status : core::PayloadKind::webhook));
        CHECK(validator.header().git.has_value() == git);
        CHECK(validator.header().app.platform == platform);
        CHECK(validator.header().summary.failed_groups == 4);
        CHECK(validator.group_count() == 7);
      }
}

TEST_CASE("core::make_sample_payload refuses what it cannot make") {
  core::SampleOptions options;
  options.failed = 4;
  CHECK(core::make_sample_payload(options).error() == "4 failed groups are more than the 3 groups");
  options.failed = 1;
  options.runs = 0;
  CHECK_FALSE(core::make_sample_payload(options).has_value());
  options.runs = 1;
  options.platform = "bsd";
  CHECK_FALSE(core::make_sample_payload(options).has_value());
  options.platform = "ios";
  options.groups = 0;
  options.failed = 0;
  CHECK(core::make_sample_payload(options).has_value());
}

TEST_CASE("core::make_sample_payload: each group's runs belong to it") {
  core::SampleOptions options;
  options.groups = 10;
  options.runs = 5;
  std::map<std::string, std::string> group_of_run;
  core::PayloadValidator validator(
      {true, 100}, [&](core::RunGroup&& group, const core::PayloadHeader&) {
        for (const core::Run& run : group.runs) {
          const auto [place, added] = group_of_run.emplace(run.name, group.name);
          const std::string where = run.name + " is in " + place->second + " and " + group.name;
          CHECK_MESSAGE(added, where);
        }
        if (group.name == "Checkout")
          for (const core::Run& run : group.runs)
            CHECK(run.name.find("search") == std::string::npos);
      });
  util::JsonReader reader(validator);
  REQUIRE(reader.parse(core::make_sample_payload(options).value()));
  CHECK(group_of_run.size() == 50);
}

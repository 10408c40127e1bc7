// vectors: the conformance cases (core/delivery/conformance_vectors) as JSON, for a verifier in
// any language to be tested against; packages/vectors.json is this command's output.
#include <nlohmann/json.hpp>

#include <memory>

#include "cli/commands.hpp"
#include "cli/console.hpp"
#include "cli/exit_status.hpp"
#include "core/delivery/conformance_vectors.hpp"
#include "util/base64.hpp"

namespace cli {

namespace {
using Json = nlohmann::ordered_json;

Json case_json(const core::ConformanceCase& c) {
  Json json{{"name", c.name},
            {"description", c.description},
            {"body_base64", util::to_base64(c.body)},
            {"secrets", c.secrets}};
  json["header"] = c.header ? Json(*c.header) : Json(nullptr);
  json["max_age_seconds"] = c.max_age_seconds ? Json(*c.max_age_seconds) : Json(nullptr);
  json["now"] = c.now ? Json(*c.now) : Json(nullptr);
  json["expected"] = Json{{"valid", c.valid},
                          {"reason", c.reason},
                          {"secret_index", c.secret_index ? Json(*c.secret_index) : Json(nullptr)}};
  return json;
}

int run_vectors() {
  Json cases = Json::array();
  for (const core::ConformanceCase& c : core::conformance_cases()) cases.push_back(case_json(c));
  const Json document{{"format", "autosana-webhook.vectors/1"}, {"cases", std::move(cases)}};
  write_stdout(document.dump(2) + "\n");
  return exit_success;
}
}  // namespace

void set_vectors_command(CLI::App& app, int& exit_status) {
  CLI::App* command = app.add_subcommand(
      "vectors", "Print the conformance cases a signature verifier must agree with, as JSON");
  command->callback([&exit_status] { exit_status = run_vectors(); });
}

}  // namespace cli

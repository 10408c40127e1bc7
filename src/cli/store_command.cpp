// The `store` command's options (import, export, prune, stats) and --store, shared by history,
// summarize and listen. What they do runs in the helper (store_run.cpp).
#include <memory>

#include "cli/command_line_errors.hpp"
#include "cli/commands.hpp"
#include "cli/decode_limit_option.hpp"
#include "cli/store_commands.hpp"

namespace cli {

// Given without its value, the option's count tells that it was given.
void add_store_option(CLI::App& command, StoreChoice& choice, const std::string& description) {
  choice.option =
      command.add_option("--store", choice.uri, description)->expected(0, 1)->type_name("[URI]");
}

bool StoreChoice::given() const {
  return option != nullptr && option->count() > 0;
}

namespace {
constexpr const char* footer =
    R"help(The store keeps each delivery byte for byte (listen --store) and each batch with its
flow results, so history reads a window with one query. URI: sqlite:PATH (the
default: $XDG_DATA_HOME/autosana-webhook/store.db, made private), postgres://...
or postgresql://..., or a PostgreSQL key=value string; --store, else
$AUTOSANA_WEBHOOK_STORE. Only the host and database of a PostgreSQL store are
ever printed.

Examples:
  autosana-webhook store import deliveries/
  autosana-webhook store stats
  autosana-webhook store export > batches.ndjson
  autosana-webhook store export --format http --output saved/
  autosana-webhook store prune --older-than 90d --keep-failed 180d
  autosana-webhook store stats --store postgres://ci@db.example/autosana

Exit status: 0 done, 2 trouble (the store cannot be opened or written, an input
that could not be imported, a bad option).
)help";

CLI::App* add_action(CLI::App& store, const char* name, const char* description,
                     const std::shared_ptr<StoreCommandOptions>& options, int& exit_status,
                     const StoreRunners& runners) {
  CLI::App* action = store.add_subcommand(name, description);
  add_store_option(*action, options->store,
                   "The store: sqlite:PATH, postgres://..., a key=value string (default: "
                   "$AUTOSANA_WEBHOOK_STORE, else the default file)");
  action->callback([action, options, &exit_status, runners, name] {
    options->store.option = action->get_option("--store");  // the actions share the options
    runners.hand_over();
    exit_status = runners.store(*action, name, *options);
  });
  return action;
}
}  // namespace

void set_store_command(CLI::App& app, int& exit_status, const StoreRunners& runners) {
  auto options = std::make_shared<StoreCommandOptions>();
  CLI::App* store = app.add_subcommand(
      "store",
      "Keep deliveries and batches in a database (SQLite, or PostgreSQL for a team): "
      "import files, export, prune, stats");
  store->require_subcommand(1);
  store->footer(footer);

  CLI::App* import = add_action(*store, "import",
                                "Add saved requests (.http), payloads, folders of them and "
                                "streams (-) to the store, verified as history verifies them",
                                options, exit_status, runners);
  import->add_option("PATH", options->paths, "Files, folders (recursively: *.json, *.http), -")
      ->type_name("PATH")
      ->required();
  import->add_flag("--require-verified", options->require_verified,
                   "Import only what a secret verified");
  add_max_body_option(*import, options->max_body);
  add_secret_options(*import, options->secrets, SecretCount::several);

  CLI::App* exporter = add_action(*store, "export",
                                  "Write the store out: batches as NDJSON (one payload a line, "
                                  "which history - reads), or deliveries as .http files",
                                  options, exit_status, runners);
  exporter->add_option("-f,--format", options->format, "ndjson (default) or http")
      ->check(CLI::IsMember({"ndjson", "http"}))
      ->type_name("FORMAT");
  exporter
      ->add_option("-o,--output", options->output, "The folder for --format http (made if missing)")
      ->type_name("DIR");

  CLI::App* prune = add_action(*store, "prune", "Delete deliveries and batches older than an age",
                               options, exit_status, runners);
  prune->add_option("--older-than", options->older_than, "An age: 90d, 12h")
      ->type_name("AGE")
      ->required();
  prune
      ->add_option("--keep-failed", options->keep_failed,
                   "Keep failed batches (and their deliveries) younger than this age")
      ->type_name("AGE");

  CLI::App* stats = add_action(*store, "stats",
                               "What the store holds: deliveries by verdict, batches, flows, "
                               "lanes, the time span, its size",
                               options, exit_status, runners);
  stats->add_flag("--json", options->json, "One JSON object, for scripts");
}

}  // namespace cli

#include "cli/app.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iterator>
#include <new>
#include <string_view>

#include "cli/command_line_errors.hpp"
#include "cli/commands.hpp"
#include "cli/console.hpp"
#include "cli/exit_status.hpp"
#include "cli/failure.hpp"
#include "cli/help_formatter.hpp"
#include "cli/network_commands.hpp"
#include "cli/secret_options.hpp"
#include "cli/store_commands.hpp"

#include "cli/version.hpp"

namespace cli {

namespace {
constexpr const char* exit_status_help = R"(Exit status (all subcommands):
  0  success: the signature matches (verify), the work is done (sign, sample, vectors), the payload is
     valid (parse), every group passed (summarize), no flow newly failing (history), a 2xx
     answer (send), stopped by a signal (listen)
  1  negative verdict: no match, stale or future timestamp, a --check entry failed, an invalid
     payload (parse), a failed batch (summarize), a flow newly failing (history), any other
     HTTP status (send)
  2  trouble: bad option, no or empty secret, unreadable input, malformed signature or request,
     a payload summarize or history cannot use, a request that could not be made (send), a
     port in use (listen)

Run 'autosana-webhook COMMAND --help' for a command's options and examples.)";

std::string usage_hint(const CLI::App& app, int argc, char** argv) {
  const std::string name = argc > 1 ? argv[1] : "";
  for (const CLI::App* command : app.get_subcommands({}))
    if (command->check_name(name))
      return "see 'autosana-webhook " + command->get_name() + " --help'";
  return "see 'autosana-webhook --help'";
}
}  // namespace

namespace {
// The command the arguments name. Building a command's options costs more than a whole
// verification, so when the first argument names a command only that one is built; otherwise
// (help, a typo) all of them are. "help COMMAND" is that command's --help; "summarise" is
// "summarize".
struct CommandChoice {
  bool help_command = false;   // "autosana-webhook help [COMMAND]"
  std::string_view first;      // the command's name as given, or empty
  bool names_command = false;  // first is one of the commands
};

CommandChoice choose_command(int argc, char** argv) {
  CommandChoice choice;
  choice.help_command = argc > 1 && std::string_view(argv[1]) == "help";
  if (choice.help_command)
    choice.first = argc > 2 ? argv[2] : "";
  else
    choice.first = argc > 1 ? argv[1] : "";
  if (choice.first == "summarise") choice.first = "summarize";
  const auto& names = command_names();
  choice.names_command = std::find(names.begin(), names.end(), choice.first) != names.end();
  return choice;
}

bool names_unknown_command(const CommandChoice& choice) {
  if (choice.first.empty() || choice.names_command) return false;
  return choice.help_command || choice.first.front() != '-';
}

void add_commands(CLI::App& app, const CommandChoice& choice, int& exit_status,
                  const NetworkRunners& network, const StoreRunners& store) {
  const auto wanted = [&](std::string_view name) {
    return !choice.names_command || choice.first == name;
  };
  if (wanted("sign")) set_sign_command(app, exit_status);
  if (wanted("verify")) set_verify_command(app, exit_status);
  if (wanted("parse")) set_parse_command(app, exit_status);
  if (wanted("summarize")) set_summarize_command(app, exit_status, store);
  if (wanted("history")) set_history_command(app, exit_status, store);
  if (wanted("sample")) set_sample_command(app, exit_status);
  if (wanted("vectors")) set_vectors_command(app, exit_status);
  if (wanted("listen")) set_listen_command(app, exit_status, network);
  if (wanted("send")) set_send_command(app, exit_status, network);
  if (wanted("store")) set_store_command(app, exit_status, store);
  if (wanted("summarize")) app.get_subcommand("summarize")->alias("summarise");
}

// Parses the arguments, which runs the chosen command; every error that ends it becomes one
// line on stderr and an exit status. Returns exit_success when the command ran to its end.
int parse_and_run(CLI::App& app, int argc, char** argv) {
  try {
    try {
      app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
      write_stdout(app.help());
    } catch (const CLI::CallForAllHelp&) {
      write_stdout(app.help("", CLI::AppFormatMode::All));
    } catch (const CLI::CallForVersion& version) {
      write_stdout(std::string(version.what()) + "\n");
    } catch (const CLI::ParseError& error) {
      print_error(describe_parse_error(error, app, argc, argv) + " (" +
                  usage_hint(app, argc, argv) + ")");
      return exit_trouble;
    }
  } catch (const Failure& failure) {
    print_error(failure.what());
    finish_stdout();
    return failure.exit_status();
  } catch (const std::bad_alloc&) {
    print_error("out of memory");
    return exit_trouble;
  } catch (const std::exception&) {
    // A library's exception text means nothing to a user and might quote input; say what we know.
    print_error("unexpected internal error; please report it with the command that caused it");
    return exit_trouble;
  }
  return exit_success;
}
}  // namespace

int run_app(int argc, char** argv, const NetworkRunners& network, const StoreRunners& store) {
  register_command_line_secrets(argc, argv);
  CLI::App app(
      "Verify, sign, parse and summarize Autosana webhook deliveries (HMAC-SHA256, header "
      "X-Autosana-Signature-256: sha256=<hex>); receive them live and send them byte for byte.",
      std::string(program_name));
  // Before the commands are added: each takes its parent's formatter.
  app.formatter(std::make_shared<HelpFormatter>(help_width()));
  app.set_version_flag("--version", std::string(program_name) + " " + program_version);
  app.require_subcommand(1);
  app.fallthrough(false);
  app.footer(exit_status_help);
  const CommandChoice choice = choose_command(argc, argv);
  if (names_unknown_command(choice)) {
    print_error(describe_unknown_command(choice.first) + " (see 'autosana-webhook --help')");
    return exit_trouble;
  }
  int exit_status = exit_success;
  add_commands(app, choice, exit_status, network, store);
  if (choice.help_command) {
    write_stdout(
        choice.names_command
            ? app.get_subcommand(std::string(choice.first))->help(std::string(program_name))
            : app.help());
    return finish_stdout() ? exit_success : exit_trouble;
  }
  if (const int parse_status = parse_and_run(app, argc, argv); parse_status != exit_success)
    return parse_status;
  if (!finish_stdout()) return exit_trouble;
  return exit_status;
}

}  // namespace cli

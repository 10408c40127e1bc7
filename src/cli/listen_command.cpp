#include <memory>

#include "cli/network_commands.hpp"
#include "cli/terminal_style.hpp"

namespace cli {

void set_listen_command(CLI::App& app, int& exit_status, const NetworkRunners& runners) {
  auto options = std::make_shared<ListenOptions>();
  CLI::App* command = app.add_subcommand(
      "listen", "Receive deliveries on a local endpoint: verify, summarize, save and forward them");
  command->add_option("--host", options->host, "Address to listen on (default: 127.0.0.1)")
      ->type_name("ADDRESS");
  command
      ->add_option("-p,--port", options->port,
                   "Port to listen on (default: 8787; 0 picks a free one)")
      ->check(CLI::Range(0, 65535))
      ->type_name("PORT");
  command->add_option("--path", options->path, "The endpoint's path (default: /)")
      ->type_name("PATH");
  command
      ->add_option("--max-body", options->max_body,
                   "Answer 413 to bodies larger than this (default: 10MiB; also 512KiB, 2000000)")
      ->type_name("SIZE");
  command
      ->add_option("--save", options->save_dir,
                   "Keep each delivery as a raw .http file in this folder (made if missing), for "
                   "verify --request and send --request")
      ->type_name("DIR");
  command
      ->add_option("--forward", options->forward_url,
                   "Relay each accepted delivery byte for byte, with its headers, to this URL and "
                   "answer with its status (502 when it cannot be reached)")
      ->type_name("URL");
  command->add_flag("--explain", options->explain,
                    "For a signature that does not match, print the likely cause (never sent in "
                    "the response)");
  command->add_flag("-q,--quiet", options->quiet, "Print no line per delivery");
  command->add_flag("--json", options->json,
                    "Print one JSON object per delivery (JSON Lines) instead of text");
  add_color_option(*command, options->color);
  add_secret_options(*command, options->secrets);
  command->footer(
      R"(Without a secret option, the secret comes from AUTOSANA_WEBHOOK_SECRET; when that is unset
too, deliveries are accepted and marked unverified.

Answers: 200 for an accepted delivery (or the --forward target's status), 401 for a missing or
wrong signature (one body for every such failure), 400 for a malformed request, 411 for a POST
without Content-Length or chunking, 404 for another path, 405 for another method, 413 above
--max-body, 502 when --forward cannot reach its target.
Ctrl-C or SIGTERM stops it cleanly, after the deliveries in progress.

Examples:
  autosana-webhook listen --secret-file secret.txt --explain
  autosana-webhook listen --port 9000 --path /webhooks/autosana --save deliveries/
  autosana-webhook listen --forward http://localhost:3000/webhooks/autosana
  autosana-webhook listen --json | jq -r .verdict

Exit status: 0 stopped by a signal, 2 trouble (bad option, missing secret, port in use).
)");
  command->callback([command, options, &exit_status, listen = runners.listen] {
    exit_status = listen(*command, *options);
  });
}

}  // namespace cli

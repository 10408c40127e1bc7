#include <CLI/CLI.hpp>
#include <memory>

#include "cli/decode_limit_option.hpp"
#include "cli/network_commands.hpp"

namespace cli {

void set_send_command(CLI::App& app, int& exit_status, const NetworkRunners& runners) {
  auto options = std::make_shared<SendOptions>();
  CLI::App* command = app.add_subcommand(
      "send", "Sign a body and POST it byte for byte, or replay a saved request");
  command->add_option("URL", options->url, "Where to post (http:// or https://)")
      ->required()
      ->type_name("URL");
  command
      ->add_option("FILE", options->file,
                   "Body to sign and send, byte for byte (default: standard input; - for it too)")
      ->type_name("FILE");
  command
      ->add_option("-r,--request", options->request,
                   "Replay a raw HTTP request (a delivery saved by listen --save): its headers "
                   "and body; signed when it has no signature or a secret option is given, which "
                   "it says on standard error")
      ->type_name("FILE");
  command->add_flag("--as-is", options->as_is,
                    "With --request: send it exactly as saved, never signed (a rejected "
                    "delivery stays rejected)");
  command->add_option("-H,--header", options->headers, "Add a header, 'Name: value'; repeatable")
      ->type_name("HEADER")
      ->allow_extra_args(false);
  command
      ->add_option("--timeout", options->timeout,
                   "Give up when connecting or waiting for the answer takes longer (default: 30s)")
      ->type_name("DURATION");
  command->add_flag("-v,--verbose", options->verbose,
                    "Print the response's headers and body after its status line");
  add_max_body_option(*command, options->max_body);
  add_tls_trust_options(*command, options->trust, "the URL");
  add_secret_options(*command, options->secrets, SecretCount::one);
  command->footer(
      R"(The body is signed with the secret (default: AUTOSANA_WEBHOOK_SECRET) and sent with
Content-Type: application/json and X-Autosana-Signature-256. A --request file is sent with its own
headers and body; its saved signature is kept unless a secret option asks to sign again, and one
without a signature is signed (standard error says which), unless --as-is.

Examples:
  autosana-webhook send http://localhost:8787/ payload.json \
      --secret-file secret.txt
  autosana-webhook send --request \
      deliveries/20261127T194125.120Z-000001.http \
      http://localhost:3000/hook
  autosana-webhook sample | autosana-webhook send -v http://localhost:8787/

Exit status: 0 the answer was 2xx, 1 any other HTTP status, 2 the request could not be made
(bad URL, connection refused, timeout, unreadable input, no secret).
)");
  command->callback([command, options, &exit_status, send = runners.send] {
    exit_status = send(*command, *options);
  });
}

}  // namespace cli

#include <CLI/CLI.hpp>
#include <memory>

#include "cli/command_line_errors.hpp"
#include "cli/network_commands.hpp"
#include "cli/store_commands.hpp"
#include "cli/terminal_style.hpp"

namespace cli {

namespace {
// Where it listens, and the bounds it holds every request to.
void add_endpoint_options(CLI::App* command, ListenOptions& options) {
  command->add_option("--host", options.host, "Address to listen on (default: 127.0.0.1)")
      ->type_name("ADDRESS");
  command
      ->add_option("-p,--port", options.port,
                   "Port to listen on (default: 8787; 0 picks a free one)")
      ->check(whole_number(0, 65535))
      ->type_name("PORT");
  command->add_option("--path", options.path, "The endpoint's path (default: /)")
      ->type_name("PATH");
  command
      ->add_option("--max-body", options.max_body,
                   "Answer 413 to bodies larger than this (default: 10MiB; also 512KiB, 2000000)")
      ->type_name("SIZE");
  command
      ->add_option("--read-timeout", options.read_timeout,
                   "Answer 408 and close when a request's head has not arrived whole within this "
                   "(default: 10s), or its body comes slower than 16KiB/s after as long again or "
                   "stalls that long")
      ->type_name("DURATION");
  command
      ->add_option("--max-connections", options.max_connections,
                   "Connections open at once (default: 1024); at the limit the one waiting longest "
                   "is closed for a new one")
      ->check(whole_number(1, std::uint64_t{1} << 20))
      ->type_name("N");
  command
      ->add_option("--max-age", options.max_age,
                   "Answer 401 to a signed delivery whose payload timestamp is further than this "
                   "from now, either way (replays; like verify --max-age)")
      ->type_name("DURATION");
}

// What it does with an accepted delivery, and what it prints.
void add_delivery_options(CLI::App* command, ListenOptions& options) {
  command
      ->add_option("--save", options.save_dir,
                   "Keep each delivery as a raw .http file in this folder (made if missing), for "
                   "verify --request and send --request")
      ->type_name("DIR");
  command
      ->add_option("--save-max", options.save_max,
                   "What --save's folder may hold (default: 1GiB), of which rejected deliveries "
                   "take at most a tenth, oldest dropped first; a verified one that does not fit "
                   "is answered 503")
      ->type_name("SIZE");
  add_store_option(*command, options.store,
                   "Keep each delivery in the store, committed before it is answered (a 2xx means "
                   "it is on disk; 503 when the store cannot take it): sqlite:PATH, "
                   "postgres://..., a key=value string; alone, $AUTOSANA_WEBHOOK_STORE or the "
                   "default file");
  command
      ->add_option("--forward", options.forward_url,
                   "Relay each accepted delivery byte for byte, with its headers, to this URL and "
                   "answer with its status (502 when it cannot be reached or answers badly, 504 "
                   "when it is too slow)")
      ->type_name("URL");
  command
      ->add_option("--forward-timeout", options.forward_timeout,
                   "Answer 504 when the --forward target has not answered within this (default: "
                   "10s)")
      ->type_name("DURATION");
  command
      ->add_option("--max-forward-response", options.max_forward_response,
                   "Answer 502 when the --forward target's answer is larger than this (default: "
                   "10MiB)")
      ->type_name("SIZE");
  add_tls_trust_options(*command, options.forward_trust, "the --forward target");
  command->add_flag("--explain", options.explain,
                    "For a signature that does not match, print the likely cause and advice once "
                    "the answer is sent (one diagnosis at a time; never in the response)");
  command
      ->add_option("--explain-limit", options.explain_limit,
                   "Do not diagnose bodies larger than this (default: 10MiB)")
      ->type_name("SIZE");
  command->add_flag("-q,--quiet", options.quiet, "Print no line per delivery");
  command->add_flag("--json", options.json,
                    "Print one JSON object per delivery (JSON Lines) instead of text");
  add_color_option(*command, options.color);
  add_secret_options(*command, options.secrets, SecretCount::several);
}

// The inspector page; returns --inspect, whose value may be left out.
CLI::Option* add_inspector_options(CLI::App* command, ListenOptions& options) {
  CLI::Option* inspect =
      command
          ->add_option("--inspect", options.inspect_address,
                       "Serve a live page of the deliveries (details, diagnosis, Replay and "
                       "Edit and replay to --forward) on this loopback address (default: "
                       "127.0.0.1:8788)")
          ->expected(0, 1)
          ->type_name("[ADDRESS:]PORT");
  command
      ->add_option("--inspect-keep", options.inspect_keep,
                   "Deliveries the page holds, newest first (default: 1000; with --save, those "
                   "already in DIR are listed at start)")
      ->check(whole_number(1, std::uint64_t{1} << 20))
      ->type_name("N");
  return inspect;
}
}  // namespace

void set_listen_command(CLI::App& app, int& exit_status, const NetworkRunners& runners) {
  auto options = std::make_shared<ListenOptions>();
  CLI::App* command = app.add_subcommand(
      "listen", "Receive deliveries on a local endpoint: verify, summarize, save and forward them");
  add_endpoint_options(command, *options);
  add_delivery_options(command, *options);
  CLI::Option* inspect = add_inspector_options(command, *options);
  command->footer(
      R"(Without a secret option, the secret comes from AUTOSANA_WEBHOOK_SECRET; when that is unset
too, deliveries are accepted and marked unverified.

Answers: 200 for an accepted delivery (or the --forward target's status), 401 for a missing or
wrong signature or one older than --max-age (one body for every such failure), 400 for a
malformed request, 404 for another path, 405 for another method, 408 for a request slower than
--read-timeout, 411 for a POST without Content-Length or chunking, 413 above --max-body, 415 for
a Content-Encoding other than gzip, deflate or br, 431 for a head over 64KiB or 100 fields, 503
when bodies in progress pass 48MiB together, 502 when --forward cannot reach its target or it
answers badly, 504 when it is too slow. After any
refusal the connection is closed.
Ctrl-C or SIGTERM stops it cleanly: idle connections close at once, deliveries still arriving or
being handled are answered first.

--inspect serves a page (open the address it prints) that lists deliveries as they arrive, shows
each one's batch, signature diagnosis, headers, body and raw bytes, and replays it to --forward,
as received or edited (signed again with the first secret, which never reaches the page, or as
edited). It listens on loopback only and its actions need the page's per-run token.

Examples:
  autosana-webhook listen --secret-file secret.txt --explain
  autosana-webhook listen --port 9000 --path /webhooks/autosana \
      --save deliveries/
  autosana-webhook listen --forward http://localhost:3000/webhooks/autosana
  autosana-webhook listen --host 0.0.0.0 --max-age 5m --read-timeout 5s
  autosana-webhook listen --json | jq -r .verdict
  autosana-webhook listen --inspect --save deliveries/ \
      --forward http://localhost:3000/hook

Exit status: 0 stopped by a signal, 2 trouble (bad option, missing secret, port in use).
)");
  command->callback([command, options, inspect, &exit_status, listen = runners.listen] {
    options->inspect = inspect->count() > 0;
    exit_status = listen(*command, *options);
  });
}

}  // namespace cli

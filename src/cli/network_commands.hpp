// listen and send: their options, registered by both programs, and who runs them. The main
// program hands them to the network helper (which links the HTTP library); the helper runs them.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "cli/secret_options.hpp"
#include "cli/store_commands.hpp"
#include "cli/tls_trust_option.hpp"

// CLI11 itself is only needed where options are declared; the rest passes commands along.
namespace CLI {
class App;
}  // namespace CLI

namespace cli {

struct ListenOptions {
  std::string host = "127.0.0.1";
  int port = 8787;
  std::string path = "/";
  std::string max_body = "10MiB";
  std::string read_timeout = "10s";
  std::size_t max_connections = 1024;
  std::string max_age;
  std::string save_dir;
  std::string save_max = "1GiB";
  StoreChoice store;
  TlsTrustOptions forward_trust;
  std::string forward_url;
  std::string forward_timeout = "10s";
  std::string max_forward_response = "10MiB";
  std::string color = "auto";
  bool explain = false;
  std::string explain_limit = "10MiB";
  bool quiet = false;
  bool json = false;
  // --inspect: given (with or without its value), and where the page listens.
  bool inspect = false;
  std::string inspect_address;
  std::size_t inspect_keep = 1000;
  SecretOptions secrets;
};

struct SendOptions {
  std::string url;
  std::string file;
  std::string request;
  std::vector<std::string> headers;
  std::string timeout = "30s";
  bool verbose = false;
  bool as_is = false;
  std::string max_body;
  TlsTrustOptions trust;
  SecretOptions secrets;
};

struct NetworkRunners {
  std::function<int(const CLI::App& command, const ListenOptions& options)> listen;
  std::function<int(const CLI::App& command, const SendOptions& options)> send;
};

void set_listen_command(CLI::App& app, int& exit_status, const NetworkRunners& runners);
void set_send_command(CLI::App& app, int& exit_status, const NetworkRunners& runners);

// The main program's runners: replace this process with the helper, same arguments.
NetworkRunners network_handoff(char** argv);
// The helper's runners: the real listen and send.
NetworkRunners network_runners();
int run_listen(const CLI::App& command, const ListenOptions& options);
int run_send(const CLI::App& command, const SendOptions& options);

}  // namespace cli

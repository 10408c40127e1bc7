// The network helper, autosana-webhook-net: the whole command line, with listen and send run
// here. Users never call it by name; autosana-webhook replaces itself with it for those two.
#include "cli/app.hpp"
#include "cli/network_commands.hpp"
#include "cli/store_commands.hpp"

namespace cli {
NetworkRunners network_runners() {
  return NetworkRunners{run_listen, run_send};
}
}  // namespace cli

int main(int argc, char** argv) {
  return cli::run_app(argc, argv, cli::network_runners(), cli::store_runners());
}

#include "cli/app.hpp"
#include "cli/network_commands.hpp"
#include "cli/store_commands.hpp"

int main(int argc, char** argv) {
  return cli::run_app(argc, argv, cli::network_handoff(argv), cli::store_handoff(argv));
}

#include "cli/app.hpp"

int main(int argc, char** argv) {
  return cli::run_app(argc, argv);
}

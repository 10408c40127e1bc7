// Each subcommand lives in its own file and adds itself to the application here. Its callback
// runs the command and stores the exit status; trouble is thrown as Failure.
#pragma once

#include <CLI/CLI.hpp>

namespace cli {

struct StoreRunners;

void set_history_command(CLI::App& app, int& exit_status, const StoreRunners& store);
void set_parse_command(CLI::App& app, int& exit_status);
void set_sample_command(CLI::App& app, int& exit_status);
void set_vectors_command(CLI::App& app, int& exit_status);
void set_sign_command(CLI::App& app, int& exit_status);
void set_summarize_command(CLI::App& app, int& exit_status, const StoreRunners& store);
void set_verify_command(CLI::App& app, int& exit_status);

}  // namespace cli

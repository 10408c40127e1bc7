// Opening the store a command names (--store, else AUTOSANA_WEBHOOK_STORE, else the default
// file), for the helper's commands: history, summarize, store and listen.
#pragma once

#include <memory>

#include "cli/store_commands.hpp"

namespace store {
class DeliveryStore;
}  // namespace store

namespace cli {

// Throws Failure with one line (never the connection string) when it cannot be opened.
std::unique_ptr<store::DeliveryStore> open_chosen_store(const StoreChoice& choice);

}  // namespace cli

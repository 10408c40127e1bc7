// libFuzzer target: a payload (as listen or store import would take it) through the store's
// writer and back: the batch read back from SQLite holds the same runs, byte for byte, the payload
// comes back as given, the same delivery stored again is a retry, and the raw request is kept
// exactly. Hostile names (quotes, SQL, NUL bytes) are data. A fresh store for each input.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "store/delivery_store.hpp"
#include "store/stored_batch.hpp"

namespace {
std::string store_path() {
  // Memory-backed where there is one: every commit is synced.
  const char* folder = ::access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
  return std::string(folder) + "/autosana-fuzz-store-" + std::to_string(::getpid()) + ".db";
}

void remove_store(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string payload(reinterpret_cast<const char*>(data), size);
  auto batch = store::read_batch(payload);
  if (!batch) return 0;
  static const std::string path = store_path();
  remove_store(path);
  store::StoreLocation location;
  location.target = path;
  location.description = "fuzz store";
  {
    auto stored = store::DeliveryStore::open(location, {});
    store::DeliveryToStore delivery;
    delivery.request =
        "POST / HTTP/1.1\r\nContent-Length: " + std::to_string(size) + "\r\n\r\n" + payload;
    delivery.request_size = delivery.request.size();
    delivery.verdict = "unsigned";
    delivery.status = 200;
    delivery.body = payload;
    delivery.batch = *batch;
    if (stored->put_delivery(delivery).repeated) __builtin_trap();
    if (!stored->put_delivery(delivery).repeated) __builtin_trap();  // a retry is recognised

    std::size_t rows = 0;
    store::WindowQuery query;
    query.app_id = batch->app_id;
    query.branch = batch->branch;
    stored->window(query, [&](const store::WindowRow& row) {
      ++rows;
      if (row.time_milliseconds != batch->time_milliseconds ||
          row.runs.size() != batch->runs.size())
        __builtin_trap();
      for (std::size_t i = 0; i < row.runs.size(); ++i) {
        const store::EncodedRun& a = row.runs[i];
        const auto& [group, name] = stored->flow(a.flow);
        const store::StoredRun& b = batch->runs[i];
        if (group != b.group || name != b.name || a.status != b.status || a.url != b.url)
          __builtin_trap();
      }
    });
    if (rows != 1) __builtin_trap();
    if (stored->previous_payload(batch->app_id, batch->branch, batch->time_milliseconds + 1) !=
        payload)
      __builtin_trap();
    std::size_t deliveries = 0;
    stored->each_delivery([&](const store::StoredDelivery& kept) {
      ++deliveries;
      if (kept.request != delivery.request || kept.receipts != 2) __builtin_trap();
    });
    if (deliveries != 1) __builtin_trap();
  }
  remove_store(path);
  return 0;
}

// The store's writer on its own, with no network and no event loop: the same unique deliveries
// as bench/store.sh (examples/payload.json, a new commit in each) handed to put_deliveries in
// groups of a given size, every commit synced as listen's are. What listen --store's writer
// thread costs a delivery, and how much of it is the group's sync.
// Built on demand by bench/store_writer.sh (target store_writer_bench, not part of `all`).
// Usage: store_writer_bench STORE.db PAYLOAD.json DELIVERIES GROUP [sequential]
//   sequential: keys that grow (as keys starting with each batch's time would), not hashes.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "store/delivery_store.hpp"
#include "store/stored_batch.hpp"

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: %s STORE.db PAYLOAD.json DELIVERIES GROUP [sequential]\n",
                 argv[0]);
    return 2;
  }
  std::ifstream file(argv[2], std::ios::binary);
  const std::string payload{std::istreambuf_iterator<char>(file), {}};
  const auto field = payload.find("\"commit_sha\"");
  const auto value = payload.find('"', payload.find(':', field)) + 1;
  const auto value_end = payload.find('"', value);
  const int count = std::stoi(argv[3]);
  const int group = std::stoi(argv[4]);
  const bool sequential = argc > 5 && std::string(argv[5]) == "sequential";

  auto location = store::parse_store_location(std::string("sqlite:") + argv[1]);
  if (!location) return 2;
  auto store = store::DeliveryStore::open(*location, {});
  // Prepared ahead, as listen's event loop prepares them: only the writer's part is timed.
  std::vector<std::unique_ptr<store::DeliveryToStore>> deliveries;
  for (int i = 0; i < count; ++i) {
    std::string body = payload;
    char commit[41];
    std::snprintf(commit, sizeof commit, "%040d", i);
    body.replace(value, value_end - value, commit);
    auto delivery = std::make_unique<store::DeliveryToStore>();
    delivery->received_milliseconds = 1'700'000'000'000 + i;
    delivery->remote = "127.0.0.1:40000";
    delivery->request =
        "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Content-Length: " +
        std::to_string(body.size()) + "\r\n\r\n" + body;
    delivery->request_size = delivery->request.size();
    delivery->verdict = "unsigned";
    delivery->status = 200;
    delivery->body = body;
    delivery->batch = store::read_batch(body);
    store::prepare(*delivery);
    if (sequential) {
      char key[65];
      std::snprintf(key, sizeof key, "%016d%048d", i, 1);
      delivery->prepared_key = key;
      std::snprintf(key, sizeof key, "%016d%048d", i, 2);
      delivery->batch->prepared_key = key;
    }
    deliveries.push_back(std::move(delivery));
  }
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < count; i += group) {
    std::vector<const store::DeliveryToStore*> together;
    for (int j = i; j < i + group && j < count; ++j) together.push_back(deliveries[j].get());
    store->put_deliveries(together);
  }
  const double micros =
      std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
  std::printf("%.1f\n", micros / count);
  return 0;
}

#include <doctest/doctest.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <set>
#include <string>

#include "store/blob_compression.hpp"
#include "store/delivery_store.hpp"
#include "store/group_commit.hpp"
#include "store/sqlite_database.hpp"
#include "store/store_schema.hpp"

namespace {
// A store file in a fresh temporary folder, removed with it.
struct TempStore {
  std::string folder;
  std::string path;
  TempStore() {
    char pattern[] = "/tmp/store-test-XXXXXX";
    folder = ::mkdtemp(pattern);
    path = folder + "/store.db";
  }
  ~TempStore() {
    for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
    ::rmdir((folder + "/sub/deeper").c_str());
    ::rmdir((folder + "/sub").c_str());
    ::rmdir(folder.c_str());
  }
  store::StoreLocation location() const {
    store::StoreLocation location;
    location.target = path;
    location.description = "store.db";
    return location;
  }
  std::unique_ptr<store::DeliveryStore> open(store::StoreOptions options = {}) const {
    return store::DeliveryStore::open(location(), options);
  }
};

store::BatchToStore batch(const std::string& branch, std::int64_t time, const std::string& status,
                          const std::string& group = "Checkout") {
  store::BatchToStore batch;
  batch.app_id = "com.example.shop";
  batch.app_name = "Shop";
  batch.branch = branch;
  batch.commit_sha = "c" + std::to_string(time);
  batch.time_milliseconds = time;
  batch.timestamp = "t" + std::to_string(time);
  batch.payload = "{\"t\":" + std::to_string(time) + "}";
  batch.runs = {{group, "pay", status, "https://a/" + std::to_string(time)}};
  return batch;
}

// A window's rows, copied out of the store's (with each run's flow named), newest first.
struct CopiedRow {
  std::int64_t time_milliseconds = 0;
  std::string branch;
  std::vector<store::StoredRun> runs;
};
std::vector<CopiedRow> window(store::DeliveryStore& s, store::WindowQuery query = {}) {
  std::vector<CopiedRow> rows;
  s.window(query, [&](const store::WindowRow& row) {
    CopiedRow copy{row.time_milliseconds, std::string(row.branch), {}};
    for (const store::EncodedRun& run : row.runs) {
      const auto& [group, name] = s.flow(run.flow);
      copy.runs.push_back({group, name, std::string(run.status), std::string(run.url)});
    }
    rows.push_back(std::move(copy));
  });
  std::reverse(rows.begin(), rows.end());
  return rows;
}
}  // namespace

TEST_CASE("store::DeliveryStore::put_batch and window") {
  TempStore temp;
  auto s = temp.open();
  CHECK_FALSE(s->put_batch(batch("main", 1000, "passed")).repeated);
  CHECK(s->put_batch(batch("main", 1000, "passed")).repeated);  // a retry
  s->put_batch(batch("main", 3000, "failed"));
  s->put_batch(batch("feature", 2000, "passed"));
  // Names from payloads are hostile: quotes, SQL, NUL bytes all round-trip as bytes.
  const std::string hostile = std::string("x'); DROP TABLE batches; --\0y", 29);
  s->put_batch(batch("main", 4000, "passed", hostile));
  auto all = window(*s);
  REQUIRE(all.size() == 4);
  CHECK(all[0].time_milliseconds == 4000);  // newest first
  CHECK(all[0].runs[0].group == hostile);
  store::WindowQuery main;
  main.branch = "main";
  main.last = 2;
  auto latest = window(*s, main);
  REQUIRE(latest.size() == 2);
  CHECK(latest[0].time_milliseconds == 4000);
  CHECK(latest[1].time_milliseconds == 3000);
  CHECK(latest[1].runs[0].status == "failed");
  CHECK(latest[1].runs[0].url == "https://a/3000");
  // Only the latest rows carry their URLs when asked.
  main.urls_of_latest = 1;
  latest = window(*s, main);
  REQUIRE(latest.size() == 2);
  CHECK(latest[0].runs[0].url == "https://a/4000");
  CHECK(latest[1].runs[0].url.empty());
  CHECK(latest[1].runs[0].status == "failed");
  store::WindowQuery since;
  since.since_milliseconds = 2000;
  CHECK(window(*s, since).size() == 3);
  store::WindowQuery verified;
  verified.verified_only = true;
  CHECK(window(*s, verified).empty());
  CHECK(s->batch_count() == 4);
  const auto lanes = s->lanes();
  REQUIRE(lanes.size() == 2);
  CHECK(lanes[0].branch == "feature");
  CHECK(lanes[1].batches == 3);
  CHECK(lanes[1].latest_milliseconds == 4000);
  CHECK(s->previous_payload("com.example.shop", "main", 3000) == "{\"t\":1000}");
  CHECK_FALSE(s->previous_payload("com.example.shop", "main", 1000));
  // An unsigned copy first, then a verified one: the batch becomes verified.
  store::BatchToStore signed_copy = batch("main", 1000, "passed");
  signed_copy.verified = true;
  CHECK(s->put_batch(signed_copy).repeated);
  CHECK(window(*s, verified).size() == 1);
}

TEST_CASE("store::DeliveryStore::put_deliveries") {
  TempStore temp;
  store::StoreOptions options;
  options.max_rejected = 5;
  options.max_rejected_bytes = 10;
  auto s = temp.open(options);
  store::DeliveryToStore delivery;
  delivery.received_milliseconds = 5;
  delivery.remote = "127.0.0.1:5000";
  delivery.request = "POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}";
  delivery.request_size = delivery.request.size();
  delivery.verdict = "verified";
  delivery.status = 200;
  delivery.signature = "sha256=00";
  delivery.body = "{}";
  delivery.batch = batch("main", 1000, "passed");
  const auto first = s->put_delivery(delivery);
  CHECK_FALSE(first.repeated);
  const auto again = s->put_delivery(delivery);
  CHECK(again.repeated);
  CHECK(again.id == first.id);
  s->set_forward_answer(first.id, 202, 3200);
  // Rejected deliveries: cut to their first bytes, and only the latest max_rejected kept once
  // a hundred have come.
  for (int i = 0; i < 120; ++i) {
    store::DeliveryToStore forged = delivery;
    forged.batch.reset();
    forged.verdict = "rejected";
    forged.status = 401;
    forged.signature = "sha256=" + std::to_string(i);
    s->put_delivery(forged);
  }
  std::vector<store::StoredDelivery> kept;
  s->each_delivery([&](const store::StoredDelivery& d) { kept.push_back(d); });
  REQUIRE(kept.size() >= 6);
  CHECK(kept.size() <= 1 + 5 + 100);
  CHECK(kept[0].request == delivery.request);  // byte for byte
  CHECK(kept[0].receipts == 2);
  CHECK(kept[0].forward_status == 202);
  CHECK(kept[0].forward_microseconds == 3200);
  // The latest two only, still oldest first.
  std::vector<store::StoredDelivery> latest;
  s->each_delivery([&](const store::StoredDelivery& d) { latest.push_back(d); }, 2);
  REQUIRE(latest.size() == 2);
  CHECK(latest[0].id == kept[kept.size() - 2].id);
  CHECK(latest[1].id == kept.back().id);
  CHECK(kept.back().request.size() == 10);
  CHECK(kept.back().request_size == static_cast<std::int64_t>(delivery.request.size()));
  const store::StoreStats stats = s->stats();
  CHECK(stats.verified == 1);
  CHECK(stats.rejected + 1 == static_cast<std::int64_t>(kept.size()));
  CHECK(stats.batches == 1);
  CHECK(stats.schema_version == store::latest_schema_version);
  CHECK(stats.bytes > 0);
}

TEST_CASE("store::DeliveryStore::prune") {
  TempStore temp;
  auto s = temp.open();
  s->put_batch(batch("main", 1000, "passed"));
  s->put_batch(batch("main", 2000, "failed"));
  s->put_batch(batch("main", 9000, "passed"));
  const store::PruneCounts kept_failed = s->prune(5000, 1500);
  CHECK(kept_failed.batches == 1);  // the failed one at 2000 stays
  CHECK(s->batch_count() == 2);
  CHECK(s->prune(5000, std::nullopt).batches == 1);
  CHECK(s->batch_count() == 1);
}

TEST_CASE("store::DeliveryStore::open refuses what is not its own") {
  TempStore temp;
  SUBCASE("a file of another kind") {
    std::ofstream(temp.path) << "this is not a database, but a text file long enough to be read";
    CHECK_THROWS_WITH_AS(temp.open(), doctest::Contains("not an autosana-webhook store"),
                         store::StoreError);
  }
  SUBCASE("a database of another program") {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(temp.path.c_str(), &db) == SQLITE_OK);
    sqlite3_exec(db, "CREATE TABLE accounts (id INTEGER)", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    CHECK_THROWS_WITH_AS(temp.open(), doctest::Contains("a database of another program"),
                         store::StoreError);
  }
  SUBCASE("a store of a newer version") {
    temp.open();
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(temp.path.c_str(), &db) == SQLITE_OK);
    sqlite3_exec(db, "UPDATE store_meta SET value = '99' WHERE name = 'schema_version'", nullptr,
                 nullptr, nullptr);
    sqlite3_close(db);
    CHECK_THROWS_WITH_AS(temp.open(), doctest::Contains("written by a newer autosana-webhook"),
                         store::StoreError);
  }
  SUBCASE("the default file is made private, with its folders") {
    store::StoreLocation location = temp.location();
    location.target = temp.folder + "/sub/deeper/store.db";
    location.is_default = true;
    store::DeliveryStore::open(location, {});
    struct stat info {};
    REQUIRE(::stat(location.target.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    REQUIRE(::stat((temp.folder + "/sub/deeper").c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0700);
    for (const char* suffix : {"", "-wal", "-shm"}) std::remove((location.target + suffix).c_str());
  }
}

TEST_CASE("store::DeliveryStore waits a bounded time for another writer") {
  TempStore temp;
  store::StoreOptions options;
  options.busy_wait = std::chrono::milliseconds(200);
  auto s = temp.open(options);
  sqlite3* other = nullptr;
  REQUIRE(sqlite3_open(temp.path.c_str(), &other) == SQLITE_OK);
  REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
  try {
    s->put_batch(batch("main", 1000, "passed"));
    FAIL("the write went through a held lock");
  } catch (const store::StoreError& error) {
    CHECK(error.busy());
    CHECK(std::string(error.what()).find("locked by another writer") != std::string::npos);
  }
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  CHECK_FALSE(s->put_batch(batch("main", 1000, "passed")).repeated);  // nothing half-written
}

TEST_CASE("store::GroupCommit") {
  TempStore temp;
  std::atomic<int> stored{0};
  {
    store::GroupCommit commit(temp.open());
    std::vector<std::thread> senders;
    for (int i = 0; i < 16; ++i)
      senders.emplace_back([&, i] {
        auto delivery = std::make_shared<store::DeliveryToStore>();
        delivery->request = "POST / HTTP/1.1\r\n\r\n";
        delivery->verdict = "unsigned";
        delivery->status = 200;
        delivery->body = std::to_string(i % 8);  // each twice: retries
        commit.store_then(delivery, [&](store::CommitOutcome outcome) {
          if (outcome.stored) ++stored;
        });
      });
    for (auto& sender : senders) sender.join();
  }  // stores what is waiting, then stops
  CHECK(stored == 16);
  auto s = temp.open();
  CHECK(s->stats().deliveries == 8);
  CHECK(s->stats().receipts == 16);
}

TEST_CASE("store::GroupCommit::store_then") {
  TempStore temp;
  std::mutex mutex;
  std::condition_variable wake;
  std::vector<store::CommitOutcome> outcomes;
  {
    store::GroupCommit commit(temp.open());
    for (int i = 0; i < 6; ++i) {
      auto delivery = std::make_shared<store::DeliveryToStore>();
      delivery->request = "POST / HTTP/1.1\r\n\r\n";
      delivery->verdict = "unsigned";
      delivery->status = 200;
      delivery->body = std::to_string(i % 3);  // the last three are retries of the first three
      delivery->batch = batch("main", 1000 + i % 3, "passed");
      commit.store_then(delivery, [&](store::CommitOutcome outcome) {
        const std::lock_guard<std::mutex> lock(mutex);
        outcomes.push_back(std::move(outcome));
        wake.notify_one();
      });
      // Prepared on the caller's thread, before the writer sees it.
      CHECK(delivery->prepared_key == delivery->key());
      CHECK(delivery->batch->prepared_payload.has_value());
    }
    std::unique_lock<std::mutex> lock(mutex);
    CHECK(wake.wait_for(lock, std::chrono::seconds(10), [&] { return outcomes.size() == 6; }));
  }
  int repeated = 0;
  std::set<std::int64_t> ids;
  for (const store::CommitOutcome& outcome : outcomes) {
    CHECK(outcome.stored);
    repeated += outcome.outcome.repeated ? 1 : 0;
    ids.insert(outcome.outcome.id);
  }
  CHECK(repeated == 3);
  CHECK(ids.size() == 3);
  auto s = temp.open();
  CHECK(s->stats().deliveries == 3);
  // The payloads were stored as prepared (deflated before the writer) and read back as given.
  std::set<std::string> payloads;
  s->each_payload([&](std::string_view payload) { payloads.emplace(payload); });
  CHECK(payloads == std::set<std::string>{batch("main", 1000, "passed").payload,
                                          batch("main", 1001, "passed").payload,
                                          batch("main", 1002, "passed").payload});
}

TEST_CASE("store::migrate from schema 1") {
  TempStore temp;
  {
    // A store as schema 1 wrote it: each run's URL in its runs blob, the payload in the row.
    store::SqliteSettings settings;
    settings.path = temp.path;
    settings.description = "store.db";
    auto database = store::open_sqlite(settings);
    store::migrate(*database, "store.db", 1);
    database->run("INSERT INTO flows (id, group_name, run_name) VALUES (1, ?, ?)",
                  {store::bytes_value("Checkout"), store::bytes_value("pay")});
    std::string runs;
    store::encode_run(runs, 1, "failed", "https://a/old");
    database->run(
        "INSERT INTO batches (batch_key, time_ms, timestamp, app_id, app_name, branch, "
        "commit_sha, verified, failed, receipts, stored_ms, runs, payload) "
        "VALUES (?, 1000, ?, ?, ?, ?, ?, 0, 1, 1, 0, ?, ?)",
        {store::bytes_value("k"), store::bytes_value("t"), store::bytes_value("com.example.shop"),
         store::bytes_value("Shop"), store::bytes_value("main"), store::bytes_value("c1"),
         store::bytes_value(runs), store::bytes_value(store::deflate_blob("{\"old\":1}"))});
  }
  auto s = temp.open();
  CHECK(s->stats().schema_version == 2);
  s->put_batch(batch("main", 2000, "passed"));
  const auto rows = window(*s);
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].runs[0].url == "https://a/old");  // kept in its run
  CHECK(rows[1].runs[0].status == "failed");
  CHECK(rows[0].runs[0].url == "https://a/2000");  // kept apart
  CHECK(s->previous_payload("com.example.shop", "main", 2000) == "{\"old\":1}");
  std::vector<std::string> payloads;
  s->each_payload([&](std::string_view payload) { payloads.emplace_back(payload); });
  CHECK(payloads == std::vector<std::string>{"{\"old\":1}", batch("main", 2000, "passed").payload});
  // Pruned, a batch takes its payload with it.
  CHECK(s->prune(1500, std::nullopt).batches == 1);
  payloads.clear();
  s->each_payload([&](std::string_view payload) { payloads.emplace_back(payload); });
  CHECK(payloads.size() == 1);
}

#include "store/delivery_store.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "store/blob_compression.hpp"
#include "store/postgres_database.hpp"
#include "store/sqlite_database.hpp"
#include "store/store_schema.hpp"

namespace store {

namespace {
// The default file's folder is made private (700), as XDG asks of user data.
void make_private_folders(const std::string& file, const std::string& description) {
  const auto slash = file.rfind('/');
  if (slash == std::string::npos || slash == 0) return;
  const std::string folder = file.substr(0, slash);
  struct stat info {};
  if (::stat(folder.c_str(), &info) == 0) return;
  make_private_folders(folder, description);
  if (::mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST)
    throw StoreError(description + ": cannot make " + folder + ": " + std::strerror(errno));
}

std::string flow_key(const std::string& group, const std::string& name) {
  std::string key = group;
  key += '\0';
  key += name;
  return key;
}

std::optional<bool> optional_bool(const Row& row, int column) {
  if (row.is_null(column)) return std::nullopt;
  return row.integer(column) != 0;
}

// Makes the rows of an open transaction's new flows known once it commits.
template <typename Map>
void merge_into(Map& committed, Map& added) {
  committed.merge(added);
  added.clear();
}
}  // namespace

std::unique_ptr<DeliveryStore> DeliveryStore::open(const StoreLocation& location,
                                                   StoreOptions options) {
  std::unique_ptr<Database> database;
  if (location.engine == Engine::sqlite) {
    if (location.is_default) make_private_folders(location.target, location.description);
    SqliteSettings settings;
    settings.path = location.target;
    settings.description = location.description;
    settings.busy_wait = options.busy_wait;
    database = open_sqlite(settings);
  } else {
    PostgresSettings settings;
    settings.connection = location.target;
    settings.description = location.description;
    settings.busy_wait = options.busy_wait;
    database = open_postgres(settings);
  }
  migrate(*database, location.description);
  return std::unique_ptr<DeliveryStore>(
      new DeliveryStore(std::move(database), location.description, options));
}

DeliveryStore::DeliveryStore(std::unique_ptr<Database> database, std::string description,
                             StoreOptions options)
    : database_(std::move(database)), description_(std::move(description)), options_(options) {}

DeliveryStore::~DeliveryStore() = default;

std::int64_t DeliveryStore::flow_id(const std::string& group, const std::string& name) {
  const std::string key = flow_key(group, name);
  if (auto found = flow_ids_.find(key); found != flow_ids_.end()) return found->second;
  if (auto found = new_flow_ids_.find(key); found != new_flow_ids_.end()) return found->second;
  // Another writer may add the same flow at the same moment: insert if absent, then read.
  database_->run(
      "INSERT INTO flows (group_name, run_name) VALUES (?, ?) "
      "ON CONFLICT (group_name, run_name) DO NOTHING",
      {bytes_value(group), bytes_value(name)});
  std::int64_t id = 0;
  database_->run("SELECT id FROM flows WHERE group_name = ? AND run_name = ?",
                 {bytes_value(group), bytes_value(name)},
                 [&](const Row& row) { id = row.integer(0); });
  new_flow_ids_.emplace(key, id);
  return id;
}

StoreOutcome DeliveryStore::insert_batch(const BatchToStore& batch) {
  std::string runs, urls;
  for (const StoredRun& run : batch.runs) {
    encode_run(runs, flow_id(run.group, run.name), run.status, {});
    encode_url(urls, run.url);
  }
  const std::string key = batch.key();
  const std::string stored_payload = batch.deflated_payload();
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  StoreOutcome outcome;
  // A retry counts as a receipt; a batch first stored unsigned becomes verified when a signed
  // copy arrives.
  database_->run(
      "INSERT INTO batches (batch_key, time_ms, timestamp, app_id, app_name, branch, commit_sha, "
      "batch_id, is_complete, verified, failed, receipts, stored_ms, runs, payload) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, '') "
      "ON CONFLICT (batch_key) DO UPDATE SET receipts = batches.receipts + 1, "
      "verified = CASE WHEN excluded.verified > batches.verified THEN excluded.verified "
      "ELSE batches.verified END "
      "RETURNING id, receipts",
      {bytes_value(key), integer_value(batch.time_milliseconds), bytes_value(batch.timestamp),
       bytes_value(batch.app_id), bytes_value(batch.app_name), bytes_value(batch.branch),
       bytes_value(batch.commit_sha), batch.batch_id ? bytes_value(*batch.batch_id) : null_value(),
       batch.is_complete ? integer_value(*batch.is_complete ? 1 : 0) : null_value(),
       integer_value(batch.verified ? 1 : 0), integer_value(batch.failed() ? 1 : 0),
       integer_value(now), bytes_value(runs)},
      [&](const Row& row) {
        outcome.id = row.integer(0);
        outcome.repeated = row.integer(1) > 1;
      });
  if (!outcome.repeated)
    database_->run("INSERT INTO batch_blobs (batch, run_urls, payload) VALUES (?, ?, ?)",
                   {integer_value(outcome.id), bytes_value(urls), bytes_value(stored_payload)});
  return outcome;
}

StoreOutcome DeliveryStore::insert_delivery(const DeliveryToStore& delivery) {
  std::optional<std::int64_t> batch;
  if (delivery.batch) batch = insert_batch(*delivery.batch).id;
  const bool rejected = delivery.verdict == "rejected";
  // A rejected delivery is kept only in part: unauthenticated senders choose its size.
  const std::string_view request =
      rejected && delivery.request.size() > options_.max_rejected_bytes
          ? std::string_view(delivery.request).substr(0, options_.max_rejected_bytes)
          : std::string_view(delivery.request);
  const std::string key = delivery.key();
  StoreOutcome outcome;
  database_->run(
      "INSERT INTO deliveries (delivery_key, received_ms, last_received_ms, receipts, remote, "
      "request, request_size, verdict, status, reason, batch) "
      "VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (delivery_key) DO UPDATE SET receipts = deliveries.receipts + 1, "
      "last_received_ms = excluded.received_ms "
      "RETURNING id, receipts",
      {bytes_value(key), integer_value(delivery.received_milliseconds),
       integer_value(delivery.received_milliseconds), bytes_value(delivery.remote),
       bytes_value(request), integer_value(static_cast<std::int64_t>(delivery.request_size)),
       word_value(delivery.verdict), integer_value(delivery.status), bytes_value(delivery.reason),
       batch ? integer_value(*batch) : null_value()},
      [&](const Row& row) {
        outcome.id = row.integer(0);
        outcome.repeated = row.integer(1) > 1;
      });
  if (rejected && !outcome.repeated) ++rejected_since_trim_;
  return outcome;
}

// One write transaction; the flows it added become known only once it is committed (a rolled
// back id may be given to another flow later).
template <typename Write>
void DeliveryStore::write(Write&& write_rows) {
  try {
    Transaction transaction(*database_, true);
    write_rows();
    transaction.commit();
  } catch (...) {
    new_flow_ids_.clear();
    throw;
  }
  merge_into(flow_ids_, new_flow_ids_);
}

std::vector<StoreOutcome> DeliveryStore::put_deliveries(
    const std::vector<const DeliveryToStore*>& deliveries) {
  // Rows are taken in the order of their keys: two listeners storing the same deliveries at
  // once (a retry sent to each) then wait for each other instead of deadlocking, which
  // PostgreSQL would only notice after its deadlock_timeout.
  std::vector<std::pair<std::string, std::size_t>> order;
  for (std::size_t i = 0; i < deliveries.size(); ++i) {
    const DeliveryToStore& delivery = *deliveries[i];
    std::string key = delivery.batch ? delivery.batch->key() : std::string();
    key += '\0';
    key += delivery.key();
    order.emplace_back(std::move(key), i);
  }
  std::sort(order.begin(), order.end());
  std::vector<StoreOutcome> outcomes(deliveries.size());
  write([&] {
    for (const auto& [key, i] : order) outcomes[i] = insert_delivery(*deliveries[i]);
    // Rejected deliveries beyond the quota go, oldest first; checked every hundred, so a
    // flood costs one extra statement per hundred deliveries.
    if (rejected_since_trim_ >= 100) {
      database_->run(
          "DELETE FROM deliveries WHERE verdict = 'rejected' AND id <= (SELECT id FROM deliveries "
          "WHERE verdict = 'rejected' ORDER BY id DESC LIMIT 1 OFFSET ?)",
          {integer_value(options_.max_rejected)});
      rejected_since_trim_ = 0;
    }
  });
  return outcomes;
}

std::vector<StoreOutcome> DeliveryStore::put_batches(
    const std::vector<const BatchToStore*>& batches) {
  std::vector<StoreOutcome> outcomes;
  write([&] {
    for (const BatchToStore* batch : batches) outcomes.push_back(insert_batch(*batch));
  });
  return outcomes;
}

void DeliveryStore::set_forward_answer(std::int64_t delivery, int status,
                                       std::int64_t microseconds) {
  database_->run("UPDATE deliveries SET forward_status = ?, forward_us = ? WHERE id = ?",
                 {integer_value(status), integer_value(microseconds), integer_value(delivery)});
}

void DeliveryStore::load_flows() {
  flow_names_.clear();
  database_->run("SELECT id, group_name, run_name FROM flows", {}, [&](const Row& row) {
    flow_names_[row.integer(0)] = {std::string(row.bytes(1)), std::string(row.bytes(2))};
  });
}

std::string DeliveryStore::inflated(std::string_view stored) const {
  auto bytes = inflate_blob(stored);
  if (!bytes) throw StoreError(description_ + ": " + bytes.error());
  return std::move(*bytes);
}

const std::pair<std::string, std::string>& DeliveryStore::flow(std::int64_t id) {
  auto found = flow_names_.find(id);
  if (found == flow_names_.end()) {
    load_flows();  // written by another process since
    found = flow_names_.find(id);
    if (found == flow_names_.end())
      throw StoreError(description_ + ": a batch names a flow it does not hold");
  }
  return found->second;
}

namespace {
// The latest rows of a query by a time column (the limit bound last), then in time order.
std::string latest_rows(const std::string& select, const std::string& time_column) {
  return "SELECT * FROM (" + select + " ORDER BY " + time_column + " DESC, id DESC LIMIT ?) " +
         "AS latest ORDER BY " + time_column + ", id";
}

// The filter of a window, bound (the filters are hostile text as much as the payloads).
std::string window_filter(const WindowQuery& query, std::vector<Value>& values) {
  std::string sql = " WHERE 1 = 1";
  if (query.app_id) {
    sql += " AND app_id = ?";
    values.push_back(bytes_value(*query.app_id));
  }
  if (query.branch) {
    sql += " AND branch = ?";
    values.push_back(bytes_value(*query.branch));
  }
  if (query.since_milliseconds) {
    sql += " AND time_ms >= ?";
    values.push_back(integer_value(*query.since_milliseconds));
  }
  if (query.verified_only) sql += " AND verified = 1";
  return sql;
}
}  // namespace

void DeliveryStore::window(const WindowQuery& query,
                           const std::function<void(const WindowRow&)>& each) {
  std::vector<Value> values;
  std::string urls = "(SELECT run_urls FROM batch_blobs WHERE batch = id)";
  if (query.urls_of_latest) {
    // The latest rows' ids, found on the same index as the window's.
    urls = "CASE WHEN id IN (SELECT id FROM batches" + window_filter(query, values) +
           " ORDER BY time_ms DESC, id DESC LIMIT ?) THEN "
           "(SELECT run_urls FROM batch_blobs WHERE batch = id) END";
    values.push_back(integer_value(*query.urls_of_latest));
  }
  const std::string columns =
      "SELECT id, time_ms, timestamp, app_id, app_name, branch, commit_sha, is_complete, runs, " +
      urls + " AS urls FROM batches" + window_filter(query, values);
  // The whole window in the table's own order (read straight through, not row by row off an
  // index): history's builder orders batches by time itself, ties by the order read, which is
  // the rows' order in both cases.
  std::string sql = columns + " ORDER BY id";
  if (query.last) {
    sql = latest_rows(columns, "time_ms");
    values.push_back(integer_value(*query.last));
  }
  Transaction transaction(*database_, false);  // one snapshot for the rows and the flows
  if (flow_names_.empty()) load_flows();
  WindowRow batch;
  database_->run(sql, values, [&](const Row& row) {
    batch.id = row.integer(0);
    batch.time_milliseconds = row.integer(1);
    batch.timestamp = row.bytes(2);
    batch.app_id = row.bytes(3);
    batch.app_name = row.bytes(4);
    batch.branch = row.bytes(5);
    batch.commit_sha = row.bytes(6);
    batch.is_complete = optional_bool(row, 7);
    // Kept plain: inflating a window's runs cost more than reading them off the disk.
    if (!decode_runs(row.bytes(8), batch.runs) ||
        (!row.is_null(9) && !decode_urls(row.bytes(9), batch.runs)))
      throw StoreError(description_ + ": a batch's runs are damaged");
    each(batch);
  });
  transaction.commit();
}

std::vector<LaneCount> DeliveryStore::lanes() {
  std::vector<LaneCount> lanes;
  database_->run(
      "SELECT app_id, branch, COUNT(*), MAX(time_ms) FROM batches GROUP BY app_id, branch "
      "ORDER BY app_id, branch",
      {}, [&](const Row& row) {
        lanes.push_back(LaneCount{std::string(row.bytes(0)), std::string(row.bytes(1)),
                                  row.integer(2), row.integer(3)});
      });
  return lanes;
}

std::int64_t DeliveryStore::batch_count() {
  std::int64_t count = 0;
  database_->run("SELECT COUNT(*) FROM batches", {},
                 [&](const Row& row) { count = row.integer(0); });
  return count;
}

std::optional<std::string> DeliveryStore::previous_payload(const std::string& app_id,
                                                           const std::string& branch,
                                                           std::int64_t before_milliseconds) {
  std::optional<std::string> payload;
  database_->run(
      "SELECT payload FROM batch_blobs WHERE batch = (SELECT id FROM batches WHERE app_id = ? "
      "AND branch = ? AND time_ms < ? ORDER BY time_ms DESC, id DESC LIMIT 1)",
      {bytes_value(app_id), bytes_value(branch), integer_value(before_milliseconds)},
      [&](const Row& row) { payload = inflated(row.bytes(0)); });
  return payload;
}

void DeliveryStore::each_payload(const std::function<void(std::string_view)>& each) {
  Transaction transaction(*database_, false);
  database_->run(
      "SELECT batch_blobs.payload FROM batches JOIN batch_blobs ON batch = id ORDER BY time_ms, id",
      {}, [&](const Row& row) { each(inflated(row.bytes(0))); });
  transaction.commit();
}

void DeliveryStore::each_delivery(const std::function<void(const StoredDelivery&)>& each,
                                  std::optional<std::int64_t> latest) {
  Transaction transaction(*database_, false);
  const std::string columns =
      "SELECT id, received_ms, remote, request, request_size, verdict, status, reason, receipts, "
      "forward_status, forward_us FROM deliveries";
  std::vector<Value> values;
  std::string sql = columns + " ORDER BY received_ms, id";
  if (latest) {
    sql = latest_rows(columns, "received_ms");
    values.push_back(integer_value(*latest));
  }
  database_->run(sql, values, [&](const Row& row) {
    StoredDelivery delivery;
    delivery.id = row.integer(0);
    delivery.received_milliseconds = row.integer(1);
    delivery.remote = row.bytes(2);
    delivery.request = row.bytes(3);
    delivery.request_size = row.integer(4);
    delivery.verdict = row.bytes(5);
    delivery.status = static_cast<int>(row.integer(6));
    delivery.reason = row.bytes(7);
    delivery.receipts = row.integer(8);
    if (!row.is_null(9)) delivery.forward_status = static_cast<int>(row.integer(9));
    if (!row.is_null(10)) delivery.forward_microseconds = row.integer(10);
    each(delivery);
  });
  transaction.commit();
}

PruneCounts DeliveryStore::prune(std::int64_t cut_milliseconds,
                                 std::optional<std::int64_t> keep_failed_cut) {
  PruneCounts counts;
  Transaction transaction(*database_, true);
  const std::int64_t failed_cut = keep_failed_cut ? *keep_failed_cut : cut_milliseconds;
  // Deliveries first (they refer to batches): old ones, unless their batch failed recently.
  database_->run(
      "DELETE FROM deliveries WHERE received_ms < ? AND (batch IS NULL OR batch NOT IN "
      "(SELECT id FROM batches WHERE failed = 1 AND time_ms >= ?)) RETURNING id",
      {integer_value(cut_milliseconds), integer_value(failed_cut)},
      [&](const Row&) { ++counts.deliveries; });
  database_->run(
      "DELETE FROM batches WHERE time_ms < ? AND (failed = 0 OR time_ms < ?) AND id NOT IN "
      "(SELECT batch FROM deliveries WHERE batch IS NOT NULL) RETURNING id",
      {integer_value(cut_milliseconds), integer_value(failed_cut)},
      [&](const Row&) { ++counts.batches; });
  transaction.commit();
  return counts;
}

StoreStats DeliveryStore::stats() {
  StoreStats stats;
  Transaction transaction(*database_, false);
  database_->run(
      "SELECT verdict, COUNT(*), CAST(SUM(receipts) AS BIGINT), MIN(received_ms), MAX(received_ms) "
      "FROM deliveries GROUP BY verdict",
      {}, [&](const Row& row) {
        const std::string_view verdict = row.bytes(0);
        const std::int64_t count = row.integer(1);
        stats.deliveries += count;
        stats.receipts += row.integer(2);
        if (verdict == "verified") stats.verified = count;
        if (verdict == "unsigned") stats.unsigned_ = count;
        if (verdict == "rejected") stats.rejected = count;
        if (verdict == "unchecked") stats.unchecked = count;
        if (!stats.oldest_milliseconds || row.integer(3) < *stats.oldest_milliseconds)
          stats.oldest_milliseconds = row.integer(3);
        if (!stats.newest_milliseconds || row.integer(4) > *stats.newest_milliseconds)
          stats.newest_milliseconds = row.integer(4);
      });
  database_->run(
      "SELECT COUNT(*), CAST(SUM(failed) AS BIGINT), MIN(time_ms), MAX(time_ms) FROM batches", {},
      [&](const Row& row) {
        stats.batches = row.integer(0);
        stats.failed_batches = row.integer(1);
        if (stats.batches > 0) {
          if (!stats.oldest_milliseconds || row.integer(2) < *stats.oldest_milliseconds)
            stats.oldest_milliseconds = row.integer(2);
          if (!stats.newest_milliseconds || row.integer(3) > *stats.newest_milliseconds)
            stats.newest_milliseconds = row.integer(3);
        }
      });
  database_->run("SELECT COUNT(*) FROM flows", {},
                 [&](const Row& row) { stats.flows = row.integer(0); });
  database_->run("SELECT COUNT(*) FROM (SELECT DISTINCT app_id, branch FROM batches) AS lanes", {},
                 [&](const Row& row) { stats.lanes = row.integer(0); });
  database_->run(
      "SELECT value FROM store_meta WHERE name = 'schema_version'", {},
      [&](const Row& row) { stats.schema_version = std::stoi(std::string(row.bytes(0))); });
  transaction.commit();
  stats.bytes = database_->size_on_disk();
  return stats;
}

}  // namespace store

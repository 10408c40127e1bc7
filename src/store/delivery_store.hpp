// The store: deliveries as received and the batches they carried, in SQLite or PostgreSQL
// (the same statements on both). Every write is one transaction, so nothing is half-written;
// a delivery or batch stored again (a retry) is recognised and counted, not kept twice.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/database.hpp"
#include "store/store_location.hpp"
#include "store/stored_batch.hpp"

namespace store {

struct StoreOptions {
  std::chrono::milliseconds busy_wait{5000};
  // Rejected deliveries are kept within this many, the oldest dropped first; a delivery that
  // verified is never dropped for one. Only the first max_rejected_bytes of each are kept.
  std::int64_t max_rejected = 10000;
  std::size_t max_rejected_bytes = std::size_t{64} << 10;
};

struct StoreOutcome {
  std::int64_t id = 0;    // the delivery's (or, for a batch alone, the batch's) row
  bool repeated = false;  // stored before: its count of receipts went up
};

// A batch as history reads it back, valid only while the row is handed over: its text and runs
// are views of the database's row (no copy of a window's million runs).
struct WindowRow {
  std::int64_t id = 0;
  std::int64_t time_milliseconds = 0;
  std::string_view timestamp, app_id, app_name, branch, commit_sha;
  std::optional<bool> is_complete;
  std::vector<EncodedRun> runs;  // each run's url is "" unless the row is among the latest
};

struct WindowQuery {
  std::optional<std::string> app_id;
  std::optional<std::string> branch;
  std::optional<std::int64_t> since_milliseconds;
  std::optional<std::int64_t> last;  // the latest N
  bool verified_only = false;
  // Only the latest N rows carry their runs' URLs (history links the latest batches only); the
  // URLs are most of a batch's bytes. None: every row.
  std::optional<std::int64_t> urls_of_latest;
};

struct LaneCount {
  std::string app_id, branch;
  std::int64_t batches = 0;
  std::int64_t latest_milliseconds = 0;
};

struct StoredDelivery {
  std::int64_t id = 0;
  std::int64_t received_milliseconds = 0;
  std::string remote, request, verdict, reason;
  std::int64_t request_size = 0;
  int status = 0;
  std::int64_t receipts = 1;
  std::optional<int> forward_status;
  std::optional<std::int64_t> forward_microseconds;  // the handler's response time
};

struct StoreStats {
  std::int64_t deliveries = 0, verified = 0, unsigned_ = 0, unchecked = 0, rejected = 0;
  std::int64_t receipts = 0;  // deliveries counted with their retries
  std::int64_t batches = 0, failed_batches = 0, flows = 0, lanes = 0;
  std::optional<std::int64_t> oldest_milliseconds, newest_milliseconds;
  std::int64_t bytes = -1;
  int schema_version = 0;
};

struct PruneCounts {
  std::int64_t batches = 0, deliveries = 0;
};

class DeliveryStore {
 public:
  // Opens (the default file: creating it and its folder, private), migrates; throws StoreError.
  static std::unique_ptr<DeliveryStore> open(const StoreLocation& location, StoreOptions options);
  ~DeliveryStore();

  const std::string& description() const { return description_; }
  const char* engine() const { return database_->engine(); }

  // Several deliveries in one transaction (listen's group commit): all are stored or none is.
  std::vector<StoreOutcome> put_deliveries(const std::vector<const DeliveryToStore*>& deliveries);
  StoreOutcome put_delivery(const DeliveryToStore& delivery) {
    return put_deliveries({&delivery})[0];
  }
  // Payloads without their requests, in one transaction.
  std::vector<StoreOutcome> put_batches(const std::vector<const BatchToStore*>& batches);
  StoreOutcome put_batch(const BatchToStore& batch) { return put_batches({&batch})[0]; }
  void set_forward_answer(std::int64_t delivery, int status, std::int64_t microseconds);

  // The window, oldest first, one row at a time.
  void window(const WindowQuery& query, const std::function<void(const WindowRow&)>& each);
  // A flow of a row's runs: its group and name.
  const std::pair<std::string, std::string>& flow(std::int64_t id);
  std::vector<LaneCount> lanes();
  std::int64_t batch_count();
  // The latest batch of the app and branch before the given time: summarize's baseline.
  std::optional<std::string> previous_payload(const std::string& app_id, const std::string& branch,
                                              std::int64_t before_milliseconds);

  void each_payload(const std::function<void(std::string_view payload)>& each);
  // Oldest first; only the latest N when asked (the inspector's list).
  void each_delivery(const std::function<void(const StoredDelivery&)>& each,
                     std::optional<std::int64_t> latest = std::nullopt);
  // Older than the cut (received, or the batch's time), except failed batches (and their
  // deliveries) newer than keep_failed_cut when given.
  PruneCounts prune(std::int64_t cut_milliseconds, std::optional<std::int64_t> keep_failed_cut);
  StoreStats stats();

 private:
  DeliveryStore(std::unique_ptr<Database> database, std::string description, StoreOptions options);
  template <typename Write>
  void write(Write&& write_rows);
  std::int64_t flow_id(const std::string& group, const std::string& name);
  StoreOutcome insert_batch(const BatchToStore& batch);
  StoreOutcome insert_delivery(const DeliveryToStore& delivery);
  std::string inflated(std::string_view stored) const;  // a payload, as it was given
  void load_flows();

  std::unique_ptr<Database> database_;
  std::string description_;
  StoreOptions options_;
  std::unordered_map<std::string, std::int64_t> flow_ids_;      // group NUL name -> id, committed
  std::unordered_map<std::string, std::int64_t> new_flow_ids_;  // of the open transaction
  std::unordered_map<std::int64_t, std::pair<std::string, std::string>> flow_names_;
  std::int64_t rejected_since_trim_ = 0;
};

}  // namespace store

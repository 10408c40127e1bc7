// The store's commands as the helper runs them: history's window, summarize's baseline, and
// store import, export, prune and stats. Store errors become one line and exit status 2.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/core.h>

#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "cli/console.hpp"
#include "cli/decode_limit_option.hpp"
#include "cli/exit_status.hpp"
#include "cli/failure.hpp"
#include "cli/history_input.hpp"
#include "cli/store_run.hpp"
#include "store/delivery_store.hpp"
#include "util/duration.hpp"
#include "util/json_reader.hpp"
#include "util/json_string.hpp"
#include "util/json_writer.hpp"
#include "util/rfc3339.hpp"

namespace cli {

namespace {
constexpr const char* store_variable = "AUTOSANA_WEBHOOK_STORE";

store::StoreLocation choose_location(const StoreChoice& choice) {
  std::string uri = choice.uri;
  const char* from = "--store";
  if (uri.empty()) {
    if (const char* variable = std::getenv(store_variable); variable && *variable) {
      uri = variable;
      from = store_variable;
    }
  }
  auto location =
      uri.empty() ? store::default_store_location(std::getenv("XDG_DATA_HOME"), std::getenv("HOME"))
                  : store::parse_store_location(uri);
  // The text itself is never repeated: it may be a connection string with a password.
  if (!location)
    throw Failure{std::string(uri.empty() ? "" : from) + (uri.empty() ? "" : ": ") +
                  location.error()};
  return *location;
}
}  // namespace

std::unique_ptr<store::DeliveryStore> open_chosen_store(const StoreChoice& choice) {
  const store::StoreLocation location = choose_location(choice);
  try {
    return store::DeliveryStore::open(location, {});
  } catch (const store::StoreError& error) {
    throw Failure{error.what()};
  }
}

namespace {
// The store's window as history's builder takes it: run by run, each flow looked up by its name
// once (the store's flow ids stand for it after that).
class StoredWindowReader {
 public:
  StoredWindowReader(store::DeliveryStore& store, core::HistoryBuilder& history)
      : store_(store), history_(history) {}

  void add(const store::WindowRow& batch) {
    for (const store::EncodedRun& run : batch.runs)
      history_.add_run(builder_flow(run.flow), run.status, std::string(run.url));
    core::PayloadHeader header;
    header.timestamp = batch.timestamp;
    header.app.id = batch.app_id;
    header.app.name = batch.app_name;
    if (!batch.branch.empty() || !batch.commit_sha.empty())
      header.git = core::Git{std::string(batch.commit_sha), std::string(batch.branch)};
    header.is_complete = batch.is_complete;
    history_.end_batch(header, batch.time_milliseconds, fmt::format("store batch {}", batch.id));
  }

 private:
  std::uint32_t builder_flow(std::int64_t stored) {
    // The store's ids count up from 1: a table for the usual ones, a map for any others.
    if (stored > 0 && stored < dense_limit) {
      const auto index = static_cast<std::size_t>(stored);
      if (index >= dense_.size()) dense_.resize(index + 1, unknown);
      if (dense_[index] == unknown) dense_[index] = look_up(stored);
      return dense_[index];
    }
    const auto [found, added] = sparse_.try_emplace(stored, 0);
    if (added) found->second = look_up(stored);
    return found->second;
  }

  std::uint32_t look_up(std::int64_t stored) {
    const auto& [group, name] = store_.flow(stored);
    return history_.flow_id(group, name);
  }

  static constexpr std::int64_t dense_limit = 1 << 20;
  static constexpr std::uint32_t unknown = UINT32_MAX;
  store::DeliveryStore& store_;
  core::HistoryBuilder& history_;
  std::vector<std::uint32_t> dense_;                        // the store's id -> the builder's
  std::unordered_map<std::int64_t, std::uint32_t> sparse_;  // the same, for ids beyond the table
};

StoreTotals read_history_from_store(const StoreChoice& choice, const core::HistoryFilter& filter,
                                    bool verified_only, core::HistoryBuilder& history) {
  auto store = open_chosen_store(choice);
  store::WindowQuery query;
  query.app_id = filter.app_id;
  query.branch = filter.branch;
  query.since_milliseconds = filter.since_milliseconds;
  if (filter.last) query.last = static_cast<std::int64_t>(*filter.last);
  query.verified_only = verified_only;
  query.urls_of_latest = static_cast<std::int64_t>(history.urls_kept());
  StoreTotals totals;
  try {
    StoredWindowReader reader(*store, history);
    store->window(query, [&](const store::WindowRow& batch) { reader.add(batch); });
    totals.batches = static_cast<std::size_t>(store->batch_count());
    for (const store::LaneCount& lane : store->lanes())
      totals.lanes.push_back(core::LaneRead{lane.app_id, lane.branch,
                                            static_cast<std::size_t>(lane.batches),
                                            lane.latest_milliseconds});
  } catch (const store::StoreError& error) {
    throw Failure{error.what()};
  }
  return totals;
}

std::optional<StoredPayload> previous_payload(const StoreChoice& choice, const std::string& app_id,
                                              const std::string& branch, std::int64_t before) {
  auto store = open_chosen_store(choice);
  try {
    auto payload = store->previous_payload(app_id, branch, before);
    if (!payload) return std::nullopt;
    return StoredPayload{std::move(*payload), store->description()};
  } catch (const store::StoreError& error) {
    throw Failure{error.what()};
  }
}

// store import: what history reads, into the store, a thousand at a time per transaction (a
// sync each, not one per file). Two threads: this one reads and parses the next thousand while
// a writer compresses and stores the last.
class ImportSink : public BatchSink {
 public:
  explicit ImportSink(store::DeliveryStore& store)
      : store_(store), writer_([this] { write_loop(); }) {}
  ~ImportSink() override {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    writer_.join();
  }
  ImportSink(const ImportSink&) = delete;
  ImportSink& operator=(const ImportSink&) = delete;

  bool wants_payload() const override { return true; }
  // The runs' strings are moved, not copied: a batch of a hundred flows holds four hundred.
  void add_group(core::RunGroup&& group) override {
    for (core::Run& run : group.runs)
      runs_.push_back(store::StoredRun{group.name, std::move(run.name), std::move(run.status),
                                       std::move(run.url)});
  }
  void drop_batch() override { runs_.clear(); }
  void end_batch(const core::PayloadHeader& header, std::int64_t time_milliseconds,
                 const std::string& source, const BatchOrigin& origin) override {
    store::BatchToStore batch = store::batch_of(header, time_milliseconds, {});
    batch.runs = std::move(runs_);
    runs_.clear();
    batch.verified = origin.verified;
    batch.payload = std::string(origin.payload);
    if (origin.request.empty()) {
      reading_.batches.push_back(std::move(batch));
    } else {
      store::DeliveryToStore delivery = imported_delivery(source, time_milliseconds, origin);
      delivery.batch = std::move(batch);
      reading_.deliveries.push_back(std::move(delivery));
    }
    if (reading_.batches.size() + reading_.deliveries.size() >= 1000) hand_over();
  }

  // Everything read is stored (or the writer's error is thrown).
  void finish() {
    hand_over();
    std::unique_lock<std::mutex> lock(mutex_);
    wake_.wait(lock, [&] { return !writing_ || error_; });
    if (error_) std::rethrow_exception(error_);
  }
  std::size_t added() const { return added_; }
  std::size_t repeated() const { return repeated_; }

 private:
  struct Chunk {
    std::vector<store::DeliveryToStore> deliveries;
    std::vector<store::BatchToStore> batches;
  };

  static store::DeliveryToStore imported_delivery(const std::string& source,
                                                  std::int64_t time_milliseconds,
                                                  const BatchOrigin& origin) {
    store::DeliveryToStore delivery;
    delivery.received_milliseconds = modified_time(source, time_milliseconds);
    delivery.remote = "imported from " + source;
    delivery.request = std::string(origin.request);
    delivery.request_size = origin.request.size();
    delivery.verdict = origin.verified            ? "verified"
                       : origin.signature.empty() ? "unsigned"
                                                  : "unchecked";
    delivery.status = 200;
    delivery.signature = std::string(origin.signature);
    delivery.body = std::string(origin.body);
    return delivery;
  }

  // Waits for the writer to take the last chunk (one ahead at most, so memory stays bounded).
  void hand_over() {
    if (reading_.batches.empty() && reading_.deliveries.empty()) return;
    std::unique_lock<std::mutex> lock(mutex_);
    wake_.wait(lock, [&] { return !writing_ || error_; });
    if (error_) std::rethrow_exception(error_);
    std::swap(written_, reading_);
    reading_ = Chunk{};
    writing_ = true;
    wake_.notify_all();
  }

  void write_loop() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      wake_.wait(lock, [&] { return stopping_ || writing_; });
      if (!writing_) return;
      lock.unlock();
      std::exception_ptr error;
      try {
        write(written_);
      } catch (...) {
        error = std::current_exception();
      }
      lock.lock();
      error_ = error ? error : error_;
      writing_ = false;
      wake_.notify_all();
    }
  }

  // Compressing is about as costly as parsing: the writer does it, so both threads stay busy.
  void write(Chunk& chunk) {
    for (auto& delivery : chunk.deliveries) store::prepare(delivery);
    for (auto& batch : chunk.batches) store::prepare(batch);
    std::vector<const store::DeliveryToStore*> deliveries;
    for (const auto& delivery : chunk.deliveries) deliveries.push_back(&delivery);
    if (!deliveries.empty())
      for (const store::StoreOutcome& outcome : store_.put_deliveries(deliveries))
        (outcome.repeated ? repeated_ : added_)++;
    std::vector<const store::BatchToStore*> batches;
    for (const auto& batch : chunk.batches) batches.push_back(&batch);
    if (!batches.empty())
      for (const store::StoreOutcome& outcome : store_.put_batches(batches))
        (outcome.repeated ? repeated_ : added_)++;
  }

  static std::int64_t modified_time(const std::string& path, std::int64_t otherwise) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) return otherwise;
    return static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1000 + info.st_mtim.tv_nsec / 1000000;
  }

  store::DeliveryStore& store_;
  std::vector<store::StoredRun> runs_;    // of the batch being read
  Chunk reading_;                         // this thread's
  Chunk written_;                         // the writer's while writing_
  std::size_t added_ = 0, repeated_ = 0;  // the writer's until finish()
  std::mutex mutex_;
  std::condition_variable wake_;
  bool writing_ = false, stopping_ = false;
  std::exception_ptr error_;
  std::thread writer_;  // last: started once the rest is ready
};

int import_into(const CLI::App& command, store::DeliveryStore& store,
                const StoreCommandOptions& options) {
  HistoryInputOptions input;
  if (any_secret_option(options.secrets) ||
      core::lookup_process_environment(core::default_secret_variable))
    input.secrets = load_secrets_or_fail(command, options.secrets);
  else if (options.require_verified)
    throw Failure{"--require-verified needs a secret (--secret-env, --secret-file, --secret or " +
                  std::string(core::default_secret_variable) + ")"};
  input.require_verified = options.require_verified;
  input.max_decoded_body = read_max_body(options.max_body);
  ImportSink sink(store);
  const HistoryInputCounts counts = read_batch_inputs(options.paths, input, sink);
  sink.finish();
  print_note(fmt::format(
      "{}: {} imported, {} already there{}", store.description(), sink.added(), sink.repeated(),
      counts.unusable ? fmt::format(", {} could not be used (see above)", counts.unusable)
                      : std::string()));
  return counts.unusable > 0 ? exit_trouble : exit_success;
}

// One payload a line, keys and numbers as received: what `history -` reads back.
int export_ndjson(store::DeliveryStore& store) {
  std::string line;
  store.each_payload([&](std::string_view payload) {
    line.clear();
    util::JsonWriter writer([&](std::string_view piece) { line.append(piece); }, false);
    util::JsonReader reader(writer);
    if (!reader.parse(payload)) return;
    writer.flush();
    if (line.empty() || line.back() != '\n') line += '\n';
    write_stdout(line);
  });
  return exit_success;
}

std::string compact_time(std::int64_t epoch_ms) {
  std::string text;
  for (char c : util::format_rfc3339(epoch_ms))
    if (c != '-' && c != ':') text += c;
  return text;
}

int export_http(store::DeliveryStore& store, const std::string& folder) {
  if (folder.empty()) throw Failure{"store export --format http needs --output DIR"};
  if (::mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST)
    throw Failure{"--output " + folder + ": " + std::strerror(errno)};
  std::size_t written = 0, cut = 0;
  store.each_delivery([&](const store::StoredDelivery& delivery) {
    const std::string path = fmt::format("{}/{}-{:06}.http", folder,
                                         compact_time(delivery.received_milliseconds), delivery.id);
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) throw Failure{path + ": " + std::strerror(errno)};
    std::string_view rest = delivery.request;
    while (!rest.empty()) {
      const ssize_t n = ::write(fd, rest.data(), rest.size());
      if (n <= 0) {
        ::close(fd);
        throw Failure{path + ": " + std::strerror(errno)};
      }
      rest.remove_prefix(static_cast<std::size_t>(n));
    }
    if (::close(fd) != 0) throw Failure{path + ": " + std::strerror(errno)};
    ++written;
    if (static_cast<std::int64_t>(delivery.request.size()) < delivery.request_size) ++cut;
  });
  print_note(fmt::format("{} deliveries written to {}", written, folder));
  if (cut > 0)
    print_warning(
        fmt::format("{} rejected deliveries were kept only in part (their first 64 KiB)", cut));
  return exit_success;
}

std::int64_t age_option(const char* name, const std::string& text) {
  auto age = util::parse_duration(text);
  if (!age || *age <= 0)
    throw Failure{fmt::format("{} {}: expected an age such as 90d or 12h", name, text)};
  return util::now_epoch_milliseconds() - *age;
}

int prune_store(store::DeliveryStore& store, const StoreCommandOptions& options) {
  const std::int64_t cut = age_option("--older-than", options.older_than);
  std::optional<std::int64_t> keep_failed;
  if (!options.keep_failed.empty()) keep_failed = age_option("--keep-failed", options.keep_failed);
  const store::PruneCounts counts = store.prune(cut, keep_failed);
  print_note(fmt::format("{}: {} deliveries and {} batches deleted", store.description(),
                         counts.deliveries, counts.batches));
  return exit_success;
}

std::string quoted(std::string_view text) {
  std::string out;
  util::append_json_string(out, text);
  return out;
}

std::string time_or_none(const std::optional<std::int64_t>& time) {
  return time ? util::format_rfc3339(*time) : std::string("none");
}

int print_stats(store::DeliveryStore& store, bool json) {
  const store::StoreStats s = store.stats();
  if (json) {
    write_stdout(fmt::format(
        "{{\"format\":\"autosana-webhook.store-stats/1\",\"engine\":{},\"store\":{},"
        "\"schema_version\":{},\"deliveries\":{{\"total\":{},\"verified\":{},\"unsigned\":{},"
        "\"unchecked\":{},\"rejected\":{},\"receipts\":{}}},\"batches\":{},\"failed_batches\":{},"
        "\"flows\":{},"
        "\"lanes\":{},\"oldest\":{},\"newest\":{},\"bytes\":{}}}\n",
        quoted(store.engine()), quoted(store.description()), s.schema_version, s.deliveries,
        s.verified, s.unsigned_, s.unchecked, s.rejected, s.receipts, s.batches, s.failed_batches,
        s.flows, s.lanes,
        s.oldest_milliseconds ? quoted(util::format_rfc3339(*s.oldest_milliseconds)) : "null",
        s.newest_milliseconds ? quoted(util::format_rfc3339(*s.newest_milliseconds)) : "null",
        s.bytes));
    return exit_success;
  }
  write_stdout(fmt::format(
      "store       {} ({}, schema {})\n"
      "deliveries  {} ({} verified, {} unsigned, {} signed but not checked, {} rejected; {} "
      "receipts with retries)\n"
      "batches     {} ({} failed) on {} lanes, {} flows\n"
      "span        {} to {}\n"
      "size        {}\n",
      store.description(), store.engine(), s.schema_version, s.deliveries, s.verified, s.unsigned_,
      s.unchecked, s.rejected, s.receipts, s.batches, s.failed_batches, s.lanes, s.flows,
      time_or_none(s.oldest_milliseconds), time_or_none(s.newest_milliseconds),
      s.bytes >= 0 ? fmt::format("{:.1f} MiB", static_cast<double>(s.bytes) / (1 << 20))
                   : std::string("unknown")));
  return exit_success;
}

int run_store(const CLI::App& command, const std::string& action,
              const StoreCommandOptions& options) {
  auto store = open_chosen_store(options.store);
  try {
    if (action == "import") return import_into(command, *store, options);
    if (action == "export")
      return options.format == "http" ? export_http(*store, options.output) : export_ndjson(*store);
    if (action == "prune") return prune_store(*store, options);
    return print_stats(*store, options.json);
  } catch (const store::StoreError& error) {
    throw Failure{error.what()};
  }
}
}  // namespace

StoreRunners store_runners() {
  StoreRunners runners;
  runners.hand_over = [] {};
  runners.read_history = read_history_from_store;
  runners.previous_payload = previous_payload;
  runners.store = run_store;
  return runners;
}

}  // namespace cli

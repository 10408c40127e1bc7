#include "store/group_commit.hpp"

#include <pthread.h>

#include <vector>

namespace store {

struct GroupCommit::Waiting {
  std::shared_ptr<DeliveryToStore> delivery;
  std::function<void(CommitOutcome)> done;
};

GroupCommit::GroupCommit(std::unique_ptr<DeliveryStore> store)
    : store_(std::move(store)), writer_([this] { write_loop(); }) {}

GroupCommit::~GroupCommit() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_writer_.notify_one();
  writer_.join();
}

void GroupCommit::store_then(std::shared_ptr<DeliveryToStore> delivery,
                             std::function<void(CommitOutcome)> done) {
  prepare(*delivery);
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    waiting_.push_back(Waiting{std::move(delivery), std::move(done)});
  }
  wake_writer_.notify_one();
}

void GroupCommit::note_forward_answer(std::int64_t delivery, int status,
                                      std::int64_t microseconds) {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    forward_answers_.emplace_back(delivery, status, microseconds);
  }
  wake_writer_.notify_one();
}

void GroupCommit::write_loop() {
  // Named, so that top -H and the benchmarks tell the writer's time from the event loop's.
  pthread_setname_np(pthread_self(), "store-writer");
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    wake_writer_.wait(lock,
                      [&] { return stopping_ || !waiting_.empty() || !forward_answers_.empty(); });
    if (waiting_.empty() && forward_answers_.empty()) return;  // stopping, nothing left
    std::vector<Waiting> group(std::make_move_iterator(waiting_.begin()),
                               std::make_move_iterator(waiting_.end()));
    waiting_.clear();
    auto answers = std::move(forward_answers_);
    forward_answers_.clear();
    lock.unlock();
    std::vector<const DeliveryToStore*> deliveries;
    for (const Waiting& waiting : group) deliveries.push_back(waiting.delivery.get());
    std::vector<CommitOutcome> results(group.size());
    if (!deliveries.empty()) {
      // Two listeners on one PostgreSQL can deadlock on the same rows taken in another order:
      // the database ends one of the transactions, which is then tried again.
      for (int attempt = 1;; ++attempt) {
        try {
          const std::vector<StoreOutcome> outcomes = store_->put_deliveries(deliveries);
          for (std::size_t i = 0; i < group.size(); ++i) results[i] = {true, outcomes[i], {}};
          break;
        } catch (const StoreError& error) {
          if (error.busy() && attempt < 3) continue;
          for (CommitOutcome& result : results) result.error = error.what();
          break;
        } catch (const std::exception& error) {
          for (CommitOutcome& result : results) result.error = error.what();
          break;
        }
      }
    }
    for (const auto& [delivery, status, microseconds] : answers) {
      try {
        store_->set_forward_answer(delivery, status, microseconds);
      } catch (const std::exception&) {
        // Only the forward's status is lost; the delivery itself was committed before.
      }
    }
    for (std::size_t i = 0; i < group.size(); ++i) group[i].done(std::move(results[i]));
    lock.lock();
  }
}

}  // namespace store

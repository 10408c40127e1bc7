#include "store/group_commit.hpp"

#include <vector>

namespace store {

struct GroupCommit::Waiting {
  const DeliveryToStore* delivery = nullptr;
  CommitOutcome result;
  bool done = false;
  std::condition_variable wake;
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

CommitOutcome GroupCommit::store(const DeliveryToStore& delivery) {
  Waiting waiting;
  waiting.delivery = &delivery;
  std::unique_lock<std::mutex> lock(mutex_);
  waiting_.push_back(&waiting);
  wake_writer_.notify_one();
  waiting.wake.wait(lock, [&] { return waiting.done; });
  return std::move(waiting.result);
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
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    wake_writer_.wait(lock,
                      [&] { return stopping_ || !waiting_.empty() || !forward_answers_.empty(); });
    if (waiting_.empty() && forward_answers_.empty()) return;  // stopping, nothing left
    std::vector<Waiting*> group(waiting_.begin(), waiting_.end());
    waiting_.clear();
    auto answers = std::move(forward_answers_);
    forward_answers_.clear();
    lock.unlock();
    std::vector<const DeliveryToStore*> deliveries;
    for (Waiting* w : group) deliveries.push_back(w->delivery);
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
    lock.lock();
    for (std::size_t i = 0; i < group.size(); ++i) {
      group[i]->result = std::move(results[i]);
      group[i]->done = true;
      group[i]->wake.notify_one();
    }
  }
}

}  // namespace store

// Deliveries that arrive together are committed together: one writer thread takes whatever is
// waiting, stores it in one transaction (one sync to disk), and hands each delivery's outcome
// back. A handler answers only once its delivery is committed, so a 2xx means the delivery is on
// disk, and concurrent deliveries share the cost of the sync; no thread blocks meanwhile.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "store/delivery_store.hpp"

namespace store {

struct CommitOutcome {
  bool stored = false;
  StoreOutcome outcome;
  std::string error;  // when not stored: why, in one line
};

class GroupCommit {
 public:
  explicit GroupCommit(std::unique_ptr<DeliveryStore> store);
  ~GroupCommit();  // stores what is waiting, then stops
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  // Prepares the delivery on the calling thread (keys, compression) and returns; done is called
  // once, on the writer's thread, when it is committed or could not be (then nothing of it was
  // stored). It must be quick: it hands the outcome back to where it is awaited.
  void store_then(std::shared_ptr<DeliveryToStore> delivery,
                  std::function<void(CommitOutcome)> done);
  // Recorded after the answer; a failure here loses only the forward's status.
  void note_forward_answer(std::int64_t delivery, int status, std::int64_t microseconds);

 private:
  struct Waiting;
  void write_loop();

  std::unique_ptr<DeliveryStore> store_;
  std::mutex mutex_;
  std::condition_variable wake_writer_;
  std::deque<Waiting> waiting_;
  std::deque<std::tuple<std::int64_t, int, std::int64_t>> forward_answers_;
  bool stopping_ = false;
  std::thread writer_;
};

}  // namespace store

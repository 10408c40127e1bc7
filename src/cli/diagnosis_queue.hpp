// listen --explain's diagnoses, run one at a time on a thread of their own after the answer has
// been sent, so that a slow diagnosis never delays a delivery nor takes more than one core. A few
// may wait (bounded in number and in the bytes they hold); beyond that a diagnosis is skipped.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace cli {

class DiagnosisQueue {
 public:
  DiagnosisQueue(std::size_t max_waiting, std::size_t max_waiting_bytes);
  ~DiagnosisQueue();  // runs what is waiting, then stops
  DiagnosisQueue(const DiagnosisQueue&) = delete;
  DiagnosisQueue& operator=(const DiagnosisQueue&) = delete;

  // False when the queue is full: the job is dropped. bytes: what the job holds.
  bool submit(std::size_t bytes, std::function<void()> job);

 private:
  struct Waiting {
    std::size_t bytes;
    std::function<void()> job;
  };
  void run();

  const std::size_t max_waiting_;
  const std::size_t max_waiting_bytes_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Waiting> waiting_;
  std::size_t waiting_bytes_ = 0;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace cli

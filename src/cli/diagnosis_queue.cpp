#include "cli/diagnosis_queue.hpp"

namespace cli {

DiagnosisQueue::DiagnosisQueue(std::size_t max_waiting, std::size_t max_waiting_bytes)
    : max_waiting_(max_waiting), max_waiting_bytes_(max_waiting_bytes) {}

DiagnosisQueue::~DiagnosisQueue() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool DiagnosisQueue::submit(std::size_t bytes, std::function<void()> job) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_ || waiting_.size() >= max_waiting_ || waiting_bytes_ + bytes > max_waiting_bytes_)
      return false;
    waiting_.push_back({bytes, std::move(job)});
    waiting_bytes_ += bytes;
    // Started on first use: a listener that never diagnoses has no extra thread.
    if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
  }
  changed_.notify_one();
  return true;
}

void DiagnosisQueue::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    changed_.wait(lock, [this] { return stopping_ || !waiting_.empty(); });
    if (waiting_.empty()) return;  // stopping, and nothing left to run
    Waiting next = std::move(waiting_.front());
    waiting_.pop_front();
    lock.unlock();
    next.job();
    lock.lock();
    waiting_bytes_ -= next.bytes;  // counted until done: it holds its bytes while it runs
  }
}

}  // namespace cli

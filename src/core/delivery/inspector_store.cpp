#include "core/delivery/inspector_store.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace core {

InspectorStore::InspectorStore(std::size_t max_deliveries, std::uint64_t max_bytes)
    : max_deliveries_(std::max<std::size_t>(max_deliveries, 1)), max_bytes_(max_bytes) {}

std::uint64_t InspectorStore::add(InspectedDelivery delivery) {
  std::lock_guard<std::mutex> lock(mutex_);
  delivery.id = next_id_++;
  delivery.version = ++sequence_;
  held_bytes_ += delivery.held_bytes();
  deliveries_.push_back(std::move(delivery));
  evict();
  return deliveries_.back().id;
}

bool InspectorStore::update(std::uint64_t id,
                            const std::function<void(InspectedDelivery&)>& change) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = std::lower_bound(
      deliveries_.begin(), deliveries_.end(), id,
      [](const InspectedDelivery& delivery, std::uint64_t wanted) { return delivery.id < wanted; });
  if (found == deliveries_.end() || found->id != id) return false;
  held_bytes_ -= found->held_bytes();
  change(*found);
  found->version = ++sequence_;
  held_bytes_ += found->held_bytes();
  evict();
  return true;
}

// The oldest go while there are too many or they hold too much; the newest always stays.
void InspectorStore::evict() {
  while (deliveries_.size() > 1 &&
         (deliveries_.size() > max_deliveries_ || held_bytes_ > max_bytes_)) {
    held_bytes_ -= deliveries_.front().held_bytes();
    dropped_up_to_ = std::max(dropped_up_to_, deliveries_.front().version);
    deliveries_.pop_front();
  }
}

std::optional<InspectedDelivery> InspectorStore::find(std::uint64_t id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const InspectedDelivery& delivery : deliveries_)
    if (delivery.id == id) return delivery;
  return std::nullopt;
}

std::vector<InspectedDelivery> InspectorStore::newest(std::size_t limit) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<InspectedDelivery> list;
  for (auto it = deliveries_.rbegin(); it != deliveries_.rend() && list.size() < limit; ++it)
    list.push_back(*it);
  return list;
}

std::uint64_t InspectorStore::sequence() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return sequence_;
}

std::string InspectorStore::events_after(std::uint64_t& cursor, std::size_t max_events) const {
  std::vector<const InspectedDelivery*> changed;
  std::lock_guard<std::mutex> lock(mutex_);
  if (cursor >= sequence_) {
    cursor = std::min(cursor, sequence_);
    return {};
  }
  bool reload = cursor < dropped_up_to_;  // a change the page never saw is gone
  for (const InspectedDelivery& delivery : deliveries_)
    if (delivery.version > cursor) changed.push_back(&delivery);
  reload = reload || changed.size() > max_events;
  cursor = sequence_;
  if (reload) return fmt::format("event: reload\nid: {}\ndata: {{}}\n\n", sequence_);
  std::sort(changed.begin(), changed.end(),
            [](const InspectedDelivery* a, const InspectedDelivery* b) {
              return a->version < b->version;
            });
  std::string text;
  for (const InspectedDelivery* delivery : changed)
    text += fmt::format("event: delivery\nid: {}\ndata: {}\n\n", delivery->version,
                        render_inspected_row(*delivery));
  return text;
}

}  // namespace core

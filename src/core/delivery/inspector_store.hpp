// The deliveries the inspector page shows, newest last, bounded in number and in bytes held (the
// oldest go first). Every change takes the next sequence number, so a page's event stream asks
// for "what changed after N" and the store keeps no queue per page. Safe from any thread.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/delivery/delivery_inspection.hpp"

namespace core {

class InspectorStore {
 public:
  InspectorStore(std::size_t max_deliveries, std::uint64_t max_bytes);

  // Adds it with the next id; returns the id.
  std::uint64_t add(InspectedDelivery delivery);
  // Changes a delivery still held; false when it has been dropped.
  bool update(std::uint64_t id, const std::function<void(InspectedDelivery&)>& change);
  std::optional<InspectedDelivery> find(std::uint64_t id) const;
  // The newest first, at most `limit`.
  std::vector<InspectedDelivery> newest(std::size_t limit) const;
  std::uint64_t sequence() const;

  // Server-Sent Events for what changed after `cursor` (one "delivery" event per delivery, with
  // its row as data and its version as id), or one "reload" event when more than `max_events`
  // changed or the page fell behind what is held. Moves the cursor on; empty when nothing changed.
  std::string events_after(std::uint64_t& cursor, std::size_t max_events = 200) const;

 private:
  void evict();

  std::size_t max_deliveries_;
  std::uint64_t max_bytes_;
  mutable std::mutex mutex_;
  std::deque<InspectedDelivery> deliveries_;  // ascending id
  std::uint64_t held_bytes_ = 0;
  std::uint64_t next_id_ = 1;
  std::uint64_t sequence_ = 0;
  std::uint64_t dropped_up_to_ = 0;  // the sequence number of the last change a drop lost
};

}  // namespace core

#include "core/delivery/save_quota.hpp"

#include <algorithm>
#include <utility>

#include <fmt/core.h>

namespace core {

SaveQuota::SaveQuota(std::uint64_t max_bytes, std::uint64_t max_rejected_bytes)
    : max_bytes_(max_bytes), max_rejected_bytes_(std::min(max_rejected_bytes, max_bytes)) {}

void SaveQuota::saved(SavedFile file) {
  used_ += file.size;
  if (!file.rejected) return;
  rejected_used_ += file.size;
  rejected_.push_back(std::move(file));
}

void SaveQuota::drop_oldest_rejected(SaveDecision& decision) {
  SavedFile& oldest = rejected_.front();
  used_ -= oldest.size;
  rejected_used_ -= oldest.size;
  decision.remove.push_back(std::move(oldest.name));
  rejected_.pop_front();
}

SaveDecision SaveQuota::make_room(std::uint64_t size, bool rejected) {
  SaveDecision decision;
  if (rejected) {
    if (size > max_rejected_bytes_) {
      decision.reason =
          fmt::format("larger than the {} bytes rejected deliveries may take", max_rejected_bytes_);
      return decision;
    }
    while (rejected_used_ + size > max_rejected_bytes_ && !rejected_.empty())
      drop_oldest_rejected(decision);
  }
  while (used_ + size > max_bytes_ && !rejected_.empty()) drop_oldest_rejected(decision);
  if (used_ + size > max_bytes_) {
    decision.reason =
        fmt::format("the folder holds {} bytes of {} allowed (--save-max)", used_, max_bytes_);
    return decision;
  }
  decision.save = true;
  return decision;
}

}  // namespace core

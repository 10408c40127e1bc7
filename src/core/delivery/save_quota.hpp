// What listen --save may keep: a quota on the folder (--save-max), within which rejected
// deliveries (anyone can send them) have a share of their own. When a new file does not fit, the
// oldest rejected files go first; a verified delivery is never dropped to make room, and a rejected
// one never displaces a verified one. Only the decision lives here; the caller removes and writes.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace core {

struct SavedFile {
  std::string name;
  std::uint64_t size = 0;
  bool rejected = false;
};

struct SaveDecision {
  bool save = false;
  std::vector<std::string> remove;  // oldest rejected files to delete first, oldest first
  std::string reason;               // when not saved, for a person
};

class SaveQuota {
 public:
  // max_rejected_bytes is at most max_bytes.
  SaveQuota(std::uint64_t max_bytes, std::uint64_t max_rejected_bytes);

  // Room for a new file of this size: the files to remove (taken out of the account at once) and
  // whether it may then be written. The caller calls saved() once it is.
  SaveDecision make_room(std::uint64_t size, bool rejected);
  // A file written, or one that was already in the folder (given oldest first).
  void saved(SavedFile file);

  std::uint64_t used_bytes() const { return used_; }
  std::uint64_t rejected_bytes() const { return rejected_used_; }

 private:
  void drop_oldest_rejected(SaveDecision& decision);

  std::uint64_t max_bytes_;
  std::uint64_t max_rejected_bytes_;
  std::uint64_t used_ = 0;
  std::uint64_t rejected_used_ = 0;
  std::deque<SavedFile> rejected_;  // oldest first; verified files are only counted
};

// The share of --save-max that rejected deliveries may take.
inline constexpr unsigned rejected_share_percent = 10;

}  // namespace core

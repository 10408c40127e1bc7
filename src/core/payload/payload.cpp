#include "core/payload/payload.hpp"

namespace core {

const SummaryCountField summary_count_fields[9] = {
    {"total_groups", &Summary::total_groups},   {"passed_groups", &Summary::passed_groups},
    {"failed_groups", &Summary::failed_groups}, {"total_flows", &Summary::total_flows},
    {"passed_flows", &Summary::passed_flows},   {"failed_flows", &Summary::failed_flows},
    {"error_flows", &Summary::error_flows},     {"terminated_flows", &Summary::terminated_flows},
    {"skipped_flows", &Summary::skipped_flows},
};

bool is_known_status(std::string_view status) {
  // Documented final statuses, and those a batch that is not complete may still show.
  for (std::string_view known :
       {"passed", "failed", "error", "terminated", "skipped", "running", "pending", "queued"})
    if (status == known) return true;
  return false;
}

}  // namespace core

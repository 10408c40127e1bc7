// libFuzzer target: a body as listen receives it, checked (unverified, then against a secret with
// a signature taken from the input) and rendered as its text line and JSON record.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/delivery_check.hpp"
#include "core/delivery_log.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::vector<core::Secret> secrets{{"--secret-env FUZZ", "fuzz-secret"}};
  const auto signature = input.substr(0, std::min<std::size_t>(size, 71));
  for (const auto& check : {core::check_delivery(input, std::nullopt, {}),
                            core::check_delivery(input, signature, secrets)}) {
    core::DeliveryRecord record;
    record.outcome = check.verdict == core::DeliveryVerdict::rejected
                         ? core::DeliveryOutcome::rejected
                         : core::DeliveryOutcome::unverified;
    record.summary = check.summary;
    record.payload_problem = check.payload_problem;
    record.target = std::string(input.substr(0, 32));
    core::TextStyle unicode;
    unicode.unicode = true;
    const std::string line = core::render_delivery_line(record, unicode);
    // Whatever the body says, the line cannot carry a control character but its own newline.
    for (std::size_t i = 0; i + 1 < line.size(); ++i)
      if (static_cast<unsigned char>(line[i]) < 0x20 && line[i] != '\n') __builtin_trap();
    (void)core::render_delivery_json(record);
  }
  return 0;
}

// libFuzzer target: a request as listen receives it, judged as listen judges it (unverified, then
// against a secret with a signature header taken from the input, then with a maximum age) and
// rendered as its text line (no control character but its newline) and JSON record (one line that
// parses).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/delivery/delivery_check.hpp"
#include "core/delivery/delivery_log.hpp"
#include "output_checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::vector<core::Secret> secrets{{"--secret-env FUZZ", "fuzz-secret"}};
  core::HttpRequest request;
  request.method = "POST";
  request.target = std::string(input.substr(0, 32));
  request.headers.emplace_back("X-Autosana-Signature-256",
                               std::string(input.substr(0, std::min<std::size_t>(size, 71))));
  // A leading 'g' makes the body claim gzip, so the decoding paths are fuzzed too.
  if (!input.empty() && input.front() == 'g')
    request.headers.emplace_back("Content-Encoding", "gzip");
  request.body = std::string(input);
  core::DeliveryPolicy policy;
  policy.max_body = 1 << 20;
  core::DeliveryPolicy with_age = policy;
  with_age.max_age_milliseconds = 300000;
  with_age.now_milliseconds = 1738326896789;  // the sample payload's time
  core::TextStyle unicode;
  unicode.unicode = true;
  for (const auto& judgement :
       {core::judge_delivery(request, {}, policy), core::judge_delivery(request, secrets, policy),
        core::judge_delivery(request, secrets, with_age)}) {
    core::DeliveryRecord record;
    record.target = request.target;
    core::record_judgement(record, judgement);
    const std::string line = core::render_delivery_line(record, unicode);
    // Whatever the body says, the line cannot carry a control character but its own newline.
    for (std::size_t i = 0; i + 1 < line.size(); ++i)
      if (static_cast<unsigned char>(line[i]) < 0x20 && line[i] != '\n') __builtin_trap();
    fuzz::require(fuzz::is_json(core::render_delivery_json(record), true));
  }
  return 0;
}

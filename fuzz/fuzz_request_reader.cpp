// libFuzzer target: the request reader listen runs on every connection's bytes (over Beast), fed
// in pieces as a network delivers them, and the saved form of what it accepts, which verify
// --request and send --request must read back as it was received.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/http/http_request.hpp"
#include "net/request_reader.hpp"
#include "output_checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t step = 1 + data[0] % 97;  // how the bytes arrive
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  net::RequestReader reader({2048, 20, 4096});
  std::string pending;
  std::size_t offset = 0;
  for (int requests = 0; requests < 8;) {
    pending.erase(0, reader.feed(pending));
    switch (reader.progress()) {
      case net::RequestReader::Progress::head_complete: continue;
      case net::RequestReader::Progress::failed:
        if (reader.problem().status < 400 || reader.problem().reason.empty()) __builtin_trap();
        return 0;
      case net::RequestReader::Progress::complete:
        if (reader.request().body.size() > input.size()) __builtin_trap();
        fuzz::require_saved_form_reads_back(reader.request());
        reader.reset();
        ++requests;
        continue;
      case net::RequestReader::Progress::need_more:
        if (pending.size() > 2048 + 97) __builtin_trap();  // the head is bounded
        if (offset == input.size()) {
          reader.end_of_input();
          return 0;
        }
        pending += input.substr(offset, step);
        offset += std::min(step, input.size() - offset);
        continue;
    }
  }
  return 0;
}

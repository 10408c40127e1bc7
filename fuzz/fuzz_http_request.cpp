// libFuzzer target: raw HTTP requests as verify --request reads them, and as listen --save
// writes them back: the method, target, fields and body read back the same.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/http/http_request.hpp"
#include "output_checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto request =
      core::parse_http_request(std::string_view(reinterpret_cast<const char*>(data), size));
  if (request) {
    (void)request->header("X-Autosana-Signature-256");
    if (request->body.size() > size) __builtin_trap();  // a body can only shrink when de-chunked
    fuzz::require_saved_form_reads_back(*request);
  }
  return 0;
}

// libFuzzer target: the streaming JSON reader, the payload validator and the JSON writers, on
// arbitrary bytes. The first byte picks strict mode and the output style.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/payload_validator.hpp"
#include "util/json_reader.hpp"
#include "util/json_writer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t options = data[0];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  core::PayloadValidator validator({(options & 1) != 0, 100});
  std::size_t written = 0;
  util::JsonWriter writer([&](std::string_view bytes) { written += bytes.size(); },
                          (options & 2) != 0);
  util::JsonFlatWriter flat([&](std::string_view bytes) { written += bytes.size(); });
  util::JsonTee outputs(writer, flat);
  util::JsonTee both(validator, outputs);
  util::JsonLimits limits;
  limits.max_depth = 64;
  limits.max_string_bytes = 4096;
  util::JsonReader reader(both, limits);
  if (reader.parse(text)) {
    validator.finish();
    writer.flush();
    flat.flush();
  }
  return 0;
}

// libFuzzer target: the streaming JSON reader, the payload validator and the JSON writers, on
// arbitrary bytes. The first byte picks strict mode and the output style. What the reader takes,
// the writers write as JSON that reads back, and their normal form is a fixed point: read again,
// it is written the same, flat and normalised, and the validator's verdict does not change.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/payload/payload_validator.hpp"
#include "output_checks.hpp"
#include "util/json_reader.hpp"
#include "util/json_writer.hpp"

namespace {
struct Outputs {
  bool parsed = false;
  bool valid = false;
  std::string normal;
  std::string flat;
};

Outputs read_and_write(std::string_view text, bool strict, bool compact) {
  Outputs out;
  core::PayloadValidator validator({strict, 100});
  util::JsonWriter writer([&](std::string_view bytes) { out.normal.append(bytes); }, compact);
  util::JsonFlatWriter flat([&](std::string_view bytes) { out.flat.append(bytes); });
  util::JsonTee outputs(writer, flat);
  util::JsonTee both(validator, outputs);
  util::JsonLimits limits;
  limits.max_depth = 64;
  limits.max_string_bytes = 4096;
  util::JsonReader reader(both, limits);
  out.parsed = reader.parse(text);
  if (out.parsed) {
    validator.finish();
    writer.flush();
    flat.flush();
    out.valid = validator.valid();
  }
  return out;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t options = data[0];
  const bool strict = (options & 1) != 0, compact = (options & 2) != 0;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  const Outputs first = read_and_write(text, strict, compact);
  if (!first.parsed) return 0;
  // (Read back by the same RFC 8259 reader, not by nlohmann/json: numbers pass through as they
  // came, and 1e999999 is JSON that nlohmann refuses as out of its range.)
  const Outputs again = read_and_write(first.normal, strict, compact);
  fuzz::require(again.parsed && again.valid == first.valid && again.normal == first.normal &&
                again.flat == first.flat);
  return 0;
}

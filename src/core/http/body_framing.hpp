// Where a request's body ends, as its Transfer-Encoding and Content-Length headers say
// (RFC 9112, section 6.3). One judgement for saved requests and for listen, so that a delivery
// listen accepts reads back the same way from the file it saved.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "util/expected.hpp"

namespace core {

struct BodyFraming {
  enum class Kind { chunked, length, unstated };
  Kind kind = Kind::unstated;
  std::uint64_t length = 0;   // Kind::length
  bool only_chunked = false;  // Kind::chunked: no transfer coding but chunked is applied
};

// The values of every Transfer-Encoding and every Content-Length header. Fails on a final
// transfer coding other than chunked, on a length beside chunking, on two different lengths
// and on a length that is not a decimal number.
util::Expected<BodyFraming> read_body_framing(const std::vector<std::string>& transfer_encodings,
                                              const std::vector<std::string>& content_lengths);

}  // namespace core

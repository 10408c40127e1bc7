#include "store/blob_compression.hpp"

#include <zlib.h>

#include "util/decompress.hpp"

namespace store {

std::string deflate_blob(std::string_view bytes) {
  uLongf size = compressBound(static_cast<uLong>(bytes.size()));
  std::string out(size, '\0');
  // Level 1: most of the saving for a fraction of the time; listen compresses on its workers.
  const int code =
      compress2(reinterpret_cast<Bytef*>(out.data()), &size,
                reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uLong>(bytes.size()), 1);
  if (code != Z_OK) throw std::bad_alloc();
  out.resize(size);
  return out;
}

util::Expected<std::string> inflate_blob(std::string_view stored) {
  util::Decompressed inflated =
      util::decompress(stored, util::Compression::deflate, max_inflated_blob);
  if (inflated.outcome != util::Decompressed::Outcome::done)
    return util::unexpected("a stored blob is damaged (" + inflated.reason + ")");
  return std::move(inflated.bytes);
}

}  // namespace store

#include "store/blob_compression.hpp"

#include <zlib.h>

#include <new>
#include <stdexcept>

#include "util/decompress.hpp"

namespace store {

namespace {
// One compressor per thread, reset between blobs: a new one costs a quarter of a megabyte of
// allocation each time, which the allocator hands back to the system (and every core's TLB).
class Compressor {
 public:
  Compressor() {
    // Level 1: most of the saving for a fraction of the time.
    ready_ = deflateInit(&stream_, 1) == Z_OK;
  }
  ~Compressor() {
    if (ready_) deflateEnd(&stream_);
  }
  Compressor(const Compressor&) = delete;
  Compressor& operator=(const Compressor&) = delete;

  std::string deflate(std::string_view bytes) {
    if (!ready_ || deflateReset(&stream_) != Z_OK) throw std::bad_alloc();
    std::string out(deflateBound(&stream_, static_cast<uLong>(bytes.size())), '\0');
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    stream_.avail_in = static_cast<uInt>(bytes.size());
    stream_.next_out = reinterpret_cast<Bytef*>(out.data());
    stream_.avail_out = static_cast<uInt>(out.size());
    // The bound is enough for one call to finish.
    if (::deflate(&stream_, Z_FINISH) != Z_STREAM_END) throw std::bad_alloc();
    out.resize(stream_.total_out);
    return out;
  }

 private:
  z_stream stream_{};
  bool ready_ = false;
};
}  // namespace

std::string deflate_blob(std::string_view bytes) {
  if (bytes.size() > max_inflated_blob) throw std::length_error("a blob too large to keep");
  thread_local Compressor compressor;
  return compressor.deflate(bytes);
}

util::Expected<std::string> inflate_blob(std::string_view stored) {
  util::Decompressed inflated =
      util::decompress(stored, util::Compression::deflate, max_inflated_blob);
  if (inflated.outcome != util::Decompressed::Outcome::done)
    return util::unexpected("a stored blob is damaged (" + inflated.reason + ")");
  return std::move(inflated.bytes);
}

}  // namespace store

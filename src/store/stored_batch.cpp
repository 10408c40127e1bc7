#include "store/stored_batch.hpp"

#include "store/blob_compression.hpp"

#include "core/history/flow_history.hpp"
#include "core/payload/payload_validator.hpp"
#include "core/signing/hmac.hpp"
#include "util/hex.hpp"
#include "util/json_reader.hpp"
#include "util/rfc3339.hpp"

namespace store {

namespace {
void append_part(std::string& out, std::string_view part) {
  // Length-prefixed, so that no two different lists of parts make the same text.
  out += std::to_string(part.size());
  out += ':';
  out += part;
}

void put_varint(std::string& out, std::uint64_t value) {
  while (value >= 0x80) {
    out += static_cast<char>((value & 0x7f) | 0x80);
    value >>= 7;
  }
  out += static_cast<char>(value);
}

bool get_varint(std::string_view& in, std::uint64_t& value) {
  value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (in.empty()) return false;
    const auto byte = static_cast<unsigned char>(in.front());
    in.remove_prefix(1);
    value |= std::uint64_t{byte & 0x7fu} << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

bool get_text(std::string_view& in, std::string_view& text) {
  std::uint64_t size = 0;
  if (!get_varint(in, size) || size > in.size()) return false;
  text = in.substr(0, static_cast<std::size_t>(size));
  in.remove_prefix(static_cast<std::size_t>(size));
  return true;
}
}  // namespace

bool BatchToStore::failed() const {
  for (const StoredRun& run : runs)
    if (core::is_failure(core::outcome_of(run.status))) return true;
  return false;
}

std::string BatchToStore::key() const {
  if (prepared_key) return *prepared_key;
  if (batch_id) return "batch_id:" + *batch_id;
  std::string text;
  for (std::string_view part : {std::string_view(app_id), std::string_view(timestamp),
                                std::string_view(commit_sha), std::string_view(branch)})
    append_part(text, part);
  for (const StoredRun& run : runs) {
    append_part(text, run.group);
    append_part(text, run.name);
    append_part(text, run.status);
  }
  const core::Sha256Digest digest = core::sha256(text);
  return "sha256:" + util::to_hex(std::string_view(reinterpret_cast<const char*>(digest.data()),
                                                   digest.size()));
}

BatchToStore batch_of(const core::PayloadHeader& header, std::int64_t time_milliseconds,
                      const std::vector<core::RunGroup>& groups) {
  BatchToStore batch;
  batch.time_milliseconds = time_milliseconds;
  batch.timestamp = header.timestamp;
  batch.app_id = header.app.id;
  batch.app_name = header.app.name;
  if (header.git) {
    batch.branch = header.git->branch;
    batch.commit_sha = header.git->commit_sha;
  }
  batch.batch_id = header.batch_id;
  batch.is_complete = header.is_complete;
  for (const core::RunGroup& group : groups)
    for (const core::Run& run : group.runs)
      batch.runs.push_back(StoredRun{group.name, run.name, run.status, run.url});
  return batch;
}

std::optional<BatchToStore> read_batch(std::string_view payload) {
  std::vector<core::RunGroup> groups;
  core::PayloadValidator validator({}, [&](core::RunGroup&& group, const core::PayloadHeader&) {
    groups.push_back(std::move(group));
  });
  util::JsonReader reader(validator);
  if (!reader.parse(payload)) return std::nullopt;
  validator.finish();
  if (!validator.valid()) return std::nullopt;
  const auto time = util::parse_rfc3339(validator.header().timestamp);
  if (!time) return std::nullopt;
  BatchToStore batch = batch_of(validator.header(), *time, groups);
  batch.payload = std::string(payload);
  return batch;
}

std::string BatchToStore::deflated_payload() const {
  return prepared_payload ? *prepared_payload : deflate_blob(payload);
}

std::string DeliveryToStore::key() const {
  if (prepared_key) return *prepared_key;
  std::string text;
  append_part(text, signature);
  append_part(text, body);
  const core::Sha256Digest digest = core::sha256(text);
  return util::to_hex(
      std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

void prepare(BatchToStore& batch) {
  batch.prepared_key = batch.key();
  batch.prepared_payload = batch.deflated_payload();
}

void prepare(DeliveryToStore& delivery) {
  delivery.prepared_key = delivery.key();
  if (delivery.batch) prepare(*delivery.batch);
}

void encode_run(std::string& out, std::int64_t flow, std::string_view status,
                std::string_view url) {
  put_varint(out, static_cast<std::uint64_t>(flow));
  put_varint(out, status.size());
  out += status;
  put_varint(out, url.size());
  out += url;
}

bool decode_runs(std::string_view blob, std::vector<EncodedRun>& runs) {
  runs.clear();
  while (!blob.empty()) {
    std::uint64_t flow = 0;
    EncodedRun run;
    if (!get_varint(blob, flow) || !get_text(blob, run.status) || !get_text(blob, run.url) ||
        flow > static_cast<std::uint64_t>(INT64_MAX))
      return false;
    run.flow = static_cast<std::int64_t>(flow);
    runs.push_back(run);
  }
  return true;
}

void encode_url(std::string& out, std::string_view url) {
  put_varint(out, url.size());
  out += url;
}

bool decode_urls(std::string_view blob, std::vector<EncodedRun>& runs) {
  for (EncodedRun& run : runs)
    if (!get_text(blob, run.url)) return false;
  return blob.empty();
}

}  // namespace store

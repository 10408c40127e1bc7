// What the store keeps of one batch and one delivery, and the compact form of a batch's runs: a
// blob per batch (each run's flow id, status and URL) rather than a row per run, so that a
// window of a thousand batches is a thousand rows read off one index, and history parses no JSON.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/payload/payload.hpp"
#include "util/expected.hpp"

namespace store {

struct StoredRun {
  std::string group;
  std::string name;
  std::string status;
  std::string url;
};

struct BatchToStore {
  std::int64_t time_milliseconds = 0;
  std::string timestamp;  // as the payload writes it
  std::string app_id;
  std::string app_name;
  std::string branch;  // "" without git metadata
  std::string commit_sha;
  std::optional<std::string> batch_id;
  std::optional<bool> is_complete;
  bool verified = false;  // a secret proved it; otherwise it came unsigned (or from a file)
  std::string payload;    // the payload's JSON
  std::vector<StoredRun> runs;
  bool failed() const;  // any run failed, errored or was terminated
  // The same batch delivered again has the same key: its batch_id when it has one, otherwise a
  // digest of its app, time, commit, branch and runs. The one prepare() worked out, if it ran.
  std::string key() const;
  std::string deflated_payload() const;  // the payload as kept, prepared or deflated now
  // Worked out ahead by prepare(), on the thread that made the batch, so that the writer others
  // wait on only inserts.
  std::optional<std::string> prepared_key;
  std::optional<std::string> prepared_payload;  // deflated
};

// The batch of a payload: header plus the groups the validator handed over.
BatchToStore batch_of(const core::PayloadHeader& header, std::int64_t time_milliseconds,
                      const std::vector<core::RunGroup>& groups);

// The batch of a payload's JSON, when it is a valid payload with a timestamp.
std::optional<BatchToStore> read_batch(std::string_view payload);

struct DeliveryToStore {
  std::int64_t received_milliseconds = 0;
  std::string remote;              // the sender's address and port
  std::string request;             // as received: request line, fields in order, body
  std::uint64_t request_size = 0;  // bytes received (more than request.size() when cut)
  std::string verdict;             // "verified", "unsigned", "rejected"
  int status = 0;                  // the answer
  std::string reason;
  std::string signature;  // the signature field's value, part of what identifies a delivery
  std::string body;       // as received (encoded or not), for the same
  std::optional<BatchToStore> batch;
  // A retry of a delivery is the same body under the same signature (the request line and the
  // other fields may differ from one attempt to the next). The one prepare() worked out, if it ran.
  std::string key() const;
  std::optional<std::string> prepared_key;  // by prepare()
};

// Computes the keys and compresses the payload now, off the writer's thread.
void prepare(BatchToStore& batch);
void prepare(DeliveryToStore& delivery);

// A flow is stored once, by id: the runs blob refers to it.
struct EncodedRun {
  std::int64_t flow = 0;
  std::string_view status;
  std::string_view url;
};
void encode_run(std::string& out, std::int64_t flow, std::string_view status, std::string_view url);
// Every run of a blob into runs (views of the blob); false when the blob is damaged.
bool decode_runs(std::string_view blob, std::vector<EncodedRun>& runs);
// A batch's URLs are kept apart from its runs (run_urls), one for each run in the same order, so
// that a window reads them only for the batches it links to. (Stores of schema 1 keep each URL in
// its run; those rows have no run_urls.)
void encode_url(std::string& out, std::string_view url);
// Sets each run's url from the blob; false when the blob is damaged or does not match the runs.
bool decode_urls(std::string_view blob, std::vector<EncodedRun>& runs);

}  // namespace store

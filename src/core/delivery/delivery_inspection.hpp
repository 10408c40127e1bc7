// One delivery as the inspector page (listen --inspect) shows it: what listen decided, the
// request as received, the diagnosis, the forward target's answer and any replays; and the JSON
// the page reads, a short row for the live list and the whole details. Everything in it came over
// the network: the JSON carries it as text, and the page never treats it as markup.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/delivery/body_diff.hpp"
#include "core/delivery/delivery_log.hpp"
#include "core/explain/explain.hpp"
#include "core/http/http_request.hpp"

namespace core {

// An answer from the --forward target, to the delivery itself or to a replay of it.
struct ForwardExchange {
  std::string time_utc;
  std::optional<int> status;  // none: error says why
  HeaderList headers;
  std::string body;
  std::string error;
  double milliseconds = 0;  // the handler's response time
};

struct InspectedDelivery {
  std::uint64_t id = 0;
  std::uint64_t version = 0;  // the store's sequence number at its last change
  bool earlier = false;       // read from --save at start, not received by this run
  DeliveryRecord record;
  std::shared_ptr<const HttpRequest> request;  // as received; none for a refused request
  bool explanation_pending = false;
  std::vector<Finding> explanation;
  std::optional<ForwardExchange> forward;
  std::vector<ForwardExchange> replays;
  // An edit of another delivery (the page's Edit and replay): which one, whether it was signed
  // again, and what changed in the body (as pretty-printed JSON when both bodies are JSON).
  std::optional<std::uint64_t> edited_from;
  bool resigned = false;
  std::vector<DiffLine> body_diff;
  bool diff_of_pretty_json = false;
  // What a rejected delivery's body claims to be (app, branch, commit) when it reads as a
  // payload: listed, marked unverified, so that a rejected row is not blank. Never its batch.
  std::optional<PayloadHeader> claimed;
  // What it holds in memory, for the store's bound.
  std::uint64_t held_bytes() const;
};

// How to send the delivery again, for the page's "copy" buttons, and what it must never show.
struct ReplayCommands {
  std::string endpoint_url;  // listen's own endpoint, e.g. "http://127.0.0.1:8787/"
  bool can_replay = false;   // a --forward target is set
  bool can_resign = false;   // listen has a secret to sign an edited body with
  // Applied to every text the details carry (a sender may echo a secret back).
  std::function<std::string(std::string)> redact;
  // A body is decoded for the page within listen's --max-body, as it was judged: a saved bomb
  // must not take the listener's memory when it is opened.
  std::size_t max_decoded_body = std::size_t{10} << 20;
};

// One object: id, time, verdict, status, app, branch, counts, forward status.
std::string render_inspected_row(const InspectedDelivery& delivery);
// One object: the row, the batch (failed groups first, every run with its status and URL), the
// diagnosis, request line and headers as received, the body (pretty-printed JSON, or where its
// syntax fails), a hex dump of the raw request, the forward answer and replays, and commands.
std::string render_inspected_details(const InspectedDelivery& delivery,
                                     const ReplayCommands& commands);

// Notes what a rejected delivery claims to be (see InspectedDelivery::claimed), its body decoded
// within max_decoded_body; nothing for any other.
void note_unverified_claim(InspectedDelivery& delivery, std::size_t max_decoded_body);

// What an edit changed in the original's body (decoded within max_decoded_body): line by line,
// pretty-printed first when both are JSON, so that a changed value in a one-line payload is one
// changed line, not the whole body.
void diff_edited_body(InspectedDelivery& edited, const HttpRequest& original,
                      std::size_t max_decoded_body);

// `xxd`-like lines of at most `limit` bytes: offset, 16 bytes in hex, printable ASCII.
std::string hex_dump(std::string_view bytes, std::size_t limit);

}  // namespace core

#include "core/explain/explain.hpp"

#include <fmt/core.h>
#include <optional>
#include <utility>

#include "core/explain/body_changes.hpp"
#include "core/explain/digest_search.hpp"
#include "core/explain/json_styles.hpp"
#include "core/explain/secret_changes.hpp"
#include "core/explain/signature_mistakes.hpp"
#include "core/signing/hmac.hpp"
#include "util/json_reader.hpp"
#include "util/text.hpp"

namespace core {

namespace {
constexpr std::string_view other_secret_advice =
    "give the secret that matched, or update yours: the webhook's secret may have been rotated";

// Reads a document for its syntax alone.
class SyntaxOnly : public util::JsonHandler {
 public:
  void begin_object(const util::JsonPath&) override {}
  void key(const util::JsonPath&, std::string_view) override {}
  void end_object(const util::JsonPath&, std::size_t) override {}
  void begin_array(const util::JsonPath&) override {}
  void end_array(const util::JsonPath&, std::size_t) override {}
  void scalar(const util::JsonPath&, util::JsonScalarKind, std::string_view) override {}
};

// Where a body that stops in the middle of its JSON stops, or none when it does not.
std::optional<util::JsonSyntaxError> cut_short_json(std::string_view body) {
  const std::string_view content = util::trim_whitespace(body);
  if (content.empty() || (content.front() != '{' && content.front() != '['))
    return std::nullopt;  // not a JSON document at all
  SyntaxOnly ignore;
  util::JsonReader reader(ignore);
  if (reader.parse(body) || !reader.error()) return std::nullopt;
  const auto content_end = static_cast<std::size_t>(content.data() - body.data()) + content.size();
  if (reader.error()->offset < content_end) return std::nullopt;  // a fault before the end
  return reader.error();
}

class Diagnoser {
 public:
  explicit Diagnoser(const ExplainRequest& request) : request_(request) {
    if (request.secrets != nullptr) given_ = *request.secrets;
    if (request.other_secrets != nullptr)
      for (const Secret& secret : *request.other_secrets)
        if (!is_given_value(secret.value)) others_.push_back(secret);
  }

  Explanation run() {
    if (request_.body.size() > request_.max_body) {
      add("body_too_large",
          fmt::format("not explained: the body is {} bytes, more than the {} an explanation reads",
                      request_.body.size(), request_.max_body),
          "");
      return std::move(explanation_);
    }
    SignatureReading reading = read_signature(
        request_.signature, [this](std::string_view text) { return holds_secret(text); });
    const std::size_t mistakes = reading.mistakes.size();
    for (SignatureMistake& mistake : reading.mistakes)
      add(std::move(mistake.code), std::move(mistake.description), std::move(mistake.advice));
    bool proven = false;
    if (reading.kind == DigestKind::sha256) {
      DigestSearch search(reading.sha256, request_.budget);
      proven = diagnose(search, reading.sha256, reading.base64);
      explanation_.candidates_tried = search.candidates_tried();
      explanation_.bytes_hashed = search.hashed_bytes();
      if (!proven && search.incomplete())
        add("search_incomplete",
            fmt::format("the search stopped at its budget after {} candidates (the body is "
                        "large or deeply nested), so not every change was tried",
                        search.candidates_tried()),
            "");
    } else if (reading.kind == DigestKind::sha1) {
      proven = diagnose_sha1(reading.sha1);
    }
    if (!proven && reading.kind != DigestKind::sha1) add_unproven_hints();
    if (!proven && explanation_.findings.size() == mistakes &&
        (mistakes == 0 || reading.kind != DigestKind::none))
      add("no_known_cause",
          "no known cause: no common change to the body, the secret or the signature makes it "
          "match; the body was changed in another way, or the signature was made with another "
          "secret than the ones tried: the sender's, or your handler's",
          "check that the secret is this webhook's and that the handler verifies the raw body");
    return std::move(explanation_);
  }

 private:
  bool is_given_value(std::string_view value) const {
    for (const Secret& secret : given_)
      if (secret.value == value) return true;
    return false;
  }

  bool holds_secret(std::string_view text) const {
    for (const std::vector<Secret>* list : {&given_, &others_})
      for (const Secret& secret : *list)
        if (!secret.value.empty() && text.find(secret.value) != std::string_view::npos) return true;
    return false;
  }

  void add(std::string code, std::string text, std::string_view advice) {
    explanation_.findings.push_back({std::move(code), std::move(text), std::string(advice)});
  }

  static std::vector<std::string_view> keys_of(const std::vector<Secret>& secrets) {
    std::vector<std::string_view> keys;
    for (const Secret& secret : secrets) keys.push_back(secret.value);
    return keys;
  }

  BodyWriter body_as_received() const {
    const std::string_view body = request_.body;
    return [body](const ByteSink& sink) {
      util::PieceWriter out(sink);
      out.put(body);
      out.flush();
    };
  }

  // Proves a cause for a SHA-256 digest, the user's own secrets before any other.
  bool diagnose(DigestSearch& search, const Sha256Digest& digest, bool base64) {
    const BodyWriter as_received = body_as_received();
    const std::uint64_t size = request_.body.size();
    if (auto match = search.try_candidate(as_received, size, keys_of(given_))) {
      if (base64)
        add("signature_base64",
            "the signature is base64-encoded, not hex: decoded, it matches this body with the "
            "secret from " +
                given_[match->key].source,
            "write the digest as lowercase hex, as sha256=<hex>");
      else
        add("matches",
            "the signature then matches this body with the secret from " +
                given_[match->key].source,
            "");
      return true;
    }
    if (base64)
      add("signature_base64", "the signature looks base64-encoded rather than hex",
          "write the digest as lowercase hex, as sha256=<hex>");
    const bool proven = diagnose_digest(search, digest, as_received, size);
    if (base64 && !proven)
      explanation_.findings.pop_back();  // the base64 reading explained nothing
    return proven;
  }

  bool diagnose_digest(DigestSearch& search, const Sha256Digest& digest,
                       const BodyWriter& as_received, std::uint64_t size) {
    if (equal_in_constant_time(digest_bytes(sha256(request_.body)), digest_bytes(digest))) {
      add("signature_plain_sha256",
          "the signature is the plain SHA-256 of this body, not an HMAC: the sender hashed the "
          "body without the secret",
          "compute HMAC-SHA256 with the webhook's secret as the key");
      return true;
    }
    // The secrets given, as they were most likely meant: all tried in one pass over the body.
    std::vector<SecretChange> secret_variants;
    for (const Secret& secret : given_)
      for (SecretChange& change : secret_changes(secret))
        secret_variants.push_back(std::move(change));
    std::vector<std::string_view> variant_keys;
    for (const SecretChange& change : secret_variants) variant_keys.push_back(change.key);
    if (auto match = search.try_candidate(as_received, size, variant_keys)) {
      const SecretChange& change = secret_variants[match->key];
      add(change.code, change.description, change.advice);
      return true;
    }
    if (auto match = search.try_candidate(as_received, size, keys_of(others_))) {
      add("different_secret",
          "the body was signed with a different secret: it matches the secret from " +
              others_[match->key].source + ", which was not among the secrets given",
          other_secret_advice);
      return true;
    }
    shape_ = inspect_json(request_.body);
    const std::vector<BodyChange> changes = body_changes(request_.body, shape_);
    if (try_body_changes_and_pairs(search, changes, secret_variants)) return true;
    return try_body_changes_with_others(search, changes);
  }

  // The first body change that matches with one of the keys: described, and which key.
  std::optional<std::pair<BodyChange, std::size_t>> find_body_change(
      DigestSearch& search, const std::vector<BodyChange>& changes,
      const std::vector<std::string_view>& keys) const {
    if (keys.empty()) return std::nullopt;
    for (const BodyChange& change : changes) {
      const auto match =
          search.try_candidate(change.write, change.size, keys, change.style.has_value());
      if (!match) continue;
      return std::make_pair(
          change.style ? describe_reserialisation(change, request_.body, match->with_newline)
                       : change,
          match->key);
    }
    return std::nullopt;
  }

  // Each body change with the secrets given and, in the same pass over the candidate (writing a
  // re-serialisation costs more than hashing it), with the secrets as commonly changed: two
  // faults at once, the common handler bug (a re-encoded body signed with a secret that kept its
  // line break). A candidate matches one key at most, so the order of the keys decides nothing.
  bool try_body_changes_and_pairs(DigestSearch& search, const std::vector<BodyChange>& changes,
                                  const std::vector<SecretChange>& variants) {
    std::vector<std::string_view> keys = keys_of(given_);
    for (const SecretChange& variant : variants) keys.push_back(variant.key);
    const auto found = find_body_change(search, changes, keys);
    if (!found) return false;
    const auto& [change, key] = *found;
    if (key < given_.size()) {
      add(change.code,
          change.description + " (it then matches with the secret from " + given_[key].source + ")",
          change.advice);
      return true;
    }
    const SecretChange& secret = variants[key - given_.size()];
    add("body_and_secret_changed",
        "two changes at once: " + change.description + "; and " + secret.description,
        change.advice + "; and " + secret.advice);
    return true;
  }

  // Each body change with secrets that were not given (the default variable's).
  bool try_body_changes_with_others(DigestSearch& search, const std::vector<BodyChange>& changes) {
    const auto found = find_body_change(search, changes, keys_of(others_));
    if (!found) return false;
    const auto& [change, key] = *found;
    add(change.code,
        change.description + " (it then matches with the secret from " + others_[key].source +
            ", which was not among the secrets given)",
        other_secret_advice);
    return true;
  }

  bool diagnose_sha1(const std::string& digest) {
    for (const Secret& secret : given_)
      if (equal_in_constant_time(hmac_sha1(secret.value, request_.body), digest)) {
        add("signature_hmac_sha1",
            "the signature is an HMAC-SHA1 of this body with the secret from " + secret.source +
                " (like GitHub's older X-Hub-Signature); Autosana signs with HMAC-SHA256, so "
                "the sender used the wrong algorithm",
            "compute HMAC-SHA256, not HMAC-SHA1");
        return true;
      }
    add("signature_sha1_length",
        "the signature has the length of an HMAC-SHA1 (40 hex digits), not of an HMAC-SHA256, "
        "and does not match this body as an HMAC-SHA1 either",
        signature_format_advice);
    return true;
  }

  // What the body shows without proof: keys in sorted order are a re-serialisation's sign whose
  // original cannot be rebuilt.
  void add_unproven_hints() {
    if (const auto cut = cut_short_json(request_.body))
      add("body_truncated",
          fmt::format("the body ends in the middle of its JSON (line {}, column {}: {}): it "
                      "looks cut short, by a size limit, a read that stopped early or a copy",
                      cut->line, cut->column, cut->message),
          "read the whole body (all Content-Length bytes) before verifying, and check size "
          "limits in the proxy and the framework");
    if (shape_ && shape_->keys_sorted && shape_->objects_with_several_keys >= 2)
      add("keys_sorted",
          "the keys of every object in this body are in sorted order (as Python's "
          "sort_keys=True and jq -S write them); if it was re-serialised that way, the signed "
          "order cannot be recovered from it",
          raw_body_advice);
  }

  const ExplainRequest& request_;
  std::vector<Secret> given_;
  std::vector<Secret> others_;
  std::optional<JsonShape> shape_;
  Explanation explanation_;
};
}  // namespace

Explanation explain_mismatch(const ExplainRequest& request) {
  return Diagnoser(request).run();
}

}  // namespace core

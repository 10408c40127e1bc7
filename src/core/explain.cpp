#include "core/explain.hpp"

#include <functional>
#include <optional>

#include "core/hmac.hpp"
#include "core/json_styles.hpp"
#include "core/signature.hpp"
#include "util/base64.hpp"
#include "util/hex.hpp"
#include "util/text.hpp"

namespace core {

namespace {
constexpr std::string_view byte_order_mark = "\xEF\xBB\xBF";

struct BodyVariant {
  std::string description;  // completes "the signature matches if ..."
  std::string bytes;
};

std::vector<BodyVariant> body_variants(std::string_view body) {
  std::vector<BodyVariant> variants;
  const auto add = [&](std::string description, std::string bytes) {
    if (bytes != body) variants.push_back({std::move(description), std::move(bytes)});
  };
  if (body.ends_with("\r\n"))
    add("this body has a trailing CRLF that the signed body did not have",
        std::string(body.substr(0, body.size() - 2)));
  if (body.ends_with("\n"))
    add("this body has a trailing newline that the signed body did not have (added by echo, an "
        "editor or a here-document)",
        std::string(body.substr(0, body.size() - 1)));
  add("the signed body ended with a newline that this body lacks (it was stripped on the way)",
      std::string(body) + "\n");
  add("the signed body ended with CRLF that this body lacks (it was stripped on the way)",
      std::string(body) + "\r\n");
  if (body.find("\r\n") != std::string_view::npos)
    add("this body has CRLF line ends where the signed body had LF (converted on the way)",
        util::replace_all(body, "\r\n", "\n"));
  if (body.find('\n') != std::string_view::npos)
    add("this body has LF line ends where the signed body had CRLF (converted on the way)",
        util::replace_all(util::replace_all(body, "\r\n", "\n"), "\n", "\r\n"));
  if (body.substr(0, 3) == byte_order_mark) {
    add("this body starts with a UTF-8 byte-order mark that the signed body did not have",
        std::string(body.substr(3)));
  } else {
    add("the signed body started with a UTF-8 byte-order mark that this body lacks",
        std::string(byte_order_mark) + std::string(body));
  }
  for (JsonRendering& rendering : render_json_styles(body)) {
    const std::string description =
        "the JSON was re-serialised on the way: the signed body is the same data written " +
        rendering.style.describe();
    // Serialisers drop or add the final newline too, so each style is tried with one as well.
    add(description + ", ending with a newline", rendering.text + "\n");
    add(description, std::move(rendering.text));
  }
  return variants;
}

struct SecretVariant {
  std::string description;  // completes "... signed with "
  std::string value;
};

std::vector<SecretVariant> secret_variants(const Secret& secret) {
  std::vector<SecretVariant> variants;
  const std::string_view trimmed = util::trim_whitespace(secret.value);
  const auto add = [&](std::string description, std::string value) {
    if (value != secret.value && !value.empty())
      variants.push_back({std::move(description), std::move(value)});
  };
  add("the secret from " + secret.source +
          " without its surrounding whitespace: the secret you have carries extra spaces or "
          "line ends",
      std::string(trimmed));
  add("the secret from " + secret.source +
          " followed by a newline (as `echo` writes it): the sender's secret has a trailing "
          "newline",
      secret.value + "\n");
  add("the secret from " + secret.source +
          " followed by CRLF: the sender's secret has a "
          "trailing CRLF",
      secret.value + "\r\n");
  return variants;
}

class Diagnoser {
 public:
  Diagnoser(const ExplainRequest& request) : request_(request) {
    if (request.secrets != nullptr) all_secrets_ = *request.secrets;
    if (request.other_secrets != nullptr)
      for (const Secret& secret : *request.other_secrets) all_secrets_.push_back(secret);
  }

  std::vector<std::string> run() {
    const std::string_view value = util::trim_whitespace(request_.signature);
    if (auto digest = parse_signature(value)) {
      diagnose_digest(digest.value(), "");
    } else if (auto inner = signature_after_header_name(value)) {
      lines_.push_back(
          "the signature value includes the header name; give only the part after "
          "the colon");
      diagnose_digest(*inner, "");
    } else if (auto doubled = without_doubled_prefix(value)) {
      lines_.push_back("the signature has the sha256= prefix twice");
      diagnose_digest(*doubled, "without the extra prefix, ");
    } else if (auto mangled = after_mangled_prefix(value)) {
      // The label is quoted to show what the sender wrote only when it names an algorithm: a
      // sender that confuses a token header with a signature may have sent (part of) the secret.
      const std::string label =
          is_known_algorithm_label(mangled->first) && !contains_a_secret(mangled->first)
              ? "the signature's prefix '" + std::string(mangled->first) + "'"
              : "the signature's prefix";
      lines_.push_back(label + " is not 'sha256=' (the digits after it are a SHA-256 signature)");
      diagnose_digest(mangled->second, "");
    } else if (auto sha1 = sha1_digest(value)) {
      diagnose_sha1(*sha1);
    } else if (auto decoded = base64_digest(value)) {
      diagnose_base64(*decoded);
    }
    if (lines_.empty())
      lines_.push_back(
          "no known cause: no common change to the body, the secret or the signature "
          "makes it match; the body was changed in another way, or it was signed with "
          "a secret you do not have");
    return lines_;
  }

 private:
  static std::optional<Sha256Digest> signature_after_header_name(std::string_view value) {
    const auto colon = value.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    auto digest = parse_signature(value.substr(colon + 1));
    if (!digest) return std::nullopt;
    return digest.value();
  }

  // "sha-256=<hex>", "SHA256:<hex>", "256=<hex>": a short label, then 64 hex digits.
  static std::optional<std::pair<std::string_view, Sha256Digest>> after_mangled_prefix(
      std::string_view value) {
    if (value.size() <= 2 * sha256_digest_size) return std::nullopt;
    const std::string_view label = value.substr(0, value.size() - 2 * sha256_digest_size);
    if (label.size() > 16 || label == signature_prefix ||
        label.find_first_of("=:") == std::string_view::npos)
      return std::nullopt;
    auto digest = parse_signature(value.substr(label.size()));
    if (!digest) return std::nullopt;
    return std::make_pair(label, digest.value());
  }

  static std::optional<Sha256Digest> without_doubled_prefix(std::string_view value) {
    if (value.substr(0, 14) != "sha256=sha256=") return std::nullopt;
    auto digest = parse_signature(value.substr(7));
    if (!digest) return std::nullopt;
    return digest.value();
  }

  static std::optional<std::string> sha1_digest(std::string_view value) {
    if (value.substr(0, 5) == "sha1=") value.remove_prefix(5);
    if (value.size() != 40) return std::nullopt;
    return util::from_hex(value);
  }

  static std::optional<Sha256Digest> base64_digest(std::string_view value) {
    if (value.substr(0, 7) == signature_prefix) value.remove_prefix(7);
    auto bytes = util::from_base64(value);
    if (!bytes || bytes->size() != sha256_digest_size) return std::nullopt;
    Sha256Digest digest{};
    std::copy(bytes->begin(), bytes->end(), digest.begin());
    return digest;
  }

  bool contains_a_secret(std::string_view text) const {
    for (const Secret& secret : all_secrets_)
      if (!secret.value.empty() && text.find(secret.value) != std::string_view::npos) return true;
    return false;
  }

  bool matches(const std::string& key, std::string_view body, const Sha256Digest& digest) const {
    return equal_in_constant_time(digest_bytes(hmac_sha256(key, body)), digest_bytes(digest));
  }

  const Secret* secret_matching(std::string_view body, const Sha256Digest& digest) const {
    for (const Secret& secret : all_secrets_)
      if (matches(secret.value, body, digest)) return &secret;
    return nullptr;
  }

  bool is_used_secret(const Secret* secret) const {
    return request_.secrets != nullptr && secret >= all_secrets_.data() &&
           secret < all_secrets_.data() + request_.secrets->size();
  }

  void diagnose_digest(const Sha256Digest& digest, const std::string& lead) {
    if (const Secret* secret = secret_matching(request_.body, digest)) {
      if (lead.empty() && !is_used_secret(secret)) {
        lines_.push_back(
            "the body was signed with a different secret: it matches the secret from " +
            secret->source + ", which was not among the secrets given");
      } else {
        lines_.push_back(lead + "the signature matches this body with the secret from " +
                         secret->source);
      }
      return;
    }
    for (const BodyVariant& variant : body_variants(request_.body)) {
      if (const Secret* secret = secret_matching(variant.bytes, digest)) {
        lines_.push_back(lead + variant.description + " (it then matches with the secret from " +
                         secret->source + ")");
        return;
      }
    }
    for (const Secret& secret : all_secrets_)
      for (const SecretVariant& variant : secret_variants(secret))
        if (matches(variant.value, request_.body, digest)) {
          lines_.push_back(lead + "the body was signed with " + variant.description);
          return;
        }
  }

  void diagnose_sha1(const std::string& digest) {
    for (const Secret& secret : all_secrets_)
      if (equal_in_constant_time(hmac_sha1(secret.value, request_.body), digest)) {
        lines_.push_back("the signature is an HMAC-SHA1 of this body with the secret from " +
                         secret.source +
                         " (like GitHub's older X-Hub-Signature); Autosana signs "
                         "with HMAC-SHA256, so the sender used the wrong algorithm");
        return;
      }
    lines_.push_back(
        "the signature has the length of an HMAC-SHA1 (40 hex digits), not of an "
        "HMAC-SHA256, and does not match this body as an HMAC-SHA1 either");
  }

  void diagnose_base64(const Sha256Digest& digest) {
    if (const Secret* secret = secret_matching(request_.body, digest)) {
      lines_.push_back(
          "the signature is base64-encoded, not hex: decoded, it matches this body "
          "with the secret from " +
          secret->source + "; the header should carry lowercase hex");
      return;
    }
    lines_.push_back("the signature looks base64-encoded rather than hex");
    diagnose_digest(digest, "decoded from base64, ");
    if (lines_.size() == 1) lines_.clear();  // the base64 reading explained nothing
  }

  const ExplainRequest& request_;
  std::vector<Secret> all_secrets_;
  std::vector<std::string> lines_;
};
}  // namespace

std::vector<std::string> explain_mismatch(const ExplainRequest& request) {
  return Diagnoser(request).run();
}

}  // namespace core

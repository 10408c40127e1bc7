#include "core/explain/signature_mistakes.hpp"

#include <fmt/core.h>
#include <algorithm>
#include <cctype>
#include <optional>

#include "core/signing/signature.hpp"
#include "util/base64.hpp"
#include "util/hex.hpp"
#include "util/text.hpp"

namespace core {

const std::string_view signature_format_advice =
    "send the header value exactly as sha256=<64 lowercase hex digits>, nothing around it";

namespace {
// "X-Hub-Signature: sha256=..." pasted whole: the name before ": " (not "sha256", whose colon
// is its own mistake), or none.
std::optional<std::string_view> header_line_name(std::string_view text) {
  const std::size_t colon = text.find(": ");
  if (colon == std::string_view::npos || colon == 0 || colon > 64) return std::nullopt;
  const std::string_view name = text.substr(0, colon);
  if (util::equal_ignoring_case(name, "sha256")) return std::nullopt;
  const bool token = std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  });
  return token ? std::optional<std::string_view>(name) : std::nullopt;
}

std::optional<Sha256Digest> sha256_digest(std::string_view text) {
  auto digest = parse_signature(text);
  if (!digest) return std::nullopt;
  return digest.value();
}

bool is_quoted(std::string_view text) {
  return text.size() >= 2 && (text.front() == '"' || text.front() == '\'' || text.front() == '`') &&
         text.back() == text.front();
}

// "sha-256=<hex>", "SHA256:<hex>", "256=<hex>": a short label, then 64 hex digits.
std::optional<std::pair<std::string_view, Sha256Digest>> after_other_label(std::string_view text) {
  if (text.size() <= 2 * sha256_digest_size) return std::nullopt;
  const std::string_view label = text.substr(0, text.size() - 2 * sha256_digest_size);
  if (label.size() > 16 || label.find_first_of("=:") == std::string_view::npos) return std::nullopt;
  auto digest = sha256_digest(text.substr(label.size()));
  if (!digest) return std::nullopt;
  return std::make_pair(label, *digest);
}

std::optional<std::string> sha1_digest(std::string_view text) {
  if (util::starts_with_ignoring_case(text, "sha1=")) text.remove_prefix(5);
  if (text.size() != 40) return std::nullopt;
  return util::from_hex(text);
}

std::optional<Sha256Digest> base64_digest(std::string_view text) {
  if (util::starts_with_ignoring_case(text, signature_prefix)) text.remove_prefix(7);
  auto bytes = util::from_base64(text);
  if (!bytes || bytes->size() != sha256_digest_size) return std::nullopt;
  Sha256Digest digest{};
  std::copy(bytes->begin(), bytes->end(), digest.begin());
  return digest;
}

class Reader {
 public:
  Reader(SignatureReading& reading, const std::function<bool(std::string_view)>& holds_secret)
      : reading_(reading), holds_secret_(holds_secret) {}

  void read(std::string_view text) {
    text = util::trim_whitespace(text);
    if (text.empty()) {
      mistake("signature_empty",
              "the signature is empty: the header did not reach the handler, or the variable "
              "meant to hold it was empty or unset",
              "check that the handler reads the X-Autosana-Signature-256 header under that name");
      return;
    }
    const std::string_view header = signature_header_name;
    if (util::equal_ignoring_case(text, header) ||
        (text.size() == header.size() + 1 && text.back() == ':' &&
         util::starts_with_ignoring_case(text, header))) {
      mistake("signature_is_header_name", "the signature is the header's name, not its value",
              "pass the header's value (sha256=<hex>), not its name");
      return;
    }
    if (is_quoted(text)) {
      mistake("signature_quoted", "the signature has quotes around it",
              "pass the header value without quotes; they are part of no signature");
      read(text.substr(1, text.size() - 2));
      return;
    }
    if (util::starts_with_ignoring_case(text, header) && text.size() > header.size() &&
        text[header.size()] == ':') {
      mistake("signature_with_header_name",
              "the signature value includes the header name; give only the part after the colon",
              signature_format_advice);
      read(text.substr(header.size() + 1));
      return;
    }
    if (const auto name = header_line_name(text)) {
      mistake("signature_with_header_line",
              "the signature value is a whole header line (a name, a colon and the value); give "
              "only the part after the colon",
              signature_format_advice);
      read(text.substr(name->size() + 1));
      return;
    }
    if (auto digest = sha256_digest(text)) return found(*digest);
    if (util::starts_with_ignoring_case(text, "sha256:")) {
      if (auto digest = sha256_digest(text.substr(7))) {
        mistake("signature_colon_prefix",
                "the signature starts with 'sha256:' where Autosana writes 'sha256='",
                signature_format_advice);
        return found(*digest);
      }
    }
    if (util::starts_with_ignoring_case(text, "sha256=sha256=")) {
      if (auto digest = sha256_digest(text.substr(7))) {
        mistake("signature_prefix_twice", "the signature has the sha256= prefix twice",
                signature_format_advice);
        return found(*digest);
      }
    }
    if (auto labelled = after_other_label(text)) {
      // Quoted only when the label names an algorithm: a sender that confuses a token header
      // with a signature may have sent (part of) the secret.
      const std::string_view label = labelled->first;
      const std::string name = is_known_algorithm_label(label) && !holds_secret_(label)
                                   ? "the signature's prefix '" + std::string(label) + "'"
                                   : "the signature's prefix";
      mistake("signature_other_prefix",
              name + " is not 'sha256=' (the digits after it are a SHA-256 signature)",
              signature_format_advice);
      return found(labelled->second);
    }
    if (auto sha1 = sha1_digest(text)) {
      reading_.kind = DigestKind::sha1;
      reading_.sha1 = std::move(*sha1);
      return;
    }
    // Hex digits only, fewer than 64: cut short (43 of them would also read as base64).
    std::string_view digits = text;
    if (util::starts_with_ignoring_case(digits, signature_prefix))
      digits.remove_prefix(signature_prefix.size());
    if (!digits.empty() && digits.size() < 64 &&
        std::all_of(digits.begin(), digits.end(), [](char c) { return util::is_hex_digit(c); })) {
      mistake("signature_truncated",
              fmt::format("the signature has {} hex digits, not 64: it looks cut short when it "
                          "was copied (a terminal's line end, a selection that stopped early)",
                          digits.size()),
              "copy the whole header value again: sha256= and 64 hex digits");
      return;
    }
    if (auto digest = base64_digest(text)) {
      reading_.base64 = true;
      return found(*digest);
    }
  }

 private:
  void mistake(std::string code, std::string description, std::string_view advice) {
    reading_.mistakes.push_back({std::move(code), std::move(description), std::string(advice)});
  }
  void found(const Sha256Digest& digest) {
    reading_.kind = DigestKind::sha256;
    reading_.sha256 = digest;
  }

  SignatureReading& reading_;
  const std::function<bool(std::string_view)>& holds_secret_;
};
}  // namespace

SignatureReading read_signature(std::string_view received,
                                const std::function<bool(std::string_view)>& holds_secret) {
  SignatureReading reading;
  Reader(reading, holds_secret).read(received);
  return reading;
}

}  // namespace core

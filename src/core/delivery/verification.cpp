#include "core/delivery/verification.hpp"

#include <fmt/core.h>

#include "core/payload/freshness.hpp"
#include "core/payload/payload_timestamp.hpp"
#include "core/signing/signature.hpp"
#include "core/signing/signature_check.hpp"

namespace core {

namespace {
std::string describe_match(const Secret& secret) {
  return "signature matches (secret from " + secret.source + ")";
}

// The signature's verdict, then the age's when one is required; find_timestamp is asked only
// for a matching signature.
template <typename FindTimestamp>
Verification decide(const Secret* match, std::size_t bytes, const std::vector<Secret>& secrets,
                    const VerificationPolicy& policy, FindTimestamp&& find_timestamp) {
  Verification verification;
  verification.secret = match;
  verification.bytes = bytes;
  if (match == nullptr) {
    verification.reason = describe_mismatch(secrets);
    return verification;
  }
  verification.valid = true;
  verification.reason = describe_match(*match);
  if (!policy.max_age_milliseconds) return verification;
  const PayloadAge age =
      judge_payload_age(find_timestamp(), policy.now_milliseconds, *policy.max_age_milliseconds);
  verification.valid = age.fresh;
  verification.reason += (age.fresh ? "; " : " but ") + age.reason;
  verification.timestamp = age.timestamp;
  verification.age_milliseconds = age.age_milliseconds;
  return verification;
}
}  // namespace

util::Expected<FoundSignature> find_signature(const std::optional<std::string>& given,
                                              const HttpRequest* request,
                                              const EnvironmentLookup& environment) {
  if (given) return FoundSignature{*given, SignatureSource::option};
  const std::string header(signature_header_name);
  if (request != nullptr) {
    const auto values = request->header_values(header);
    if (values.size() > 1)
      return util::unexpected(fmt::format("the request has {} {} headers", values.size(), header));
    if (values.empty()) {
      std::string message = "the request has no " + header + " header";
      // A near miss (X-Signature, x-autosana-signature) is the likely mistake: name it.
      for (const std::string& name : header_names_containing(request->headers, "signature"))
        message += " (it has " + name + ")";
      return util::unexpected(message);
    }
    return FoundSignature{values.front(), SignatureSource::request};
  }
  if (auto value = environment(std::string(signature_cgi_variable)))
    return FoundSignature{std::move(*value), SignatureSource::cgi};
  return util::unexpected("no signature was given");
}

std::string describe_mismatch(const std::vector<Secret>& secrets) {
  std::string list;
  for (const Secret& secret : secrets) list += (list.empty() ? "" : ", ") + secret.source;
  return "signature does not match (tried " + list + ")";
}

Verification verify_body(std::string_view body, const Sha256Digest& expected,
                         const std::vector<Secret>& secrets, const VerificationPolicy& policy) {
  HmacPerSecret hmacs(secrets);
  hmacs.update(body);
  return decide(hmacs.matching(expected), body.size(), secrets, policy,
                [&] { return find_payload_timestamp(body); });
}

util::Expected<Verification> verify_stream(util::ByteInput& body, const Sha256Digest& expected,
                                           const std::vector<Secret>& secrets,
                                           const VerificationPolicy& policy, util::Spool* kept) {
  util::Spool own_spool;
  if (kept == nullptr && policy.max_age_milliseconds) kept = &own_spool;
  HmacPerSecret hmacs(secrets);
  auto bytes = body.read_all(
      [&](std::string_view chunk) {
        hmacs.update(chunk);
        if (kept != nullptr) kept->append(chunk);
      },
      policy.max_streamed_bytes);
  if (!bytes) return util::unexpected(bytes.error());
  std::string spool_error;
  Verification verification = decide(hmacs.matching(expected), *bytes, secrets, policy,
                                     [&]() -> util::Expected<std::string> {
                                       if (auto view = kept->memory_view())
                                         return find_payload_timestamp(*view);
                                       auto file = kept->rewound_file();
                                       if (!file) {
                                         spool_error = file.error();
                                         return util::unexpected(file.error());
                                       }
                                       return find_payload_timestamp(*file);
                                     });
  // The kept copy could not be read back: that is trouble, not a verdict on the payload.
  if (!spool_error.empty()) return util::unexpected(spool_error);
  return verification;
}

}  // namespace core

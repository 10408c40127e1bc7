// Test helpers for what listen decides and logs: a payload with a hostile app name, and signing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/signing/hmac.hpp"
#include "core/signing/secret.hpp"
#include "core/signing/signature.hpp"

namespace test {

inline const std::vector<core::Secret> delivery_secrets{{"--secret-env S", "s3cret"}};
inline const std::string delivery_payload =
    R"({"event":"batch.completed","timestamp":"2026-01-01T00:00:00Z",
 "app":{"id":"a1","name":"Shop \u001b[31mApp","platform":"ios","url":"https://x"},
 "git":{"commit_sha":"abc","branch":"main"},
 "summary":{"total_groups":2,"passed_groups":1,"failed_groups":1},
 "run_groups":[{"name":"g1","status":"passed","url":"https://x","runs":[{"name":"r","status":"passed","url":"https://x"}]},
           {"name":"g2","status":"failed","url":"https://x","runs":[{"name":"r","status":"failed","url":"https://x"}]}]})";

inline std::string signed_with(std::string_view secret, std::string_view body) {
  return core::format_signature(core::hmac_sha256(secret, body));
}

}  // namespace test

// Counts the calls of OpenSSL's CRYPTO_memcmp made by the code under test: the unit tests define
// that function themselves (constant_time_probe.cpp), which the link prefers to libcrypto's, and
// pass each call on to libcrypto's own. A test can so prove that a comparison of digests is the
// constant-time one, not merely equal in result.
#pragma once

namespace test {
long constant_time_compares();
}  // namespace test

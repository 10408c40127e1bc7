// --cacert and --insecure, for the commands that post over https (send, listen --forward and the
// inspector's Replay): a handler on this machine with a development certificate (mkcert, a
// self-signed one) is reached the way curl and the Stripe CLI reach it. One wording for both.
#pragma once

#include <string>

namespace CLI {
class App;
}  // namespace CLI

namespace cli {

struct TlsTrustOptions {
  std::string cacert;     // a CA or the server's own certificate (PEM), trusted as well
  bool insecure = false;  // no certificate verification at all
};

// target: what is posted to, for the help ("the URL", "the --forward target").
void add_tls_trust_options(CLI::App& command, TlsTrustOptions& options, const std::string& target);

// The warning printed at every start with --insecure; empty without it. Throws Failure (exit 2)
// when --cacert names a file that cannot be read.
std::string check_tls_trust(const TlsTrustOptions& options, const std::string& target);

}  // namespace cli

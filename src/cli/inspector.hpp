// listen --inspect: the inspector page's routes over the deliveries listen records. The listener
// adds each delivery and its later news (the forward answer, a diagnosis); the page reads them
// through net::InspectorServer, which keeps it to loopback, its own Host, a token and its Origin.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/delivery/delivery_fixture.hpp"
#include "core/delivery/inspector_store.hpp"
#include "core/signing/secret.hpp"
#include "net/http_client.hpp"

namespace store {
class DeliveryStore;
}

namespace cli {

struct InspectorOptions {
  std::string host = "127.0.0.1";
  int port = 8788;
  std::size_t keep = 1000;
  std::uint64_t max_bytes = std::uint64_t{256} << 20;  // bodies held, all deliveries together
  std::string endpoint_url;                            // listen's own, for the copied commands
  std::optional<core::Url> forward;                    // where Replay sends
  std::string forward_text;
  std::chrono::milliseconds forward_timeout{10000};
  std::size_t max_forward_response = std::size_t{10} << 20;
  std::string user_agent;
  net::TlsTrust forward_trust;
  std::size_t max_decoded_body = std::size_t{10} << 20;  // listen's --max-body
  // Listen's secrets: an edited delivery is judged with them and signed again with the first.
  // They stay on this side: the page only ever sees a signature.
  std::vector<core::Secret> secrets;
};

// "8788", "127.0.0.1:8788", "[::1]:8788", "localhost:8788" into options.host and port.
void parse_inspect_address(const std::string& text, InspectorOptions& options);

class Inspector {
 public:
  explicit Inspector(InspectorOptions options);
  ~Inspector();
  Inspector(const Inspector&) = delete;
  Inspector& operator=(const Inspector&) = delete;

  // Binds and starts serving on a thread of its own; the address to open, with the run's token.
  // Throws Failure.
  std::string start();
  // The deliveries already in a --save folder, newest last, judged again with these secrets.
  void load_saved(const std::string& folder, const std::vector<core::Secret>& secrets,
                  std::size_t max_body);
  // The same for the latest deliveries of a store (listen --store), each with its row.
  void load_stored(store::DeliveryStore& store, const std::vector<core::Secret>& secrets,
                   std::size_t max_body);
  core::InspectorStore& store() { return store_; }

 private:
  struct Routes;
  InspectorOptions options_;
  core::InspectorStore store_;
  std::unique_ptr<Routes> routes_;
};

}  // namespace cli

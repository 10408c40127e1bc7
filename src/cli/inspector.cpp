#include "cli/inspector.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

#include "cli/console.hpp"
#include "cli/failure.hpp"
#include "cli/web_assets.hpp"
#include "core/delivery/delivery_check.hpp"
#include "core/delivery/request_edit.hpp"
#include "net/http_client.hpp"
#include "net/inspector_server.hpp"
#include "store/delivery_store.hpp"
#include "util/hex.hpp"
#include "util/json_string.hpp"
#include "util/rfc3339.hpp"
#include "util/text.hpp"

namespace cli {

namespace {
// 128 bits from the kernel: the page's proof that a request comes from it.
std::string random_token() {
  std::string bytes(16, '\0');
  const int fd = ::open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::read(fd, bytes.data(), bytes.size()) != static_cast<ssize_t>(bytes.size()))
    throw Failure{"--inspect: cannot read /dev/urandom for the page's token"};
  ::close(fd);
  return util::to_hex(bytes);
}

net::PageReply json_reply(std::string body) {
  net::PageReply reply;
  reply.content_type = "application/json";
  reply.body = std::move(body);
  return reply;
}

net::PageReply text_reply(int status, std::string text) {
  net::PageReply reply;
  reply.status = status;
  reply.body = std::move(text) + "\n";
  return reply;
}

}  // namespace

void parse_inspect_address(const std::string& text, InspectorOptions& options) {
  std::string port_text = text;
  const std::size_t colon = text.rfind(':');
  if (colon != std::string::npos) {
    std::string host = text.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']')
      host = host.substr(1, host.size() - 2);
    if (!host.empty()) options.host = host;
    port_text = text.substr(colon + 1);
  }
  int port = -1;
  const auto [end, error] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || error != std::errc{} || end != port_text.data() + port_text.size() ||
      port < 0 || port > 65535)
    throw Failure{"--inspect takes [ADDRESS:]PORT (like 8788 or 127.0.0.1:8788), not '" + text +
                  "'"};
  options.port = port;
  if (!net::is_loopback_host(options.host))
    throw Failure{"--inspect " + text +
                  ": the inspector shows every delivery and can replay them, so it listens on a "
                  "loopback address only (127.0.0.1, ::1 or localhost)"};
}

namespace {
// A request judged with this run's secrets as it would be if it came in at `when`: a delivery of
// an earlier run (the page shows why it would be accepted or not now), or an edited one.
core::InspectedDelivery judged_delivery(core::HttpRequest&& request, std::int64_t when,
                                        const std::vector<core::Secret>& secrets,
                                        std::size_t max_body) {
  core::DeliveryPolicy policy;
  policy.max_body = max_body;
  policy.now_milliseconds = when;
  const core::DeliveryJudgement judgement = core::judge_delivery(request, secrets, policy);
  core::InspectedDelivery delivery;
  delivery.earlier = true;
  delivery.record.time = util::format_local_time(when);
  delivery.record.time_utc = util::format_rfc3339(when);
  delivery.record.method = request.method;
  delivery.record.target = request.target;
  core::record_judgement(delivery.record, judgement);
  delivery.request = std::make_shared<const core::HttpRequest>(std::move(request));
  core::note_unverified_claim(delivery, max_body);
  return delivery;
}
}  // namespace

struct Inspector::Routes : net::EventFeed {
  Inspector& owner;
  std::string token = random_token();       // printed in the address only
  std::string page_token = random_token();  // in the page, which needs the cookie of the first
  std::unique_ptr<net::InspectorServer> server;

  explicit Routes(Inspector& inspector) : owner(inspector) {}

  std::uint64_t latest() override { return owner.store_.sequence(); }
  std::string events_after(std::uint64_t& cursor) override {
    return owner.store_.events_after(cursor);
  }

  core::ReplayCommands commands() const {
    return core::ReplayCommands{owner.options_.endpoint_url, owner.options_.forward.has_value(),
                                !owner.options_.secrets.empty(),
                                [](std::string text) { return redact_secrets(std::move(text)); },
                                owner.options_.max_decoded_body};
  }

  net::PageReply handle(const net::PageRequest& request) {
    const std::string& path = request.path;
    if (path == "/") return request.authenticated ? page() : door(request);
    if (path == "/favicon.ico") {
      net::PageReply none;  // the page has no icon; asked for anyway, it gets nothing
      none.status = 204;
      return none;
    }
    if (path == "/inspector.js" || path == "/inspector.css") {
      const auto asset = find_web_asset(path.substr(1));
      net::PageReply reply;
      reply.content_type = std::string(asset->content_type);
      reply.body = std::string(asset->content);
      return reply;
    }
    if (path == "/api/deliveries" && request.method != "POST") return list();
    constexpr std::string_view prefix = "/api/deliveries/";
    if (path.rfind(prefix, 0) == 0) {
      std::string_view rest = std::string_view(path).substr(prefix.size());
      const std::size_t slash = rest.find('/');
      const auto id = util::parse_decimal(rest.substr(0, slash));
      const std::string_view action = slash == std::string_view::npos ? "" : rest.substr(slash);
      if (!id) return text_reply(404, "no such delivery");
      if (action.empty() && request.method != "POST") return details(*id);
      if (action == "/request.http" && request.method != "POST") return download(*id);
      if (action == "/replay" && request.method == "POST") return replay(*id);
      if (action == "/edit" && request.method == "POST") return edit_and_replay(*id, request.body);
    }
    return text_reply(404, "not found");
  }

  net::PageReply page() const {
    const auto asset = find_web_asset("inspector.html");
    net::PageReply reply;
    reply.content_type = std::string(asset->content_type);
    reply.body = util::replace_all(std::string(asset->content), "{{token}}", page_token);
    return reply;
  }

  // Without the cookie, the page says how to get in and shows nothing else.
  net::PageReply door(const net::PageRequest& request) const {
    const auto asset = find_web_asset("inspector-door.html");
    net::PageReply reply;
    reply.status = 403;
    reply.content_type = std::string(asset->content_type);
    const std::string origin = server->origin();
    reply.body = util::replace_all(std::string(asset->content), "{{host}}",
                                   origin.substr(origin.find("//") + 2));
    const bool tried = request.query.find("token=") != std::string::npos;
    reply.body = util::replace_all(
        reply.body, "{{note}}",
        tried ? "<p class=\"bad\">The token in the address you opened is not this run's.</p>" : "");
    return reply;
  }

  net::PageReply list() {
    std::string body = fmt::format("{{\"sequence\":{},\"endpoint\":", owner.store_.sequence());
    util::append_json_string(body, owner.options_.endpoint_url);
    body += ",\"forward\":";
    util::append_json_string(body, owner.options_.forward_text);
    body += ",\"deliveries\":[";
    bool first = true;
    for (const core::InspectedDelivery& delivery : owner.store_.newest(owner.options_.keep)) {
      if (!first) body += ',';
      first = false;
      body += core::render_inspected_row(delivery);
    }
    body += "]}";
    return json_reply(std::move(body));
  }

  net::PageReply details(std::uint64_t id) {
    const auto delivery = owner.store_.find(id);
    if (!delivery) return text_reply(404, "no such delivery (no longer held)");
    return json_reply(core::render_inspected_details(*delivery, commands()));
  }

  net::PageReply download(std::uint64_t id) {
    const auto delivery = owner.store_.find(id);
    if (!delivery || !delivery->request) return text_reply(404, "no such request");
    net::PageReply reply;
    reply.content_type = "application/octet-stream";
    // Byte for byte, unless a sender put a secret in it: the page's bytes are redacted like its
    // text.
    reply.body = redact_secrets(core::format_http_request(*delivery->request));
    reply.headers.emplace_back("Content-Disposition",
                               fmt::format("attachment; filename=\"delivery-{}.http\"", id));
    return reply;
  }

  // The saved request again, byte for byte, to the --forward target; the answer joins the others.
  net::PageReply replay(std::uint64_t id) {
    const auto delivery = owner.store_.find(id);
    if (!delivery || !delivery->request) return text_reply(404, "no such request");
    if (!owner.options_.forward) return text_reply(409, "replay needs listen --forward");
    core::ForwardExchange exchange = forward(*delivery->request);
    print_diagnostic_line(
        fmt::format("listen: replayed delivery {} from the inspector: {}", id,
                    exchange.status ? std::to_string(*exchange.status) : exchange.error));
    owner.store_.update(
        id, [&](core::InspectedDelivery& held) { held.replays.push_back(std::move(exchange)); });
    return details(id);
  }

  // The page's edit of a delivery as a new entry linked to it: judged as a delivery is, signed
  // again with listen's first secret when asked, sent to the --forward target, and its body's
  // diff kept beside it.
  net::PageReply edit_and_replay(std::uint64_t id, const std::string& body) {
    const auto original = owner.store_.find(id);
    if (!original || !original->request) return text_reply(404, "no such request");
    if (!owner.options_.forward) return text_reply(409, "replay needs listen --forward");
    auto edit = core::parse_request_edit(body);
    if (!edit) return text_reply(400, edit.error());
    const bool resign = edit->resign;
    const std::vector<core::Secret>& secrets = owner.options_.secrets;
    auto edited = core::build_edited_request(*original->request, std::move(*edit),
                                             secrets.empty() ? nullptr : &secrets.front());
    if (!edited) return text_reply(409, edited.error());
    const std::int64_t now = util::now_epoch_milliseconds();
    core::InspectedDelivery delivery =
        judged_delivery(std::move(*edited), now, secrets, owner.options_.max_decoded_body);
    delivery.earlier = false;
    delivery.record.remote = "inspector";
    delivery.edited_from = id;
    delivery.resigned = resign;
    core::diff_edited_body(delivery, *original->request, owner.options_.max_decoded_body);
    delivery.forward = forward(*delivery.request);
    const std::uint64_t added = owner.store_.add(std::move(delivery));
    const auto sent = owner.store_.find(added);
    print_diagnostic_line(fmt::format(
        "listen: replayed an edit of delivery {} ({}) from the inspector as {}: {}", id,
        resign ? "signed again" : "as edited", added,
        sent && sent->forward && sent->forward->status ? std::to_string(*sent->forward->status)
        : sent && sent->forward                        ? sent->forward->error
                                                       : "sent"));
    return details(added);
  }

  // One exchange with the --forward target, timed.
  core::ForwardExchange forward(const core::HttpRequest& request) const {
    net::OutgoingRequest outgoing;
    outgoing.url = *owner.options_.forward;
    outgoing.method = request.method;
    outgoing.headers = request.headers;
    outgoing.body = request.body;
    outgoing.timeout = owner.options_.forward_timeout;
    outgoing.max_response_body = owner.options_.max_forward_response;
    outgoing.user_agent = owner.options_.user_agent;
    outgoing.trust = owner.options_.forward_trust;
    net::SendResult result = net::send_request(outgoing);
    core::ForwardExchange exchange;
    exchange.time_utc = util::format_rfc3339(util::now_epoch_milliseconds());
    exchange.milliseconds = static_cast<double>(result.elapsed.count()) / 1000.0;
    if (result) {
      exchange.status = result.response.status;
      exchange.headers = std::move(result.response.headers);
      exchange.body = std::move(result.response.body);
    } else {
      exchange.error = result.message;
    }
    return exchange;
  }
};

Inspector::Inspector(InspectorOptions options)
    : options_(std::move(options)),
      store_(options_.keep, options_.max_bytes),
      routes_(std::make_unique<Routes>(*this)) {}

Inspector::~Inspector() = default;

std::string Inspector::start() {
  net::InspectorSettings settings;
  settings.host = options_.host;
  settings.port = options_.port;
  settings.token = routes_->token;
  settings.page_token = routes_->page_token;
  settings.public_paths = {"/", "/inspector.js", "/inspector.css", "/favicon.ico"};
  routes_->server = std::make_unique<net::InspectorServer>(
      settings,
      [routes = routes_.get()](const net::PageRequest& request) { return routes->handle(request); },
      *routes_);
  auto port = routes_->server->bind();
  if (!port) throw Failure{port.error()};
  routes_->server->start();
  return routes_->server->login_url();
}

void Inspector::load_saved(const std::string& folder, const std::vector<core::Secret>& secrets,
                           std::size_t max_body) {
  std::vector<std::string> names;
  if (DIR* dir = ::opendir(folder.c_str())) {
    while (const dirent* entry = ::readdir(dir)) {
      const std::string name = entry->d_name;
      if (name.size() > 5 && name.compare(name.size() - 5, 5, ".http") == 0) names.push_back(name);
    }
    ::closedir(dir);
  }
  // The names start with the time they arrived, so they sort by it; only the newest are kept.
  std::sort(names.begin(), names.end());
  if (names.size() > options_.keep)
    names.erase(names.begin(), names.end() - static_cast<std::ptrdiff_t>(options_.keep));
  std::size_t unreadable = 0;
  for (const std::string& name : names) {
    const std::string path = folder + "/" + name;
    std::ifstream file(path, std::ios::binary);
    struct stat info {};
    if (!file || ::stat(path.c_str(), &info) != 0 ||
        static_cast<std::uint64_t>(info.st_size) > max_body + (std::uint64_t{64} << 10)) {
      ++unreadable;
      continue;
    }
    std::ostringstream raw;
    raw << file.rdbuf();
    auto request = core::parse_http_request(raw.str());
    if (!request) {
      ++unreadable;
      continue;
    }
    const std::int64_t when = static_cast<std::int64_t>(info.st_mtime) * 1000;
    core::InspectedDelivery delivery =
        judged_delivery(std::move(*request), when, secrets, max_body);
    delivery.record.remote = "saved";
    delivery.record.saved_file = path;
    store_.add(std::move(delivery));
  }
  if (unreadable)
    print_warning(fmt::format("--inspect: {} of the {} saved requests in {} could not be read",
                              unreadable, names.size(), folder));
}

void Inspector::load_stored(store::DeliveryStore& stored, const std::vector<core::Secret>& secrets,
                            std::size_t max_body) {
  std::size_t unreadable = 0, read = 0;
  try {
    stored.each_delivery(
        [&](const store::StoredDelivery& kept) {
          ++read;
          auto request = core::parse_http_request(kept.request);
          if (!request) {
            ++unreadable;  // a rejected request kept in part, or a line that never parsed
            return;
          }
          core::InspectedDelivery delivery =
              judged_delivery(std::move(*request), kept.received_milliseconds, secrets, max_body);
          delivery.record.remote = kept.remote;
          delivery.record.status = kept.status;  // what the sender was answered then
          delivery.record.stored = kept.id;
          delivery.record.stored_before = kept.receipts > 1;
          if (kept.forward_status)
            delivery.record.forward = core::ForwardResult{
                kept.forward_status,
                {},
                static_cast<double>(kept.forward_microseconds.value_or(0)) / 1000.0};
          store_.add(std::move(delivery));
        },
        static_cast<std::int64_t>(options_.keep));
  } catch (const store::StoreError& error) {
    print_warning(std::string("--inspect: the store's deliveries could not be listed: ") +
                  error.what());
  }
  if (unreadable)
    print_warning(
        fmt::format("--inspect: {} of the {} stored requests could not be read "
                    "(kept in part, or not HTTP)",
                    unreadable, read));
}

}  // namespace cli

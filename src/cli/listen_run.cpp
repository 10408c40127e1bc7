#include <fcntl.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <fmt/core.h>
#include <pthread.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <dirent.h>
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>
#include <mutex>
#include <optional>
#include <thread>

#include "cli/console.hpp"
#include "cli/decode_limit_option.hpp"
#include "cli/diagnosis_queue.hpp"
#include "cli/exit_status.hpp"
#include "cli/failure.hpp"
#include "cli/inspector.hpp"
#include "cli/network_commands.hpp"
#include "cli/store_run.hpp"
#include "cli/terminal_style.hpp"
#include "cli/version.hpp"
#include "core/delivery/delivery_check.hpp"
#include "core/delivery/delivery_fixture.hpp"
#include "core/delivery/delivery_log.hpp"
#include "core/delivery/save_quota.hpp"
#include "core/explain/explain.hpp"
#include "core/signing/signature.hpp"
#include "net/delivery_server.hpp"
#include "net/http_client.hpp"
#include "store/delivery_store.hpp"
#include "store/group_commit.hpp"
#include "util/byte_size.hpp"
#include "util/duration.hpp"
#include "util/rfc3339.hpp"
#include "util/text.hpp"

namespace cli {

namespace {
// "20261127T194125.120Z": sorts by arrival and is safe in any file system.
std::string compact_utc(std::int64_t epoch_ms) {
  std::string text;
  for (char c : util::format_rfc3339(epoch_ms))
    if (c != '-' && c != ':') text += c;
  return text;
}

// Secrets as verify takes them, except that with no option and AUTOSANA_WEBHOOK_SECRET unset the
// listener still runs, accepting deliveries unverified.
std::vector<core::Secret> listening_secrets(const CLI::App& command, const SecretOptions& options) {
  if (!any_secret_option(options) &&
      !core::lookup_process_environment(core::default_secret_variable)) {
    print_warning(std::string("no secret given and ") + core::default_secret_variable +
                  " is unset: deliveries are accepted unverified");
    return {};
  }
  return load_secrets_or_fail(command, options);
}

// Each connection is a file descriptor: take the hard limit, which needs no privilege, and say
// so when even that is too low for --max-connections.
void raise_open_file_limit(std::size_t max_connections) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
    ::getrlimit(RLIMIT_NOFILE, &limit);
  }
  // A few descriptors go to standard streams, the listening socket, saved files and forwarding.
  constexpr rlim_t reserve = 32;
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < max_connections + reserve)
    print_warning(fmt::format(
        "the open-file limit is {}, too low for --max-connections {}; beyond about {} "
        "connections new ones wait (raise it with ulimit -n)",
        limit.rlim_cur, max_connections, limit.rlim_cur > reserve ? limit.rlim_cur - reserve : 0));
}

std::int64_t duration_option(const std::string& name, const std::string& text) {
  auto parsed = util::parse_duration(text);
  if (!parsed) throw Failure{name + ": " + parsed.error()};
  if (*parsed <= 0) throw Failure{name + " must be more than 0s"};
  return *parsed;
}

// A delivery judged (and saved), on its way to its answer.
struct HandledDelivery {
  core::HttpRequest request;
  core::DeliveryRecord record;
  net::Reply reply;
  std::shared_ptr<const core::HttpRequest> kept;  // for the inspector, as received
  std::shared_ptr<std::uint64_t> inspected_id;    // the inspector's entry, for a later diagnosis
};

class Listener {
 public:
  Listener(const CLI::App& command, const ListenOptions& options)
      : command_(command), options_(options) {}

  int run() {
    settings_ = check_options();
    secrets_ = listening_secrets(command_, options_.secrets);
    style_ = choose_text_style(options_.color);
    if (!options_.save_dir.empty()) prepare_save_dir();
    if (options_.store.given()) {
      auto opened = open_chosen_store(options_.store);
      store_description_ = opened->description();
      commit_ = std::make_unique<store::GroupCommit>(std::move(opened));
    }
    raise_open_file_limit(settings_.max_connections);
    // Writes to a socket whose peer has gone must fail with EPIPE, not end the program.
    std::signal(SIGPIPE, SIG_IGN);
    // Ctrl-C and SIGTERM are taken by one thread (below), never in the middle of a delivery.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    net::DeliveryServer server(
        settings_,
        [this](core::HttpRequest&& request, const std::string& remote) {
          return on_delivery(std::move(request), remote);
        },
        [this](const net::Refusal& refusal) { on_refusal(refusal); });
    auto port = server.bind();
    if (!port) throw Failure{port.error()};
    announce(*port);
    if (inspector_options_) start_inspector(*port);

    std::atomic<bool> finished{false};
    std::thread signal_waiter([&] {
      const timespec tick{0, 100'000'000};
      bool stopping = false;
      while (!finished) {
        if (sigtimedwait(&stop_signals, nullptr, &tick) > 0) stopping = true;
        // Repeated: a stop that lands before the server runs would otherwise be lost.
        if (stopping || stop_requested_) server.stop();
      }
    });
    server.serve();
    finished = true;
    signal_waiter.join();
    print_diagnostic_line("listen: stopped after " + tally());
    return exit_success;
  }

 private:
  net::ServerSettings check_options() {
    net::ServerSettings settings;
    settings.host = options_.host;
    settings.port = options_.port;
    if (options_.path.empty() || options_.path.front() != '/')
      throw Failure{"--path must start with / (like /webhooks/autosana)"};
    settings.path = options_.path;
    settings.max_body = size_option("--max-body", options_.max_body);
    settings.read_timeout =
        std::chrono::milliseconds(duration_option("--read-timeout", options_.read_timeout));
    settings.max_connections = options_.max_connections;
    forward_timeout_ =
        std::chrono::milliseconds(duration_option("--forward-timeout", options_.forward_timeout));
    max_forward_response_ = static_cast<std::size_t>(
        size_option("--max-forward-response", options_.max_forward_response));
    if (!options_.max_age.empty()) max_age_ = duration_option("--max-age", options_.max_age);
    save_max_ = size_option("--save-max", options_.save_max);  // checked with or without --save
    forward_insecure_warning_ = check_tls_trust(options_.forward_trust, "the --forward target");
    forward_trust_ = net::TlsTrust{options_.forward_trust.cacert, options_.forward_trust.insecure};
    explain_limit_ =
        static_cast<std::size_t>(size_option("--explain-limit", options_.explain_limit));
    // (This helper has no CLI11 to ask whether an option was given: a changed default tells.)
    if (options_.save_dir.empty() && options_.save_max != ListenOptions{}.save_max)
      print_warning("--save-max bounds what --save keeps; without --save it does nothing");
    if (!options_.explain && options_.explain_limit != ListenOptions{}.explain_limit)
      print_warning("--explain-limit does nothing without --explain");
    if (!options_.forward_url.empty()) {
      auto url = core::parse_url(options_.forward_url);
      if (!url) throw Failure{"--forward: " + url.error()};
      forward_url_ = *url;
    }
    if (options_.inspect) {
      InspectorOptions inspect;
      parse_inspect_address(
          options_.inspect_address.empty() ? "127.0.0.1:8788" : options_.inspect_address, inspect);
      inspect.keep = options_.inspect_keep;
      inspect.forward = forward_url_;
      inspect.forward_text = options_.forward_url;
      inspect.forward_timeout = forward_timeout_;
      inspect.forward_trust = forward_trust_;
      inspect.max_forward_response = max_forward_response_;
      inspect.user_agent = std::string(program_name) + "/" + program_version;
      inspect.max_decoded_body = static_cast<std::size_t>(settings.max_body);
      inspector_options_ = std::move(inspect);
    }
    return settings;
  }

  std::string endpoint_url(int port) const {
    const bool ipv6 = settings_.host.find(':') != std::string::npos;
    const std::string host = settings_.host == "0.0.0.0" ? "127.0.0.1"
                             : settings_.host == "::"    ? "[::1]"
                             : ipv6                      ? "[" + settings_.host + "]"
                                                         : settings_.host;
    return fmt::format("http://{}:{}{}", host, port, settings_.path);
  }

  void start_inspector(int port) {
    inspector_options_->endpoint_url = endpoint_url(port);
    inspector_options_->secrets = secrets_;  // Edit and replay signs with the first
    inspector_ = std::make_unique<Inspector>(std::move(*inspector_options_));
    // The store holds every delivery --save does: with both, the list comes from the store. It
    // is read on a connection of its own (the writer's belongs to the writer's thread).
    const auto max_body = static_cast<std::size_t>(settings_.max_body);
    if (options_.store.given())
      inspector_->load_stored(*open_chosen_store(options_.store), secrets_, max_body);
    else if (!options_.save_dir.empty())
      inspector_->load_saved(options_.save_dir, secrets_, max_body);
    const std::string page = inspector_->start();
    print_diagnostic_line("listen: inspector on " + page + " (open it in a browser)");
  }

  // The delivery as the inspector shows it; its id there, or 0 without --inspect.
  std::uint64_t inspect(const core::DeliveryRecord& record,
                        std::shared_ptr<const core::HttpRequest> request,
                        std::optional<core::ForwardExchange> forward, bool diagnosing) {
    if (!inspector_) return 0;
    core::InspectedDelivery delivery;
    delivery.record = record;
    delivery.request = std::move(request);
    delivery.forward = std::move(forward);
    delivery.explanation_pending = diagnosing;
    core::note_unverified_claim(delivery, static_cast<std::size_t>(settings_.max_body));
    return inspector_->store().add(std::move(delivery));
  }

  void prepare_save_dir() {
    if (::mkdir(options_.save_dir.c_str(), 0700) != 0 && errno != EEXIST)
      throw Failure{"--save " + options_.save_dir + ": " + std::strerror(errno)};
    struct stat info {};
    if (::stat(options_.save_dir.c_str(), &info) != 0 || !S_ISDIR(info.st_mode))
      throw Failure{"--save " + options_.save_dir + ": not a folder"};
    if (::access(options_.save_dir.c_str(), W_OK | X_OK) != 0)
      throw Failure{"--save " + options_.save_dir + ": " + std::strerror(errno)};
    const std::uint64_t max = save_max_;
    quota_.emplace(max, max / 100 * core::rejected_share_percent);
    count_saved_files();
    if (quota_->used_bytes() > max)
      print_warning(fmt::format(
          "--save {} already holds {} bytes, more than --save-max {}: verified deliveries are "
          "answered 503 until there is room",
          options_.save_dir, quota_->used_bytes(), options_.save_max));
  }

  // What the folder already holds counts against --save-max; earlier rejected deliveries (named
  // *-rejected.http) may be dropped like this run's.
  void count_saved_files() {
    std::vector<std::string> names;
    if (DIR* dir = ::opendir(options_.save_dir.c_str())) {
      while (const dirent* entry = ::readdir(dir)) {
        const std::string name = entry->d_name;
        if (name.size() > 5 && name.ends_with(".http")) names.push_back(name);
      }
      ::closedir(dir);
    }
    std::sort(names.begin(), names.end());  // their names start with the time they came
    for (const std::string& name : names) {
      struct stat info {};
      if (::stat((options_.save_dir + "/" + name).c_str(), &info) != 0) continue;
      quota_->saved(
          {name, static_cast<std::uint64_t>(info.st_size), name.ends_with(rejected_suffix)});
    }
  }

  void announce(int port) const {
    const net::ServerSettings& settings = settings_;
    const bool ipv6 = settings.host.find(':') != std::string::npos;
    std::string line =
        fmt::format("listen: listening on http://{}:{}{}",
                    ipv6 ? "[" + settings.host + "]" : settings.host, port, settings.path);
    if (secrets_.empty()) {
      line += ", accepting unverified deliveries";
    } else {
      line += ", verifying with ";
      for (std::size_t i = 0; i < secrets_.size(); ++i)
        line += (i ? ", " : "") + secrets_[i].source;
    }
    if (!options_.save_dir.empty()) line += ", saving to " + options_.save_dir;
    if (commit_) line += ", storing in " + store_description_;
    if (forward_url_) line += ", forwarding to " + options_.forward_url;
    if (!forward_insecure_warning_.empty()) print_warning(forward_insecure_warning_);
    print_diagnostic_line(line + " (Ctrl-C to stop)");
  }

  net::Reply on_delivery(core::HttpRequest&& request, const std::string& remote) {
    const std::int64_t now = util::now_epoch_milliseconds();
    core::DeliveryRecord record = start_record(now, remote, request.method, request.target);
    // The inspector keeps the request as received (the original moves on to the forward target).
    std::shared_ptr<const core::HttpRequest> kept;
    if (inspector_) kept = std::make_shared<const core::HttpRequest>(request);
    auto inspected_id = std::make_shared<std::uint64_t>(0);
    core::DeliveryPolicy policy;
    policy.max_body = static_cast<std::size_t>(settings_.max_body);
    policy.max_age_milliseconds = max_age_;
    policy.now_milliseconds = now;
    core::DeliveryJudgement judgement = core::judge_delivery(request, secrets_, policy);
    core::record_judgement(record, judgement);
    net::Reply reply;
    if (judgement.status == 200)
      reply.body = "{\"status\":\"accepted\"}\n";
    else
      reply = net::refusal_reply(judgement.status);
    if (options_.explain && judgement.outcome == core::DeliveryOutcome::rejected &&
        judgement.signature && !judgement.secret)
      reply.after_sent =
          diagnosis(record, std::move(judgement.body), *judgement.signature, inspected_id);

    // The request itself is saved and forwarded as it came, with any Content-Encoding.
    if (!options_.save_dir.empty()) {
      const bool rejected = judgement.status != 200;
      auto saved = judgement.status == 413
                       ? save(without_body(request, judgement.reason), now, rejected)
                       : save(request, now, rejected);
      if (!saved.error.empty()) {
        record.save_error = saved.error;
        // The sender retries an accepted delivery that could not be kept; nothing is lost. A
        // rejected one keeps its answer.
        if (!rejected) reply = net::refusal_reply(saved.failure_status);
      } else {
        record.saved_file = saved.path;
      }
    }
    HandledDelivery handled{std::move(request), std::move(record), std::move(reply),
                            std::move(kept), std::move(inspected_id)};
    if (commit_) return store_then_answer(std::move(handled), judgement, remote, now);
    return conclude(std::move(handled));
  }

  // What a handled delivery leads to: the relay, or the answer, its log line and the inspector.
  // 200 here means accepted (verified or unverified) and saved and stored, if asked.
  net::Reply conclude(HandledDelivery&& handled) {
    core::DeliveryRecord& record = handled.record;
    if (forward_url_ && handled.reply.status == 200)
      return relay(std::move(handled.request), std::move(record), std::move(handled.kept));
    record.status = handled.reply.status;
    report(record);
    *handled.inspected_id =
        inspect(record, std::move(handled.kept), std::nullopt, bool(handled.reply.after_sent));
    return std::move(handled.reply);
  }

  // Committed before the answer: a 2xx means the delivery is on disk. An accepted delivery the
  // store cannot take is answered 503 (the sender retries; the transaction left nothing); a
  // rejected one keeps its answer. Nothing blocks meanwhile: the writer's thread hands the
  // outcome back to the event loop, which then concludes.
  net::Reply store_then_answer(HandledDelivery&& handled, const core::DeliveryJudgement& judgement,
                               const std::string& remote, std::int64_t now) {
    auto delivery = std::make_shared<store::DeliveryToStore>(
        delivery_to_store(handled.request, judgement, remote, now, handled.reply.status));
    struct Awaiting {
      HandledDelivery handled;
      store::CommitOutcome outcome;
    };
    auto awaiting = std::make_shared<Awaiting>(Awaiting{std::move(handled), {}});
    net::Reply later;
    later.wait = [this, awaiting, delivery](std::function<void()> resume) {
      commit_->store_then(delivery,
                          [awaiting, resume = std::move(resume)](store::CommitOutcome outcome) {
                            awaiting->outcome = std::move(outcome);
                            resume();
                          });
    };
    later.resumed = [this, awaiting, accepted = judgement.status == 200] {
      const store::CommitOutcome& stored = awaiting->outcome;
      core::DeliveryRecord& record = awaiting->handled.record;
      if (stored.stored) {
        record.stored = stored.outcome.id;
        record.stored_before = stored.outcome.repeated;
      } else {
        record.store_error = stored.error;
        if (accepted) awaiting->handled.reply = net::refusal_reply(503);
      }
      return conclude(std::move(awaiting->handled));
    };
    return later;
  }

  store::DeliveryToStore delivery_to_store(const core::HttpRequest& request,
                                           const core::DeliveryJudgement& judgement,
                                           const std::string& remote, std::int64_t now,
                                           int status) const {
    store::DeliveryToStore delivery;
    delivery.received_milliseconds = now;
    delivery.remote = remote;
    delivery.request = core::format_http_request(
        judgement.status == 413 ? without_body(request, judgement.reason) : request);
    delivery.request_size = delivery.request.size();
    const bool accepted = judgement.status == 200;
    delivery.verdict = !accepted                                              ? "rejected"
                       : judgement.outcome == core::DeliveryOutcome::verified ? "verified"
                                                                              : "unsigned";
    delivery.status = status;
    delivery.reason = judgement.reason;
    delivery.signature = request.header(core::signature_header_name).value_or("");
    delivery.body = request.body;
    // The judgement holds the body with its Content-Encoding undone: an accepted one is whole.
    if (accepted) {
      delivery.batch = store::read_batch(judgement.body);
      if (delivery.batch) delivery.batch->verified = delivery.verdict == "verified";
    }
    return delivery;
  }

  // A reply that asks the server to relay the delivery; the line is written when the answer is in.
  net::Reply relay(core::HttpRequest&& request, core::DeliveryRecord&& record,
                   std::shared_ptr<const core::HttpRequest> kept) {
    auto outgoing = std::make_shared<net::OutgoingRequest>();
    outgoing->url = *forward_url_;
    outgoing->method = std::move(request.method);
    outgoing->headers = std::move(request.headers);
    outgoing->body = std::move(request.body);
    outgoing->timeout = forward_timeout_;
    outgoing->trust = forward_trust_;
    outgoing->max_response_body = max_forward_response_;
    outgoing->user_agent = std::string(program_name) + "/" + program_version;
    net::Reply reply;
    reply.forward = std::move(outgoing);
    reply.on_forwarded = [this, record = std::move(record),
                          kept = std::move(kept)](net::SendResult result) mutable {
      std::optional<core::ForwardExchange> exchange;
      if (inspector_) exchange = forward_exchange(result);
      net::Reply answer = forwarded_reply(std::move(result), record);
      record.status = answer.status;
      if (commit_ && record.stored && record.forward)
        commit_->note_forward_answer(
            *record.stored, record.forward->status.value_or(answer.status),
            static_cast<std::int64_t>(record.forward->milliseconds * 1000.0));
      report(record);
      inspect(record, std::move(kept), std::move(exchange), false);
      return answer;
    };
    return reply;
  }

  static core::ForwardExchange forward_exchange(const net::SendResult& result) {
    core::ForwardExchange exchange;
    exchange.time_utc = util::format_rfc3339(util::now_epoch_milliseconds());
    exchange.milliseconds = milliseconds_of(result);
    if (result) {
      exchange.status = result.response.status;
      exchange.headers = result.response.headers;
      exchange.body = result.response.body;
    } else {
      exchange.error = result.message;
    }
    return exchange;
  }

  static double milliseconds_of(const net::SendResult& result) {
    return static_cast<double>(result.elapsed.count()) / 1000.0;
  }

  static net::Reply forwarded_reply(net::SendResult result, core::DeliveryRecord& record) {
    record.forward = core::ForwardResult{};
    record.forward->milliseconds = milliseconds_of(result);
    if (!result) {
      record.forward->error = result.message;
      return net::refusal_reply(result.error == net::SendError::timed_out ? 504 : 502);
    }
    record.forward->status = result.response.status;
    net::Reply reply;
    reply.status = result.response.status;
    reply.body = std::move(result.response.body);
    reply.content_type =
        core::find_header(result.response.headers, "Content-Type").value_or("text/plain");
    return reply;
  }

  // A body answered 413 (it decodes beyond --max-body) is not kept: every reader of the file would
  // have to decode it again. Its head is, with a field that says what was left out and why.
  static core::HttpRequest without_body(const core::HttpRequest& request,
                                        const std::string& reason) {
    core::HttpRequest head;
    head.method = request.method;
    head.target = request.target;
    head.version = request.version;
    for (const auto& [name, value] : request.headers)
      if (!util::equal_ignoring_case(name, "Content-Length") &&
          !util::equal_ignoring_case(name, "Transfer-Encoding") &&
          !util::equal_ignoring_case(name, "Content-Encoding"))
        head.headers.emplace_back(name, value);
    head.headers.emplace_back(
        "X-Autosana-Webhook-Body-Not-Saved",
        fmt::format("{} bytes answered 413 ({}); Content-Encoding: {}", request.body.size(), reason,
                    request.header("Content-Encoding").value_or("none")));
    head.headers.emplace_back("Content-Length", "0");
    return head;
  }

  struct SaveOutcome {
    std::string path;
    std::string error;         // empty when saved
    int failure_status = 500;  // the answer an accepted delivery gets when it is not saved
  };

  static SaveOutcome save_failed(std::string error, int status = 500) {
    return SaveOutcome{{}, std::move(error), status};
  }

  SaveOutcome save(const core::HttpRequest& request, std::int64_t now, bool rejected) {
    const std::string raw = core::format_http_request(request);
    // Deliveries are judged on the event loop or on worker threads: one quota for all of them.
    const std::lock_guard<std::mutex> lock(save_mutex_);
    const core::SaveDecision room = quota_->make_room(raw.size(), rejected);
    for (const std::string& name : room.remove) ::unlink((options_.save_dir + "/" + name).c_str());
    // No room under --save-max: 503, the sender tries again later.
    if (!room.save) return save_failed("not saved: " + room.reason, 503);
    for (int attempt = 0; attempt < 100; ++attempt) {
      const std::string name = fmt::format("{}-{:06}{}", compact_utc(now), ++saved_sequence_,
                                           rejected ? rejected_suffix : ".http");
      const std::string path = options_.save_dir + "/" + name;
      const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd < 0 && errno == EEXIST) continue;
      if (fd < 0) return save_failed(path + ": " + std::strerror(errno));
      std::size_t written = 0;
      while (written < raw.size()) {
        const ssize_t n = ::write(fd, raw.data() + written, raw.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
          const int error = errno;
          ::close(fd);
          ::unlink(path.c_str());
          return save_failed(path + ": " + std::strerror(error));
        }
        written += static_cast<std::size_t>(n);
      }
      if (::close(fd) != 0) return save_failed(path + ": " + std::strerror(errno));
      quota_->saved({name, raw.size(), rejected});
      return SaveOutcome{path, {}, 0};
    }
    return save_failed("no free file name in " + options_.save_dir);
  }

  void on_refusal(const net::Refusal& refusal) {
    core::DeliveryRecord record = start_record(util::now_epoch_milliseconds(), refusal.remote,
                                               refusal.method, refusal.target);
    record.status = refusal.status;
    record.outcome = core::DeliveryOutcome::refused;
    record.reason = refusal.reason;
    report(record);
    inspect(record, nullptr, std::nullopt, false);
  }

  static core::DeliveryRecord start_record(std::int64_t now, const std::string& remote,
                                           const std::string& method, const std::string& target) {
    core::DeliveryRecord record;
    record.time = util::format_local_time(now);
    record.time_utc = util::format_rfc3339(now);
    record.remote = remote;
    record.method = method;
    record.target = target;
    return record;
  }

  // What runs once the answer to a rejected delivery is sent: its diagnosis, queued to run alone.
  std::function<void()> diagnosis(const core::DeliveryRecord& record, std::string body,
                                  std::string signature,
                                  std::shared_ptr<std::uint64_t> inspected_id) {
    return [this, record, body = std::make_shared<std::string>(std::move(body)),
            signature = std::move(signature), inspected_id] {
      const std::size_t bytes = body->size();
      const bool queued = diagnoses_.submit(bytes, [this, record, body, signature, inspected_id] {
        std::vector<core::Finding> findings;
        try {
          core::ExplainRequest request{*body, signature, &secrets_, nullptr};
          request.max_body = explain_limit_;
          findings = core::explain_mismatch(request).findings;
        } catch (const std::exception& error) {
          findings.push_back({"failed", std::string("the diagnosis failed: ") + error.what(), ""});
        }
        report_explanation(record, findings, *inspected_id);
      });
      if (!queued)
        report_explanation(record,
                           {{"skipped",
                             "not explained: other diagnoses are waiting (they run one at "
                             "a time, after the answers)",
                             ""}},
                           *inspected_id);
    };
  }

  void report_explanation(const core::DeliveryRecord& record, std::vector<core::Finding> findings,
                          std::uint64_t inspected_id) {
    for (core::Finding& finding : findings) {
      finding.text = redact_secrets(finding.text);
      if (finding.code == "body_too_large") finding.advice = "raise --explain-limit to explain it";
    }
    if (inspector_ && inspected_id)
      inspector_->store().update(inspected_id, [&](core::InspectedDelivery& delivery) {
        delivery.explanation = findings;
        delivery.explanation_pending = false;
      });
    std::lock_guard<std::mutex> lock(output_mutex_);
    if (options_.quiet) return;
    write_stdout(options_.json ? core::render_explanation_json(record, findings)
                               : core::render_explanation_lines(record, findings));
    if (!flush_stdout()) stop_requested_ = true;
  }

  void report(const core::DeliveryRecord& record) {
    std::lock_guard<std::mutex> lock(output_mutex_);
    ++counts_[static_cast<int>(record.outcome)];
    if (options_.quiet) return;
    write_stdout(options_.json ? core::render_delivery_json(record)
                               : core::render_delivery_line(record, style_));
    // A reader that went away (| head) ends the listener, as it would end any filter.
    if (!flush_stdout()) stop_requested_ = true;
  }

  std::string tally() {
    std::lock_guard<std::mutex> lock(output_mutex_);
    std::string text;
    std::size_t total = 0;
    for (int outcome = 0; outcome < 4; ++outcome) {
      total += counts_[outcome];
      if (counts_[outcome] == 0) continue;
      text += fmt::format("{}{} {}", text.empty() ? "" : ", ", counts_[outcome],
                          core::describe_outcome(static_cast<core::DeliveryOutcome>(outcome)));
    }
    return fmt::format("{} {}{}", total, total == 1 ? "request" : "requests",
                       text.empty() ? "" : " (" + text + ")");
  }

  const CLI::App& command_;
  const ListenOptions& options_;
  std::vector<core::Secret> secrets_;
  core::TextStyle style_;
  std::optional<core::Url> forward_url_;
  std::chrono::milliseconds forward_timeout_{10000};
  std::size_t max_forward_response_ = 0;
  std::optional<std::int64_t> max_age_;
  net::ServerSettings settings_;
  std::atomic<bool> stop_requested_{false};
  std::mutex output_mutex_;
  std::size_t counts_[4] = {0, 0, 0, 0};
  std::atomic<std::size_t> saved_sequence_{0};
  static constexpr std::string_view rejected_suffix = "-rejected.http";
  std::optional<core::SaveQuota> quota_;
  net::TlsTrust forward_trust_;
  std::string forward_insecure_warning_;
  std::mutex save_mutex_;
  std::size_t explain_limit_ = core::default_explain_limit;
  std::optional<InspectorOptions> inspector_options_;
  std::uint64_t save_max_ = 0;
  std::unique_ptr<Inspector> inspector_;
  std::string store_description_;
  std::unique_ptr<store::GroupCommit> commit_;  // with --store: committed before each answer
  // Last, so that it is destroyed first: its thread finishes the diagnoses waiting, which use
  // the members above.
  DiagnosisQueue diagnoses_{8, std::size_t{48} << 20};
};
}  // namespace

namespace {
// glibc raises its mmap threshold each time a large block is freed, so after the first body is
// let go the next 10 MiB ones come from the heap, whose freed pages it keeps: under senders that
// stall and reconnect the peak grew 12 MiB past the bodies budget. A fixed threshold keeps every
// body of 1 MiB or more in a mapping of its own, returned to the system when it is let go.
void return_large_bodies_to_the_system() {
#if defined(__GLIBC__)
  ::mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
}
}  // namespace

int run_listen(const CLI::App& command, const ListenOptions& options) {
  return_large_bodies_to_the_system();
  return Listener(command, options).run();
}

}  // namespace cli

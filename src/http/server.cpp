#include "http/server.hpp"

#include <fmt/core.h>
#include <restinio/all.hpp>
#include <restinio/tls.hpp>

#include <poll.h>
#include <sys/resource.h>

#include <atomic>
#include <csignal>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/time.hpp"
#include "http/client_connections.hpp"
#include "http/tls.hpp"
#include "http/tls_socket.hpp"
#include "log/fatal_signal.hpp"

namespace jetway::http {

namespace {

// Counts connections from the moment the gate lets them in until RESTinio closes them, for the accept watchdog and
// the limit warning, and tells the per-client count of each close. Not from RESTinio's "accepted" notice: over
// HTTPS that comes only once the TLS handshake is done, while "closed" comes for every connection, so a failed
// handshake (a scanner, plain HTTP to the HTTPS port) lowered the count, and connections still in their handshake
// were not counted at all, so the watchdog took a full server for a stalled one.
class ConnectionCounter {
 public:
  explicit ConnectionCounter(std::shared_ptr<ClientConnections> clients) : clients_(std::move(clients)) {}
  void Admitted() noexcept {
    accepted_.fetch_add(1);
    open_.fetch_add(1);
  }
  void state_changed(const restinio::connection_state::notice_t& notice) noexcept {
    const auto cause = notice.cause();
    if (!restinio::get_if<restinio::connection_state::closed_t>(&cause)) return;
    open_.fetch_sub(1);
    try {
      clients_->Closed(notice.remote_endpoint().address().to_string());
    } catch (...) {
      // the address's count stays one too high until the process restarts; nothing to do in a noexcept hook
    }
  }
  std::uint64_t accepted() const { return accepted_.load(); }
  std::int64_t open() const { return open_.load(); }

 private:
  std::shared_ptr<ClientConnections> clients_;
  std::atomic<std::uint64_t> accepted_{0};
  std::atomic<std::int64_t> open_{0};
};

// Lets a new connection in unless its address already holds its share (ClientConnections), before RESTinio spends
// anything on it (a TLS handshake, a read buffer); every connection it lets in is closed once, whether or not its
// TLS handshake completes.
class ClientGate {
 public:
  ClientGate(std::shared_ptr<ClientConnections> clients, std::shared_ptr<ConnectionCounter> counter)
      : clients_(std::move(clients)), counter_(std::move(counter)) {}
  restinio::ip_blocker::inspection_result_t inspect(const restinio::ip_blocker::incoming_info_t& info) noexcept {
    try {
      if (!clients_->Admit(info.remote_endpoint().address().to_string())) return restinio::ip_blocker::deny();
      counter_->Admitted();
      return restinio::ip_blocker::allow();
    } catch (...) {
      return restinio::ip_blocker::deny();  // out of memory: refusing one connection is the safe side
    }
  }

 private:
  std::shared_ptr<ClientConnections> clients_;
  std::shared_ptr<ConnectionCounter> counter_;
};

struct Traits : restinio::default_traits_t {
  static constexpr bool use_connection_count_limiter = true;
  using connection_state_listener_t = ConnectionCounter;
  using ip_blocker_t = ClientGate;
};
struct TlsTraits : restinio::traits_t<restinio::asio_timer_manager_t, restinio::null_logger_t,
                                      restinio::default_request_handler_t,
                                      asio::strand<restinio::default_asio_executor>, DeadlineTlsSocket> {
  static constexpr bool use_connection_count_limiter = true;
  using connection_state_listener_t = ConnectionCounter;
  using ip_blocker_t = ClientGate;
};

// A listener's server, plain or TLS: what the watchdog and the stop need of it.
class AnyServer {
 public:
  virtual ~AnyServer() = default;
  virtual void open_sync() = 0;
  virtual void close_sync() = 0;
};

template <class ServerTraits>
class ServerOf final : public AnyServer {
 public:
  ServerOf(asio::io_context& io_context, restinio::server_settings_t<ServerTraits> settings)
      : server_(restinio::external_io_context(io_context), std::move(settings)) {}
  void open_sync() override { server_.open_sync(); }
  void close_sync() override { server_.close_sync(); }

 private:
  restinio::http_server_t<ServerTraits> server_;
};
using HttpServer = AnyServer;

// Enough for a few requests a browser or client may send ahead on one keep-alive connection; answered in order.
constexpr std::size_t kMaxPipelinedRequests = 16;
// How far over the body limit RESTinio still reads, so an over-limit body gets a 413 and not a dropped connection.
constexpr std::size_t kBodySlackBytes = 4096;

// Raises the soft open-file limit to the hard one and returns it.
std::size_t RaiseOpenFileLimit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
    ::getrlimit(RLIMIT_NOFILE, &limit);
  }
  return limit.rlim_cur == RLIM_INFINITY ? std::size_t{1} << 20 : static_cast<std::size_t>(limit.rlim_cur);
}

bool HasPendingConnection(int listen_fd) {
  if (listen_fd < 0) return false;
  pollfd fd{listen_fd, POLLIN, 0};
  return ::poll(&fd, 1, 0) > 0 && (fd.revents & POLLIN);
}

bool IsGoodRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
      return false;
  return true;
}

log::Field ErrorField(const std::exception_ptr& e) {
  try {
    if (e) std::rethrow_exception(e);
  } catch (const std::exception& error) {
    return log::Str("error", error.what());
  } catch (...) {
  }
  return log::Str("error", "unknown");
}

// Takes one off a count when the scope ends, however it ends (a request counted in when it arrived).
struct CountedOut {
  std::atomic<int>& count;
  ~CountedOut() { count.fetch_sub(1); }
};

class Dispatcher {
 public:
  Dispatcher(const ServerOptions& options, const Router& router, std::string listener, std::size_t max_body_bytes,
             asio::io_context* writes, log::Logger& logger)
      : options_(options), router_(router), listener_(std::move(listener)), max_body_bytes_(max_body_bytes),
        writes_(writes), logger_(logger),
        tls_(options.tls != nullptr),
        id_prefix_(fmt::format("{:x}", std::chrono::system_clock::now().time_since_epoch().count() & 0xffffffffff)) {}

  // A request that changes data goes to the write threads when there are some: it spends most of its time waiting
  // for the database (a commit group's sync, a lock), and on the server threads a burst of bookings left none for
  // searches (p50 23 ms instead of 0.18 while 64 clients booked).
  restinio::request_handling_status_t Handle(const restinio::request_handle_t& req) {
    in_flight_.fetch_add(1);
    const auto started = std::chrono::steady_clock::now();
    if (writes_ && ChangesData(req->header().method())) {
      asio::post(*writes_, [this, req, started] {
        try {
          Answer(req, started);
        } catch (...) {
          logger_.Error("request not answered", {ErrorField(std::current_exception())});
        }
      });
    } else {
      on_server_threads_.fetch_add(1);
      const CountedOut busy{on_server_threads_};
      Answer(req, started);
    }
    return restinio::request_accepted();
  }

  void BeginStopping() { stopping_.store(true); }
  int in_flight() const { return in_flight_.load(); }
  // Requests being answered on the server threads (not the write threads).
  int on_server_threads() const { return on_server_threads_.load(); }

 private:
  static bool ChangesData(const restinio::http_method_id_t& method) {
    return method == restinio::http_method_post() || method == restinio::http_method_put() ||
           method == restinio::http_method_patch() || method == restinio::http_method_delete();
  }

  void Answer(const restinio::request_handle_t& req, std::chrono::steady_clock::time_point started) {
    // Counted in by Handle: a stop's drain never waits for a request that is gone.
    const CountedOut done{in_flight_};
    Request request;
    request.method = std::string(req->header().method().c_str());
    request.path = std::string(req->header().path());
    // Repeated fields are one list (RFC 9110 §5.3): HAProxy adds its own X-Forwarded-For line after the client's.
    for (const auto& field : req->header()) {
      auto [it, added] = request.headers.emplace(field.name(), field.value());
      if (!added) it->second += (field.name() == "Cookie" ? "; " : ", ") + std::string(field.value());
    }
    request.tls = tls_;
    request.remote = ClientAddress(req->remote_endpoint().address().to_string(), request.Header("X-Forwarded-For"),
                                   options_.trusted_proxies);
    auto client_id = request.Header("X-Request-Id");
    request.request_id = client_id && IsGoodRequestId(*client_id)
                             ? *client_id
                             : fmt::format("{}-{:x}", id_prefix_, counter_.fetch_add(1) + 1);
    log::SetCurrentRequestId(request.request_id);

    Response response;
    try {
      auto query = ParseQuery(req->header().query());
      if (!query) {
        response = ErrorResponse(400, "MALFORMED_QUERY", "the query string has a malformed percent-escape");
      } else if (req->body().size() > max_body_bytes_) {
        response = ErrorResponse(413, "PAYLOAD_TOO_LARGE",
                                 fmt::format("request body is over the {} byte limit", max_body_bytes_));
      } else {
        request.query = std::move(*query);
        request.query_string = std::string(req->header().query());
        request.body = req->body();
        auto refused = options_.screen ? options_.screen(request) : std::nullopt;
        response = refused ? std::move(*refused) : router_.Dispatch(request);
      }
    } catch (const std::exception& e) {
      auto mapped = options_.on_exception ? options_.on_exception(request, e) : std::nullopt;
      if (mapped) {
        logger_.Warn("request failed", {log::Str("request_id", request.request_id), log::Str("error", e.what()),
                                        log::Num("status", mapped->status)});
        response = std::move(*mapped);
      } else {
        logger_.Error("unhandled exception",
                      {log::Str("request_id", request.request_id), log::Str("error", e.what())});
        response = ErrorResponse(
            500, "INTERNAL_ERROR", fmt::format("something went wrong on our side; quote request id {}", request.request_id));
      }
      response.fault = e.what();
    }

    auto builder = req->create_response(restinio::http_status_line_t{
        restinio::http_status_code_t{static_cast<std::uint16_t>(response.status)},
        std::string(ReasonPhrase(response.status))});
    builder.append_header("Content-Type", response.content_type);
    builder.append_header("X-Request-Id", request.request_id);
    builder.append_header("X-Content-Type-Options", "nosniff");
    builder.append_header("Referrer-Policy", "no-referrer");
    // Browsers that once met this listener over HTTPS never use plain HTTP for it again (two years).
    if (tls_) builder.append_header("Strict-Transport-Security", "max-age=63072000");
    bool has_cache_control = false;
    bool has_disposition = false;
    for (const auto& [name, value] : response.headers) {
      has_cache_control |= name == "Cache-Control";
      has_disposition |= name == "Content-Disposition";
      builder.append_header(name, value);
    }
    if (!has_cache_control) builder.append_header("Cache-Control", "no-store");
    // A JSON answer opened as a page (a link someone was sent) is saved, never rendered: whatever a value holds
    // cannot run as the site's script (ASVS 14.4.2). fetch() and API clients ignore the header.
    if (!has_disposition && response.content_type.starts_with("application/json"))
      builder.append_header("Content-Disposition", "attachment; filename=\"api.json\"");
    if (stopping_.load()) builder.connection_close();
    if (request.method != "HEAD") builder.set_body(std::move(response.body));
    // Counted before the response leaves, so a client's next request sees this one in the figures.
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
    const auto micros = elapsed.count();
    if (options_.on_response) options_.on_response(listener_, request, response, elapsed);
    builder.done();
    std::vector<log::Field> fields{log::Str("request_id", request.request_id), log::Str("method", request.method),
                                   log::Str("path", request.path), log::Num("status", response.status),
                                   log::Millis("duration_ms", micros), log::Str("remote", request.remote)};
    if (!response.log_code.empty()) fields.push_back(log::Str("code", response.log_code));
    // A limit that refused a client is worth a warning: an operator sees who is being turned away, and why. A
    // server error's line is a warning too, so it is written at once whatever the log's batching (a 5xx is a bug).
    if (response.status == 429) logger_.Warn("request refused by a limit", fields);
    else if (response.status >= 500) logger_.Warn("request", fields);
    else logger_.Info("request", fields);
    log::SetCurrentRequestId({});
  }

  const ServerOptions& options_;
  const Router& router_;
  std::string listener_;
  std::size_t max_body_bytes_;
  asio::io_context* writes_;  // null: every request on the server threads
  log::Logger& logger_;
  bool tls_;
  std::string id_prefix_;
  std::atomic<std::uint64_t> counter_{0};
  std::atomic<int> in_flight_{0};
  std::atomic<int> on_server_threads_{0};
  std::atomic<bool> stopping_{false};
};

using Control = asio::strand<asio::io_context::executor_type>;

// RESTinio 0.6 stops accepting for good when accept() fails (EMFILE, ENFILE, ENOBUFS): its completion handler goes
// on only after a success. The connection limit keeps that from happening in the first place; this watchdog is the
// second line. When connections wait in the listen queue, none was accepted for two ticks, a server thread is idle
// and the limit is not what holds them back, it closes and reopens the listener.
//
// Everything here, the stop on SIGTERM and the first open run on one strand (`control`), so opening, closing and
// the timer never race each other and nothing reopens after the stop. Each failed or aborted accept keeps one slot
// of RESTinio's connection limiter for good (its count is only given back by a connection that was made); the
// watchdog allows for those slots, and backs off (1 s doubling to a minute) while stalls continue, so a listener
// it cannot help is not reopened in a loop.
class AcceptWatchdog {
 public:
  AcceptWatchdog(Control control, HttpServer& server, const ConnectionCounter& counter, std::size_t limit,
                 const std::atomic<int>& listen_fd, std::function<bool()> has_idle_thread, log::Logger& logger)
      : timer_(control), server_(server), counter_(counter), limit_(limit), listen_fd_(listen_fd),
        has_idle_thread_(std::move(has_idle_thread)), logger_(logger) {}

  // On the strand.
  void Start() { Arm(); }
  void Stop() {
    stopped_ = true;
    timer_.cancel();
  }

 private:
  static constexpr std::chrono::milliseconds kTick{250};

  void Arm() {
    timer_.expires_after(kTick);
    timer_.async_wait([this](const asio::error_code& ec) {
      if (ec || stopped_) return;
      Check();
      if (!stopped_) Arm();
    });
  }

  std::int64_t Usable() const {
    return static_cast<std::int64_t>(limit_) - static_cast<std::int64_t>(lost_slots_);
  }

  void Check() {
    const auto now = std::chrono::steady_clock::now();
    const auto open = counter_.open();
    WarnAtLimit(open >= Usable(), now);
    if (!listening_) {
      if (now >= next_reopen_) Reopen(now);
      return;
    }
    const auto accepted = counter_.accepted();
    const bool stalled = HasPendingConnection(listen_fd_.load()) && accepted == last_accepted_ &&
                         open + 1 < Usable() && has_idle_thread_();
    last_accepted_ = accepted;
    strikes_ = stalled ? strikes_ + 1 : 0;
    if (strikes_ >= 2 && now >= next_reopen_) Reopen(now);
  }

  void Reopen(std::chrono::steady_clock::time_point now) {
    strikes_ = 0;
    if (listening_) {
      logger_.Warn("accepting connections had stopped (an accept failed, e.g. no file descriptor left); "
                   "reopening the listener",
                   {log::Num("open_connections", counter_.open()), log::Num("reopens", reopens_)});
      try {
        server_.close_sync();
      } catch (...) {
        logger_.Error("could not close the stalled listener", {ErrorField(std::current_exception())});
      }
      lost_slots_ += 2;  // the failed accept's slot and the one the close aborts
      listening_ = false;
    }
    try {
      server_.open_sync();
      listening_ = true;
      logger_.Info("listening again", {log::Num("reopens", ++reopens_)});
    } catch (...) {
      logger_.Error("could not reopen the listener; retrying", {ErrorField(std::current_exception())});
    }
    // Back off while stalls follow one another; a quiet minute starts afresh.
    backoff_ = now - last_reopen_ > std::chrono::minutes{1} ? std::chrono::seconds{1}
                                                            : std::min(backoff_ * 2, std::chrono::seconds{60});
    last_reopen_ = now;
    next_reopen_ = now + backoff_;
  }

  void WarnAtLimit(bool at_limit, std::chrono::steady_clock::time_point now) {
    if (at_limit && !was_at_limit_ && now - last_limit_warning_ > std::chrono::seconds{10}) {
      logger_.Warn("connection limit reached: new connections wait until others close",
                   {log::Num("max_connections", static_cast<long long>(limit_))});
      last_limit_warning_ = now;
    }
    was_at_limit_ = at_limit;
  }

  asio::steady_timer timer_;
  HttpServer& server_;
  const ConnectionCounter& counter_;
  std::size_t limit_;
  const std::atomic<int>& listen_fd_;
  std::function<bool()> has_idle_thread_;
  log::Logger& logger_;
  bool stopped_ = false;
  bool listening_ = true;
  std::uint64_t last_accepted_ = 0;
  int strikes_ = 0;
  long long reopens_ = 0;
  std::size_t lost_slots_ = 0;
  std::chrono::seconds backoff_{1};
  std::chrono::steady_clock::time_point last_reopen_{};
  std::chrono::steady_clock::time_point next_reopen_{};
  bool was_at_limit_ = false;
  std::chrono::steady_clock::time_point last_limit_warning_{};
};

}  // namespace

std::size_t ConnectionLimit(std::size_t configured, std::size_t open_file_limit, std::size_t reserved_descriptors) {
  const std::size_t available = open_file_limit > reserved_descriptors ? open_file_limit - reserved_descriptors : 0;
  return std::max<std::size_t>(1, std::min(configured, available));
}

namespace {

// One listening socket with its routes, connection count, server and watchdog. Lives on Serve's stack, in a deque
// (never moved: the server and watchdog refer to its members).
std::size_t BodyLimit(const ServerOptions& options, const Listener& listener) {
  return listener.max_body_bytes ? listener.max_body_bytes : options.max_body_bytes;
}

struct Endpoint {
  Endpoint(const ServerOptions& options, const Listener& listener, std::shared_ptr<ClientConnections> clients,
           asio::io_context* writes, log::Logger& logger)
      : listener(listener),
        dispatcher(options, *listener.router, listener.name, BodyLimit(options, listener), writes, logger),
        counter(std::make_shared<ConnectionCounter>(clients)),
        gate(std::make_shared<ClientGate>(clients, counter)) {}
  Listener listener;
  Dispatcher dispatcher;
  std::atomic<int> listen_fd{-1};
  std::shared_ptr<ConnectionCounter> counter;
  std::shared_ptr<ClientGate> gate;
  std::unique_ptr<HttpServer> server;
  std::unique_ptr<AcceptWatchdog> watchdog;
};

// The settings every listener shares, plain or TLS.
template <class Settings>
void Configure(Settings& settings, const ServerOptions& options, Endpoint& e, std::size_t max_connections) {
  settings.address(e.listener.address)
      .port(e.listener.port)
      .request_handler([&e](const restinio::request_handle_t& req) { return e.dispatcher.Handle(req); })
      // A body a little over our limit is read so the client gets a clear 413; beyond that RESTinio drops the
      // connection, so no connection ever buffers more than this (it reserves the declared Content-Length at
      // once).
      .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}
                                    .max_url_size(options.max_url_bytes)
                                    .max_field_count(options.max_header_fields)
                                    .max_field_name_size(options.max_header_field_bytes)
                                    .max_field_value_size(options.max_header_field_bytes)
                                    .max_body_size(BodyLimit(options, e.listener) + kBodySlackBytes))
      .max_parallel_connections(max_connections)
      .connection_state_listener(e.counter)
      .ip_blocker(e.gate)
      .max_pipelined_requests(kMaxPipelinedRequests)
      .acceptor_post_bind_hook([&e](asio::ip::tcp::acceptor& acceptor) { e.listen_fd = acceptor.native_handle(); })
      .read_next_http_message_timelimit(options.read_timeout)
      .handle_request_timeout(std::chrono::seconds{30})
      // Asio's TLS stream encrypts each buffer of a response (header, body) as its own record and send: with Nagle's
      // algorithm the body waited for the client's delayed ACK of the header, 40 ms an answer over HTTPS.
      .socket_options_setter([](restinio::socket_options_t& socket) {
        asio::error_code ignored;  // a connection already reset by its peer is closed by the read that follows
        socket.set_option(asio::ip::tcp::no_delay{true}, ignored);
      });
}

}  // namespace

void Serve(const ServerOptions& options, const Router& router, log::Logger& logger,
           const std::function<void()>& on_listening) {
  Serve(options, {Listener{options.address, options.port, &router, "http"}}, logger, on_listening);
}

void Serve(const ServerOptions& options, const std::vector<Listener>& listeners, log::Logger& logger,
           const std::function<void()>& on_listening) {
  const std::size_t open_file_limit = RaiseOpenFileLimit();
  // The descriptors left for connections are shared out between the listeners.
  const std::size_t max_connections = std::max<std::size_t>(
      1, ConnectionLimit(options.max_connections, open_file_limit, options.reserved_descriptors) /
             std::max<std::size_t>(1, listeners.size()));
  const std::size_t threads = std::max<std::size_t>(1, options.threads);
  asio::io_context io_context;
  Control control(io_context.get_executor());
  // The write threads' own context: kept running while idle, stopped once the server threads have drained.
  asio::io_context writes;
  auto writes_work = asio::make_work_guard(writes);
  asio::io_context* const writes_or_none = options.write_threads > 0 ? &writes : nullptr;
  std::deque<Endpoint> endpoints;
  // One count per client address across every listener.
  const auto clients = std::make_shared<ClientConnections>(options.max_connections_per_client, options.trusted_proxies);
  // One context for every TLS listener; its handshakes take the certificate loaded last (SIGHUP reloads it).
  const auto tls_context = options.tls ? options.tls->MakeContext() : nullptr;
  for (const auto& listener : listeners) {
    auto& e = endpoints.emplace_back(options, listener, clients, writes_or_none, logger);
    if (options.tls) {
      restinio::server_settings_t<TlsTraits> settings;
      Configure(settings, options, e, max_connections);
      settings.tls_context(tls_context);
      // The same time a client gets to send a request: a handshake is one round trip or two.
      settings.tls_handshake_timeout(options.read_timeout);
      e.server = std::make_unique<ServerOf<TlsTraits>>(io_context, std::move(settings));
    } else {
      restinio::server_settings_t<Traits> settings;
      Configure(settings, options, e, max_connections);
      e.server = std::make_unique<ServerOf<Traits>>(io_context, std::move(settings));
    }
    e.watchdog = std::make_unique<AcceptWatchdog>(
        control, *e.server, *e.counter, max_connections, e.listen_fd,
        [&e, threads] { return static_cast<std::size_t>(e.dispatcher.on_server_threads()) < threads; }, logger);
  }
  auto in_flight = [&endpoints] {
    int total = 0;
    for (auto& e : endpoints) total += e.dispatcher.in_flight();
    return total;
  };
  auto open_connections = [&endpoints] {
    std::int64_t total = 0;
    for (auto& e : endpoints) total += e.counter->open();
    return total;
  };

  std::exception_ptr failure;
  std::thread drainer;
  bool stopping = false;
  // Stops accepting and returns once in-flight requests are answered. On the strand; runs once.
  auto stop = [&](int signal_number) {
    if (stopping) return;
    stopping = true;
    // Every answer from here on closes its connection: set before the line is logged, so that whoever reads the
    // line (a test, an operator) sees the node already doing what it says.
    for (auto& e : endpoints) e.dispatcher.BeginStopping();
    logger.Info("stopping: draining in-flight requests", {log::Num("signal", signal_number)});
    for (auto& e : endpoints) {
      e.watchdog->Stop();
      try {
        e.server->close_sync();
      } catch (...) {
        failure = std::current_exception();
      }
    }
    drainer = std::thread([&] {
      const auto deadline = std::chrono::steady_clock::now() + options.drain_timeout;
      int quiet_checks = 0;
      // Wait until no handler has run for half a second, so responses are written and requests already on open
      // keep-alive connections are served (each answer asks its client to close). With no connection left open and
      // no handler running, no request can come any more: stop at once (a test suite's nodes stopped 0.5 s later
      // than they needed, hundreds of times per run).
      while (std::chrono::steady_clock::now() < deadline && quiet_checks < 10) {
        if (in_flight() == 0 && open_connections() == 0) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        quiet_checks = in_flight() == 0 ? quiet_checks + 1 : 0;
      }
      io_context.stop();
    });
  };
  asio::signal_set signals(io_context, SIGINT, SIGTERM);
  asio::steady_timer grace(control);
  bool leaving = false;
  std::function<void(const asio::error_code&, int)> on_signal = [&](const asio::error_code& ec, int signal_number) {
    if (ec) return;
    if (leaving || signal_number != SIGTERM || options.drain_grace.count() <= 0) {
      grace.cancel();
      stop(signal_number);
      return;
    }
    // Leave the pool first: still serving, but not ready, and every answer closes its connection.
    leaving = true;
    if (options.on_drain) options.on_drain();
    for (auto& e : endpoints) e.dispatcher.BeginStopping();
    logger.Info("leaving the pool: /readyz answers 503 until the node stops",
                {log::Num("signal", signal_number), log::Num("grace_ms", options.drain_grace.count())});
    grace.expires_after(options.drain_grace);
    grace.async_wait([&, signal_number](const asio::error_code& error) {
      if (!error) stop(signal_number);
    });
    signals.async_wait(asio::bind_executor(control, on_signal));
  };
  signals.async_wait(asio::bind_executor(control, on_signal));
  // SIGHUP reads the certificate and key again (renewed, say, by certbot): new handshakes use them, open
  // connections keep theirs. A pair that does not load is reported and the one in use stays.
  asio::signal_set reload(io_context, SIGHUP);
  std::function<void(const asio::error_code&, int)> on_reload = [&](const asio::error_code& ec, int) {
    if (ec) return;
    std::string error;
    if (!options.tls)
      logger.Info("SIGHUP: nothing to reload (no TLS certificate configured)");
    else if (options.tls->Load(&error))
      logger.Info("TLS certificate reloaded",
                  {log::Str("subject", options.tls->Subject()),
                   log::Str("ocsp_next_update", options.tls->OcspNextUpdate()
                                                    ? core::FormatUtc(core::FromEpoch(*options.tls->OcspNextUpdate()))
                                                    : "none stapled")});
    else
      logger.Error("TLS certificate not reloaded; the one in use stays", {log::Str("error", error)});
    reload.async_wait(asio::bind_executor(control, on_reload));
  };
  reload.async_wait(asio::bind_executor(control, on_reload));
  asio::post(control, [&] {
    for (auto& e : endpoints) {
      try {
        e.server->open_sync();
      } catch (...) {
        failure = std::current_exception();
        io_context.stop();
        return;
      }
      logger.Info("listening", {log::Str("listener", e.listener.name), log::Str("address", e.listener.address),
                                log::Num("port", e.listener.port), log::Num("threads", static_cast<long long>(threads)),
                                log::Num("write_threads", static_cast<long long>(options.write_threads)),
                                log::Num("max_connections", static_cast<long long>(max_connections)),
                                log::Num("open_file_limit", static_cast<long long>(open_file_limit))});
      e.watchdog->Start();
    }
    if (on_listening) on_listening();
  });

  std::vector<std::thread> pool;
  for (std::size_t i = 0; i < options.write_threads; ++i)
    pool.emplace_back([&writes, &options] {
      log::UseAlternateSignalStack();
      if (options.write_thread_nice > 0) ::setpriority(PRIO_PROCESS, 0, options.write_thread_nice);
      writes.run();
    });
  for (std::size_t i = 0; i < threads; ++i)
    pool.emplace_back([&io_context] {
      log::UseAlternateSignalStack();
      io_context.run();
    });
  // The server threads return after the drain (or a failed start); a write still running then finishes first.
  for (std::size_t i = options.write_threads; i < pool.size(); ++i) pool[i].join();
  writes_work.reset();
  for (std::size_t i = 0; i < options.write_threads; ++i) pool[i].join();
  if (drainer.joinable()) drainer.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace jetway::http

#include "http/server.hpp"

#include <fmt/core.h>
#include <restinio/all.hpp>

#include <atomic>
#include <csignal>
#include <exception>
#include <thread>
#include <vector>

namespace jetway::http {

namespace {

using Traits = restinio::default_traits_t;
using HttpServer = restinio::http_server_t<Traits>;

bool IsGoodRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
      return false;
  return true;
}

class Dispatcher {
 public:
  Dispatcher(const ServerOptions& options, const Router& router, log::Logger& logger)
      : options_(options), router_(router), logger_(logger),
        id_prefix_(fmt::format("{:x}", std::chrono::system_clock::now().time_since_epoch().count() & 0xffffffffff)) {}

  restinio::request_handling_status_t Handle(const restinio::request_handle_t& req) {
    in_flight_.fetch_add(1);
    const auto started = std::chrono::steady_clock::now();
    Request request;
    request.method = std::string(req->header().method().c_str());
    request.path = std::string(req->header().path());
    request.remote = req->remote_endpoint().address().to_string();
    for (const auto& field : req->header()) request.headers.emplace(field.name(), field.value());
    auto client_id = request.Header("X-Request-Id");
    request.request_id = client_id && IsGoodRequestId(*client_id)
                             ? *client_id
                             : fmt::format("{}-{:x}", id_prefix_, counter_.fetch_add(1) + 1);

    Response response;
    try {
      auto query = ParseQuery(req->header().query());
      if (!query) {
        response = ErrorResponse(400, "MALFORMED_QUERY", "the query string has a malformed percent-escape");
      } else if (req->body().size() > options_.max_body_bytes) {
        response = ErrorResponse(413, "PAYLOAD_TOO_LARGE",
                                 fmt::format("request body is over the {} byte limit", options_.max_body_bytes));
      } else {
        request.query = std::move(*query);
        request.body = req->body();
        response = router_.Dispatch(request);
      }
    } catch (const std::exception& e) {
      auto mapped = options_.on_exception ? options_.on_exception(e) : std::nullopt;
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
    }

    auto builder = req->create_response(restinio::http_status_line_t{
        restinio::http_status_code_t{static_cast<std::uint16_t>(response.status)},
        std::string(ReasonPhrase(response.status))});
    builder.append_header("Content-Type", response.content_type);
    builder.append_header("X-Request-Id", request.request_id);
    builder.append_header("X-Content-Type-Options", "nosniff");
    builder.append_header("Referrer-Policy", "no-referrer");
    bool has_cache_control = false;
    for (const auto& [name, value] : response.headers) {
      has_cache_control |= name == "Cache-Control";
      builder.append_header(name, value);
    }
    if (!has_cache_control) builder.append_header("Cache-Control", "no-store");
    if (stopping_.load()) builder.connection_close();
    if (request.method != "HEAD") builder.set_body(std::move(response.body));
    builder.done();

    const auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
    logger_.Info("request", {log::Str("request_id", request.request_id), log::Str("method", request.method),
                             log::Str("path", request.path), log::Num("status", response.status),
                             log::Millis("duration_ms", micros), log::Str("remote", request.remote)});
    in_flight_.fetch_sub(1);
    return restinio::request_accepted();
  }

  void BeginStopping() { stopping_.store(true); }
  int in_flight() const { return in_flight_.load(); }

 private:
  const ServerOptions& options_;
  const Router& router_;
  log::Logger& logger_;
  std::string id_prefix_;
  std::atomic<std::uint64_t> counter_{0};
  std::atomic<int> in_flight_{0};
  std::atomic<bool> stopping_{false};
};

}  // namespace

void Serve(const ServerOptions& options, const Router& router, log::Logger& logger,
           const std::function<void()>& on_listening) {
  Dispatcher dispatcher(options, router, logger);
  asio::io_context io_context;
  restinio::server_settings_t<Traits> settings;
  settings.address(options.address)
      .port(options.port)
      .request_handler([&dispatcher](const restinio::request_handle_t& req) { return dispatcher.Handle(req); })
      // A body somewhat over our limit is read so the client gets a clear 413; far over it, RESTinio drops the
      // connection instead of buffering it.
      .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}.max_body_size(options.max_body_bytes * 8))
      .read_next_http_message_timelimit(std::chrono::seconds{60})
      .handle_request_timeout(std::chrono::seconds{30});
  HttpServer server{restinio::external_io_context(io_context), std::move(settings)};

  std::exception_ptr failure;
  std::thread drainer;
  asio::signal_set signals(io_context, SIGINT, SIGTERM);
  signals.async_wait([&](const asio::error_code& ec, int signal_number) {
    if (ec) return;
    logger.Info("stopping: draining in-flight requests", {log::Num("signal", signal_number)});
    dispatcher.BeginStopping();
    server.close_async([] {}, [&failure](std::exception_ptr e) { failure = e; });
    drainer = std::thread([&] {
      const auto deadline = std::chrono::steady_clock::now() + options.drain_timeout;
      int quiet_checks = 0;
      // Wait until no handler has run for half a second, so responses are written and requests already on open
      // keep-alive connections are served (each answer asks its client to close).
      while (std::chrono::steady_clock::now() < deadline && quiet_checks < 10) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        quiet_checks = dispatcher.in_flight() == 0 ? quiet_checks + 1 : 0;
      }
      io_context.stop();
    });
  });
  server.open_async(
      [&] {
        logger.Info("listening", {log::Str("address", options.address), log::Num("port", options.port),
                                  log::Num("threads", static_cast<long long>(options.threads))});
        if (on_listening) on_listening();
      },
      [&](std::exception_ptr e) {
        failure = e;
        io_context.stop();
      });

  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < std::max<std::size_t>(1, options.threads); ++i)
    threads.emplace_back([&io_context] { io_context.run(); });
  for (auto& t : threads) t.join();
  if (drainer.joinable()) drainer.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace jetway::http

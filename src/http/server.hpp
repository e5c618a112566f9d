// The HTTP listener: serves a Router on a pool of threads until SIGTERM or SIGINT, then (after the drain grace, on
// SIGTERM) drains: stops accepting,
// answers requests already in flight (asking keep-alive clients to close), and returns once none are left or the
// drain time is up. It adds a request id (X-Request-Id, taken from the client when well-formed), security headers,
// the body-size limit and one JSON access-log line per request, and turns a handler's exception into a 500 that
// names the request id (or into what ServerOptions::on_exception makes of it). The only file that includes RESTinio is server.cpp.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/client_address.hpp"
#include "http/http.hpp"
#include "http/tls.hpp"
#include "log/log.hpp"

namespace jetway::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;
  std::size_t threads = 8;
  // Threads of their own for requests that change data (POST, PUT, PATCH, DELETE), so that waiting for the
  // database does not hold up reads. 0: every request on `threads`.
  std::size_t write_threads = 0;
  // The write threads' nice value (Linux: a thread's own): above 0, the server threads' reads win the cores when
  // both want them. Raising it needs no privilege.
  int write_thread_nice = 0;
  // The largest request body accepted (413 beyond it). Every JSON and form body jetway reads is a few KiB.
  std::size_t max_body_bytes = 64 * 1024;
  // The request line and headers: beyond these the connection is closed unanswered. Browsers and HTTP clients stay
  // far below them (a long search URL is a few hundred bytes; a browser sends 10-20 headers).
  std::size_t max_url_bytes = 8 * 1024;
  std::size_t max_header_fields = 100;
  std::size_t max_header_field_bytes = 8 * 1024;
  // A whole request (headers and body) must arrive within this of the connection's last answer or its opening, or
  // the connection is closed: a client trickling a request byte by byte (slow loris) holds a connection this long
  // at most. It also ends idle keep-alive connections.
  std::chrono::seconds read_timeout{20};
  // HTTPS on every listener when set (loaded already); plain HTTP when null. SIGHUP reloads it.
  std::shared_ptr<TlsCertificates> tls;
  // Concurrent connections; beyond them new ones wait in the listen queue. Capped at start below the open-file
  // limit (raised to its hard limit) minus reserved_descriptors, so accepting never runs out of descriptors.
  std::size_t max_connections = 10000;
  std::size_t reserved_descriptors = 256;  // for database connections, files and SMTP
  // Proxies (HAProxy, a CDN) whose X-Forwarded-For names the client; Request::remote is that client.
  std::vector<Network> trusted_proxies;
  // Open connections one client address may hold at once, over every listener (0: no limit); beyond them a new
  // connection is closed as soon as it is accepted. A browser opens at most 6 to a site, so this leaves room for an
  // office or a carrier's NAT; a trusted proxy's connections are its clients' and are not limited.
  std::size_t max_connections_per_client = 256;
  std::chrono::seconds drain_timeout{20};
  // On SIGTERM, how long the node goes on serving (asking each client to close its connection) after on_drain ran,
  // before it stops accepting: time for a load balancer's health checks to see /readyz fail and take it out of the
  // pool, so no request meets a closed port. Zero stops at once; SIGINT (a terminal's Ctrl-C) and a second signal
  // always do.
  std::chrono::milliseconds drain_grace{0};
  std::function<void()> on_drain;
  // Told of every answered request as its response is handed over to be sent: the listener's name, the request (its route
  // set when one answered), the response (status, error code, fault) and how long it took. For the metrics and error
  // tracking; must be thread-safe and quick.
  std::function<void(std::string_view listener, const Request&, const Response&, std::chrono::microseconds)>
      on_response;
  // Maps an exception a handler threw for a request to a response (e.g. a database that is down to 503); nullopt
  // leaves it a 500.
  std::function<std::optional<Response>(const Request&, const std::exception&)> on_exception;
  // Looks at every request (its body read, within max_body_bytes) before the router does: the web application
  // firewall. A response refuses the request; nullopt lets it through.
  std::function<std::optional<Response>(const Request&)> screen;
};

// The connection cap Serve uses: `configured`, but leaving `reserved_descriptors` of the open-file limit free.
std::size_t ConnectionLimit(std::size_t configured, std::size_t open_file_limit, std::size_t reserved_descriptors);

// One listening socket and the routes it serves: the public applications on one, the back office on another that
// can be kept off the internet.
struct Listener {
  std::string address;
  std::uint16_t port = 0;
  const Router* router = nullptr;
  std::string name;  // in the log: "public", "admin"
  std::size_t max_body_bytes = 0;  // this listener's request body limit; 0: ServerOptions::max_body_bytes
};

// Blocks until a stop signal has been handled. `on_listening` runs once every socket accepts connections. The
// listeners share the threads and the connection limit (split evenly); a stop drains them all.
void Serve(const ServerOptions& options, const std::vector<Listener>& listeners, log::Logger& logger,
           const std::function<void()>& on_listening);
// One listener at options.address:options.port.
void Serve(const ServerOptions& options, const Router& router, log::Logger& logger,
           const std::function<void()>& on_listening);

}  // namespace jetway::http

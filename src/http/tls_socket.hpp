// A TLS connection whose handshake has a deadline. RESTinio 0.6 arms a connection's read timer only once its TLS
// handshake is done, so a client that connected to the HTTPS port and never sent its ClientHello (or sent half of
// one) held a descriptor, one of the listener's connections and one of its address's share for as long as it liked:
// a few thousand such sockets from a botnet filled the listener without sending a byte.
//
// RESTinio's extension points for a socket type are used as they are meant to be: a socket type of our own (its
// TLS socket plus the deadline), its settings (tls_handshake_timeout beside tls_context), the supplier its acceptor
// takes sockets from, and the handshake step its connections call through argument-dependent lookup, which prefers
// the overload below to RESTinio's own for its base type. Only http/server.cpp includes this header.
#pragma once

#include <asio.hpp>
#include <asio/ssl.hpp>
#include <restinio/all.hpp>
#include <restinio/tls.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <utility>
#include <vector>

namespace jetway::http {

class DeadlineTlsSocket : public restinio::impl::tls_socket_t {
 public:
  DeadlineTlsSocket(asio::io_context& io_context, context_handle_t tls_context,
                    std::chrono::steady_clock::duration handshake_limit)
      : tls_socket_t(io_context, std::move(tls_context)), handshake_limit_(handshake_limit) {}

  std::chrono::steady_clock::duration handshake_limit() const { return handshake_limit_; }

 private:
  std::chrono::steady_clock::duration handshake_limit_;
};

// RESTinio's handshake step with a timer beside it. When the timer wins, the socket is shut down rather than its
// operations cancelled: a cancel that came while the handshake was between two reads would be missed, while every
// read after a shutdown ends at once. The handshake then fails the usual way and RESTinio closes the connection
// (and tells the connection listener, so the counts come down). The timer and the handshake's steps run on one
// strand, so they never touch the socket at the same time.
template <class Connection, class StartRead, class Failed>
void prepare_connection_and_start_read(DeadlineTlsSocket& socket, Connection& connection, StartRead start_read,
                                       Failed failed) {
  struct Handshake {
    explicit Handshake(const asio::any_io_executor& executor) : strand(asio::make_strand(executor)), timer(strand) {}
    asio::strand<asio::any_io_executor> strand;
    asio::steady_timer timer;
    bool done = false;
  };
  auto handshake = std::make_shared<Handshake>(socket.get_executor());
  auto keep = connection.shared_from_this();
  asio::dispatch(handshake->strand, [handshake, &socket, keep, start_read = std::move(start_read),
                                     failed = std::move(failed)]() mutable {
    handshake->timer.expires_after(socket.handshake_limit());
    handshake->timer.async_wait([handshake, &socket, keep](const asio::error_code& ec) {
      if (ec || handshake->done) return;
      asio::error_code ignored;  // a socket the client already closed has nothing left to shut down
      socket.lowest_layer().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    });
    socket.async_handshake(
        asio::ssl::stream_base::server,
        asio::bind_executor(handshake->strand, [handshake, keep, start_read = std::move(start_read),
                                                failed = std::move(failed)](const asio::error_code& ec) mutable {
          handshake->done = true;
          handshake->timer.cancel();
          if (ec) {
            failed(ec);
          } else {
            start_read();
          }
        }));
  });
}

}  // namespace jetway::http

namespace restinio {

// tls_context() as for RESTinio's TLS socket, and the handshake's limit beside it.
template <class Settings>
class socket_type_dependent_settings_t<Settings, jetway::http::DeadlineTlsSocket>
    : public socket_type_dependent_settings_t<Settings, impl::tls_socket_t> {
 protected:
  ~socket_type_dependent_settings_t() = default;

 public:
  socket_type_dependent_settings_t() = default;
  socket_type_dependent_settings_t(socket_type_dependent_settings_t&&) = default;

  Settings& tls_handshake_timeout(std::chrono::steady_clock::duration limit) & {
    handshake_limit_ = limit;
    return static_cast<Settings&>(*this);
  }
  std::chrono::steady_clock::duration tls_handshake_timeout() const { return handshake_limit_; }

 private:
  std::chrono::steady_clock::duration handshake_limit_{std::chrono::seconds{20}};
};

namespace impl {

// The acceptor's sockets, each made with the TLS context and the handshake's limit from the settings.
template <>
class socket_supplier_t<jetway::http::DeadlineTlsSocket> {
 protected:
  template <class Settings>
  socket_supplier_t(Settings& settings, asio::io_context& io_context)
      : tls_context_(settings.giveaway_tls_context()),
        handshake_limit_(settings.tls_handshake_timeout()),
        io_context_(io_context) {
    sockets_.reserve(settings.concurrent_accepts_count());
    while (sockets_.size() < settings.concurrent_accepts_count()) sockets_.push_back(Make());
  }
  virtual ~socket_supplier_t() = default;

  jetway::http::DeadlineTlsSocket& socket(std::size_t index) { return sockets_.at(index); }

  jetway::http::DeadlineTlsSocket move_socket(std::size_t index) {
    auto fresh = Make();
    std::swap(fresh, sockets_.at(index));
    return fresh;
  }

  std::size_t concurrent_accept_sockets_count() const { return sockets_.size(); }

 private:
  jetway::http::DeadlineTlsSocket Make() { return {io_context_, tls_context_, handshake_limit_}; }

  std::shared_ptr<asio::ssl::context> tls_context_;
  std::chrono::steady_clock::duration handshake_limit_;
  asio::io_context& io_context_;
  std::vector<jetway::http::DeadlineTlsSocket> sockets_;
};

}  // namespace impl
}  // namespace restinio

// Open connections per client address, against a limit, so that one address cannot take the connections every
// other client needs (the server's own limit is shared by all). A connection is counted from the moment it is let
// in until it closes; a trusted proxy's connections carry all its clients and are not limited here (the proxy
// limits them: deploy/haproxy). Thread-safe; the server consults it on every accept and close.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "http/client_address.hpp"

namespace jetway::http {

class ClientConnections {
 public:
  // limit 0: no limit.
  ClientConnections(std::size_t limit, std::vector<Network> exempt);

  // Lets a new connection from `address` in and counts it, or refuses it (the client is at its limit).
  bool Admit(const std::string& address);
  // A connection Admit let in has closed.
  void Closed(const std::string& address);

  std::size_t OpenFrom(const std::string& address) const;
  std::uint64_t refused() const;
  std::size_t limit() const { return limit_; }

 private:
  bool Exempt(const std::string& address) const;

  std::size_t limit_;
  std::vector<Network> exempt_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::size_t> open_;
  std::uint64_t refused_ = 0;
};

}  // namespace jetway::http

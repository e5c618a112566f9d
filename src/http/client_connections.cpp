#include "http/client_connections.hpp"

#include <algorithm>

namespace jetway::http {

ClientConnections::ClientConnections(std::size_t limit, std::vector<Network> exempt)
    : limit_(limit), exempt_(std::move(exempt)) {}

bool ClientConnections::Exempt(const std::string& address) const {
  return std::any_of(exempt_.begin(), exempt_.end(), [&](const Network& n) { return n.Contains(address); });
}

bool ClientConnections::Admit(const std::string& address) {
  if (limit_ == 0 || Exempt(address)) return true;
  std::lock_guard lock(mutex_);
  auto& open = open_[address];
  if (open >= limit_) {
    ++refused_;
    return false;
  }
  ++open;
  return true;
}

void ClientConnections::Closed(const std::string& address) {
  if (limit_ == 0 || Exempt(address)) return;
  std::lock_guard lock(mutex_);
  const auto it = open_.find(address);
  if (it == open_.end()) return;
  if (--it->second == 0) open_.erase(it);  // the map holds only addresses with open connections
}

std::size_t ClientConnections::OpenFrom(const std::string& address) const {
  std::lock_guard lock(mutex_);
  const auto it = open_.find(address);
  return it == open_.end() ? 0 : it->second;
}

std::uint64_t ClientConnections::refused() const {
  std::lock_guard lock(mutex_);
  return refused_;
}

}  // namespace jetway::http

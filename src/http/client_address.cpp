#include "http/client_address.hpp"

#include <arpa/inet.h>

#include "core/text.hpp"
#include "http/negotiation.hpp"

namespace jetway::http {

namespace {

// The address's family and bytes; IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) count as IPv4.
std::optional<std::pair<int, std::array<unsigned char, 16>>> Parse(std::string_view text) {
  std::array<unsigned char, 16> bytes{};
  const std::string address(core::Trim(text));
  if (inet_pton(AF_INET, address.c_str(), bytes.data()) == 1) return std::pair{AF_INET, bytes};
  if (inet_pton(AF_INET6, address.c_str(), bytes.data()) != 1) return std::nullopt;
  static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::equal(bytes.begin(), bytes.begin() + 12, kMapped)) {
    std::array<unsigned char, 16> v4{};
    std::copy(bytes.begin() + 12, bytes.end(), v4.begin());
    return std::pair{AF_INET, v4};
  }
  return std::pair{AF_INET6, bytes};
}

}  // namespace

std::optional<Network> Network::Parse(std::string_view text) {
  text = core::Trim(text);
  const auto slash = text.find('/');
  auto address = http::Parse(text.substr(0, slash));
  if (!address) return std::nullopt;
  Network network;
  network.family_ = address->first;
  network.bytes_ = address->second;
  const int bits = network.family_ == AF_INET ? 32 : 128;
  network.prefix_ = bits;
  if (slash != std::string_view::npos) {
    auto prefix = core::ParseInteger(text.substr(slash + 1), 0, bits);
    if (!prefix) return std::nullopt;
    network.prefix_ = static_cast<int>(*prefix);
  }
  return network;
}

bool Network::Contains(std::string_view text) const {
  auto address = http::Parse(text);
  if (!address || address->first != family_) return false;
  for (int bit = 0; bit < prefix_; ++bit) {
    const int mask = 0x80 >> (bit % 8);
    if ((address->second[bit / 8] & mask) != (bytes_[bit / 8] & mask)) return false;
  }
  return true;
}

std::optional<std::vector<Network>> ParseNetworks(std::string_view list) {
  std::vector<Network> networks;
  while (!list.empty()) {
    const auto element = NextElement(list, ',');
    if (element.empty()) continue;
    auto network = Network::Parse(element);
    if (!network) return std::nullopt;
    networks.push_back(*network);
  }
  return networks;
}

std::string ClientAddress(std::string_view peer, std::optional<std::string_view> forwarded_for,
                          const std::vector<Network>& trusted_proxies) {
  auto trusted = [&](std::string_view address) {
    for (const auto& network : trusted_proxies)
      if (network.Contains(address)) return true;
    return false;
  };
  std::string client(peer);
  if (!forwarded_for || !trusted(peer)) return client;
  // From the right: each hop a trusted proxy appended; the first untrusted one is the client.
  std::string_view rest = *forwarded_for;
  while (!rest.empty()) {
    const auto comma = rest.rfind(',');
    const auto hop = core::Trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(0, comma);
    if (!http::Parse(hop)) return client;  // not an address: believe nothing further left
    client = std::string(hop);
    if (!trusted(hop)) return client;
  }
  return client;
}

}  // namespace jetway::http

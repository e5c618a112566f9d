// Who sent a request: the TCP peer, unless the peer is one of our own proxies (HAProxy, a CDN), in which case the
// client is the address that proxy reports in X-Forwarded-For — the rightmost one that is not itself a trusted
// proxy, since everything to its left was written by the client and can be forged. The limits against abuse and
// the logs use it.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jetway::http {

// An IPv4 or IPv6 network ("10.0.0.0/8", "2001:db8::/32", or one address).
class Network {
 public:
  static std::optional<Network> Parse(std::string_view text);
  bool Contains(std::string_view address) const;

 private:
  std::array<unsigned char, 16> bytes_{};
  int family_ = 0;
  int prefix_ = 0;
};

// Parses a comma-separated list of networks; nullopt when one is malformed.
std::optional<std::vector<Network>> ParseNetworks(std::string_view list);

std::string ClientAddress(std::string_view peer, std::optional<std::string_view> forwarded_for,
                          const std::vector<Network>& trusted_proxies);

}  // namespace jetway::http

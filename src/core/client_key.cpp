#include "core/client_key.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstdio>

namespace jetway::core {

std::string ClientKey(std::string_view address) {
  std::array<unsigned char, 16> bytes{};
  const std::string text(address);
  if (text.find(':') == std::string::npos || inet_pton(AF_INET6, text.c_str(), bytes.data()) != 1) return text;
  // An IPv4 client seen through an IPv6 socket (::ffff:a.b.c.d) is that IPv4 client.
  const bool mapped = std::all_of(bytes.begin(), bytes.begin() + 10, [](unsigned char b) { return b == 0; }) &&
                      bytes[10] == 0xff && bytes[11] == 0xff;
  if (mapped) {
    char v4[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, bytes.data() + 12, v4, sizeof v4);
    return v4;
  }
  std::fill(bytes.begin() + 8, bytes.end(), 0);
  char v6[INET6_ADDRSTRLEN];
  inet_ntop(AF_INET6, bytes.data(), v6, sizeof v6);
  return std::string(v6) + "/64";
}

}  // namespace jetway::core

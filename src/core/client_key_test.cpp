#include "core/client_key.hpp"

#include <gtest/gtest.h>

namespace jetway::core {
namespace {

TEST(ClientKey, Ipv4AsItIsIpv6ByItsSlash64) {
  EXPECT_EQ(ClientKey("192.0.2.7"), "192.0.2.7");
  EXPECT_EQ(ClientKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::/64");
  EXPECT_EQ(ClientKey("2001:db8:1:2::1"), ClientKey("2001:db8:1:2:ffff::9"));
  EXPECT_NE(ClientKey("2001:db8:1:2::1"), ClientKey("2001:db8:1:3::1"));
  EXPECT_EQ(ClientKey("::ffff:192.0.2.7"), "192.0.2.7");
  EXPECT_EQ(ClientKey(""), "");
  EXPECT_EQ(ClientKey("not an address"), "not an address");
}

}  // namespace
}  // namespace jetway::core

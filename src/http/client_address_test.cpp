#include "http/client_address.hpp"

#include <gtest/gtest.h>

namespace jetway::http {
namespace {

TEST(ClientAddress, ThePeerUnlessItIsATrustedProxy) {
  const auto proxies = *ParseNetworks("10.0.0.0/8, 127.0.0.1, 2001:db8:ffff::/48");
  EXPECT_EQ(ClientAddress("192.0.2.1", "198.51.100.7", proxies), "192.0.2.1");  // not ours: the header is ignored
  EXPECT_EQ(ClientAddress("10.1.2.3", "198.51.100.7", proxies), "198.51.100.7");
  EXPECT_EQ(ClientAddress("10.1.2.3", std::nullopt, proxies), "10.1.2.3");
  // The client may write anything on the left; the rightmost untrusted hop is the one our proxy saw.
  EXPECT_EQ(ClientAddress("10.1.2.3", "6.6.6.6, 198.51.100.7, 10.9.9.9", proxies), "198.51.100.7");
  EXPECT_EQ(ClientAddress("127.0.0.1", "garbage, 198.51.100.7", proxies), "198.51.100.7");
  EXPECT_EQ(ClientAddress("127.0.0.1", "198.51.100.7, garbage", proxies), "127.0.0.1");
  EXPECT_EQ(ClientAddress("2001:db8:ffff:1::5", "2001:db8:1::9", proxies), "2001:db8:1::9");
  EXPECT_EQ(ClientAddress("::ffff:10.0.0.1", "198.51.100.7", proxies), "198.51.100.7");
  EXPECT_EQ(ClientAddress("10.1.2.3", "10.2.2.2", proxies), "10.2.2.2");  // all ours: the leftmost
}

TEST(ClientAddress, Networks) {
  EXPECT_TRUE(Network::Parse("192.168.0.0/16")->Contains("192.168.200.1"));
  EXPECT_FALSE(Network::Parse("192.168.0.0/16")->Contains("192.169.0.1"));
  EXPECT_TRUE(Network::Parse("0.0.0.0/0")->Contains("8.8.8.8"));
  EXPECT_FALSE(Network::Parse("0.0.0.0/0")->Contains("::1"));
  EXPECT_FALSE(Network::Parse("10.0.0.0/33"));
  EXPECT_FALSE(Network::Parse("10.0.0/8"));
  EXPECT_FALSE(ParseNetworks("10.0.0.0/8, nonsense"));
  EXPECT_EQ(ParseNetworks("")->size(), 0u);
}

}  // namespace
}  // namespace jetway::http

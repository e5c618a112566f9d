#include "http/client_connections.hpp"

#include <gtest/gtest.h>

namespace jetway::http {
namespace {

TEST(ClientConnectionsTest, EachAddressUpToItsLimitThenRefusedUntilOneCloses) {
  ClientConnections connections(2, {});
  EXPECT_TRUE(connections.Admit("203.0.113.9"));
  EXPECT_TRUE(connections.Admit("203.0.113.9"));
  EXPECT_FALSE(connections.Admit("203.0.113.9"));
  EXPECT_TRUE(connections.Admit("2001:db8::1"));  // another client is not affected
  EXPECT_EQ(connections.OpenFrom("203.0.113.9"), 2u);
  EXPECT_EQ(connections.refused(), 1u);
  connections.Closed("203.0.113.9");
  EXPECT_TRUE(connections.Admit("203.0.113.9"));
  EXPECT_FALSE(connections.Admit("203.0.113.9"));
  EXPECT_EQ(connections.refused(), 2u);
}

TEST(ClientConnectionsTest, ForgetsAnAddressOnceItsConnectionsClose) {
  ClientConnections connections(3, {});
  connections.Admit("198.51.100.7");
  connections.Closed("198.51.100.7");
  connections.Closed("198.51.100.7");  // a close never seen admitted changes nothing
  EXPECT_EQ(connections.OpenFrom("198.51.100.7"), 0u);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(connections.Admit("198.51.100.7"));
}

TEST(ClientConnectionsTest, TrustedProxiesAndNoLimitAreNotCounted) {
  ClientConnections proxied(1, *ParseNetworks("10.0.0.0/8"));
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(proxied.Admit("10.1.2.3"));
  EXPECT_EQ(proxied.OpenFrom("10.1.2.3"), 0u);
  EXPECT_TRUE(proxied.Admit("192.0.2.1"));
  EXPECT_FALSE(proxied.Admit("192.0.2.1"));
  ClientConnections unlimited(0, {});
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(unlimited.Admit("192.0.2.1"));
}

}  // namespace
}  // namespace jetway::http

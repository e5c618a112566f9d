// Which airline's booking site a request is for: by the host it names, else the deployment's first site.
#include <gtest/gtest.h>

#include "web/site.hpp"

namespace jetway::web {
namespace {

TEST(SiteHosts, TheHostHeaderIsItsNameWithoutThePort) {
  EXPECT_EQ(HostName("Q9.LocalHost:8080"), "q9.localhost");
  EXPECT_EQ(HostName("book.fjordfly.no"), "book.fjordfly.no");
  EXPECT_EQ(HostName("book.fjordfly.no."), "book.fjordfly.no");
  EXPECT_EQ(HostName("[::1]:8080"), "[::1]");
  EXPECT_EQ(HostName(""), "");
}

TEST(SiteHosts, EachSiteAnswersOnItsHostsAndTheFirstOnAnyOther) {
  SiteSettings x9, q9;
  x9.airline = "X9";
  x9.hosts = {"book.kattegat.example"};
  q9.airline = "Q9";
  q9.hosts = {"book.fjordfly.no", "q9.localhost"};
  const std::vector<const SiteSettings*> sites{&x9, &q9};
  EXPECT_EQ(SiteForHost(sites, "q9.localhost"), 1U);
  EXPECT_EQ(SiteForHost(sites, "book.fjordfly.no"), 1U);
  EXPECT_EQ(SiteForHost(sites, "book.kattegat.example"), 0U);
  EXPECT_EQ(SiteForHost(sites, "127.0.0.1"), 0U);
  EXPECT_EQ(SiteForHost(sites, "fjordfly.no"), 0U);  // a name, not a suffix
}

TEST(SiteHosts, TheDefaultSiteIsTheOneThatNamesNoHost) {
  SiteSettings q9, x9;
  q9.airline = "Q9";  // first in airline order, but it has a host of its own
  q9.hosts = {"q9.localhost"};
  x9.airline = "X9";
  const std::vector<const SiteSettings*> sites{&q9, &x9};
  EXPECT_EQ(DefaultSite(sites), 1U);
  EXPECT_EQ(SiteForHost(sites, "localhost"), 1U);
  EXPECT_EQ(SiteForHost(sites, "q9.localhost"), 0U);
  x9.hosts = {"x9.localhost"};
  EXPECT_EQ(DefaultSite(sites), 0U);  // every site names hosts: the first answers the rest
}

TEST(SiteHosts, StaffWriteHostsAsAList) {
  auto hosts = ParseHosts(" Book.Fjordfly.no, q9.localhost ,,book.fjordfly.no");
  ASSERT_TRUE(hosts);
  EXPECT_EQ(*hosts, (std::vector<std::string>{"book.fjordfly.no", "q9.localhost"}));
  EXPECT_TRUE(ParseHosts("")->empty());
  for (const char* wrong : {"book fjordfly.no", "<script>", "-bad.example", "a/b", "x_y.example"})
    EXPECT_FALSE(ParseHosts(wrong)) << wrong;
}

}  // namespace
}  // namespace jetway::web

#include "http/http.hpp"

#include <gtest/gtest.h>

namespace jetway::http {

TEST(Http, QueryParsing) {
  auto q = ParseQuery("origin=CPH&q=K%C3%B8benhavn+Lufthavn&empty=&flag");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->at("origin"), "CPH");
  EXPECT_EQ(q->at("q"), "K\xC3\xB8" "benhavn Lufthavn");
  EXPECT_EQ(q->at("empty"), "");
  EXPECT_EQ(q->at("flag"), "");
  EXPECT_FALSE(ParseQuery("a=%zz"));
  EXPECT_FALSE(ParseQuery("a=%4"));
  EXPECT_FALSE(ParseQuery("email=%2Fe%00&password=x"));  // sqlmap's probe that PostgreSQL answered with an error
  EXPECT_FALSE(ParseQuery("last_name=caf%E9"));          // Latin-1, not UTF-8
  EXPECT_FALSE(ParseQuery("a%FF=1"));
  EXPECT_TRUE(ParseQuery("last_name=M%C3%BCller"));
}

TEST(Http, RouterMatchesParamsAndRefusesOtherMethods) {
  Router router;
  router.Add("GET", "/api/v1/bookings/:locator", [](const Request& r) {
    Response resp;
    resp.body = r.params.at("locator");
    return resp;
  });
  Request get{"GET", "/api/v1/bookings/ABC234", {}, {}, {}, {}, {}, {}, {}, {}, {}};
  EXPECT_EQ(router.Dispatch(get).body, "ABC234");
  EXPECT_EQ(get.route, "/api/v1/bookings/:locator");
  Request post{"POST", "/api/v1/bookings/ABC234", {}, {}, {}, {}, {}, {}, {}, {}, {}};
  auto r = router.Dispatch(post);
  EXPECT_EQ(r.status, 405);
  Request missing{"GET", "/api/v1/nothing", {}, {}, {}, {}, {}, {}, {}, {}, {}};
  EXPECT_EQ(router.Dispatch(missing).status, 404);
  EXPECT_NE(router.Dispatch(missing).body.find("\"NOT_FOUND\""), std::string::npos);
}

TEST(Http, UnknownPathsGoToTheFallbackRouterWhichSetsTheRoute) {
  Router site_a, site_b, main;
  site_a.Add("GET", "/booking/:locator", [](const Request& r) {
    Response resp;
    resp.body = "a " + r.params.at("locator");
    return resp;
  });
  site_b.Add("GET", "/booking/:locator", [](const Request& r) {
    Response resp;
    resp.body = "b " + r.params.at("locator");
    return resp;
  });
  main.Add("GET", "/healthz", [](const Request&) { return Response{}; });
  main.SetFallback([&](const Request& r) -> const Router& { return r.Header("Host") == "b" ? site_b : site_a; });
  Request to_a{"GET", "/booking/ABC234", {}, {}, {}, {}, {}, {}, {}, {}, {}};
  EXPECT_EQ(main.Dispatch(to_a).body, "a ABC234");
  EXPECT_EQ(to_a.route, "/booking/:locator");  // what error tracking and metrics count the request by
  Request to_b{"GET", "/booking/ABC234", {}, {}, {{"Host", "b"}}, {}, {}, {}, {}, {}, {}};
  EXPECT_EQ(main.Dispatch(to_b).body, "b ABC234");
  Request unknown{"GET", "/nothing", {}, {}, {}, {}, {}, {}, {}, {}, {}};
  EXPECT_EQ(main.Dispatch(unknown).status, 404);
}

TEST(Http, EveryStatusWeSendHasItsReasonPhrase) {
  EXPECT_EQ(ReasonPhrase(303), "See Other");  // every page form's answer: it said "Unknown"
  EXPECT_EQ(ReasonPhrase(304), "Not Modified");
  EXPECT_EQ(ReasonPhrase(429), "Too Many Requests");
  for (int status : {200, 201, 204, 301, 302, 303, 304, 307, 308, 400, 401, 402, 403, 404, 405, 409, 410, 413, 415, 422,
                     429, 500, 503})
    EXPECT_NE(ReasonPhrase(status), "Unknown") << status;
}

TEST(Http, ErrorBodiesAreEscaped) {
  auto r = ErrorResponse(422, "X", "a \"quoted\"\nline", "f");
  EXPECT_EQ(r.body, R"({"error":{"code":"X","message":"a \"quoted\"\nline","field":"f"}})");
}

}  // namespace jetway::http

// The AeroCRS envelope: reading parameters from a body or a query string, the forgiving readers, and the answers'
// shapes (reference §1.3-1.6).
#include "aerocrs/envelope.hpp"

#include <gtest/gtest.h>

namespace jetway::aerocrs {
namespace {

using nlohmann::json;

http::Request Post(std::string body, std::string content_type = "application/json") {
  http::Request req;
  req.method = "POST";
  req.body = std::move(body);
  if (!content_type.empty()) req.headers["Content-Type"] = content_type;
  return req;
}

TEST(Envelope, ReadsParmsFromTheBody) {
  auto parms = ReadParms(Post(R"({"aerocrs":{"parms":{"bookingid":40211377}}})"));
  ASSERT_TRUE(parms) << parms.error().message;
  EXPECT_EQ((*parms)["bookingid"], 40211377);
  auto empty = ReadParms(Post(R"({"aerocrs":{}})"));
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
  ASSERT_TRUE(ReadParms(Post("")));
}

TEST(Envelope, ReadsTheQueryStringOnGet) {
  http::Request req;
  req.method = "GET";
  req.query = {{"from", "ZNZ"}, {"adults", "2"}};
  auto parms = ReadParms(req);
  ASSERT_TRUE(parms);
  EXPECT_EQ((*parms)["from"], "ZNZ");
  EXPECT_EQ(*Integer(*parms, "adults", 0, 9), 2);
}

TEST(Envelope, RefusesWhatIsNotTheEnvelope) {
  for (const char* body : {R"({"parms":{}})", R"({"aerocrs":[]})", R"({"aerocrs":{"parms":[1]}})", "{", "[1]",
                           R"({"aerocrs":{"parms":{}},"aerocrs":{}})"}) {
    auto parms = ReadParms(Post(body));
    ASSERT_FALSE(parms) << body;
    EXPECT_EQ(parms.error().code, "MALFORMED_REQUEST") << body;
    EXPECT_EQ(FailureResponse(parms.error()).status, 400);
  }
  auto xml = ReadParms(Post("<aerocrsapi><parms/></aerocrsapi>", "text/xml"));
  ASSERT_FALSE(xml);
  EXPECT_EQ(xml.error().code, "XML_NOT_SUPPORTED");
  EXPECT_EQ(FailureResponse(xml.error()).status, 415);
}

TEST(Envelope, ReadersTakeWhatPartnersSend) {
  const json p = json::parse(R"({"n":"7","m":7,"f":7.0,"bad":"7x","big":99,"t":"  x ","obj":{},"b1":1,"b0":"false",
    "d":"2026/03/14","d2":"2026-03-14 08:00","dbad":"14/03/2026","one":{"a":1},"many":[{"a":1},{"a":2}],"junk":[1]})");
  EXPECT_EQ(*Integer(p, "n", 0, 9), 7);
  EXPECT_EQ(*Integer(p, "m", 0, 9), 7);
  EXPECT_EQ(*Integer(p, "f", 0, 9), 7);
  EXPECT_EQ(Integer(p, "bad", 0, 9).error().code, "INVALID_PARAMETER");
  EXPECT_EQ(Integer(p, "big", 0, 9).error().code, "INVALID_PARAMETER");
  EXPECT_EQ(Integer(p, "absent", 0, 9).error().code, "MISSING_PARAMETER");
  EXPECT_EQ(Integer(p, "absent", 0, 9).error().message, "Mandatory parameter missing: absent");
  EXPECT_EQ(*Integer(p, "absent", 0, 9, 3), 3);
  EXPECT_EQ(*Text(p, "t"), "x");
  EXPECT_EQ(*Text(p, "m"), "7");
  EXPECT_EQ(Text(p, "obj").error().code, "INVALID_PARAMETER");
  EXPECT_EQ(Text(p, "t", 0).error().code, "INVALID_PARAMETER");
  EXPECT_TRUE(*Flag(p, "b1", false));
  EXPECT_FALSE(*Flag(p, "b0", true));
  EXPECT_TRUE(*Flag(p, "absent", true));
  EXPECT_FALSE(Flag(p, "n", true));
  EXPECT_EQ(SlashDate(**Date(p, "d", true)), "2026/03/14");
  EXPECT_EQ(SlashDate(**Date(p, "d2", true)), "2026/03/14");
  EXPECT_EQ(Date(p, "dbad", true).error().code, "INVALID_PARAMETER");
  EXPECT_FALSE(*Date(p, "absent", false));
  EXPECT_EQ(Items(p, "one", true)->size(), 1U);
  EXPECT_EQ(Items(p, "many", true)->size(), 2U);
  EXPECT_EQ(Items(p, "junk", true).error().code, "INVALID_PARAMETER");
  EXPECT_EQ(Items(p, "absent", true).error().code, "MISSING_PARAMETER");
  EXPECT_TRUE(Items(p, "absent", false)->empty());
}

TEST(Envelope, WritesTheReferenceShapes) {
  const auto ok = json::parse(Success([](api::JsonWriter& w) { w.Field("bookingid", 7); }));
  EXPECT_EQ(ok, json::parse(R"({"aerocrs":{"success":true,"bookingid":7}})"));
  const auto error = core::MakeError(core::ErrorKind::kUnauthorized, "WRONG_CREDENTIALS", "Wrong credentials");
  const auto failed = json::parse(Failure(error));
  EXPECT_EQ(failed["aerocrs"]["success"], false);
  EXPECT_EQ(failed["aerocrs"]["details"]["detail"], json::array({"Wrong credentials"}));
  EXPECT_EQ(FailureResponse(error).status, 200);  // in-band, as the reference answers business errors
  auto quota = core::MakeError(core::ErrorKind::kTooManyRequests, "QUOTA_EXCEEDED", "Too many searches");
  quota.retry_after_seconds = 30;
  const auto limited = FailureResponse(quota);
  EXPECT_EQ(limited.status, 429);
  bool has_retry = false;
  for (const auto& [name, value] : limited.headers) has_retry |= name == "Retry-After" && value == "30";
  EXPECT_TRUE(has_retry);
}

TEST(Envelope, FormatsDatesTimesAndMoney) {
  EXPECT_EQ(LocalDateTime("2026-03-14T08:00:00+03:00"), "2026/03/14 08:00");
  EXPECT_EQ(LocalClock("2026-03-14T08:25:00+03:00"), "08:25");
  EXPECT_EQ(UtcDateTime(core::FromEpoch(1'773'464'700)), "2026/03/14 05:05");
  EXPECT_EQ(Amount({20400, "USD"}), "204.00");
  EXPECT_EQ(Amount({1500, "JPY"}), "1500");
}

}  // namespace
}  // namespace jetway::aerocrs

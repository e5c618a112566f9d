// The partner credential's rules: the method catalogue and its groups, what a credential may call and see, and the
// checks on its fields and secret.
#include "partners/partner.hpp"
#include "partners/quota.hpp"

#include <gtest/gtest.h>

#include <set>

namespace jetway::partners {
namespace {

TEST(PartnerMethods, EveryMethodOfTheReferenceOnceInItsGroup) {
  std::set<std::string_view> names;
  for (const auto& m : PartnerMethods()) EXPECT_TRUE(names.insert(m.name).second) << m.name;
  EXPECT_EQ(names.size(), 46U);
  ASSERT_NE(FindMethod("getDeepLink"), nullptr);
  EXPECT_EQ(FindMethod("getDeepLink")->kind, CallKind::kSearch);
  EXPECT_EQ(FindMethod("createBooking")->kind, CallKind::kBooking);
  EXPECT_EQ(FindMethod("getBooking")->kind, CallKind::kOther);
  EXPECT_EQ(FindMethod("getPassengersByFlight")->group, "dcs");
  EXPECT_EQ(FindMethod("getdeeplink"), nullptr);  // matched exactly, as the reference spells it
  EXPECT_EQ(FindMethod(""), nullptr);
}

TEST(PartnerMethods, DefaultsAreTheSellingGroupsOnly) {
  const auto methods = DefaultMethods();
  Partner p;
  p.methods = methods;
  EXPECT_TRUE(MayCall(p, "getAirlines"));
  EXPECT_TRUE(MayCall(p, "createBooking"));
  EXPECT_TRUE(MayCall(p, "makePayment"));
  EXPECT_TRUE(MayCall(p, "createAncillary"));
  EXPECT_FALSE(MayCall(p, "getAgency"));
  EXPECT_FALSE(MayCall(p, "updateClass"));
  EXPECT_FALSE(MayCall(p, "getPassengersByFlight"));
  EXPECT_FALSE(MayCall(p, "noSuchMethod"));
}

TEST(PartnerMethods, ExpandsGroupsAndNames) {
  auto m = ExpandMethods("reference, getBooking getBooking");
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(*m, (std::vector<std::string>{"getAirlines", "getBooking", "getDestinations", "getSchedule",
                                          "getTicketTerms"}));
  auto all = ExpandMethods("all");
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 46U);
  auto bad = ExpandMethods("shopping getEverything");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, "UNKNOWN_METHOD");
  EXPECT_NE(bad.error().message.find("getEverything"), std::string::npos);
}

TEST(Partner, SeesItsAirlinesOrAll) {
  Partner p;
  EXPECT_TRUE(MaySee(p, "X9"));
  p.airlines = {"K5", "X9"};
  EXPECT_TRUE(MaySee(p, "X9"));
  EXPECT_FALSE(MaySee(p, "ZZ"));
}

Partner Draft() {
  Partner p;
  p.auth_id = "3F0C2B7E-1111-4A5B-9C00-0123456789AB";
  p.name = "  Safari Trips  ";
  p.airlines = {"x9", "K5", "X9"};
  p.methods = {"getBooking", "createBooking", "getBooking"};
  return p;
}

TEST(Partner, ValidNormalises) {
  auto p = ValidPartner(Draft());
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->name, "Safari Trips");
  EXPECT_EQ(p->airlines, (std::vector<std::string>{"K5", "X9"}));
  EXPECT_EQ(p->methods, (std::vector<std::string>{"createBooking", "getBooking"}));
}

TEST(Partner, RefusesEachBadField) {
  auto refused = [](auto change) {
    auto p = Draft();
    change(p);
    auto v = ValidPartner(p);
    return v ? std::string("accepted") : v.error().code;
  };
  EXPECT_EQ(refused([](Partner& p) { p.auth_id = "short"; }), "INVALID_AUTH_ID");
  EXPECT_EQ(refused([](Partner& p) { p.auth_id = "has space in it"; }), "INVALID_AUTH_ID");
  EXPECT_EQ(refused([](Partner& p) { p.auth_id = std::string(65, 'a'); }), "INVALID_AUTH_ID");
  EXPECT_EQ(refused([](Partner& p) { p.name = " "; }), "INVALID_NAME");
  EXPECT_EQ(refused([](Partner& p) { p.name = "two\nlines"; }), "INVALID_NAME");
  EXPECT_EQ(refused([](Partner& p) { p.airlines = {"X9Y"}; }), "INVALID_AIRLINE");
  EXPECT_EQ(refused([](Partner& p) { p.methods = {"getEverything"}; }), "UNKNOWN_METHOD");
  EXPECT_EQ(refused([](Partner& p) { p.methods.clear(); }), "NO_METHODS");
  EXPECT_EQ(refused([](Partner& p) { p.quotas.searches_per_day = -1; }), "INVALID_QUOTA");
  EXPECT_EQ(refused([](Partner& p) { p.webhook_url = "ftp://x.example/"; }), "INVALID_WEBHOOK_URL");
}

TEST(Partner, SecretsAreLongPrintableAndHashedWithTheirSalt) {
  EXPECT_TRUE(ValidSecret(std::string(24, 'k')));
  EXPECT_EQ(ValidSecret("password123").error().code, "WEAK_SECRET");
  const std::string with_space = "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkk x";
  EXPECT_EQ(ValidSecret(with_space).error().code, "INVALID_SECRET");
  EXPECT_EQ(ValidSecret(std::string(257, 'k')).error().code, "INVALID_SECRET");
  const auto a = SecretHash("salt-a", "the same secret of 24 chars");
  EXPECT_EQ(a.size(), 64U);
  EXPECT_EQ(a, SecretHash("salt-a", "the same secret of 24 chars"));
  EXPECT_NE(a, SecretHash("salt-b", "the same secret of 24 chars"));
  EXPECT_NE(a, SecretHash("salt-a", "the same secret of 24 chars!"));
}

TEST(Partner, WordsSplitAndJoin) {
  EXPECT_EQ(SplitWords(" a, b\tc  "), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(JoinWords({"K5", "X9"}), "K5 X9");
  EXPECT_TRUE(SplitWords("").empty());
}

TEST(PartnerMethods, PermissionsAreTheCalledMethodsOnly) {
  using core::Permission;
  EXPECT_TRUE(MethodPermissions("getSchedule").Has(Permission::kSchedulesRead));
  EXPECT_TRUE(MethodPermissions("getFares").Has(Permission::kFaresRead));
  EXPECT_FALSE(MethodPermissions("getFares").Has(Permission::kFaresWrite));
  EXPECT_TRUE(MethodPermissions("createDeposit").Has(Permission::kAgencyFunds));
  // Selling needs no staff permission; a booking's reader never gets bookings.read (every booking) from a partner.
  for (const auto& method : PartnerMethods()) {
    EXPECT_FALSE(MethodPermissions(method.name).Has(Permission::kBookingsRead)) << method.name;
    EXPECT_FALSE(MethodPermissions(method.name).Has(Permission::kUsersManage)) << method.name;
  }
  EXPECT_TRUE(MethodPermissions("createBooking").Empty());
  EXPECT_TRUE(MethodPermissions("nonsense").Empty());
}

}  // namespace
}  // namespace jetway::partners

namespace jetway::partners {
namespace {

constexpr std::chrono::seconds kMinute{17}, kDay{3600};

TEST(Quota, SearchesPerMinuteThenPerDay) {
  Quotas q{10, 100, 2, 5, 0};
  EXPECT_FALSE(QuotaRefusal(q, {9, 0, 99, 0}, CallKind::kSearch, kMinute, kDay));
  auto minute = QuotaRefusal(q, {10, 0, 50, 0}, CallKind::kSearch, kMinute, kDay);
  ASSERT_TRUE(minute);
  EXPECT_EQ(minute->code, "QUOTA_EXCEEDED");
  EXPECT_EQ(minute->kind, core::ErrorKind::kTooManyRequests);
  EXPECT_EQ(minute->retry_after_seconds, 17);
  EXPECT_NE(minute->message.find("10 searches a minute"), std::string::npos);
  auto day = QuotaRefusal(q, {1, 0, 100, 0}, CallKind::kSearch, kMinute, kDay);
  ASSERT_TRUE(day);
  EXPECT_EQ(day->retry_after_seconds, 3600);
  // Searches do not count against bookings, nor bookings against searches.
  EXPECT_FALSE(QuotaRefusal(q, {10, 0, 100, 0}, CallKind::kBooking, kMinute, kDay));
  EXPECT_FALSE(QuotaRefusal(q, {10, 2, 100, 5}, CallKind::kOther, kMinute, kDay));
}

TEST(Quota, BookingsPerMinuteAndDay) {
  Quotas q{10, 100, 2, 5, 0};
  EXPECT_FALSE(QuotaRefusal(q, {0, 1, 0, 4}, CallKind::kBooking, kMinute, kDay));
  EXPECT_TRUE(QuotaRefusal(q, {0, 2, 0, 4}, CallKind::kBooking, kMinute, kDay));
  EXPECT_TRUE(QuotaRefusal(q, {0, 0, 0, 5}, CallKind::kBooking, kMinute, kDay));
  EXPECT_TRUE(QuotaRefusal({10, 100, 0, 5, 0}, {}, CallKind::kBooking, kMinute, kDay));  // 0: no bookings at all
}

TEST(Quota, LookToBookAppliesAfterTheGrace) {
  Quotas q{1'000'000, 1'000'000, 10, 10, 500};
  EXPECT_FALSE(QuotaRefusal(q, {0, 0, kLookToBookGrace - 1, 0}, CallKind::kSearch, kMinute, kDay));
  auto refused = QuotaRefusal(q, {0, 0, kLookToBookGrace, 1}, CallKind::kSearch, kMinute, kDay);
  ASSERT_TRUE(refused);
  EXPECT_NE(refused->message.find("Look-to-book"), std::string::npos);
  EXPECT_FALSE(QuotaRefusal(q, {0, 0, kLookToBookGrace, 3}, CallKind::kSearch, kMinute, kDay));
  EXPECT_FALSE(QuotaRefusal({1'000'000, 1'000'000, 10, 10, 0}, {0, 0, 900'000, 0}, CallKind::kSearch, kMinute, kDay));
}

}  // namespace
}  // namespace jetway::partners

#include "core/actor.hpp"

#include <gtest/gtest.h>

#include <set>

namespace jetway::core {
namespace {

TEST(ActorTest, EveryPermissionHasOneNameThatReadsBack) {
  std::set<std::string_view> names;
  for (auto p : AllPermissions()) {
    const auto name = ToString(p);
    EXPECT_TRUE(names.insert(name).second) << name;
    EXPECT_EQ(ParsePermission(name), p) << name;
  }
  EXPECT_EQ(names.size(), static_cast<std::size_t>(Permission::kCount));
  EXPECT_EQ(ParsePermission("bookings.delete"), std::nullopt);
  EXPECT_EQ(ParsePermission(""), std::nullopt);
}

TEST(ActorTest, APassengerMayNothingAndStaffMayWhatTheRoleGrants) {
  const auto passenger = Actor::Passenger(Channel::kWeb, "192.0.2.7");
  EXPECT_TRUE(passenger.Anonymous());
  for (auto p : AllPermissions()) EXPECT_FALSE(passenger.May(p)) << ToString(p);

  const Actor clerk{Channel::kOffice, "7", "10.0.0.5", {Permission::kBookingsRead, Permission::kPaymentsCash}};
  EXPECT_TRUE(clerk.May(Permission::kPaymentsCash));
  EXPECT_TRUE(clerk.May(Permission::kBookingsRead));
  EXPECT_FALSE(clerk.May(Permission::kBookingsWrite));
  EXPECT_FALSE(clerk.May(Permission::kUsersManage));
  for (auto p : AllPermissions()) EXPECT_TRUE(Permissions::All().Has(p)) << ToString(p);
}

TEST(ActorTest, AMissingPermissionAsksStrangersToLogInAndRefusesStaff) {
  const auto passenger = Actor::Passenger(Channel::kApi, "192.0.2.7");
  const auto anonymous = MissingPermission(passenger, Permission::kInventoryRead);
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->kind, ErrorKind::kUnauthorized);
  EXPECT_EQ(anonymous->code, "AUTHENTICATION_REQUIRED");
  const Actor clerk{Channel::kOffice, "7", "", {Permission::kBookingsRead}};
  const auto refused = MissingPermission(clerk, Permission::kInventoryRead);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->kind, ErrorKind::kForbidden);
  EXPECT_EQ(refused->code, "PERMISSION_DENIED");
  EXPECT_NE(refused->message.find("inventory.read"), std::string::npos);
  EXPECT_FALSE(MissingPermission(clerk, Permission::kBookingsRead));
}

TEST(ActorTest, IdempotencyScopesSeparateCallers) {
  const auto a = Actor::Passenger(Channel::kApi, "192.0.2.7");
  const auto b = Actor::Passenger(Channel::kApi, "192.0.2.8");
  const auto web = Actor::Passenger(Channel::kWeb, "192.0.2.7");
  EXPECT_NE(a.Scope(), b.Scope());
  EXPECT_NE(a.Scope(), web.Scope());
  // One IPv6 subscriber is its /64 (ClientKey): the same caller when its address changes inside it.
  EXPECT_EQ(Actor::Passenger(Channel::kApi, "2001:db8:1:2::1").Scope(),
            Actor::Passenger(Channel::kApi, "2001:db8:1:2::9").Scope());
  const Actor staff{Channel::kOffice, "7", "192.0.2.7", {}};
  const Actor other{Channel::kOffice, "8", "192.0.2.7", {}};
  EXPECT_NE(staff.Scope(), other.Scope());
  EXPECT_NE(staff.Scope(), Actor::Passenger(Channel::kOffice, "192.0.2.7").Scope());
  EXPECT_EQ(staff.Label(), "office:7");
  EXPECT_EQ(Actor::System().Label(), "system:system");
  EXPECT_TRUE(Actor::System().May(Permission::kUsersManage));
  EXPECT_EQ(web.Label(), "web");
}

}  // namespace
}  // namespace jetway::core

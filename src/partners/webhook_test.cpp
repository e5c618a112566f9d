// Webhook events' bodies, signatures and the partner API's status codes.
#include "partners/webhook.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/digest.hpp"

namespace jetway::partners {
namespace {

TEST(Webhook, BodyCarriesTheEventAndTheBookingsKeys) {
  BookingEvent e{"6F2A9C41-3B7D-4E15-9A0C-5D8E21B4C7F3", BookingEventType::kCancelled, core::FromEpoch(1'773'464'700),
                 42, "0E1D2C3B-4A59-4687-9786-A5B4C3D2E1F0", "ABC123", "XX", "expired"};
  const auto body = nlohmann::json::parse(EventBody(e));
  const auto& event = body["aerocrs"]["bookingEvent"];
  EXPECT_EQ(event["eventid"], e.event_id);
  EXPECT_EQ(event["event"], "cancelled");
  EXPECT_EQ(event["occurred"], "2026/03/14 05:05");
  EXPECT_EQ(event["bookingid"], 42);
  EXPECT_EQ(event["bookingconfirmation"], e.confirmation_id);
  EXPECT_EQ(event["pnrref"], "ABC123");
  EXPECT_EQ(event["status"], "XX");
  EXPECT_EQ(event["reason"], "expired");
  e.reason.clear();
  EXPECT_FALSE(nlohmann::json::parse(EventBody(e))["aerocrs"]["bookingEvent"].contains("reason"));
}

TEST(Webhook, SignatureIsHmacSha256OfTimestampDotBody) {
  const std::string body = R"({"aerocrs":{}})";
  EXPECT_EQ(Signature("s3cret", 1700000000, body), "v1=" + core::HmacSha256Hex("s3cret", "1700000000." + body));
  EXPECT_NE(Signature("s3cret", 1700000001, body), Signature("s3cret", 1700000000, body));
  EXPECT_NE(Signature("other", 1700000000, body), Signature("s3cret", 1700000000, body));
}

TEST(Webhook, StatusCodesOfThePartnerApi) {
  EXPECT_EQ(BookingStatusCode(booking::BookingStatus::kConfirmed, true), "OK");
  EXPECT_EQ(BookingStatusCode(booking::BookingStatus::kHeld, true), "PN");
  EXPECT_EQ(BookingStatusCode(booking::BookingStatus::kHeld, false), "HN");
  EXPECT_EQ(BookingStatusCode(booking::BookingStatus::kCancelled, true), "XX");
  EXPECT_EQ(BookingStatusCode(booking::BookingStatus::kExpired, false), "XX");
  EXPECT_EQ(ToString(BookingEventType::kScheduleChange), "schedule_change");
}

}  // namespace
}  // namespace jetway::partners

#include "ops/unavailable.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "store/store.hpp"

namespace jetway::ops {
namespace {

http::Request Asking(const char* accept) {
  http::Request request;
  request.headers.emplace("Accept", accept);
  return request;
}

std::string HeaderOf(const http::Response& response, const std::string& name) {
  for (const auto& [key, value] : response.headers)
    if (key == name) return value;
  return "";
}

TEST(Unavailable, ADatabaseThatIsDownIsA503PageForBrowsersAndJsonForTheApi) {
  const store::StoreError down(store::StoreErrorKind::kUnavailable, "connection refused");
  auto page = ResponseForException(Asking("text/html,*/*;q=0.8"), down);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 503);
  EXPECT_EQ(page->content_type, "text/html; charset=utf-8");
  EXPECT_NE(page->body.find("data-code=\"SERVICE_UNAVAILABLE\""), std::string::npos);
  EXPECT_EQ(HeaderOf(*page, "Retry-After"), "2");
  EXPECT_FALSE(HeaderOf(*page, "Content-Security-Policy").empty());
  auto json = ResponseForException(Asking("application/json"), down);
  ASSERT_TRUE(json);
  EXPECT_EQ(json->status, 503);
  EXPECT_EQ(json->content_type, "application/json");
  EXPECT_NE(json->body.find("\"code\":\"SERVICE_UNAVAILABLE\""), std::string::npos);
  EXPECT_EQ(HeaderOf(*json, "Retry-After"), "2");
}

TEST(Unavailable, BusyAndConflictToo_OtherFailuresStay500s) {
  for (auto kind : {store::StoreErrorKind::kBusy, store::StoreErrorKind::kConflict})
    EXPECT_TRUE(ResponseForException(Asking("*/*"), store::StoreError(kind, "x")));
  for (auto kind : {store::StoreErrorKind::kConstraint, store::StoreErrorKind::kPermissionDenied})
    EXPECT_FALSE(ResponseForException(Asking("*/*"), store::StoreError(kind, "x")));
  EXPECT_FALSE(ResponseForException(Asking("text/html"), std::runtime_error("a bug")));
}

}  // namespace
}  // namespace jetway::ops

#include "api/json_body.hpp"

#include <gtest/gtest.h>

#include <string>

namespace jetway::api {
namespace {

std::string CodeOf(std::string_view body) {
  auto parsed = ParseJsonObject(body);
  return parsed ? "OK" : parsed.error().code;
}

std::string Nested(std::size_t levels) { return "{\"x\":" + std::string(levels, '[') + std::string(levels, ']') + "}"; }

TEST(JsonBody, AcceptsOneObject) {
  auto parsed = ParseJsonObject(R"( {"a":[1,{"b":"[[[\"{"}],"c":null} )");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ((*parsed)["a"][1]["b"], "[[[\"{");
}

TEST(JsonBody, RefusesDeepNestingBeforeParsing) {
  EXPECT_EQ(CodeOf(Nested(kMaxJsonDepth - 1)), "OK");  // the object itself is one level
  EXPECT_EQ(CodeOf(Nested(kMaxJsonDepth)), "JSON_TOO_DEEP");
  EXPECT_EQ(CodeOf(Nested(70000)), "JSON_TOO_DEEP");
  EXPECT_EQ(CodeOf("{\"x\":" + std::string(200000, '[')), "JSON_TOO_DEEP");  // unclosed: still refused by depth
}

TEST(JsonBody, BracketsInsideStringsDoNotCount) {
  EXPECT_EQ(CodeOf("{\"x\":\"" + std::string(1000, '[') + "\"}"), "OK");
  EXPECT_EQ(CodeOf(R"({"x":"\\","y":[]})"), "OK");  // an escaped backslash ends before the closing quote
}

TEST(JsonBody, RefusesDuplicateMembers) {
  auto parsed = ParseJsonObject(R"({"a":1,"b":{"c":1,"c":2}})");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code, "DUPLICATE_MEMBER");
  EXPECT_EQ(parsed.error().field, "c");
  EXPECT_EQ(CodeOf(R"({"a":1,"a":1})"), "DUPLICATE_MEMBER");
  EXPECT_EQ(CodeOf(R"({"a":{"c":1},"b":{"c":2}})"), "OK");  // the same name in two objects
  EXPECT_EQ(CodeOf(R"({"a":[{"c":1},{"c":2}]})"), "OK");
}

TEST(JsonBody, RefusesWhatIsNotExactlyOneObject) {
  EXPECT_EQ(CodeOf("\xEF\xBB\xBF{}"), "MALFORMED_JSON");
  EXPECT_EQ(CodeOf(std::string("{}\0{\"junk", 9)), "MALFORMED_JSON");
  EXPECT_EQ(CodeOf(std::string("{\"a\":1}\0", 8)), "MALFORMED_JSON");
  EXPECT_EQ(CodeOf("{} {}"), "MALFORMED_JSON");
  EXPECT_EQ(CodeOf("{}x"), "MALFORMED_JSON");
  EXPECT_EQ(CodeOf("[1]"), "MALFORMED_JSON");
  EXPECT_EQ(CodeOf("\"text\""), "MALFORMED_JSON");
  EXPECT_EQ(CodeOf(""), "MALFORMED_JSON");
  EXPECT_EQ(CodeOf("{/* comment */}"), "MALFORMED_JSON");
  EXPECT_EQ(CodeOf("{}\n"), "OK");
}

TEST(JsonBody, JsonMediaTypes) {
  EXPECT_TRUE(IsJsonMediaType("application/json"));
  EXPECT_TRUE(IsJsonMediaType("Application/JSON ; charset=UTF-8"));
  EXPECT_FALSE(IsJsonMediaType("application/jsonp"));
  EXPECT_FALSE(IsJsonMediaType("application/json; charset=latin1"));
  EXPECT_FALSE(IsJsonMediaType("text/plain"));
  EXPECT_FALSE(IsJsonMediaType(""));
}

}  // namespace
}  // namespace jetway::api

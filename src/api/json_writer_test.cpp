#include "api/json_writer.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace jetway::api {

TEST(JsonWriter, NestsAndPlacesCommas) {
  JsonWriter w;
  w.BeginObject().Field("a", 1).Key("b").BeginArray().Int(1).String("x").Null().BeginObject().EndObject().EndArray();
  w.Field("c", true).Key("d").BeginObject().Field("e", "f").EndObject().EndObject();
  EXPECT_EQ(w.Take(), R"({"a":1,"b":[1,"x",null,{}],"c":true,"d":{"e":"f"}})");
}

TEST(JsonWriter, EscapesAndRepairsStrings) {
  JsonWriter w;
  w.BeginArray().String("q\"b\\n\n\x01").String("K\xC3\xB8" "benhavn").String("bad\xFF\xC3").String("\xED\xA0\x80");
  w.EndArray();
  const std::string out = w.Take();
  EXPECT_EQ(out, "[\"q\\\"b\\\\n\\n\\u0001\",\"K\xC3\xB8" "benhavn\",\"bad\xEF\xBF\xBD\xEF\xBF\xBD\","
                 "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"]");
  // Whatever went in, a strict parser accepts what came out.
  EXPECT_FALSE(nlohmann::json::parse(out, nullptr, false).is_discarded());
}

// Names written in the code go out as they are (JsonName checks them when compiling); names that arrive at run
// time, in any string type, are escaped like any string, and a C string value is text, never a bool.
TEST(JsonWriter, EscapesRuntimeNamesOnly) {
  const std::string quoted = "a\"b";
  const char* c_name = "c\\d";
  JsonWriter w;
  w.BeginObject().Field("plain", "text").Field(quoted, 1).Field(std::string_view("e\nf"), false);
  w.Key(c_name).Null().Field("n", std::int64_t{-2}).Key("list").BeginArray().EndArray().EndObject();
  const std::string out = w.Take();
  EXPECT_EQ(out, R"({"plain":"text","a\"b":1,"e\nf":false,"c\\d":null,"n":-2,"list":[]})");
  const auto parsed = nlohmann::json::parse(out);
  EXPECT_EQ(parsed.at("a\"b"), 1);
  EXPECT_EQ(parsed.at("c\\d"), nullptr);
}

TEST(JsonWriter, Int64Extremes) {
  JsonWriter w;
  w.BeginArray().Int(INT64_MIN).Int(INT64_MAX).EndArray();
  EXPECT_EQ(w.Take(), "[-9223372036854775808,9223372036854775807]");
}

TEST(JsonWriterDecimal, WritesScaledUnits) {
  JsonWriter w;
  w.BeginArray().Decimal(912345, 6).Decimal(1000000, 6).Decimal(-5, 2).Decimal(42, 0).EndArray();
  EXPECT_EQ(w.Take(), "[0.912345,1.000000,-0.05,42]");
}

}  // namespace jetway::api

// A streaming JSON writer for responses: appends straight into one string, with commas placed by a small stack,
// so rendering a search result costs a fraction of building a DOM first. Strings are escaped per RFC 8259 and
// invalid UTF-8 is replaced by U+FFFD, so the output is always valid JSON. One writer per response; not shared.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace jetway::api {

class JsonWriter {
 public:
  JsonWriter() {
    out_.reserve(4096);  // a search answer in one allocation
    has_items_.reserve(16);
  }
  JsonWriter& BeginObject() { return Open('{'); }
  JsonWriter& EndObject() { return Close('}'); }
  JsonWriter& BeginArray() { return Open('['); }
  JsonWriter& EndArray() { return Close(']'); }
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view value);
  JsonWriter& Int(std::int64_t value);
  JsonWriter& Bool(bool value);
  // A JSON number with `scale` decimals from a whole count of its smallest units: Decimal(912345, 6) is 0.912345.
  JsonWriter& Decimal(std::int64_t units, int scale);
  JsonWriter& Null();

  // Key and value in one call, for the common case.
  JsonWriter& Field(std::string_view key, std::string_view value) { return Key(key).String(value); }
  JsonWriter& Field(std::string_view key, const char* value) { return Key(key).String(value); }
  JsonWriter& Field(std::string_view key, const std::string& value) { return Key(key).String(value); }
  JsonWriter& Field(std::string_view key, std::int64_t value) { return Key(key).Int(value); }
  JsonWriter& Field(std::string_view key, int value) { return Key(key).Int(value); }
  JsonWriter& Field(std::string_view key, bool value) { return Key(key).Bool(value); }

  std::string Take() { return std::move(out_); }

 private:
  JsonWriter& Open(char bracket);
  JsonWriter& Close(char bracket);
  void BeforeValue();

  std::string out_;
  std::vector<char> has_items_;  // per open container: whether a comma is due before the next item
  bool after_key_ = false;
};

}  // namespace jetway::api

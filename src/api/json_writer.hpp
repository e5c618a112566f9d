// A streaming JSON writer for responses: appends straight into one string, with commas placed by a small stack,
// so rendering a search result costs a fraction of building a DOM first. Strings are escaped per RFC 8259 and
// invalid UTF-8 is replaced by U+FFFD, so the output is always valid JSON. One writer per response; not shared.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace jetway::api {

// A member name written in the code: checked when compiled (plain printable ASCII, nothing to escape), so writing it
// is a copy. Scanning every name for characters to escape took a tenth of a search answer's rendering.
class JsonName {
 public:
  template <std::size_t N>
  consteval JsonName(const char (&name)[N]) : text_(name, N - 1) {  // NOLINT(google-explicit-constructor)
    for (char c : text_)
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') throw "a JSON member name in the code must need no escaping";
  }
  std::string_view text() const { return text_; }

 private:
  std::string_view text_;
};

// A name known only when running (a map's key, a partner's field): escaped as any string.
template <class T>
concept RuntimeJsonName = !std::is_array_v<std::remove_reference_t<T>> && std::convertible_to<T, std::string_view>;

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
  JsonWriter& Key(JsonName name);
  template <RuntimeJsonName Name>
  JsonWriter& Key(Name&& name) {
    return EscapedKey(std::string_view(name));
  }
  JsonWriter& String(std::string_view value);
  JsonWriter& Int(std::int64_t value);
  JsonWriter& Bool(bool value);
  // A JSON number with `scale` decimals from a whole count of its smallest units: Decimal(912345, 6) is 0.912345.
  JsonWriter& Decimal(std::int64_t units, int scale);
  JsonWriter& Null();
  // A value another JsonWriter wrote (so valid JSON), put in as it is.
  JsonWriter& Raw(std::string_view json);

  // How much has been written: where the next value begins when no container is open.
  std::size_t size() const { return out_.size(); }
  // Room for `more` bytes after what has been written, so that large Raw values are copied once.
  void Reserve(std::size_t more) { out_.reserve(out_.size() + more); }

  // Key and value in one call, for the common case.
  template <class Value>
  JsonWriter& Field(JsonName name, Value&& value) {
    return Key(name).Put(std::forward<Value>(value));
  }
  template <RuntimeJsonName Name, class Value>
  JsonWriter& Field(Name&& name, Value&& value) {
    return EscapedKey(std::string_view(name)).Put(std::forward<Value>(value));
  }

  std::string Take() { return std::move(out_); }

 private:
  JsonWriter& EscapedKey(std::string_view key);
  // A field's value by its type (a C string is text, not a bool).
  JsonWriter& Put(std::string_view value) { return String(value); }
  JsonWriter& Put(const char* value) { return String(value); }
  JsonWriter& Put(const std::string& value) { return String(value); }
  JsonWriter& Put(std::int64_t value) { return Int(value); }
  JsonWriter& Put(int value) { return Int(value); }
  JsonWriter& Put(bool value) { return Bool(value); }
  JsonWriter& Open(char bracket);
  JsonWriter& Close(char bracket);
  void BeforeValue();

  std::string out_;
  std::vector<char> has_items_;  // per open container: whether a comma is due before the next item
  bool after_key_ = false;
};

}  // namespace jetway::api

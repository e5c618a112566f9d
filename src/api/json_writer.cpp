#include "api/json_writer.hpp"

#include <fmt/format.h>

#include <array>

namespace jetway::api {

namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is not valid.
std::size_t Utf8Length(std::string_view s, std::size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  std::size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xe ? 3 : (b >> 3) == 0x1e ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return 0;
  if (n == 2 && b < 0xc2) return 0;  // overlong
  if (n == 3) {
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    if ((b == 0xe0 && b1 < 0xa0) || (b == 0xed && b1 >= 0xa0)) return 0;  // overlong or surrogate
  }
  if (n == 4) {
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    if ((b == 0xf0 && b1 < 0x90) || b > 0xf4 || (b == 0xf4 && b1 >= 0x90)) return 0;
  }
  return n;
}

// The characters a JSON string holds as they are (printable ASCII but the quote and the backslash), one lookup each.
constexpr std::array<bool, 256> kPlain = [] {
  std::array<bool, 256> plain{};
  for (int c = 0x20; c < 0x80; ++c) plain[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
  return plain;
}();

bool Plain(unsigned char c) { return kPlain[c]; }

}  // namespace

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!has_items_.empty()) {
    if (has_items_.back()) out_.push_back(',');
    has_items_.back() = true;
  }
}

JsonWriter& JsonWriter::Open(char bracket) {
  BeforeValue();
  out_.push_back(bracket);
  has_items_.push_back(false);
  return *this;
}

JsonWriter& JsonWriter::Close(char bracket) {
  out_.push_back(bracket);
  has_items_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::Key(JsonName name) {
  BeforeValue();
  out_.push_back('"');
  out_.append(name.text());
  out_.append("\":", 2);
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::EscapedKey(std::string_view key) {
  String(key);
  out_.push_back(':');
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view value) {
  BeforeValue();
  out_.push_back('"');
  for (std::size_t i = 0; i < value.size();) {
    // Runs of plain characters go in whole: most strings are one run.
    std::size_t run = i;
    while (run < value.size() && Plain(static_cast<unsigned char>(value[run]))) ++run;
    out_.append(value.substr(i, run - i));
    if (run == value.size()) break;
    i = run;
    const auto c = static_cast<unsigned char>(value[i]);
    if (c >= 0x80) {
      if (std::size_t n = Utf8Length(value, i)) {
        out_.append(value.substr(i, n));
        i += n;
      } else {
        out_.append("\xEF\xBF\xBD");
        ++i;
      }
      continue;
    }
    switch (c) {
      case '"': out_.append("\\\""); break;
      case '\\': out_.append("\\\\"); break;
      case '\n': out_.append("\\n"); break;
      case '\r': out_.append("\\r"); break;
      case '\t': out_.append("\\t"); break;
      default: out_.append(fmt::format("\\u{:04x}", c));
    }
    ++i;
  }
  out_.push_back('"');
  return *this;
}

JsonWriter& JsonWriter::Int(std::int64_t value) {
  BeforeValue();
  const fmt::format_int digits(value);
  out_.append(digits.data(), digits.size());
  return *this;
}

JsonWriter& JsonWriter::Decimal(std::int64_t units, int scale) {
  BeforeValue();
  if (scale <= 0) {
    out_.append(fmt::format_int(units).str());
    return *this;
  }
  std::string digits = fmt::format_int(units < 0 ? -units : units).str();
  if (digits.size() <= static_cast<std::size_t>(scale)) digits.insert(0, static_cast<std::size_t>(scale) + 1 - digits.size(), '0');
  digits.insert(digits.size() - static_cast<std::size_t>(scale), 1, '.');
  if (units < 0) out_.push_back('-');
  out_.append(digits);
  return *this;
}

JsonWriter& JsonWriter::Bool(bool value) {
  BeforeValue();
  out_.append(value ? "true" : "false");
  return *this;
}

JsonWriter& JsonWriter::Raw(std::string_view json) {
  BeforeValue();
  out_.append(json);
  return *this;
}

JsonWriter& JsonWriter::Null() {
  BeforeValue();
  out_.append("null");
  return *this;
}

}  // namespace jetway::api

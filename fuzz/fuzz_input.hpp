// What every fuzz target starts from: libFuzzer's bytes as text, and a way to cut them into the several fields one
// request carries (a separator byte no real field contains, so the fuzzer learns to place it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace jetway::fuzz {

inline std::string_view Text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// The input's parts between 0x1f (unit separator) bytes; always `count` of them, the missing ones empty.
inline std::vector<std::string_view> Fields(std::string_view text, std::size_t count) {
  std::vector<std::string_view> fields;
  while (fields.size() + 1 < count) {
    const auto at = text.find('\x1f');
    if (at == std::string_view::npos) break;
    fields.push_back(text.substr(0, at));
    text.remove_prefix(at + 1);
  }
  fields.push_back(text);
  fields.resize(count);
  return fields;
}

}  // namespace jetway::fuzz

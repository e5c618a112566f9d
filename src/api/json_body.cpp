#include "api/json_body.hpp"

#include <fmt/core.h>

#include <set>
#include <string>
#include <vector>

#include "core/text.hpp"

namespace jetway::api {

using core::ErrorKind;
using core::Fail;
using nlohmann::json;

namespace {

// The deepest nesting of arrays and objects, counting brackets outside strings; stops counting past `limit`.
std::size_t NestingDepth(std::string_view text, std::size_t limit) {
  std::size_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
      if (deepest > limit) return deepest;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

// Finds the first member name repeated within one object while nlohmann parses; each open object keeps its names.
class DuplicateFinder {
 public:
  bool operator()(int, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::object_start) {
      open_.emplace_back();
    } else if (event == json::parse_event_t::object_end) {
      if (!open_.empty()) open_.pop_back();
    } else if (event == json::parse_event_t::key && !open_.empty() && duplicate_.empty()) {
      const auto& name = parsed.get_ref<const std::string&>();
      if (!open_.back().insert(name).second) duplicate_ = name;
    }
    return true;
  }
  const std::string& duplicate() const { return duplicate_; }

 private:
  std::vector<std::set<std::string>> open_;
  std::string duplicate_;
};

}  // namespace

core::Result<json> ParseJsonObject(std::string_view body) {
  if (body.starts_with("\xEF\xBB\xBF"))
    return Fail(ErrorKind::kBadRequest, "MALFORMED_JSON", "the request body must not start with a byte-order mark");
  // nlohmann treats a NUL as the end of input, which would accept whatever follows it unread.
  if (body.find('\0') != std::string_view::npos)
    return Fail(ErrorKind::kBadRequest, "MALFORMED_JSON", "the request body contains a NUL byte");
  if (NestingDepth(body, kMaxJsonDepth) > kMaxJsonDepth)
    return Fail(ErrorKind::kBadRequest, "JSON_TOO_DEEP",
                fmt::format("the request body nests arrays and objects more than {} levels deep", kMaxJsonDepth));
  DuplicateFinder finder;
  // The callback is copied into the parser; a reference wrapper keeps the one whose result we read.
  json value = json::parse(body.begin(), body.end(), std::ref(finder), false);
  if (value.is_discarded()) return Fail(ErrorKind::kBadRequest, "MALFORMED_JSON", "the request body is not valid JSON");
  if (!finder.duplicate().empty())
    return Fail(ErrorKind::kBadRequest, "DUPLICATE_MEMBER",
                fmt::format("the member \"{}\" appears twice in one object", finder.duplicate()), finder.duplicate());
  if (!value.is_object())
    return Fail(ErrorKind::kBadRequest, "MALFORMED_JSON", "the request body must be a JSON object");
  return value;
}

bool IsJsonMediaType(std::string_view content_type) {
  const auto semicolon = content_type.find(';');
  if (core::AsciiLower(core::Trim(content_type.substr(0, semicolon))) != "application/json") return false;
  if (semicolon == std::string_view::npos) return true;
  const auto parameter = core::AsciiLower(core::Trim(content_type.substr(semicolon + 1)));
  return parameter == "charset=utf-8" || parameter == "charset=\"utf-8\"";
}

}  // namespace jetway::api

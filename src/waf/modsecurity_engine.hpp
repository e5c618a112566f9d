// libmodsecurity behind a small interface. Its headers do not compile as C++23 (rules_set_properties.h returns NULL
// as a std::string), so modsecurity_engine.cpp alone is built as C++20 and this header uses nothing newer.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace jetway::waf {

// One request as ModSecurity reads it: the target as sent, headers, body.
struct RawRequest {
  std::string client_address;
  std::string method;
  std::string uri;  // path?query, undecoded
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // The request's id (jetway's): ModSecurity's transaction takes it instead of making one of its own (which costs a
  // std::random_device per request).
  std::string id = {};
};

struct RawVerdict {
  bool disruptive = false;  // the engine intervened (only when SecRuleEngine is On)
  int score = 0;            // tx.inbound_anomaly_score (the CRS's)
  std::vector<std::pair<int, std::string>> matches;  // rule id and message of every rule that matched and logged
};

class ModSecurityEngine {
 public:
  // nullptr with *error set when the rules do not parse; `reference` is the file name relative includes and the
  // error messages use.
  static std::unique_ptr<ModSecurityEngine> Load(const std::string& rules, const std::string& reference,
                                                 std::string* error);
  ~ModSecurityEngine();
  ModSecurityEngine(const ModSecurityEngine&) = delete;
  ModSecurityEngine& operator=(const ModSecurityEngine&) = delete;

  // Thread-safe: a transaction of its own over the shared, read-only rules.
  RawVerdict Inspect(const RawRequest& request) const;

 private:
  struct State;
  explicit ModSecurityEngine(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace jetway::waf

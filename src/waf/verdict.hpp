// What the firewall's rules concluded about one request.
#pragma once

#include <string>
#include <vector>

namespace jetway::waf {

struct Verdict {
  bool attack = false;   // the inbound anomaly score reached the threshold
  bool blocked = false;  // and the firewall refuses it (blocking mode)
  int score = 0;         // the inbound anomaly score
  std::vector<int> rule_ids;       // every rule that matched and logged, in order (949110 is the blocking one)
  std::vector<std::string> messages;  // their messages, same order
  // Answered from the verdict cache: the same request was inspected a moment ago, and its rules logged then.
  bool remembered = false;
};

}  // namespace jetway::waf

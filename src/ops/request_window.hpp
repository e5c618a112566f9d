// This node's requests over the last few minutes, for the alert rules: how many, how many answered 5xx, and the
// 99th percentile of their durations. Ten-second slots in a ring; a request costs a lock and three increments. A
// read covers the window and up to one slot (10 s) more.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <vector>

#include "core/time.hpp"

namespace jetway::ops {

struct WindowFigures {
  std::int64_t requests = 0;
  std::int64_t errors = 0;
  std::optional<std::chrono::milliseconds> p99;  // the upper bound of the slot it falls in; nullopt: no requests
};

class RequestWindow {
 public:
  static constexpr std::int64_t kSlotSeconds = 10;
  // Durations' upper bounds in milliseconds; the last catches the rest.
  static constexpr std::array<std::int64_t, 14> kBoundsMs{1,   2,    5,    10,   25,   50,    100,
                                                          250, 500, 1000, 2000, 5000, 10000, 60000};

  explicit RequestWindow(std::chrono::seconds window);

  void Observe(core::Instant at, int status, std::chrono::microseconds elapsed);
  WindowFigures Read(core::Instant now) const;

 private:
  struct Slot {
    std::int64_t start = -1;  // epoch seconds
    std::int64_t requests = 0;
    std::int64_t errors = 0;
    std::array<std::int64_t, kBoundsMs.size() + 1> durations{};
  };
  Slot& SlotFor(std::int64_t start);

  mutable std::mutex mutex_;
  std::vector<Slot> slots_;
};

}  // namespace jetway::ops

#include "ops/request_window.hpp"

#include <algorithm>

namespace jetway::ops {

// One slot more than the window needs: the oldest is partly outside it, so a read covers at least the whole window
// (and at most a slot more), however the slots fall against the moment of reading.
RequestWindow::RequestWindow(std::chrono::seconds window)
    : slots_(static_cast<std::size_t>(std::max<std::int64_t>(1, (window.count() + kSlotSeconds - 1) / kSlotSeconds) +
                                      1)) {}

RequestWindow::Slot& RequestWindow::SlotFor(std::int64_t start) {
  auto& slot = slots_[static_cast<std::size_t>(start / kSlotSeconds) % slots_.size()];
  if (slot.start != start) slot = Slot{start};
  return slot;
}

void RequestWindow::Observe(core::Instant at, int status, std::chrono::microseconds elapsed) {
  const auto epoch = core::ToEpoch(at);
  const auto ms = elapsed.count() / 1000;
  const auto bucket = static_cast<std::size_t>(
      std::lower_bound(kBoundsMs.begin(), kBoundsMs.end(), ms) - kBoundsMs.begin());
  std::lock_guard lock(mutex_);
  auto& slot = SlotFor(epoch - epoch % kSlotSeconds);
  ++slot.requests;
  if (status >= 500) ++slot.errors;
  ++slot.durations[bucket];
}

WindowFigures RequestWindow::Read(core::Instant now) const {
  const auto epoch = core::ToEpoch(now);
  const auto oldest = epoch - epoch % kSlotSeconds - static_cast<std::int64_t>(slots_.size() - 1) * kSlotSeconds;
  WindowFigures figures;
  std::array<std::int64_t, kBoundsMs.size() + 1> durations{};
  {
    std::lock_guard lock(mutex_);
    for (const auto& slot : slots_) {
      if (slot.start < oldest || slot.start > epoch) continue;
      figures.requests += slot.requests;
      figures.errors += slot.errors;
      for (std::size_t i = 0; i < durations.size(); ++i) durations[i] += slot.durations[i];
    }
  }
  if (figures.requests == 0) return figures;
  // The smallest bound with at least 99 % of the requests at or under it.
  const auto needed = (figures.requests * 99 + 99) / 100;
  std::int64_t seen = 0;
  for (std::size_t i = 0; i < durations.size(); ++i) {
    seen += durations[i];
    if (seen >= needed) {
      figures.p99 = std::chrono::milliseconds{i < kBoundsMs.size() ? kBoundsMs[i] : kBoundsMs.back() * 10};
      break;
    }
  }
  return figures;
}

}  // namespace jetway::ops

#include "log/background_sink.hpp"

#include <string>
#include <utility>

namespace jetway::log {

BackgroundSink::BackgroundSink(Sink& sink, std::chrono::microseconds pause)
    : sink_(sink), pause_(pause), writer_([this](std::stop_token stop) { Run(std::move(stop)); }) {}

BackgroundSink::~BackgroundSink() {
  writer_.request_stop();
  writer_.join();
  std::lock_guard written(written_);
  WriteQueued();  // what was queued after the writer's last batch
}

// Lines queued beyond which a request thread writes the queue itself: a sink that cannot keep up (a stalled disk)
// slows the requests that log, as it did before, rather than growing the queue without end (about 16 MB of lines).
constexpr std::size_t kMaxQueued = 65536;

void BackgroundSink::Write(Level level, std::string_view line) {
  if (level >= Level::kWarn || Queued() >= kMaxQueued) {
    std::lock_guard written(written_);
    WriteQueued();
    sink_.Write(level, line);
    return;
  }
  bool first = false;
  {
    std::lock_guard lock(queued_);
    queue_.push_back(Line{level, std::string(line)});
    first = queue_.size() == 1;
  }
  if (first) ready_.notify_one();  // later lines join the batch the writer is already gathering
}

std::size_t BackgroundSink::Queued() {
  std::lock_guard lock(queued_);
  return queue_.size();
}

void BackgroundSink::Run(std::stop_token stop) {
  while (!stop.stop_requested()) {
    {
      std::unique_lock lock(queued_);
      if (!ready_.wait(lock, stop, [this] { return !queue_.empty(); })) return;
      // The batch gathers: nothing wakes the writer before the pause is over (or the process stops).
      ready_.wait_for(lock, stop, pause_, [] { return false; });
    }
    std::lock_guard written(written_);
    WriteQueued();
  }
}

void BackgroundSink::WriteQueued() {
  std::vector<Line> batch;
  {
    std::lock_guard lock(queued_);
    batch.swap(queue_);
  }
  if (!batch.empty()) sink_.WriteBatch(batch);
}

}  // namespace jetway::log

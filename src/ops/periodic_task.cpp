#include "ops/periodic_task.hpp"

#include "log/fatal_signal.hpp"

#include <exception>

namespace jetway::ops {

PeriodicTask::PeriodicTask(std::string name, std::chrono::milliseconds interval, std::function<void()> work,
                           log::Logger& logger)
    : name_(std::move(name)), interval_(interval), work_(std::move(work)), logger_(logger) {
  thread_ = std::thread([this] {
    log::UseAlternateSignalStack();  // so a stack overflow here still leaves its line in the log
    Loop();
  });
}

void PeriodicTask::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void PeriodicTask::Loop() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
    lock.unlock();
    try {
      work_();
    } catch (const std::exception& e) {
      logger_.Error("periodic task failed", {log::Str("task", name_), log::Str("error", e.what())});
    }
    lock.lock();
  }
}

}  // namespace jetway::ops

// Log lines handed to another sink by a thread of their own. A request's line is only queued; the writer waits a
// moment after the first line of a batch, then hands everything queued to the sink at once (Sink::WriteBatch: one
// write(2) for the batch). On a busy node this takes the log's system calls, and the lock they were made under, off
// the request threads: a search answered 31,400/s with a line written per request and 39,200/s with none on 2 cores
// (bench, 2026-12-05). Order is kept. Warnings and errors are written before Write returns, with every line queued
// before them: what a person or a test looks for at once is there at once, and a process killed right after an error
// still leaves it; so is every line once 65,536 wait (a sink that cannot keep up slows the requests that log rather
// than growing the queue without end). Info lines of the last moment are lost when the process is killed (SIGKILL, or a crash: the crash
// line itself is written by the signal handler, log/fatal_signal.hpp); the destructor writes what is queued.
#pragma once

#include <chrono>
#include <cstddef>
#include <condition_variable>
#include <mutex>
#include <stop_token>
#include <string_view>
#include <thread>
#include <vector>

#include "log/log.hpp"

namespace jetway::log {

class BackgroundSink final : public Sink {
 public:
  // `pause`: how long the writer lets a batch gather after its first line.
  explicit BackgroundSink(Sink& sink, std::chrono::microseconds pause = std::chrono::microseconds{1000});
  ~BackgroundSink() override;
  BackgroundSink(const BackgroundSink&) = delete;
  BackgroundSink& operator=(const BackgroundSink&) = delete;

  void Write(Level level, std::string_view line) override;

 private:
  void Run(std::stop_token stop);
  void WriteQueued();  // under written_
  std::size_t Queued();

  Sink& sink_;
  std::chrono::microseconds pause_;
  std::mutex written_;  // one batch reaches sink_ at a time, in order
  std::mutex queued_;
  std::condition_variable_any ready_;
  std::vector<Line> queue_;
  std::jthread writer_;  // last: started once the rest exists
};

}  // namespace jetway::log

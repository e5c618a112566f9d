#include "log/log.hpp"

#include <fmt/compile.h>
#include <fmt/core.h>

#include <chrono>
#include <ctime>
#include <iterator>
#include <ostream>

#include "core/text.hpp"

namespace jetway::log {

Field Str(std::string key, std::string_view value) { return Field{std::move(key), core::JsonQuote(value)}; }
Field Num(std::string key, long long value) { return Field{std::move(key), std::to_string(value)}; }
Field Millis(std::string key, long long micros) {
  return Field{std::move(key), fmt::format(FMT_COMPILE("{}.{:03}"), micros / 1000, micros % 1000)};
}

void Logger::Write(Level level, std::string_view message, const std::vector<Field>& fields) {
  if (level < min_level_) return;
  static constexpr const char* kNames[] = {"debug", "info", "warn", "error"};
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  std::string line;
  line.reserve(256);
  fmt::format_to(std::back_inserter(line),
                 FMT_COMPILE("{{\"ts\":\"{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z\",\"level\":\"{}\",\"msg\":"),
                 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms % 1000,
                 kNames[static_cast<int>(level)]);
  core::AppendJsonQuoted(line, message);
  for (const auto& f : fields) {
    line += ',';
    core::AppendJsonQuoted(line, f.key);
    line += ':';
    line += f.json;
  }
  line += "}\n";
  std::lock_guard lock(mutex_);
  sink_.Write(level, line);
}

void Sink::WriteBatch(const std::vector<Line>& lines) {
  for (const auto& line : lines) Write(line.level, line.text);
}

void StreamSink::Append(std::string& out, Level level, std::string_view line) const {
  static constexpr const char* kPriorities[] = {"<7>", "<6>", "<4>", "<3>"};
  if (journal_priorities_) out += kPriorities[static_cast<int>(level)];
  out += line;
}

void StreamSink::Write(Level level, std::string_view line) {
  std::string text;
  Append(text, level, line);
  out_ << text << std::flush;
}

void StreamSink::WriteBatch(const std::vector<Line>& lines) {
  std::string text;
  for (const auto& line : lines) Append(text, line.level, line.text);
  out_ << text << std::flush;  // one write(2) on an unbuffered stream such as std::cerr
}

}  // namespace jetway::log

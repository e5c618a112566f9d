#include "log/background_sink.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace jetway::log {
namespace {

using namespace std::chrono_literals;

// What reached the sink: each batch as it came.
class Recorder final : public Sink {
 public:
  void Write(Level level, std::string_view line) override { WriteBatch({Line{level, std::string(line)}}); }
  void WriteBatch(const std::vector<Line>& lines) override {
    std::lock_guard lock(mutex_);
    batches_.push_back(lines);
  }
  std::vector<std::vector<Line>> Batches() {
    std::lock_guard lock(mutex_);
    return batches_;
  }
  std::vector<std::string> Texts() {
    std::vector<std::string> texts;
    for (const auto& batch : Batches())
      for (const auto& line : batch) texts.push_back(line.text);
    return texts;
  }

 private:
  std::mutex mutex_;
  std::vector<std::vector<Line>> batches_;
};

std::vector<std::string> Numbered(const std::string& prefix, int n) {
  std::vector<std::string> lines;
  for (int i = 0; i < n; ++i) lines.push_back(prefix + std::to_string(i) + "\n");
  return lines;
}

TEST(BackgroundSink, InfoLinesReachTheSinkInOrderAndWhatIsQueuedIsWrittenWhenItCloses) {
  Recorder recorder;
  const auto lines = Numbered("info ", 200);
  {
    BackgroundSink sink(recorder, std::chrono::hours{1});  // nothing is written before the sink closes
    for (const auto& line : lines) sink.Write(Level::kInfo, line);
  }
  EXPECT_EQ(recorder.Texts(), lines);
}

TEST(BackgroundSink, AWarningIsWrittenAtOnceAfterTheLinesQueuedBeforeIt) {
  Recorder recorder;
  BackgroundSink sink(recorder, std::chrono::hours{1});
  sink.Write(Level::kInfo, "one\n");
  sink.Write(Level::kDebug, "two\n");
  EXPECT_TRUE(recorder.Texts().empty()) << "info lines wait for their batch";
  sink.Write(Level::kWarn, "three\n");
  EXPECT_EQ(recorder.Texts(), (std::vector<std::string>{"one\n", "two\n", "three\n"}));
  sink.Write(Level::kError, "four\n");
  EXPECT_EQ(recorder.Texts().size(), 4u);
}

TEST(BackgroundSink, AQueueThatIsFullIsWrittenByTheThreadThatLogs) {
  Recorder recorder;
  BackgroundSink sink(recorder, std::chrono::hours{1});
  const auto lines = Numbered("flood ", 65537);
  for (const auto& line : lines) sink.Write(Level::kInfo, line);
  EXPECT_EQ(recorder.Texts(), lines) << "the 65,537th line found 65,536 waiting and wrote them all, then itself";
}

TEST(BackgroundSink, LinesQueuedDuringThePauseGoTogetherInOneBatch) {
  Recorder recorder;
  BackgroundSink sink(recorder, std::chrono::seconds{1});
  const auto lines = Numbered("request ", 50);
  for (const auto& line : lines) sink.Write(Level::kInfo, line);
  for (int i = 0; i < 1000 && recorder.Batches().empty(); ++i) std::this_thread::sleep_for(10ms);
  const auto batches = recorder.Batches();
  ASSERT_EQ(batches.size(), 1u);
  EXPECT_EQ(recorder.Texts(), lines);
}

TEST(BackgroundSink, ManyThreadsLoseNoLineAndEachThreadsLinesKeepTheirOrder) {
  Recorder recorder;
  {
    BackgroundSink sink(recorder, std::chrono::microseconds{200});
    std::vector<std::jthread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&sink, t] {
        for (const auto& line : Numbered(std::to_string(t) + " ", 2000)) sink.Write(Level::kInfo, line);
      });
  }
  const auto texts = recorder.Texts();
  ASSERT_EQ(texts.size(), 8000u);
  std::vector<int> next(4, 0);
  for (const auto& text : texts) {
    const int t = text[0] - '0';
    EXPECT_EQ(text, std::to_string(t) + " " + std::to_string(next[static_cast<std::size_t>(t)]++) + "\n");
  }
}

TEST(StreamSink, ABatchIsWrittenWholeEachLineWithItsJournalPriority) {
  std::ostringstream out;
  StreamSink sink(out, true);
  sink.WriteBatch({Line{Level::kInfo, "{\"a\":1}\n"}, Line{Level::kError, "{\"b\":2}\n"}});
  EXPECT_EQ(out.str(), "<6>{\"a\":1}\n<3>{\"b\":2}\n");
}

}  // namespace
}  // namespace jetway::log

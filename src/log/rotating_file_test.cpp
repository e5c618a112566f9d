#include "log/rotating_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>

#include "log/journal.hpp"

namespace jetway::log {
namespace {

namespace fs = std::filesystem;

class RotatingFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("jetway-log-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::set<std::string> Rotated() const {
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_))
      if (e.path().filename() != "jetway.log") names.insert(e.path().filename().string());
    return names;
  }
  static std::string Read(const fs::path& p) {
    std::ifstream in(p);
    return {std::istreambuf_iterator<char>(in), {}};
  }

  fs::path dir_;
};

TEST_F(RotatingFileTest, ABatchOfLinesRotatesBetweenLinesAsLineByLineWould) {
  const std::string line(40, 'y');
  {
    RotatingFile file(dir_ / "jetway.log", {.max_bytes = 100, .keep_files = 10, .keep_days = 14});
    file.WriteBatch(std::vector<Line>(5, Line{Level::kInfo, line + "\n"}));
  }
  EXPECT_EQ(Read(dir_ / "jetway.log"), line + "\n");
  const auto rotated = Rotated();
  ASSERT_EQ(rotated.size(), 2u);
  for (const auto& name : rotated) EXPECT_EQ(Read(dir_ / name), line + "\n" + line + "\n");
}

TEST_F(RotatingFileTest, AppendsWholeLinesAndRotatesBeforeALineWouldPassTheLimit) {
  const std::string line(40, 'x');
  {
    RotatingFile file(dir_ / "jetway.log", {.max_bytes = 100, .keep_files = 10, .keep_days = 14});
    for (int i = 0; i < 5; ++i) file.Write(Level::kInfo, line + "\n");
  }
  // 41-byte lines, two to a file under 100 bytes: 5 lines make two rotated files and one current.
  EXPECT_EQ(Read(dir_ / "jetway.log"), line + "\n");
  const auto rotated = Rotated();
  ASSERT_EQ(rotated.size(), 2u);
  for (const auto& name : rotated) {
    EXPECT_EQ(name.rfind("jetway.log.", 0), 0u) << name;
    EXPECT_EQ(Read(dir_ / name), line + "\n" + line + "\n");
  }
}

TEST_F(RotatingFileTest, KeepsOnlyTheNewestFiles) {
  RotatingFile file(dir_ / "jetway.log", {.max_bytes = 10, .keep_files = 3, .keep_days = 14});
  for (int i = 0; i < 12; ++i) file.Write(Level::kInfo, "line " + std::to_string(i) + "\n");
  const auto rotated = Rotated();
  EXPECT_EQ(rotated.size(), 3u);
  std::set<std::string> kept;
  for (const auto& name : rotated) kept.insert(Read(dir_ / name));
  EXPECT_EQ(kept, (std::set<std::string>{"line 8\n", "line 9\n", "line 10\n"}));
  EXPECT_EQ(Read(dir_ / "jetway.log"), "line 11\n");
}

TEST_F(RotatingFileTest, DeletesRotatedFilesOlderThanTheAgeLimitAndNeverTheCurrentOne) {
  { std::ofstream(dir_ / "jetway.log") << "old current\n"; }
  { std::ofstream(dir_ / "jetway.log.20260101T000000Z") << "old\n"; }
  { std::ofstream(dir_ / "jetway.log.20261101T000000Z") << "recent\n"; }
  { std::ofstream(dir_ / "other.log.20260101T000000Z") << "not ours\n"; }
  const auto now = fs::file_time_type::clock::now();
  fs::last_write_time(dir_ / "jetway.log", now - std::chrono::hours{24 * 40});
  fs::last_write_time(dir_ / "jetway.log.20260101T000000Z", now - std::chrono::hours{24 * 15});
  fs::last_write_time(dir_ / "jetway.log.20261101T000000Z", now - std::chrono::hours{24 * 13});
  fs::last_write_time(dir_ / "other.log.20260101T000000Z", now - std::chrono::hours{24 * 40});
  RotatingFile file(dir_ / "jetway.log", {.max_bytes = 1000, .keep_files = 10, .keep_days = 14});
  file.Write(Level::kInfo, "new\n");
  EXPECT_EQ(Rotated(), (std::set<std::string>{"jetway.log.20261101T000000Z", "other.log.20260101T000000Z"}));
  EXPECT_EQ(Read(dir_ / "jetway.log"), "old current\nnew\n");
}

TEST_F(RotatingFileTest, AnUnwritablePathIsAnErrorAtStart) {
  EXPECT_THROW(RotatingFile(dir_ / "missing" / "jetway.log", {}), std::system_error);
}

TEST(JournalStreamTest, MatchesOnlyTheDescriptorsDeviceAndInode) {
  struct stat st {};
  ASSERT_EQ(::fstat(2, &st), 0);
  const auto mine = std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
  EXPECT_TRUE(IsJournalStream(2, mine));
  EXPECT_FALSE(IsJournalStream(2, ""));
  EXPECT_FALSE(IsJournalStream(2, std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino + 1)));
  EXPECT_FALSE(IsJournalStream(-1, mine));
}

TEST(StreamSinkTest, JournalPrioritiesPrefixEachLine) {
  std::ostringstream out;
  StreamSink sink(out, true);
  Logger logger(sink, Level::kDebug);
  logger.Error("broken");
  logger.Info("fine");
  const auto text = out.str();
  EXPECT_EQ(text.rfind("<3>{", 0), 0u) << text;
  EXPECT_NE(text.find("\n<6>{"), std::string::npos) << text;
  std::ostringstream plain;
  Logger(plain).Warn("no prefix");
  EXPECT_EQ(plain.str().rfind("{\"ts\"", 0), 0u) << plain.str();
}

}  // namespace
}  // namespace jetway::log

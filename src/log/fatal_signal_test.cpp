#include "log/fatal_signal.hpp"

#include <gtest/gtest.h>
#include <signal.h>

#include <string>

namespace jetway::log {
namespace {

std::string Line(int signal, std::string_view request_id, std::size_t size = 256) {
  char buffer[256];
  return std::string(buffer, FormatFatalLine(buffer, size, signal, request_id));
}

TEST(FatalSignal, LineNamesSignalAndRequest) {
  const auto line = Line(SIGSEGV, "abc-12");
  EXPECT_TRUE(line.starts_with(R"({"level":"fatal","msg":"fatal signal","signal":"SIGSEGV","signal_number":11,"pid":)"))
      << line;
  EXPECT_TRUE(line.ends_with(R"(,"request_id":"abc-12"})"
                             "\n"))
      << line;
}

TEST(FatalSignal, LineWithoutRequestAndCutToFit) {
  EXPECT_EQ(Line(SIGABRT, "").find("request_id"), std::string::npos);
  const auto cut = Line(SIGBUS, std::string(64, 'x'), 40);
  EXPECT_EQ(cut.size(), 40u);
  EXPECT_TRUE(cut.ends_with("}\n"));
  EXPECT_EQ(Line(SIGSEGV, "a\"b\\c").find("a\"b"), std::string::npos);  // nothing that would need escaping
}

void CrashWhileServing() {
  InstallFatalSignalHandlers();
  SetCurrentRequestId("req-42");
  ::raise(SIGSEGV);
}

volatile int never_reached = 1 << 30;  // the stack runs out long before

int OverflowTheStack(int depth) {
  volatile char frame[4096];
  frame[depth % 4096] = 1;
  if (depth > never_reached) return 0;
  return OverflowTheStack(depth + 1) + frame[0];
}

void CrashByStackOverflow() {
  InstallFatalSignalHandlers();
  SetCurrentRequestId("deep-1");
  OverflowTheStack(0);
}

TEST(FatalSignalDeathTest, CrashLeavesALineWithTheRequestId) {
  EXPECT_DEATH(CrashWhileServing(), R"(\{"level":"fatal".*"signal":"SIGSEGV".*"request_id":"req-42"\})");
}

TEST(FatalSignalDeathTest, StackOverflowStillLeavesALine) {
  EXPECT_DEATH(CrashByStackOverflow(), R"("signal":"SIGSEGV".*"request_id":"deep-1")");
}

}  // namespace
}  // namespace jetway::log

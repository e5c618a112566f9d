#include "log/fatal_signal.hpp"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <memory>

namespace jetway::log {

namespace {

constexpr std::size_t kMaxRequestId = 64;
constexpr int kFatalSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};

// Per-thread, read by the signal handler on the same thread: a fixed array in static TLS, so reading it in the
// handler neither allocates nor locks. This and the alternate stack are the only process-wide state of this file.
thread_local char current_request_id[kMaxRequestId + 1] = {};

// The thread's signal stack, unregistered before its memory is freed when the thread ends.
struct AlternateStack {
  std::unique_ptr<char[]> memory;
  ~AlternateStack() {
    if (!memory) return;
    stack_t off{};
    off.ss_flags = SS_DISABLE;
    ::sigaltstack(&off, nullptr);
  }
};
thread_local AlternateStack alternate_stack;

const char* SignalName(int signal) {
  switch (signal) {
    case SIGSEGV: return "SIGSEGV";
    case SIGBUS: return "SIGBUS";
    case SIGFPE: return "SIGFPE";
    case SIGILL: return "SIGILL";
    case SIGABRT: return "SIGABRT";
    default: return "SIGNAL";
  }
}

// Appends to a fixed buffer; what does not fit is dropped.
struct LineBuffer {
  char* out;
  std::size_t size;
  std::size_t length = 0;
  void Put(char c) {
    if (length < size) out[length++] = c;
  }
  void Put(std::string_view text) {
    for (char c : text) Put(c);
  }
  void PutNumber(long value) {
    char digits[24];
    int n = 0;
    unsigned long v = value < 0 ? 0UL - static_cast<unsigned long>(value) : static_cast<unsigned long>(value);
    do digits[n++] = static_cast<char>('0' + v % 10);
    while ((v /= 10) != 0 && n < 24);
    if (value < 0) Put('-');
    while (n > 0) Put(digits[--n]);
  }
};

void OnFatalSignal(int signal) {
  char line[256];
  const std::size_t length = FormatFatalLine(line, sizeof line, signal, current_request_id);
  ssize_t ignored = ::write(STDERR_FILENO, line, length);
  (void)ignored;
  // SA_RESETHAND restored the default action: re-raise so the process ends as the signal demands.
  ::raise(signal);
}

}  // namespace

std::size_t FormatFatalLine(char* out, std::size_t size, int signal, std::string_view request_id) {
  LineBuffer line{out, size};
  line.Put(R"({"level":"fatal","msg":"fatal signal","signal":")");
  line.Put(SignalName(signal));
  line.Put(R"(","signal_number":)");
  line.PutNumber(signal);
  line.Put(R"(,"pid":)");
  line.PutNumber(static_cast<long>(::getpid()));
  if (!request_id.empty()) {
    // Request ids are [A-Za-z0-9_-] (server.cpp checks), so they need no JSON escaping; anything else is dropped.
    line.Put(R"(,"request_id":")");
    for (char c : request_id.substr(0, kMaxRequestId))
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')
        line.Put(c);
    line.Put('"');
  }
  if (line.length + 2 > size) line.length = size >= 2 ? size - 2 : 0;
  line.Put('}');
  line.Put('\n');
  return line.length;
}

void InstallFatalSignalHandlers() {
  UseAlternateSignalStack();
  struct sigaction action {};
  action.sa_handler = OnFatalSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND | SA_ONSTACK | SA_NODEFER;
  for (int signal : kFatalSignals) ::sigaction(signal, &action, nullptr);
}

void UseAlternateSignalStack() {
  if (alternate_stack.memory) return;
  const std::size_t size = 64 * 1024;
  alternate_stack.memory = std::make_unique<char[]>(size);
  stack_t stack{};
  stack.ss_sp = alternate_stack.memory.get();
  stack.ss_size = size;
  ::sigaltstack(&stack, nullptr);
}

void SetCurrentRequestId(std::string_view request_id) {
  const std::size_t n = std::min(request_id.size(), kMaxRequestId);
  std::memcpy(current_request_id, request_id.data(), n);
  current_request_id[n] = '\0';
}

}  // namespace jetway::log

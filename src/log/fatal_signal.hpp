// A crash leaves one line in the log: on SIGSEGV, SIGBUS, SIGFPE, SIGILL or SIGABRT a handler writes
// {"level":"fatal","msg":"fatal signal","signal":"SIGSEGV","request_id":"…"} to stderr with write(2) only
// (async-signal-safe), then lets the signal kill the process as it would have (exit status, core dump).
// The request id is the one the crashing thread was serving, if any. A stack overflow runs the handler on a
// per-thread alternate stack, so each thread that may overflow calls UseAlternateSignalStack once.
#pragma once

#include <cstddef>
#include <string_view>

namespace jetway::log {

void InstallFatalSignalHandlers();
// Gives the calling thread its own signal stack (kept until the thread ends).
void UseAlternateSignalStack();
// The request this thread is serving, for the crash line; empty when idle. Longer ids are cut to 64 bytes.
void SetCurrentRequestId(std::string_view request_id);

// The crash line for `signal` and `request_id`, written into `out` (at most `size` bytes, no allocation, no locale):
// what the handler writes. Returns its length.
std::size_t FormatFatalLine(char* out, std::size_t size, int signal, std::string_view request_id);

}  // namespace jetway::log

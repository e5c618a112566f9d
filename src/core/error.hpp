// Error is the value every layer returns for an expected failure (bad input, seat gone, PNR not found):
// a stable machine code, a human message and, for input errors, the offending field. It carries a kind
// so front doors can choose a status without parsing codes. Plain value type, safe to copy across threads.
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace jetway::core {

enum class ErrorKind {
  kBadRequest,       // malformed request: unparseable JSON, wrong types
  kInvalid,          // well-formed but semantically wrong input
  kNotFound,         // the thing asked for does not exist (or is not visible to the caller)
  kConflict,         // the state of the world refuses the request (seats gone, booking not HELD)
  kPaymentDeclined,  // the payment gateway said no
  kUnsupportedMediaType,  // a body in a format the front door does not read
  kUnauthorized,          // the caller must prove who it is (an operator token)
  kForbidden,             // this caller may not do this at all (cash from the public channel)
  kTooManyRequests,       // a limit against abuse: too many holds, guesses or attempts; retry later
};

struct Error {
  ErrorKind kind = ErrorKind::kInvalid;
  std::string code;
  std::string message;
  std::string field;
  int retry_after_seconds = 0;  // kTooManyRequests: when a retry may succeed
};

inline Error MakeError(ErrorKind kind, std::string code, std::string message, std::string field = {}) {
  return Error{kind, std::move(code), std::move(message), std::move(field)};
}

inline std::unexpected<Error> Fail(ErrorKind kind, std::string code, std::string message, std::string field = {}) {
  return std::unexpected(MakeError(kind, std::move(code), std::move(message), std::move(field)));
}

template <typename T>
using Result = std::expected<T, Error>;

}  // namespace jetway::core

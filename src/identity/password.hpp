// Staff passwords after NIST SP 800-63B §5.1.1: long rather than complex (12 to 256 characters, no rules about
// digits or symbols, which only push people to "Password1!"), and refused when an attacker would try them early:
// on a list of common passwords, a repeated or sequential pattern, or containing the person's e-mail name or the
// airline's or product's name. Accepted passwords are hashed with Argon2id, memory-hard so a stolen table costs
// an attacker real hardware per guess. Pure functions, apart from libsodium's salt randomness when hashing.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/error.hpp"

namespace jetway::identity {

inline constexpr std::size_t kMinPasswordLength = 12;   // Unicode code points
inline constexpr std::size_t kMaxPasswordLength = 256;  // code points; bounds the hashing input, far above any need

// Passwords attackers try first, loaded from a file's text: one per line, blank lines and lines starting with '#'
// ignored, compared ignoring ASCII case. Immutable once built, so one instance can serve every thread.
class CommonPasswords {
 public:
  CommonPasswords() = default;
  explicit CommonPasswords(std::string_view file_text);

  bool Contains(std::string_view password) const;
  std::size_t size() const { return lowered_.size(); }

 private:
  std::unordered_set<std::string> lowered_;
};

// Words an attacker aiming at this person and this system would try first.
struct PasswordContext {
  std::string email;               // its local part counts when it has 4 or more characters
  std::vector<std::string> words;  // the product's and the airline's names
};

// Errors (field "password"): PASSWORD_INVALID_UTF8, PASSWORD_TOO_SHORT, PASSWORD_TOO_LONG,
// PASSWORD_CONTAINS_NAME, PASSWORD_TOO_COMMON, PASSWORD_TOO_PREDICTABLE.
core::Result<void> CheckPassword(std::string_view password, const CommonPasswords& common,
                                 const PasswordContext& context);

// Argon2id work per hash: 3 passes over 64 MiB, about 0.1 s of one core (measured with HashPassword on the 2-core
// development machine, libsodium 1.0.18: 0.10-0.12 s; 128 MiB took 0.21-0.32 s). 64 MiB per guess is well above
// OWASP's 19 MiB minimum. It is the most that lets 10 sign-ins a second run on one core of a 2-core server while
// passengers keep the other (bench/office.py: at 128 MiB, 8.6 sign-ins/s took both cores and search p99 went from
// 17 ms to 458 ms). The caller bounds the hashes in progress, and so the memory (StaffService: half the cores).
struct HashCost {
  unsigned long long ops = 3;
  std::size_t mem_bytes = std::size_t{64} << 20;

  // libsodium's minimums: instant, for unit tests only.
  static HashCost ForTests();
  // Below OWASP's minimum for Argon2id (19 MiB and 2 passes, its password storage cheat sheet).
  bool BelowOwaspMinimum() const;
};

// A self-describing "$argon2id$v=19$m=...,t=...,p=1$salt$hash" string with a fresh random salt. Throws
// std::invalid_argument for a cost below libsodium's minimums and std::runtime_error when memory runs out.
std::string HashPassword(std::string_view password, const HashCost& cost);
// A well-formed hash with `cost`'s parameters and random salt and digest, which no password matches: checking a
// password against it takes as long as against a real hash of that cost, so an unknown account answers as slowly as
// a known one. Made without hashing anything (a real hash to stand in took 0.1 s and 64 MiB at every start-up).
std::string DecoyHash(const HashCost& cost);
// False for a wrong password and for anything that is not a hash libsodium wrote.
bool VerifyPassword(std::string_view stored_hash, std::string_view password);
// True when `stored_hash` was made with another cost or algorithm: after a successful sign-in the caller hashes the
// password again, so raising the cost reaches every account in time.
bool NeedsRehash(std::string_view stored_hash, const HashCost& cost);

}  // namespace jetway::identity

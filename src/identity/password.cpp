#include "identity/password.hpp"

#include <fmt/core.h>
#include <sodium.h>

#include <algorithm>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <utility>

#include "core/text.hpp"

namespace jetway::identity {
namespace {

// The code points of `text`, or nullopt unless it is valid UTF-8 (no overlong forms, surrogates or values past
// U+10FFFF, which would let one character be spelled several ways).
std::optional<std::u32string> DecodeUtf8(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = 1;
    char32_t point = lead;
    char32_t smallest = 0;
    if (lead >= 0xF0 && lead < 0xF8) {
      length = 4, point = lead & 0x07, smallest = 0x10000;
    } else if (lead >= 0xE0 && lead < 0xF0) {
      length = 3, point = lead & 0x0F, smallest = 0x800;
    } else if (lead >= 0xC0 && lead < 0xE0) {
      length = 2, point = lead & 0x1F, smallest = 0x80;
    } else if (lead >= 0x80) {
      return std::nullopt;
    }
    if (text.size() - i < length) return std::nullopt;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return std::nullopt;
      point = (point << 6) | (next & 0x3F);
    }
    if (point < smallest || point > 0x10FFFF || (point >= 0xD800 && point <= 0xDFFF)) return std::nullopt;
    out.push_back(point);
    i += length;
  }
  return out;
}

std::size_t CodePoints(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool IsAsciiLetter(char c) { return c >= 'a' && c <= 'z'; }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiPunctuation(char c) { return c > ' ' && c < 0x7f && !IsAsciiLetter(c) && !IsAsciiDigit(c); }
bool IsAsciiAffix(char c) { return IsAsciiDigit(c) || IsAsciiPunctuation(c); }

// `lowered` without digits and punctuation at either end: the word under "Summer2024!" or "123monkey".
std::string_view WithoutAffixes(std::string_view lowered) {
  while (!lowered.empty() && IsAsciiAffix(lowered.front())) lowered.remove_prefix(1);
  while (!lowered.empty() && IsAsciiAffix(lowered.back())) lowered.remove_suffix(1);
  return lowered;
}

// The shortest piece `text` is a repetition of ("ab" for "abababab"); `text` itself when it repeats nothing.
template <typename Text>
Text RepeatedUnit(Text text) {
  for (std::size_t size = 1; size <= text.size() / 2; ++size) {
    if (text.size() % size != 0) continue;
    bool repeats = true;
    for (std::size_t i = size; i < text.size() && repeats; ++i) repeats = text[i] == text[i - size];
    if (repeats) return text.substr(0, size);
  }
  return text;
}

// Common passwords dressed up the ways people (and cracking rules) do: with digits or symbols around them, or
// said twice ("monkeymonkey").
bool IsCommon(const CommonPasswords& common, std::string_view lowered) {
  const std::string_view bare = WithoutAffixes(lowered);
  const std::string_view candidates[] = {lowered, bare, RepeatedUnit(lowered), RepeatedUnit(bare),
                                         WithoutAffixes(RepeatedUnit(lowered))};
  return std::ranges::any_of(candidates, [&](std::string_view c) { return !c.empty() && common.Contains(c); });
}

// The next key of a sequence: digits and letters wrap around ("7890123", "xyzab"), as people type them.
char32_t Following(char32_t c) {
  if (c == U'9') return U'0';
  if (c == U'z') return U'a';
  return c + 1;
}

bool IsSequence(const std::u32string& points) {
  bool ascending = true;
  bool descending = true;
  for (std::size_t i = 1; i < points.size(); ++i) {
    ascending = ascending && points[i] == Following(points[i - 1]);
    descending = descending && points[i - 1] == Following(points[i]);
  }
  return ascending || descending;
}

// Runs across a keyboard: rows (US, German, French), columns and zig-zags.
constexpr std::string_view kKeyboardWalks[] = {
    "`1234567890-=qwertyuiop[]\\asdfghjkl;'zxcvbnm,./",
    "1234567890qwertyuiopasdfghjklzxcvbnm",
    "~!@#$%^&*()_+",
    "1234567890qwertzuiopasdfghjklyxcvbnm",
    "1234567890azertyuiopqsdfghjklmwxcvbn",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/",
    "zaq1xsw2cde3vfr4bgt5nhy6mju7,ki8.lo9/;p0",
    "1q2w3e4r5t6y7u8i9o0p",
    "q1w2e3r4t5y6u7i8o9p0",
};

bool IsKeyboardWalk(std::string_view lowered) {
  const std::string reversed(lowered.rbegin(), lowered.rend());
  return std::ranges::any_of(kKeyboardWalks, [&](std::string_view walk) {
    return walk.find(lowered) != std::string_view::npos || walk.find(reversed) != std::string_view::npos;
  });
}

// Generalises "one character repeated" to short repeated pieces ("abababababab", "123123123123"): such a password
// is no stronger than its piece.
constexpr std::size_t kLongestPredictableUnit = 3;

bool IsPredictable(const std::u32string& lowered_points, std::string_view lowered) {
  return RepeatedUnit(std::u32string_view(lowered_points)).size() <= kLongestPredictableUnit ||
         IsSequence(lowered_points) || IsKeyboardWalk(lowered);
}

// Pieces of a name worth refusing: the whole (without spaces) and each part of 4 or more characters, because
// shorter ones ("air", "ann") occur in too many innocent passwords.
constexpr std::size_t kShortestName = 4;

std::vector<std::string> NamePieces(std::string_view name) {
  std::vector<std::string> pieces;
  auto add = [&](std::string piece) {
    if (CodePoints(piece) >= kShortestName) pieces.push_back(std::move(piece));
  };
  const std::string lowered = core::AsciiLower(name);
  std::string whole;
  std::string part;
  for (char c : lowered) {
    if (c == ' ' || c == '.' || c == '_' || c == '-' || c == '+') {
      add(std::exchange(part, {}));
      if (c != ' ') whole.push_back(c);
    } else {
      part.push_back(c);
      whole.push_back(c);
    }
  }
  add(std::move(part));
  add(std::move(whole));
  return pieces;
}

std::string_view LocalPart(std::string_view email) { return email.substr(0, email.rfind('@')); }

bool ContainsName(std::string_view lowered, const PasswordContext& context) {
  std::vector<std::string> names = NamePieces(LocalPart(context.email));
  for (const auto& word : context.words) std::ranges::move(NamePieces(word), std::back_inserter(names));
  return std::ranges::any_of(names, [&](const std::string& name) { return lowered.find(name) != std::string::npos; });
}

core::Result<void> Refuse(std::string code, std::string message) {
  return core::Fail(core::ErrorKind::kInvalid, std::move(code), std::move(message), "password");
}

void EnsureSodium() {
  // sodium_init is idempotent and thread-safe; the static only saves the lock on later calls.
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium could not be initialised");
}

constexpr std::string_view kArgon2idPrefix = crypto_pwhash_argon2id_STRPREFIX;

// libsodium reads stored hashes as C strings: a copy, or nullopt when no hash could be that long or hold a NUL.
std::optional<std::string> HashAsCString(std::string_view stored_hash) {
  if (stored_hash.size() >= crypto_pwhash_STRBYTES || stored_hash.find('\0') != std::string_view::npos)
    return std::nullopt;
  return std::string(stored_hash);
}

}  // namespace

CommonPasswords::CommonPasswords(std::string_view file_text) {
  while (!file_text.empty()) {
    const std::size_t end = std::min(file_text.find('\n'), file_text.size());
    std::string_view line = file_text.substr(0, end);
    file_text.remove_prefix(std::min(end + 1, file_text.size()));
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    line = core::Trim(line);
    if (!line.empty() && line.front() != '#') lowered_.insert(core::AsciiLower(line));
  }
}

bool CommonPasswords::Contains(std::string_view password) const {
  return lowered_.contains(core::AsciiLower(password));
}

core::Result<void> CheckPassword(std::string_view password, const CommonPasswords& common,
                                 const PasswordContext& context) {
  const std::string lowered = core::AsciiLower(password);
  const auto points = DecodeUtf8(lowered);
  if (!points)
    return Refuse("PASSWORD_INVALID_UTF8",
                  "The password arrived garbled (it is not valid UTF-8); please type it again.");
  if (points->size() < kMinPasswordLength)
    return Refuse("PASSWORD_TOO_SHORT",
                  "Use at least 12 characters. A few unrelated words make a long password that is easy to remember.");
  if (points->size() > kMaxPasswordLength) return Refuse("PASSWORD_TOO_LONG", "Use at most 256 characters.");
  if (ContainsName(lowered, context))
    return Refuse("PASSWORD_CONTAINS_NAME",
                  "Leave your e-mail name and the name of the airline or of this system out of the password.");
  if (IsCommon(common, lowered))
    return Refuse("PASSWORD_TOO_COMMON",
                  "This password is on a list of common passwords that attackers try first. Choose another one.");
  if (IsPredictable(*points, lowered))
    return Refuse("PASSWORD_TOO_PREDICTABLE",
                  "Avoid repeated characters, sequences such as 123456 or abcdef and runs along the keyboard. "
                  "Choose something less predictable.");
  return {};
}

HashCost HashCost::ForTests() { return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN}; }

bool HashCost::BelowOwaspMinimum() const { return mem_bytes < (std::size_t{19} << 20) || ops < 2; }

std::string HashPassword(std::string_view password, const HashCost& cost) {
  EnsureSodium();
  if (cost.ops < crypto_pwhash_OPSLIMIT_MIN || cost.ops > crypto_pwhash_OPSLIMIT_MAX ||
      cost.mem_bytes < crypto_pwhash_MEMLIMIT_MIN || cost.mem_bytes > crypto_pwhash_MEMLIMIT_MAX)
    throw std::invalid_argument("Argon2id cost outside libsodium's limits");
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(hash, password.data(), password.size(), cost.ops, cost.mem_bytes,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::runtime_error("out of memory hashing a password");
  return hash;
}

std::string DecoyHash(const HashCost& cost) {
  EnsureSodium();
  // libsodium's own format: 16 bytes of salt, a 32-byte digest, both unpadded base64 in the original alphabet.
  unsigned char salt[crypto_pwhash_SALTBYTES];
  unsigned char digest[32];
  randombytes_buf(salt, sizeof salt);
  randombytes_buf(digest, sizeof digest);
  char salt_text[sodium_base64_ENCODED_LEN(sizeof salt, sodium_base64_VARIANT_ORIGINAL_NO_PADDING)];
  char digest_text[sodium_base64_ENCODED_LEN(sizeof digest, sodium_base64_VARIANT_ORIGINAL_NO_PADDING)];
  sodium_bin2base64(salt_text, sizeof salt_text, salt, sizeof salt, sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
  sodium_bin2base64(digest_text, sizeof digest_text, digest, sizeof digest, sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
  return fmt::format("{}v=19$m={},t={},p=1${}${}", kArgon2idPrefix, cost.mem_bytes / 1024, cost.ops, salt_text,
                     digest_text);
}

bool VerifyPassword(std::string_view stored_hash, std::string_view password) {
  EnsureSodium();
  const auto hash = HashAsCString(stored_hash);
  return hash && crypto_pwhash_str_verify(hash->c_str(), password.data(), password.size()) == 0;
}

bool NeedsRehash(std::string_view stored_hash, const HashCost& cost) {
  EnsureSodium();
  const auto hash = HashAsCString(stored_hash);
  if (!hash || !stored_hash.starts_with(kArgon2idPrefix)) return true;
  return crypto_pwhash_str_needs_rehash(hash->c_str(), cost.ops, cost.mem_bytes) != 0;
}

}  // namespace jetway::identity

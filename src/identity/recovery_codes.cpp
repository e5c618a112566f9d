#include "identity/recovery_codes.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>

#include "core/text.hpp"

namespace jetway::identity {
namespace {

// A uniformly chosen alphabet index: values from the short top end of the 64-bit range are drawn again, as taking
// them modulo 31 would favour the first letters (slightly, but for free).
std::size_t UniformIndex(core::Random& random) {
  constexpr std::uint64_t kSize = kRecoveryCodeAlphabet.size();
  constexpr std::uint64_t kLimit = std::numeric_limits<std::uint64_t>::max() / kSize * kSize;
  std::uint64_t value = random.Next();
  while (value >= kLimit) value = random.Next();
  return static_cast<std::size_t>(value % kSize);
}

std::string NewRecoveryCode(core::Random& random) {
  std::string code;
  code.reserve(kRecoveryCodeLength + 1);
  for (std::size_t i = 0; i < kRecoveryCodeLength; ++i) {
    if (i == kRecoveryCodeLength / 2) code.push_back('-');
    code.push_back(kRecoveryCodeAlphabet[UniformIndex(random)]);
  }
  return code;
}

}  // namespace

std::vector<std::string> NewRecoveryCodes(core::Random& random) {
  std::vector<std::string> codes;
  codes.reserve(kRecoveryCodeCount);
  // A repeat is astronomically unlikely with real randomness, but two equal codes would be one code used twice.
  while (codes.size() < kRecoveryCodeCount) {
    auto code = NewRecoveryCode(random);
    if (std::find(codes.begin(), codes.end(), code) == codes.end()) codes.push_back(std::move(code));
  }
  return codes;
}

std::string NormalizeRecoveryCode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text)
    if (c != ' ' && c != '\t' && c != '-') out.push_back(core::AsciiUpper(c));
  return out;
}

bool IsRecoveryCode(std::string_view normalized) {
  return normalized.size() == kRecoveryCodeLength &&
         normalized.find_first_not_of(kRecoveryCodeAlphabet) == std::string_view::npos;
}

}  // namespace jetway::identity

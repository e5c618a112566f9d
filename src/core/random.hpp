// Random is the one door through which domain code gets randomness (locators, tokens), so tests can pass a
// fixed sequence. SystemRandom reads the kernel's CSPRNG and is thread-safe.
#pragma once

#include <cstdint>

namespace jetway::core {

class Random {
 public:
  virtual ~Random() = default;
  virtual std::uint64_t Next() = 0;
};

class SystemRandom final : public Random {
 public:
  std::uint64_t Next() override;
};

}  // namespace jetway::core

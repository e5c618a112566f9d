#include "core/random.hpp"

#include <sys/random.h>

#include <stdexcept>

namespace jetway::core {

std::uint64_t SystemRandom::Next() {
  std::uint64_t value = 0;
  if (getrandom(&value, sizeof value, 0) != static_cast<ssize_t>(sizeof value))
    throw std::runtime_error("getrandom failed");
  return value;
}

}  // namespace jetway::core

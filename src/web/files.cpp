#include "web/files.hpp"

#include <fmt/core.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace jetway::web {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("cannot read {}", path.string()));
  std::ostringstream data;
  data << in.rdbuf();
  return std::move(data).str();
}

}  // namespace jetway::web

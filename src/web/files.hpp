// Reading the web directory's files (assets, templates, texts) at start-up.
#pragma once

#include <filesystem>
#include <string>

namespace jetway::web {

// The whole file, bytes as they are; throws std::runtime_error naming the file when it cannot be read.
std::string ReadFile(const std::filesystem::path& path);

}  // namespace jetway::web

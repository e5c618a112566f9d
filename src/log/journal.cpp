#include "log/journal.hpp"

#include <sys/stat.h>

#include <fmt/core.h>

namespace jetway::log {

bool IsJournalStream(int fd, std::string_view journal_stream) {
  struct stat st {};
  if (journal_stream.empty() || ::fstat(fd, &st) != 0) return false;
  return journal_stream == fmt::format("{}:{}", static_cast<unsigned long long>(st.st_dev),
                                       static_cast<unsigned long long>(st.st_ino));
}

}  // namespace jetway::log

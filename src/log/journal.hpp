// Whether stderr is the systemd journal's stream: systemd sets JOURNAL_STREAM to "<device>:<inode>" of the stream
// it connects a service's stderr to, and the service compares it with its descriptor (sd_journal_stream_fd(3)).
#pragma once

#include <string_view>

namespace jetway::log {

bool IsJournalStream(int fd, std::string_view journal_stream);

}  // namespace jetway::log

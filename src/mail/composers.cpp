#include "mail/composers.hpp"

#include <fmt/core.h>

namespace jetway::mail {

core::Result<Composed> Composers::Compose(const Claimed& message) {
  const auto composer = by_kind_.find(message.kind);
  if (composer == by_kind_.end())
    return core::Fail(core::ErrorKind::kInvalid, "UNKNOWN_MAIL_KIND",
                      fmt::format("no composer for messages of kind '{}'", message.kind));
  return composer->second->Compose(message);
}

}  // namespace jetway::mail

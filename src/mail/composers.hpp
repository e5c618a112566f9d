// The outbox's one MessageSource: each message goes to the composer of its kind. Each kind's composer lives with
// its domain (the booking confirmation in src/booking/, the password reset in src/identity/) and is registered at
// start-up. A kind with no composer is a permanent failure (queued by a newer node, say), never hours of retries.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "mail/sender.hpp"

namespace jetway::mail {

class Composers final : public MessageSource {
 public:
  // `composer` must outlive this object.
  void Add(std::string kind, MessageSource& composer) { by_kind_[std::move(kind)] = &composer; }
  core::Result<Composed> Compose(const Claimed& message) override;

 private:
  std::map<std::string, MessageSource*, std::less<>> by_kind_;
};

}  // namespace jetway::mail

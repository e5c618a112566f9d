// Delivers the webhook outbox: claims due events one at a time, signs each (webhook.hpp) with its partner's webhook
// secret and POSTs it to the partner's URL; a 2xx answer delivers it, anything else (or no answer within the
// timeout) retries it later. Meant for a periodic task's thread, never an HTTP thread. Not thread-safe per
// instance; any number of senders, in one process or many, may drain the same outbox.
#pragma once

#include <chrono>
#include <map>
#include <string>

#include "core/time.hpp"
#include "log/log.hpp"
#include "partners/partner_events.hpp"
#include "partners/partner_service.hpp"

namespace jetway::partners {

struct Posted {
  int status = 0;     // the HTTP status; 0 when there was no answer
  std::string error;  // why there was none
};

class WebhookTransport {
 public:
  virtual ~WebhookTransport() = default;
  virtual Posted Post(const std::string& url, const std::map<std::string, std::string>& headers,
                      const std::string& body) = 0;
};

// libcurl, HTTP and HTTPS only, no redirects, bounded in time.
class CurlWebhookTransport final : public WebhookTransport {
 public:
  explicit CurlWebhookTransport(std::chrono::seconds timeout) : timeout_(timeout) {}
  Posted Post(const std::string& url, const std::map<std::string, std::string>& headers,
              const std::string& body) override;

 private:
  std::chrono::seconds timeout_;
};

struct DeliverySummary {
  int delivered = 0;
  int retrying = 0;
};

class WebhookSender {
 public:
  WebhookSender(EventOutbox& outbox, PartnerService& partners, WebhookTransport& transport, const core::Clock& clock,
                log::Logger& logger, int max_per_run = 50)
      : outbox_(outbox), partners_(partners), transport_(transport), clock_(clock), logger_(logger),
        max_per_run_(max_per_run) {}

  DeliverySummary SendDue();

 private:
  EventOutbox& outbox_;
  PartnerService& partners_;
  WebhookTransport& transport_;
  const core::Clock& clock_;
  log::Logger& logger_;
  int max_per_run_;
};

}  // namespace jetway::partners

#include "partners/webhook_sender.hpp"

#include <curl/curl.h>
#include <fmt/core.h>

#include <memory>

namespace jetway::partners {

namespace {

struct CurlDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct ListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

std::size_t Discard(char*, std::size_t size, std::size_t count, void*) { return size * count; }

}  // namespace

Posted CurlWebhookTransport::Post(const std::string& url, const std::map<std::string, std::string>& headers,
                                  const std::string& body) {
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return {0, "curl_easy_init failed"};
  curl_slist* list = curl_slist_append(nullptr, "Content-Type: application/json");
  for (const auto& [name, value] : headers) list = curl_slist_append(list, (name + ": " + value).c_str());
  std::unique_ptr<curl_slist, ListDeleter> owned(list);
  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT, static_cast<long>(timeout_.count()));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, static_cast<long>(timeout_.count()));
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, Discard);
  curl_easy_setopt(h, CURLOPT_USERAGENT, "jetway-webhooks/1");
  if (const auto code = curl_easy_perform(h); code != CURLE_OK) return {0, curl_easy_strerror(code)};
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  return {static_cast<int>(status), ""};
}

DeliverySummary WebhookSender::SendDue() {
  DeliverySummary summary;
  for (int i = 0; i < max_per_run_; ++i) {
    auto event = outbox_.ClaimNext();
    if (!event) break;
    const auto target = partners_.WebhookOf(event->partner_id);
    if (!target || target->url.empty() || !target->active) {
      outbox_.Failed(*event, target && target->active ? "the partner has no webhook URL" : "the partner is disabled",
                     true);
      continue;
    }
    const auto timestamp = core::ToEpoch(clock_.Now());
    const auto posted = transport_.Post(target->url,
                                        {{kEventIdHeader, event->event_id},
                                         {kTimestampHeader, std::to_string(timestamp)},
                                         {kSignatureHeader, Signature(target->secret, timestamp, event->body)}},
                                        event->body);
    if (posted.status >= 200 && posted.status < 300) {
      outbox_.Delivered(*event);
      ++summary.delivered;
      continue;
    }
    const auto why = posted.status ? fmt::format("HTTP {}", posted.status) : posted.error;
    outbox_.Failed(*event, why);
    ++summary.retrying;
    logger_.Warn("webhook not delivered", {log::Str("event_id", event->event_id), log::Num("attempt", event->attempts),
                                           log::Str("error", why)});
  }
  return summary;
}

}  // namespace jetway::partners

// Partners' credentials in the management database: added by staff who manage agencies (or `jetway partner add`),
// each addition in the audit log; and the check every partner-API call makes of its `auth_id` and secret. The
// secret is stored as a salted SHA-256 and never shown again. Thread-safe: shares only the pool, the clock and the
// random source.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/actor.hpp"
#include "core/error.hpp"
#include "core/random.hpp"
#include "core/time.hpp"
#include "partners/partner.hpp"
#include "store/store.hpp"

namespace jetway::partners {

// What every failed check of a credential answers, whatever failed (unknown id, wrong secret, disabled): the
// AeroCRS reference's own words, so that a caller cannot tell which ids exist.
inline constexpr const char* kWrongCredentials = "Wrong credentials";

struct AddedPartner {
  Partner partner;
  std::string secret;          // its secret when jetway made it (else empty): shown once, to be given to the partner
  std::string webhook_secret;  // what its webhooks are signed with: shown once, to be given to the partner
};

// Where and how a partner's webhook events go.
struct WebhookTarget {
  std::string url;  // empty: the partner has none
  std::string secret;
  bool active = false;
};

class PartnerService {
 public:
  PartnerService(store::ConnectionPool& mgmt, const core::Clock& clock, core::Random& random)
      : mgmt_(mgmt), clock_(clock), random_(random) {}

  // Needs agencies.manage. AUTH_ID_TAKEN, AGENCY_NOT_FOUND, and ValidPartner's and ValidSecret's refusals. Without a
  // secret, jetway makes one (48 random hex digits).
  core::Result<AddedPartner> Add(const core::Actor& actor, Partner draft, std::optional<std::string_view> secret);
  // Needs agencies.read; PARTNER_NOT_FOUND.
  core::Result<Partner> Find(const core::Actor& actor, std::int64_t partner_id);
  // Needs agencies.manage: the partner's name, agency, airlines, methods, quotas and webhook URL as `changes` has
  // them (its auth_id, status and secrets stay). PARTNER_NOT_FOUND, AGENCY_NOT_FOUND, ValidPartner's refusals.
  core::Result<Partner> Change(const core::Actor& actor, std::int64_t partner_id, Partner changes);
  // Needs agencies.manage: active, or disabled (every call of a disabled partner is "Wrong credentials", at once).
  core::Result<Partner> SetStatus(const core::Actor& actor, std::int64_t partner_id, PartnerStatus status);
  // Needs agencies.manage: a new secret (jetway makes it unless given; ValidSecret's refusals), the old one refused
  // from the next call on; shown once in the answer's `secret`.
  core::Result<AddedPartner> NewSecret(const core::Actor& actor, std::int64_t partner_id,
                                       std::optional<std::string_view> secret);
  // Needs agencies.manage: a new webhook signing secret, used from the next delivery on; shown once.
  core::Result<AddedPartner> NewWebhookSecret(const core::Actor& actor, std::int64_t partner_id);
  // The active partner with this id and secret; UNAUTHORIZED WRONG_CREDENTIALS (kWrongCredentials) otherwise.
  core::Result<Partner> Authenticate(std::string_view auth_id, std::string_view secret);
  // Needs agencies.read.
  core::Result<std::vector<Partner>> List(const core::Actor& actor);
  // For jetway's own webhook sender, never a caller outside the process.
  std::optional<WebhookTarget> WebhookOf(std::int64_t partner_id);

 private:
  // Runs `change` on the partner (read under the transaction) and audits `action` with its picture before and after.
  core::Result<Partner> Update(const core::Actor& actor, std::int64_t partner_id, const char* action,
                               const std::function<core::Result<void>(store::Connection&, Partner&)>& change);
  std::string MadeSecret();

  store::ConnectionPool& mgmt_;
  const core::Clock& clock_;
  core::Random& random_;
};

}  // namespace jetway::partners

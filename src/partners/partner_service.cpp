#include "partners/partner_service.hpp"

#include <fmt/core.h>

#include "core/secret.hpp"
#include "core/text.hpp"
#include "identity/audit_log.hpp"
#include "partners/partners_sql.hpp"

namespace jetway::partners {

using core::ErrorKind;
using core::Fail;

namespace {

struct Stored {
  Partner partner;
  std::string salt;
  std::string hash;
};

Stored ReadPartner(const store::Statement& stmt) {
  Stored s;
  auto& p = s.partner;
  p.id = stmt.Int(0);
  p.auth_id = stmt.Text(1);
  p.name = stmt.Text(2);
  p.status = ParsePartnerStatus(stmt.Text(3)).value_or(PartnerStatus::kDisabled);
  p.agency_id = stmt.Int(4);  // NULL: no agency
  p.airlines = SplitWords(stmt.Text(5));
  p.methods = SplitWords(stmt.Text(6));
  p.quotas = Quotas{static_cast<int>(stmt.Int(7)), static_cast<int>(stmt.Int(8)), static_cast<int>(stmt.Int(9)),
                    static_cast<int>(stmt.Int(10)), static_cast<int>(stmt.Int(11))};
  p.webhook_url = stmt.Text(12);
  p.created_at = core::FromEpoch(stmt.Int(13));
  p.updated_at = core::FromEpoch(stmt.Int(14));
  s.salt = stmt.Text(15);
  s.hash = stmt.Text(16);
  return s;
}

// The audit row's picture of a partner: everything but the secret.
std::string DescribePartner(const Partner& p) {
  return fmt::format(
      R"({{"id":{},"auth_id":{},"name":{},"status":"{}","agency_id":{},"airlines":{},"methods":{},)"
      R"("searches_per_minute":{},"searches_per_day":{},"bookings_per_minute":{},"bookings_per_day":{},)"
      R"("look_to_book":{},"webhook_url":{}}})",
      p.id, core::JsonQuote(p.auth_id), core::JsonQuote(p.name), ToString(p.status), p.agency_id,
      core::JsonQuote(JoinWords(p.airlines)), core::JsonQuote(JoinWords(p.methods)), p.quotas.searches_per_minute,
      p.quotas.searches_per_day, p.quotas.bookings_per_minute, p.quotas.bookings_per_day, p.quotas.look_to_book,
      core::JsonQuote(p.webhook_url));
}

// What staff set of a partner (its agency, airlines, methods, quotas and webhook URL), bound from `first` on: the
// insert and the update keep these columns in this order.
void BindSettings(store::Statement& stmt, const Partner& p, int first) {
  stmt.Bind(first, p.agency_id ? std::optional<std::int64_t>(p.agency_id) : std::nullopt)
      .Bind(first + 1, JoinWords(p.airlines))
      .Bind(first + 2, JoinWords(p.methods))
      .Bind(first + 3, p.quotas.searches_per_minute)
      .Bind(first + 4, p.quotas.searches_per_day)
      .Bind(first + 5, p.quotas.bookings_per_minute)
      .Bind(first + 6, p.quotas.bookings_per_day)
      .Bind(first + 7, p.quotas.look_to_book)
      .Bind(first + 8, p.webhook_url);
}

core::Error WrongCredentials() {
  return core::MakeError(ErrorKind::kUnauthorized, "WRONG_CREDENTIALS", kWrongCredentials);
}

}  // namespace

core::Result<AddedPartner> PartnerService::Add(const core::Actor& actor, Partner draft,
                                               std::optional<std::string_view> given) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kAgenciesManage))
    return std::unexpected(*refused);
  draft.status = PartnerStatus::kActive;
  auto partner = ValidPartner(std::move(draft));
  if (!partner) return std::unexpected(partner.error());
  const std::string made = given ? std::string() : MadeSecret();
  const std::string_view secret = given ? *given : std::string_view(made);
  if (auto ok = ValidSecret(secret); !ok) return std::unexpected(ok.error());
  const auto now = clock_.Now();
  partner->created_at = partner->updated_at = now;
  const auto salt = core::GenerateSecretToken(random_);
  const auto hash = SecretHash(salt, secret);
  const auto webhook_secret = core::GenerateSecretToken(random_) + core::GenerateSecretToken(random_);
  return store::RetryConflicts([&]() -> core::Result<AddedPartner> {
    auto lease = mgmt_.Acquire();
    store::Transaction tx(*lease);
    if (lease->Prepare(sql::kAuthIdTaken).Bind(1, partner->auth_id).Step())
      return Fail(ErrorKind::kConflict, "AUTH_ID_TAKEN",
                  fmt::format("another partner already has the auth_id {}", partner->auth_id), "auth_id");
    if (partner->agency_id != 0 && !lease->Prepare(sql::kAgencyExists).Bind(1, partner->agency_id).Step())
      return Fail(ErrorKind::kNotFound, "AGENCY_NOT_FOUND", fmt::format("there is no agency {}", partner->agency_id),
                  "agency");
    Partner saved = *partner;
    {
      auto insert = lease->Prepare(sql::kInsertPartner);
      insert.Bind(1, saved.auth_id).Bind(2, saved.name).Bind(3, ToString(saved.status));
      BindSettings(insert, saved, 4);
      insert.Bind(13, core::ToEpoch(now))
          .Bind(14, core::ToEpoch(now))
          .Bind(15, salt)
          .Bind(16, hash)
          .Bind(17, webhook_secret);
      insert.Step();
      saved.id = insert.Int(0);
    }
    identity::AppendAudit(*lease, {actor.id, actor.client, "partner.create", "partner " + saved.auth_id, "",
                                   DescribePartner(saved)},
                          now);
    tx.Commit();
    return AddedPartner{saved, made, webhook_secret};
  });
}

std::string PartnerService::MadeSecret() {
  return (core::GenerateSecretToken(random_) + core::GenerateSecretToken(random_)).substr(0, 48);
}

core::Result<Partner> PartnerService::Update(
    const core::Actor& actor, std::int64_t partner_id, const char* action,
    const std::function<core::Result<void>(store::Connection&, Partner&)>& change) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kAgenciesManage))
    return std::unexpected(*refused);
  return store::RetryConflicts([&]() -> core::Result<Partner> {
    auto lease = mgmt_.Acquire();
    store::Transaction tx(*lease);
    auto stmt = lease->Prepare(sql::kPartnerById);
    stmt.Bind(1, partner_id);
    if (!stmt.Step())
      return Fail(ErrorKind::kNotFound, "PARTNER_NOT_FOUND", fmt::format("there is no partner {}", partner_id));
    const Partner before = ReadPartner(stmt).partner;
    Partner after = before;
    if (auto changed = change(*lease, after); !changed) return std::unexpected(changed.error());
    identity::AppendAudit(*lease, {actor.id, actor.client, action, "partner " + before.auth_id,
                                   DescribePartner(before), DescribePartner(after)},
                          after.updated_at);
    tx.Commit();
    return after;
  });
}

core::Result<Partner> PartnerService::Change(const core::Actor& actor, std::int64_t partner_id, Partner changes) {
  return Update(actor, partner_id, "partner.update", [&](store::Connection& db, Partner& p) -> core::Result<void> {
    changes.id = p.id;
    changes.auth_id = p.auth_id;
    changes.status = p.status;
    changes.created_at = p.created_at;
    auto valid = ValidPartner(std::move(changes));
    if (!valid) return std::unexpected(valid.error());
    if (valid->agency_id != 0 && !db.Prepare(sql::kAgencyExists).Bind(1, valid->agency_id).Step())
      return Fail(ErrorKind::kNotFound, "AGENCY_NOT_FOUND", fmt::format("there is no agency {}", valid->agency_id),
                  "agency");
    p = std::move(*valid);
    p.updated_at = clock_.Now();
    auto update = db.Prepare(sql::kUpdatePartner);
    update.Bind(1, p.name);
    BindSettings(update, p, 2);
    update.Bind(11, core::ToEpoch(p.updated_at)).Bind(12, p.id).Step();
    return {};
  });
}

core::Result<Partner> PartnerService::SetStatus(const core::Actor& actor, std::int64_t partner_id,
                                                PartnerStatus status) {
  const char* action = status == PartnerStatus::kActive ? "partner.enable" : "partner.disable";
  return Update(actor, partner_id, action, [&](store::Connection& db, Partner& p) -> core::Result<void> {
    p.status = status;
    p.updated_at = clock_.Now();
    db.Prepare(sql::kSetPartnerStatus).Bind(1, ToString(status)).Bind(2, core::ToEpoch(p.updated_at)).Bind(3, p.id).Step();
    return {};
  });
}

core::Result<AddedPartner> PartnerService::NewSecret(const core::Actor& actor, std::int64_t partner_id,
                                                     std::optional<std::string_view> given) {
  const std::string made = given ? std::string() : MadeSecret();
  const std::string_view secret = given ? *given : std::string_view(made);
  if (auto refused = core::MissingPermission(actor, core::Permission::kAgenciesManage))
    return std::unexpected(*refused);
  if (auto ok = ValidSecret(secret); !ok) return std::unexpected(ok.error());
  const auto salt = core::GenerateSecretToken(random_);
  const auto hash = SecretHash(salt, secret);
  auto partner = Update(actor, partner_id, "partner.new_secret", [&](store::Connection& db, Partner& p) {
    p.updated_at = clock_.Now();
    db.Prepare(sql::kSetPartnerSecret).Bind(1, salt).Bind(2, hash).Bind(3, core::ToEpoch(p.updated_at)).Bind(4, p.id).Step();
    return core::Result<void>{};
  });
  if (!partner) return std::unexpected(partner.error());
  return AddedPartner{*partner, made, ""};
}

core::Result<AddedPartner> PartnerService::NewWebhookSecret(const core::Actor& actor, std::int64_t partner_id) {
  const auto secret = core::GenerateSecretToken(random_) + core::GenerateSecretToken(random_);
  auto partner = Update(actor, partner_id, "partner.new_webhook_secret", [&](store::Connection& db, Partner& p) {
    p.updated_at = clock_.Now();
    db.Prepare(sql::kSetWebhookSecret).Bind(1, secret).Bind(2, core::ToEpoch(p.updated_at)).Bind(3, p.id).Step();
    return core::Result<void>{};
  });
  if (!partner) return std::unexpected(partner.error());
  return AddedPartner{*partner, "", secret};
}

core::Result<Partner> PartnerService::Find(const core::Actor& actor, std::int64_t partner_id) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kAgenciesRead)) return std::unexpected(*refused);
  auto lease = mgmt_.Acquire();
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  auto stmt = lease->Prepare(sql::kPartnerById);
  stmt.Bind(1, partner_id);
  if (!stmt.Step())
    return Fail(ErrorKind::kNotFound, "PARTNER_NOT_FOUND", fmt::format("there is no partner {}", partner_id));
  return ReadPartner(stmt).partner;
}

std::optional<WebhookTarget> PartnerService::WebhookOf(std::int64_t partner_id) {
  auto lease = mgmt_.Acquire();
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  auto stmt = lease->Prepare(sql::kWebhookOf);
  stmt.Bind(1, partner_id);
  if (!stmt.Step()) return std::nullopt;
  return WebhookTarget{stmt.Text(0), stmt.Text(1), stmt.Text(2) == "active"};
}

core::Result<Partner> PartnerService::Authenticate(std::string_view auth_id, std::string_view secret) {
  if (!IsAuthId(auth_id) || secret.empty() || secret.size() > kMaxSecretLength)
    return std::unexpected(WrongCredentials());
  std::optional<Stored> stored;
  {
    auto lease = mgmt_.Acquire();
    store::Transaction tx(*lease, store::Transaction::Mode::kRead);
    auto stmt = lease->Prepare(sql::kPartnerByAuthId);
    stmt.Bind(1, std::string(auth_id));
    if (stmt.Step()) stored = ReadPartner(stmt);
  }
  if (!stored || !core::SecretEquals(SecretHash(stored->salt, secret), stored->hash) ||
      stored->partner.status != PartnerStatus::kActive)
    return std::unexpected(WrongCredentials());
  return std::move(stored->partner);
}

core::Result<std::vector<Partner>> PartnerService::List(const core::Actor& actor) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kAgenciesRead)) return std::unexpected(*refused);
  auto lease = mgmt_.Acquire();
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  std::vector<Partner> partners;
  auto stmt = lease->Prepare(sql::kPartners);
  while (stmt.Step()) partners.push_back(ReadPartner(stmt).partner);
  return partners;
}

}  // namespace jetway::partners

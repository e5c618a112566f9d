#include "pricing/fare_admin.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "core/text.hpp"
#include "pricing/pricing_sql.hpp"

namespace jetway::pricing {

using core::ErrorKind;
using core::Fail;
using core::Permission;

namespace {

StoredFare ReadFare(const store::Statement& s) {
  FiledFare f;
  f.airline = s.Text(1);
  f.origin = s.Text(2);
  f.destination = s.Text(3);
  f.both_directions = s.Int(4) != 0;
  f.fare.booking_class = s.Text(5);
  f.fare.pax_type = core::ParsePaxType(s.Text(6)).value_or(core::PaxType::kAdult);
  f.fare.brand = s.Text(7);
  f.fare.amount = core::Money{s.Int(8), s.Text(9)};
  f.fare.refundable = s.Int(10) != 0;
  if (auto fee = s.OptInt(11)) f.fare.change_fee = core::Money{*fee, f.fare.amount.currency};
  f.fare.checked_bags = static_cast<int>(s.Int(12));
  f.valid_from = core::ParseIsoDate(s.Text(13)).value_or(core::LocalDate{});
  f.valid_to = core::ParseIsoDate(s.Text(14)).value_or(core::LocalDate{});
  return StoredFare{s.Int(0), std::move(f)};
}

std::optional<StoredFare> Load(store::Connection& db, std::int64_t id) {
  auto stmt = db.Prepare(sql::kFare);
  stmt.Bind(1, id);
  if (!stmt.Step()) return std::nullopt;
  return ReadFare(stmt);
}

void Record(store::Connection& db, std::int64_t id, core::Instant at, const core::Actor& actor, const char* action,
            const std::string& before, const std::string& after) {
  db.Prepare(sql::kInsertFareHistory).Bind(1, id).Bind(2, core::ToEpoch(at)).Bind(3, actor.Label()).Bind(4, action)
      .Bind(5, before.empty() ? std::nullopt : std::optional<std::string>(before)).Bind(6, after).Exec();
}

// Writes a fare's new terms and their history row; false when nothing differs.
bool Write(store::Connection& db, const core::Actor& actor, core::Instant at, const StoredFare& before,
           const FiledFare& after) {
  const auto was = DescribeFare(before.filed), now = DescribeFare(after);
  if (was == now) return false;
  db.Prepare(sql::kUpdateFare).Bind(1, after.fare.brand).Bind(2, after.fare.amount.minor)
      .Bind(3, after.fare.amount.currency).Bind(4, after.fare.refundable)
      .Bind(5, after.fare.change_fee ? std::optional<std::int64_t>(after.fare.change_fee->minor) : std::nullopt)
      .Bind(6, after.fare.checked_bags).Bind(7, core::FormatIsoDate(after.valid_from))
      .Bind(8, core::FormatIsoDate(after.valid_to)).Bind(9, after.both_directions).Bind(10, before.id).Exec();
  Record(db, before.id, at, actor, "changed", was, now);
  return true;
}

core::Error NotFound(std::int64_t id) {
  return core::MakeError(ErrorKind::kNotFound, "FARE_NOT_FOUND", fmt::format("no fare {}", id));
}

}  // namespace

std::string DescribeFare(const FiledFare& f) {
  return fmt::format(
      R"({{"route":"{}-{}","both_directions":{},"class":"{}","pax_type":"{}","brand":{},"amount":"{}",)"
      R"("currency":"{}","refundable":{},"change_fee":{},"checked_bags":{},"valid":"{}..{}"}})",
      f.origin, f.destination, f.both_directions, f.fare.booking_class, core::ToString(f.fare.pax_type),
      core::JsonQuote(f.fare.brand), core::FormatAmount(f.fare.amount), f.fare.amount.currency, f.fare.refundable,
      f.fare.change_fee ? core::JsonQuote(core::FormatAmount(*f.fare.change_fee)) : "null", f.fare.checked_bags,
      core::FormatIsoDate(f.valid_from), core::FormatIsoDate(f.valid_to));
}

core::Result<std::vector<StoredFare>> FareAdminService::Fares(const core::Actor& actor, const std::string& airline,
                                                             const std::string& origin,
                                                             const std::string& destination) {
  if (auto refused = core::MissingPermission(actor, Permission::kFaresRead)) return std::unexpected(*refused);
  if (!core::IsAirportCode(origin) || !core::IsAirportCode(destination))
    return Fail(ErrorKind::kInvalid, "INVALID_AIRPORT", "a route is two IATA airport codes", "origin");
  auto lease = data_.Acquire();
  std::vector<StoredFare> fares;
  auto stmt = lease->Prepare(sql::kRouteFares);
  stmt.Bind(1, airline).Bind(2, origin).Bind(3, destination);
  while (stmt.Step()) fares.push_back(ReadFare(stmt));
  return fares;
}

core::Result<StoredFare> FareAdminService::Fare(const core::Actor& actor, std::int64_t id) {
  if (auto refused = core::MissingPermission(actor, Permission::kFaresRead)) return std::unexpected(*refused);
  auto lease = data_.Acquire();
  auto fare = Load(*lease, id);
  if (!fare) return std::unexpected(NotFound(id));
  return std::move(*fare);
}

core::Result<std::vector<FareChange>> FareAdminService::History(const core::Actor& actor, std::int64_t id) {
  if (auto refused = core::MissingPermission(actor, Permission::kFaresRead)) return std::unexpected(*refused);
  auto lease = data_.Acquire();
  std::vector<FareChange> changes;
  auto stmt = lease->Prepare(sql::kFareHistory);
  stmt.Bind(1, id);
  while (stmt.Step())
    changes.push_back(FareChange{core::FromEpoch(stmt.Int(0)), stmt.Text(1), stmt.Text(2),
                                 stmt.OptText(3).value_or(""), stmt.Text(4)});
  return changes;
}

core::Result<StoredFare> FareAdminService::File(const core::Actor& actor, const FiledFare& fare) {
  if (auto refused = core::MissingPermission(actor, Permission::kFaresWrite)) return std::unexpected(*refused);
  auto lease = data_.Acquire();
  store::Transaction tx(*lease);
  auto id = FileFare(*lease, fare);
  if (!id) return std::unexpected(id.error());
  Record(*lease, *id, clock_.Now(), actor, "filed", "", DescribeFare(fare));
  auto stored = Load(*lease, *id);
  tx.Commit();
  return std::move(*stored);
}

core::Result<StoredFare> FareAdminService::Change(const core::Actor& actor, std::int64_t id,
                                                  const FiledFare& changed) {
  if (auto refused = core::MissingPermission(actor, Permission::kFaresWrite)) return std::unexpected(*refused);
  return store::RetryConflicts([&]() -> core::Result<StoredFare> {
    auto lease = data_.Acquire();
    auto& db = *lease;
    store::Transaction tx(db);
    auto before = Load(db, id);
    if (!before) return std::unexpected(NotFound(id));
    auto after = before->filed;  // the route, class and passenger type stay
    after.both_directions = changed.both_directions;
    after.fare.brand = changed.fare.brand;
    after.fare.amount = changed.fare.amount;
    after.fare.refundable = changed.fare.refundable;
    after.fare.change_fee = changed.fare.change_fee;
    after.fare.checked_bags = changed.fare.checked_bags;
    after.valid_from = changed.valid_from;
    after.valid_to = changed.valid_to;
    if (auto ok = ValidateFare(after); !ok) return std::unexpected(ok.error());
    if (!Write(db, actor, clock_.Now(), *before, after))
      return Fail(ErrorKind::kInvalid, "FARE_UNCHANGED", "the fare's terms are the same as before");
    tx.Commit();
    return StoredFare{id, std::move(after)};
  });
}

std::vector<BrandView> Brands(const std::vector<StoredFare>& fares) {
  std::vector<BrandView> brands;
  for (const auto& f : fares) {
    auto found = std::find_if(brands.begin(), brands.end(), [&](const BrandView& b) { return b.brand == f.filed.fare.brand; });
    if (found == brands.end()) {
      brands.push_back(BrandView{f.filed.fare.brand, 0, f.filed.fare.refundable, f.filed.fare.change_fee,
                                 f.filed.fare.checked_bags, true});
      found = brands.end() - 1;
    }
    ++found->fares;
    const bool same_fee = found->change_fee.has_value() == f.filed.fare.change_fee.has_value() &&
                          (!found->change_fee || *found->change_fee == *f.filed.fare.change_fee);
    if (found->refundable != f.filed.fare.refundable || !same_fee || found->checked_bags != f.filed.fare.checked_bags)
      found->uniform = false;
  }
  return brands;
}

core::Result<int> FareAdminService::ChangeBrand(const core::Actor& actor, const std::string& airline,
                                               const std::string& origin, const std::string& destination,
                                               const BrandConditions& conditions) {
  if (auto refused = core::MissingPermission(actor, Permission::kFaresWrite)) return std::unexpected(*refused);
  if (!core::IsAirportCode(origin) || !core::IsAirportCode(destination))
    return Fail(ErrorKind::kInvalid, "INVALID_AIRPORT", "a route is two IATA airport codes", "origin");
  return store::RetryConflicts([&]() -> core::Result<int> {
    auto lease = data_.Acquire();
    auto& db = *lease;
    store::Transaction tx(db);
    std::vector<StoredFare> fares;
    auto stmt = db.Prepare(sql::kRouteFares);
    stmt.Bind(1, airline).Bind(2, origin).Bind(3, destination);
    while (stmt.Step()) fares.push_back(ReadFare(stmt));
    int changed = 0, of_brand = 0;
    const auto now = clock_.Now();
    for (const auto& before : fares) {
      if (before.filed.fare.brand != conditions.brand) continue;
      ++of_brand;
      auto after = before.filed;
      after.fare.refundable = conditions.refundable;
      after.fare.change_fee.reset();
      if (conditions.change_fee_minor)  // in each fare's own currency
        after.fare.change_fee = core::Money{*conditions.change_fee_minor, after.fare.amount.currency};
      after.fare.checked_bags = conditions.checked_bags;
      if (auto ok = ValidateFare(after); !ok) return std::unexpected(ok.error());
      if (Write(db, actor, now, before, after)) ++changed;
    }
    if (of_brand == 0)
      return Fail(ErrorKind::kNotFound, "BRAND_NOT_FOUND",
                  fmt::format("no fare of brand {} on {}-{}", conditions.brand, origin, destination), "brand");
    tx.Commit();
    return changed;
  });
}

core::Result<std::vector<StoredTax>> FareAdminService::Taxes(const core::Actor& actor) {
  if (auto refused = core::MissingPermission(actor, Permission::kFaresRead)) return std::unexpected(*refused);
  auto lease = data_.Acquire();
  std::vector<StoredTax> taxes;
  auto stmt = lease->Prepare(sql::kAllTaxes);
  while (stmt.Step())
    taxes.push_back(StoredTax{stmt.Int(0), FiledTax{stmt.Text(1), stmt.Text(2), stmt.Text(3),
                                                    core::Money{stmt.Int(4), stmt.Text(5)}, stmt.Int(6) != 0}});
  return taxes;
}

core::Result<void> FareAdminService::FileTax(const core::Actor& actor, const FiledTax& tax) {
  if (auto refused = core::MissingPermission(actor, Permission::kFaresWrite)) return std::unexpected(*refused);
  if (tax.code.size() != 2 || !std::all_of(tax.code.begin(), tax.code.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      }))
    return Fail(ErrorKind::kInvalid, "INVALID_TAX_CODE", "an IATA tax code is two letters or digits", "code");
  if (core::Trim(tax.name).empty() || tax.name.size() > 80)
    return Fail(ErrorKind::kInvalid, "INVALID_NAME", "a tax's name is 1-80 characters", "name");
  auto lease = data_.Acquire();
  store::Transaction tx(*lease);
  if (auto ok = pricing::FileTax(*lease, tax); !ok) return ok;
  tx.Commit();
  return {};
}

core::Result<std::vector<Rate>> FareAdminService::Rates(const core::Actor& actor) {
  if (auto refused = core::MissingPermission(actor, Permission::kFaresRead)) return std::unexpected(*refused);
  auto lease = data_.Acquire();
  std::vector<Rate> rates;
  auto stmt = lease->Prepare(sql::kRates);
  while (stmt.Step()) rates.push_back(Rate{stmt.Text(0), stmt.Text(1), stmt.Int(2)});
  return rates;
}

core::Result<void> FareAdminService::SetRate(const core::Actor& actor, const Rate& rate) {
  if (auto refused = core::MissingPermission(actor, Permission::kFaresWrite)) return std::unexpected(*refused);
  if (rate.from == rate.to)
    return Fail(ErrorKind::kInvalid, "INVALID_RATE", "a rate converts between two different currencies", "to");
  auto lease = data_.Acquire();
  store::Transaction tx(*lease);
  if (auto ok = pricing::SetRate(*lease, rate.from, rate.to, rate.rate_micros); !ok) return ok;
  tx.Commit();
  return {};
}

}  // namespace jetway::pricing

// Staff keeping the airline's fares (fares.read to look, fares.write to change): the fares of a route, one fare
// filed or changed (amount, brand and conditions, validity) with its change history written in the same transaction,
// the departure taxes, and the currency rates. The rules of a fare are FileFare's, here and for the demo loader
// alike. Thread-safe (shares only the pool).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/error.hpp"
#include "pricing/pricing_service.hpp"
#include "store/store.hpp"

namespace jetway::pricing {

struct StoredFare {
  std::int64_t id = 0;
  FiledFare filed;
};

struct FareChange {
  core::Instant at;
  std::string actor;   // core::Actor::Label()
  std::string action;  // "filed", "changed"
  std::string before;  // JSON; empty when filed
  std::string after;   // JSON
};

// A fare brand as a route's fares carry it: its conditions, when all its fares agree on them.
struct BrandView {
  std::string brand;
  int fares = 0;
  bool refundable = false;
  std::optional<core::Money> change_fee;
  int checked_bags = 0;
  bool uniform = true;  // false: the brand's fares differ in their conditions (the first one's are shown)
};
std::vector<BrandView> Brands(const std::vector<StoredFare>& fares);

// A brand's conditions, set on every fare of the brand on a route: refundability, a change fee (in each fare's own
// currency, nullopt: no changes) and checked bags.
struct BrandConditions {
  std::string brand;
  bool refundable = false;
  std::optional<std::int64_t> change_fee_minor;
  int checked_bags = 0;
};

struct StoredTax {
  std::int64_t id = 0;
  FiledTax tax;
};

struct Rate {
  std::string from;
  std::string to;
  std::int64_t rate_micros = 0;
};

class FareAdminService {
 public:
  FareAdminService(store::ConnectionPool& data, const core::Clock& clock) : data_(data), clock_(clock) {}

  // The airline's fares between two airports, in either direction (a fare filed one way or both).
  core::Result<std::vector<StoredFare>> Fares(const core::Actor& actor, const std::string& airline,
                                              const std::string& origin, const std::string& destination);
  core::Result<StoredFare> Fare(const core::Actor& actor, std::int64_t id);
  core::Result<std::vector<FareChange>> History(const core::Actor& actor, std::int64_t id);
  core::Result<StoredFare> File(const core::Actor& actor, const FiledFare& fare);
  // A fare's amount, brand, conditions and validity; its route, class and passenger type stay. FARE_NOT_FOUND,
  // FARE_UNCHANGED, or FileFare's rules.
  core::Result<StoredFare> Change(const core::Actor& actor, std::int64_t id, const FiledFare& changed);

  // Every fare of the brand on the route (either direction) gets the conditions, each with its history row; how
  // many fares changed. BRAND_NOT_FOUND, or ValidateFare's rules (all or nothing).
  core::Result<int> ChangeBrand(const core::Actor& actor, const std::string& airline, const std::string& origin,
                                const std::string& destination, const BrandConditions& conditions);

  core::Result<std::vector<StoredTax>> Taxes(const core::Actor& actor);
  core::Result<void> FileTax(const core::Actor& actor, const FiledTax& tax);
  core::Result<std::vector<Rate>> Rates(const core::Actor& actor);
  core::Result<void> SetRate(const core::Actor& actor, const Rate& rate);

 private:
  store::ConnectionPool& data_;
  const core::Clock& clock_;
};

// The terms of a fare as its history and the audit log keep them (JSON).
std::string DescribeFare(const FiledFare& fare);

}  // namespace jetway::pricing

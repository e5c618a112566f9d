#include "agents/commission.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "core/codes.hpp"

namespace jetway::agents {
namespace {

core::Result<void> Invalid(const char* field, const std::string& message) {
  return core::Fail(core::ErrorKind::kInvalid, "INVALID_COMMISSION", message, field);
}

// How specific a matching rule is: route and class 3, route 2, class 1, the airline's 0.
int Specificity(const CommissionRule& rule) {
  return (rule.origin ? 2 : 0) + (rule.booking_class ? 1 : 0);
}

bool Matches(const CommissionRule& rule, const SoldSegment& s) {
  if (rule.airline != s.airline) return false;
  if (s.travel_date < rule.valid_from || s.travel_date > rule.valid_to) return false;
  if (rule.booking_class && *rule.booking_class != s.booking_class) return false;
  if (rule.origin) {
    const bool out = *rule.origin == s.origin && *rule.destination == s.destination;
    const bool back = *rule.origin == s.destination && *rule.destination == s.origin;
    if (!out && !back) return false;
  }
  return true;
}

}  // namespace

core::Result<void> ValidateCommission(const CommissionRule& rule) {
  if (!core::IsAirlineDesignator(rule.airline))
    return Invalid("airline", "an airline designator is two letters or digits");
  if (rule.origin.has_value() != rule.destination.has_value() ||
      (rule.origin && (!core::IsAirportCode(*rule.origin) || !core::IsAirportCode(*rule.destination) ||
                       *rule.origin == *rule.destination)))
    return Invalid("origin", "a route names two different airports by their IATA codes, or neither");
  if (rule.booking_class && !core::IsBookingClass(*rule.booking_class))
    return Invalid("booking_class", "a booking class is one letter A-Z, or none for every class");
  if (rule.valid_to < rule.valid_from) return Invalid("valid_to", "the period ends before it begins");
  if (rule.basis_points.has_value() == rule.per_passenger.has_value())
    return Invalid("basis_points", "give either a percentage or a fixed amount per passenger, not both");
  if (rule.basis_points && (*rule.basis_points < 1 || *rule.basis_points > kMaxCommissionBasisPoints))
    return Invalid("basis_points", fmt::format("a percentage is from 0.01 to {} %", kMaxCommissionBasisPoints / 100));
  if (rule.per_passenger && (rule.per_passenger->minor <= 0 || !core::IsCurrencyCode(rule.per_passenger->currency)))
    return Invalid("per_passenger", "a fixed amount is above zero, in an ISO currency");
  return {};
}

std::optional<CommissionRule> ApplicableRule(const std::vector<CommissionRule>& rules, const SoldSegment& segment) {
  const CommissionRule* best = nullptr;
  for (const auto& rule : rules) {
    if (!Matches(rule, segment)) continue;
    if (!best || Specificity(rule) > Specificity(*best) ||
        (Specificity(rule) == Specificity(*best) && rule.valid_from > best->valid_from))
      best = &rule;
  }
  return best ? std::optional(*best) : std::nullopt;
}

core::Money CommissionOn(const CommissionRule& rule, const SoldSegment& segment) {
  core::Money commission{0, segment.fare.currency};
  if (rule.basis_points) {
    commission.minor = (segment.fare.minor * *rule.basis_points + 5000) / 10000;  // half up; fares are not negative
  } else if (rule.per_passenger && rule.per_passenger->currency == segment.fare.currency) {
    commission.minor = rule.per_passenger->minor * segment.passengers;
  }
  commission.minor = std::clamp<std::int64_t>(commission.minor, 0, segment.fare.minor);
  return commission;
}

AgentPrice PriceForAgent(const std::vector<CommissionRule>& rules, const std::vector<SoldSegment>& segments,
                         const core::Money& gross) {
  AgentPrice price{gross, {0, gross.currency}};
  for (const auto& segment : segments)
    if (auto rule = ApplicableRule(rules, segment); rule && segment.fare.currency == gross.currency)
      price.commission.minor += CommissionOn(*rule, segment).minor;
  return price;
}

}  // namespace jetway::agents

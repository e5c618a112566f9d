// An agency's commission: rules by airline, route, booking class and travel period, each a percentage of the fare
// or a fixed amount per passenger and segment, and the one that applies to a segment. Commission is on the fare
// only (taxes are passed through to the authorities that levy them, so no agency earns on them). An agent's price
// is shown gross (what the passenger pays) and net (gross less the commission); a net-settling agency is charged
// the net. Pure rules, no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/money.hpp"
#include "core/time.hpp"

namespace jetway::agents {

struct CommissionRule {
  std::int64_t id = 0;
  std::string airline;                       // the designator it is for
  std::optional<std::string> origin;         // nullopt: any; a route rule names both ends, either direction
  std::optional<std::string> destination;
  std::optional<std::string> booking_class;  // nullopt: any class
  core::LocalDate valid_from;                // travel dates, inclusive
  core::LocalDate valid_to;
  std::optional<int> basis_points;           // a percentage of the fare in hundredths of a percent (1000 = 10 %)
  std::optional<core::Money> per_passenger;  // or a fixed amount per passenger and segment
};

// The most a rule may give: 50 % of the fare, or the fare itself for a fixed amount (no agency is paid to sell).
inline constexpr int kMaxCommissionBasisPoints = 5000;

// INVALID_COMMISSION naming the field: an airline designator, airports and class well formed (a route names both
// ends), the period in order, exactly one of a percentage (1-5000 basis points) or a fixed amount above zero.
core::Result<void> ValidateCommission(const CommissionRule& rule);

// One segment as sold, for its commission.
struct SoldSegment {
  std::string airline;
  std::string origin;
  std::string destination;
  std::string booking_class;
  core::LocalDate travel_date;
  core::Money fare;  // the segment's fares for the whole party
  int passengers = 0;  // those the fare is for (infants included)
};

// The rule that applies to a segment: the most specific that matches (route and class, then route, then class,
// then the airline's), and among equals the one whose period began last; nullopt when none does.
std::optional<CommissionRule> ApplicableRule(const std::vector<CommissionRule>& rules, const SoldSegment& segment);

// The segment's commission in the fare's currency: the percentage rounded half up to the minor unit, or the fixed
// amount per passenger (converted by the caller when its currency differs; here it must match, or no commission),
// never more than the fare.
core::Money CommissionOn(const CommissionRule& rule, const SoldSegment& segment);

// A booking's gross (what the passenger pays), its commission over all segments and the net.
struct AgentPrice {
  core::Money gross;
  core::Money commission;
  core::Money Net() const { return {gross.minor - commission.minor, gross.currency}; }
};
AgentPrice PriceForAgent(const std::vector<CommissionRule>& rules, const std::vector<SoldSegment>& segments,
                         const core::Money& gross);

}  // namespace jetway::agents

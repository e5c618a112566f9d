// getAgency (reference §3.6): the travel agencies jetway keeps (agents/), found by exact name or e-mail, with their
// credit limit and the balance of their account. A partner granted it reads with agencies.read for that call
// (partners::MethodPermissions); one booking for an agency sees that agency only, as the agency's own people do.
// useDeposit (§3.4): the deposits jetway keeps are agencies' (createDeposit tops them up; it has no customer
// accounts), so a partner pays a pending (PN) booking from the account of the agency it books for.
#include <fmt/core.h>

#include "aerocrs/envelope.hpp"
#include "aerocrs/methods.hpp"
#include "core/money.hpp"
#include "core/text.hpp"

namespace jetway::aerocrs {

using core::ErrorKind;
using nlohmann::json;

namespace {

constexpr std::size_t kMaxAgenciesAsked = 50;

// The names and e-mails asked for: agencies.agency as one value or a list, each a string (or an object with
// agencyname / agencyemail, as some partners send it).
core::Result<std::vector<std::string>> AskedAgencies(const json& parms) {
  const json* agencies = Object(parms, "agencies");
  const json* list = agencies && agencies->contains("agency") ? &agencies->at("agency") : nullptr;
  if (!list)
    return core::Fail(ErrorKind::kInvalid, "MISSING_PARAMETER", "Mandatory parameter missing: agencies.agency",
                      "agencies");
  std::vector<json> items = list->is_array() ? list->get<std::vector<json>>() : std::vector<json>{*list};
  if (items.empty() || items.size() > kMaxAgenciesAsked)
    return core::Fail(ErrorKind::kInvalid, "INVALID_PARAMETER",
                      fmt::format("agencies.agency names 1 to {} agencies", kMaxAgenciesAsked), "agencies");
  std::vector<std::string> asked;
  for (const auto& item : items) {
    std::optional<std::string> text;
    if (item.is_string()) {
      text = item.get<std::string>();
    } else if (item.is_object()) {
      auto value = OptText(item, item.contains("agencyemail") ? "agencyemail" : "agencyname", 200);
      if (!value) return std::unexpected(value.error());
      text = *value;
    }
    if (!text || core::Trim(*text).empty() || text->size() > 200)
      return core::Fail(ErrorKind::kInvalid, "INVALID_PARAMETER",
                        "each agencies.agency is an agency's exact name or e-mail", "agencies");
    if (text->find_first_of("'\"") != std::string::npos)
      return core::Fail(ErrorKind::kInvalid, "INVALID_PARAMETER",
                        "Agency names containing ' or \" are not supported", "agencies");
    asked.push_back(std::string(core::Trim(*text)));
  }
  return asked;
}

bool Matches(const agents::Agency& agency, const std::vector<std::string>& asked) {
  for (const auto& a : asked)
    if (a == agency.name || core::AsciiLower(a) == core::AsciiLower(agency.email)) return true;
  return false;
}

std::string CreatedDate(core::Instant at) {
  return UtcDateTime(at).substr(0, 10);  // YYYY/MM/DD
}

}  // namespace

Answer GetAgency(const Call& call) {
  auto asked = AskedAgencies(call.parms);
  if (!asked) return std::unexpected(asked.error());
  auto all = call.ctx.agencies.List(call.actor);
  if (!all) return std::unexpected(all.error());
  return Success([&](api::JsonWriter& w) {
    w.Key("Agencies").BeginObject().Key("Agency").BeginArray();
    for (const auto& view : *all) {
      const auto& a = view.agency;
      if (!Matches(a, *asked)) continue;
      const auto& account = view.account;
      w.BeginObject()
          .Field("agencyid", a.id)
          .Field("agencycode", a.code)
          .Field("agencyemail", a.email)
          .Field("agencyname", a.name)
          .Field("phonenumber", a.phone)
          .Field("addphonenumber", "")
          .Field("contact", a.contact_name)
          .Field("addcontact", "")
          .Field("address1", a.address_line1)
          .Field("address2", a.address_line2)
          .Field("zipcode", a.postcode)
          .Field("city", a.city)
          .Field("bookinglimit", Amount({account.credit_limit, a.currency}))
          .Field("defaultcurrency", a.currency)
          .Field("createdate", CreatedDate(a.created_at))
          .Field("agentgroup", "")
          .Field("status", std::string(agents::ToString(a.status)))
          .Key("deposit")
          .BeginObject()
          .Field("currency", a.currency)
          .Field("amount", Amount({account.balance, a.currency}))
          .EndObject()
          .EndObject();
    }
    w.EndArray().EndObject();
  });
}

Answer UseDeposit(const Call& call) {
  auto id = Integer(call.parms, "bookingid", 1, INT64_MAX);
  if (!id) return std::unexpected(id.error());
  auto amount_text = Text(call.parms, "amount", 20);
  if (!amount_text) return std::unexpected(amount_text.error());
  auto currency = OptText(call.parms, "currency", 3);
  if (!currency) return std::unexpected(currency.error());
  std::optional<std::int64_t> customer;
  if (call.parms.contains("customerid")) {
    auto given = Integer(call.parms, "customerid", 1, INT64_MAX);
    if (!given) return std::unexpected(given.error());
    customer = *given;
  }
  if (call.partner.agency_id == 0 || (customer && *customer != call.partner.agency_id))
    return core::Fail(ErrorKind::kNotFound, "CUSTOMER_NOT_FOUND",
                      "Customer not found: deposits are kept for the travel agency a credential books for", "customerid");
  auto found = ReadPartnerBooking(call, *id);
  if (!found) return std::unexpected(found.error());
  const auto* key = &found->key;
  const auto* pending = &found->booking;
  if (pending->status != booking::BookingStatus::kHeld || pending->passengers.empty())
    return core::Fail(ErrorKind::kConflict, "BOOKING_NOT_PENDING",
                      fmt::format("Booking {} is not pending payment", pending->id), "bookingid");
  const auto due = booking::AmountDue(*pending);  // the fare and any extras added to the hold
  const auto amount = core::ParseAmount(*amount_text, *currency ? core::AsciiUpper(**currency) : due.currency);
  if (!amount || amount->minor <= 0)
    return core::Fail(ErrorKind::kInvalid, "INVALID_AMOUNT", "The amount parameter must be greater than zero",
                      "amount");
  if (amount->currency != due.currency)
    return core::Fail(ErrorKind::kInvalid, "CURRENCY_MISMATCH",
                      fmt::format("This booking is priced in {}; pay it in {}", due.currency, due.currency),
                      "currency");
  // A booking is paid whole or not at all: jetway keeps no part-paid bookings.
  if (amount->minor != due.minor)
    return core::Fail(ErrorKind::kInvalid, "PARTIAL_PAYMENT_NOT_AVAILABLE",
                      fmt::format("A booking is paid whole from a deposit: the amount must be {} {}", Amount(due),
                                  due.currency),
                      "amount");
  booking::ConfirmRequest request;
  request.method = booking::PaymentMethod::kOnAccount;
  auto paid = call.ctx.bookings.Confirm(call.actor, key->locator, request);
  if (!paid) return std::unexpected(paid.error());
  auto agency = call.ctx.agencies.Find(call.actor, call.partner.agency_id);
  if (!agency) return std::unexpected(agency.error());
  const auto& a = agency->agency;
  return ConfirmedAnswer(call, paid->booking, [&](api::JsonWriter& w) {
    w.Field("custid", a.id).Field("email", a.email).Field("name", a.name);
    w.Key("totalDeposit")
        .BeginArray()
        .BeginObject()
        .Field("rtname", a.currency)
        .Field("rtsymbol", a.currency)
        .Field("rtdecimals", core::MinorUnitDigits(a.currency))
        .Field("dpcurrencyamount", Amount({agency->account.balance, a.currency}))
        .EndObject()
        .EndArray();
  });
}

}  // namespace jetway::aerocrs

#include "partners/partner.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <array>

#include "core/codes.hpp"
#include "core/digest.hpp"
#include "core/text.hpp"

namespace jetway::partners {

using core::ErrorKind;
using core::Fail;

namespace {

constexpr CallKind kSearch = CallKind::kSearch;
constexpr CallKind kBook = CallKind::kBooking;
constexpr CallKind kOther = CallKind::kOther;

// The reference's methods, in its order: v5's, v4's getFlights, and getSSRs (named by createSSR, without a page).
constexpr std::array<PartnerMethod, 46> kMethods{{
    {"getAirlines", "reference", kOther},
    {"getTicketTerms", "reference", kOther},
    {"getDestinations", "reference", kOther},
    {"getSchedule", "reference", kOther},
    {"getDeepLink", "shopping", kSearch},
    {"getFlight", "shopping", kSearch},
    {"getFlights", "shopping", kSearch},
    {"getAvailability", "shopping", kSearch},
    {"getFares", "shopping", kSearch},
    {"getFareRules", "shopping", kOther},
    {"getCouponInfo", "shopping", kOther},
    {"createBooking", "booking", kBook},
    {"confirmBooking", "booking", kOther},
    {"getBooking", "booking", kOther},
    {"getItinerary", "booking", kOther},
    {"changeBooking", "booking", kBook},
    {"assessChangeFees", "booking", kOther},
    {"cancelBooking", "booking", kOther},
    {"makePayment", "payment", kOther},
    {"createPayment", "payment", kOther},
    {"useDeposit", "payment", kOther},
    {"ticketBooking", "payment", kOther},
    {"getSeatMap", "extras", kOther},
    {"getSeatMapFare", "extras", kOther},
    {"makeSeatReservation", "extras", kOther},
    {"getSSRs", "extras", kOther},
    {"getAirlineAncillaries", "extras", kOther},
    {"getAncillaries", "extras", kOther},
    {"createAncillary", "extras", kOther},
    {"createSSR", "extras", kOther},
    {"confirmExtrasReservation", "extras", kOther},
    {"createOpenService", "extras", kOther},
    {"getAgency", "agents", kOther},
    {"createDeposit", "agents", kOther},
    {"getCustomer", "agents", kOther},
    {"getCustomerDataNew", "agents", kOther},
    {"webLogin", "agents", kOther},
    {"updateClass", "inventory", kOther},
    {"updateFares", "inventory", kOther},
    {"getPassengersByFlight", "dcs", kOther},
    {"getPassengerIdentifiersByBookingReference", "dcs", kOther},
    {"getPassengerDetail", "dcs", kOther},
    {"updatePassenger", "dcs", kOther},
    {"getLoads", "dcs", kOther},
    {"getFlightLoads", "dcs", kOther},
    {"getPaxDetailsByCharter", "dcs", kOther},
}};

constexpr std::string_view kSellingGroups[] = {"reference", "shopping", "booking", "payment", "extras"};

void SortUnique(std::vector<std::string>& words) {
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
}

bool IsGroup(std::string_view word) {
  return std::any_of(kMethods.begin(), kMethods.end(), [&](const PartnerMethod& m) { return m.group == word; });
}

}  // namespace

std::string_view ToString(PartnerStatus status) { return status == PartnerStatus::kActive ? "active" : "disabled"; }

std::optional<PartnerStatus> ParsePartnerStatus(std::string_view text) {
  if (text == "active") return PartnerStatus::kActive;
  if (text == "disabled") return PartnerStatus::kDisabled;
  return std::nullopt;
}

std::span<const PartnerMethod> PartnerMethods() { return kMethods; }

core::Permissions MethodPermissions(std::string_view method) {
  using P = core::Permission;
  static const std::map<std::string_view, core::Permissions> granted{
      {"getSchedule", {P::kSchedulesRead}},
      {"getTicketTerms", {P::kFaresRead}},
      {"getFares", {P::kFaresRead}},
      {"getFareRules", {P::kFaresRead}},
      {"getAgency", {P::kAgenciesRead}},
      {"useDeposit", {P::kAgenciesRead}},  // its own agency's account, to answer with the balance left
      {"createDeposit", {P::kAgenciesRead, P::kAgencyFunds}},
      {"updateClass", {P::kInventoryRead, P::kInventoryWrite}},
      {"updateFares", {P::kFaresRead, P::kFaresWrite}},
      {"getPassengersByFlight", {P::kDepartureControl}},
      {"getPassengerIdentifiersByBookingReference", {P::kDepartureControl}},
      {"getPassengerDetail", {P::kDepartureControl}},
      {"updatePassenger", {P::kDepartureControl}},
  };
  auto it = granted.find(method);
  return it == granted.end() ? core::Permissions{} : it->second;
}

const PartnerMethod* FindMethod(std::string_view name) {
  for (const auto& m : PartnerMethods())
    if (m.name == name) return &m;
  return nullptr;
}

std::vector<std::string> DefaultMethods() {
  std::vector<std::string> methods;
  for (const auto& m : PartnerMethods())
    if (std::find(std::begin(kSellingGroups), std::end(kSellingGroups), m.group) != std::end(kSellingGroups))
      methods.emplace_back(m.name);
  SortUnique(methods);
  return methods;
}

core::Result<std::vector<std::string>> ExpandMethods(std::string_view words) {
  std::vector<std::string> methods;
  for (const auto& word : SplitWords(words)) {
    if (word == "all" || IsGroup(word)) {
      for (const auto& m : PartnerMethods())
        if (word == "all" || m.group == word) methods.emplace_back(m.name);
    } else if (FindMethod(word)) {
      methods.push_back(word);
    } else {
      return Fail(ErrorKind::kInvalid, "UNKNOWN_METHOD",
                  fmt::format("{} is neither a partner API method nor a group of them", word), "methods");
    }
  }
  SortUnique(methods);
  return methods;
}

bool MayCall(const Partner& partner, std::string_view method) {
  return std::binary_search(partner.methods.begin(), partner.methods.end(), method);
}

bool MaySee(const Partner& partner, std::string_view airline) {
  return partner.airlines.empty() || std::binary_search(partner.airlines.begin(), partner.airlines.end(), airline);
}

bool IsAuthId(std::string_view text) {
  return text.size() >= 8 && text.size() <= 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                  c == '_' || c == '-';
         });
}

core::Result<Partner> ValidPartner(Partner partner) {
  if (!IsAuthId(partner.auth_id))
    return Fail(ErrorKind::kInvalid, "INVALID_AUTH_ID",
                "the auth_id is 8-64 letters, digits, dots, dashes or underscores", "auth_id");
  partner.name = std::string(core::Trim(partner.name));
  if (partner.name.empty() || partner.name.size() > 100 || !core::IsText(partner.name) || partner.name.find_first_of("\r\n\t") != std::string::npos)
    return Fail(ErrorKind::kInvalid, "INVALID_NAME", "the partner's name is 1-100 printable characters", "name");
  for (auto& airline : partner.airlines) {
    airline = core::AsciiUpper(airline);
    if (!core::IsAirlineDesignator(airline))
      return Fail(ErrorKind::kInvalid, "INVALID_AIRLINE", fmt::format("{} is not an airline designator", airline),
                  "airlines");
  }
  SortUnique(partner.airlines);
  for (const auto& method : partner.methods)
    if (!FindMethod(method))
      return Fail(ErrorKind::kInvalid, "UNKNOWN_METHOD", fmt::format("{} is not a partner API method", method),
                  "methods");
  SortUnique(partner.methods);
  if (partner.methods.empty())
    return Fail(ErrorKind::kInvalid, "NO_METHODS", "a partner may call at least one method", "methods");
  const auto& q = partner.quotas;
  for (int value : {q.searches_per_minute, q.searches_per_day, q.bookings_per_minute, q.bookings_per_day,
                    q.look_to_book})
    if (value < 0 || value > 100'000'000)
      return Fail(ErrorKind::kInvalid, "INVALID_QUOTA", "quotas are whole numbers from 0 to 100000000", "quotas");
  if (!partner.webhook_url.empty() && !partner.webhook_url.starts_with("https://") &&
      !partner.webhook_url.starts_with("http://"))
    return Fail(ErrorKind::kInvalid, "INVALID_WEBHOOK_URL", "the webhook URL is an http:// or https:// URL",
                "webhook_url");
  return partner;
}

core::Result<void> ValidSecret(std::string_view secret) {
  if (secret.size() > kMaxSecretLength ||
      !std::all_of(secret.begin(), secret.end(), [](char c) { return c > 0x20 && c < 0x7f; }))
    return Fail(ErrorKind::kInvalid, "INVALID_SECRET",
                fmt::format("the secret is at most {} printable ASCII characters without spaces", kMaxSecretLength),
                "secret");
  if (secret.size() < kMinSecretLength)
    return Fail(ErrorKind::kInvalid, "WEAK_SECRET",
                fmt::format("the secret is at least {} characters: it is checked on every call with a fast hash, so "
                            "it must be long and random (openssl rand -hex 24)",
                            kMinSecretLength),
                "secret");
  return {};
}

std::string SecretHash(std::string_view salt, std::string_view secret) {
  std::string material(salt);
  material += ':';
  material += secret;
  return core::Sha256Hex(material);
}

std::string JoinWords(const std::vector<std::string>& words) {
  std::string text;
  for (const auto& w : words) {
    if (!text.empty()) text += ' ';
    text += w;
  }
  return text;
}

std::vector<std::string> SplitWords(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (c == ' ' || c == ',' || c == '\t' || c == '\n') {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word.push_back(c);
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

}  // namespace jetway::partners

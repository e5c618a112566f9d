#include "ibe/selection.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>

#include "core/codes.hpp"
#include "core/text.hpp"

namespace jetway::ibe {

namespace {

constexpr std::string_view kPurpose = "selection";

core::Error Tampered() {
  return core::MakeError(core::ErrorKind::kBadRequest, "TAMPERED_SELECTION",
                         "the chosen flight or price could not be verified; please search again", "selection");
}

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  while (true) {
    const auto at = text.find(separator);
    parts.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return parts;
    text.remove_prefix(at + 1);
  }
}

std::optional<std::int64_t> Number(std::string_view text) { return core::ParseInteger(text, 0, INT64_MAX); }

}  // namespace

std::string EncodeSelection(const web::Signer& signer, const Selection& s) {
  const std::string body = fmt::format("{}.{}.{}.{}.{}.{}-{}-{}.{}", s.direction == Direction::kOutbound ? 'o' : 'r',
                                       fmt::join(s.flight_ids, "-"), s.booking_class, s.price.minor, s.price.currency,
                                       s.party.adults, s.party.children, s.party.infants, core::ToEpoch(s.expires_at));
  return body + "." + signer.Sign(kPurpose, body);
}

core::Result<Selection> DecodeSelection(const web::Signer& signer, std::string_view token, core::Instant now) {
  if (token.size() > 512) return std::unexpected(Tampered());
  const auto dot = token.rfind('.');
  if (dot == std::string_view::npos) return std::unexpected(Tampered());
  const auto body = token.substr(0, dot);
  if (!signer.Verify(kPurpose, body, token.substr(dot + 1))) return std::unexpected(Tampered());
  // Signed by us, so well formed unless the format changed between releases; still parsed defensively.
  const auto parts = Split(body, '.');
  if (parts.size() != 7 || (parts[0] != "o" && parts[0] != "r")) return std::unexpected(Tampered());
  Selection s;
  s.direction = parts[0] == "o" ? Direction::kOutbound : Direction::kReturn;
  for (auto id : Split(parts[1], '-')) {
    auto n = Number(id);
    if (!n) return std::unexpected(Tampered());
    s.flight_ids.push_back(*n);
  }
  s.booking_class = std::string(parts[2]);
  auto amount = Number(parts[3]);
  const auto party = Split(parts[5], '-');
  auto expires = Number(parts[6]);
  if (!amount || party.size() != 3 || !expires) return std::unexpected(Tampered());
  s.price = core::Money{*amount, std::string(parts[4])};
  auto adults = Number(party[0]), children = Number(party[1]), infants = Number(party[2]);
  if (!adults || !children || !infants) return std::unexpected(Tampered());
  s.party = {static_cast<int>(*adults), static_cast<int>(*children), static_cast<int>(*infants)};
  s.expires_at = core::FromEpoch(*expires);
  if (now > s.expires_at)
    return core::Fail(core::ErrorKind::kConflict, "SELECTION_EXPIRED",
                      "these search results are too old to book; prices may have changed, so please search again",
                      "selection");
  return s;
}

namespace {
std::string BookingLinkMessage(std::string_view locator, std::int64_t expires, std::string_view hold_token) {
  return fmt::format("{}|{}|{}", locator, expires, hold_token);
}
}  // namespace

std::string BookingToken(const web::Signer& signer, std::string_view locator, const BookingGrant& grant) {
  const auto expires = core::ToEpoch(grant.expires_at);
  return fmt::format("{}.{}.{}", expires, grant.hold_token,
                     signer.Sign("booking", BookingLinkMessage(locator, expires, grant.hold_token)));
}

core::Result<BookingGrant> ReadBookingToken(const web::Signer& signer, std::string_view locator,
                                            std::string_view token, core::Instant now) {
  auto not_ours = [] {
    return core::Fail(core::ErrorKind::kNotFound, "BOOKING_LINK", "this booking link is not valid", "t");
  };
  const auto first = token.find('.'), last = token.rfind('.');
  if (first == std::string_view::npos || first == last) return not_ours();
  const auto expires = core::ParseInteger(token.substr(0, first), 0, INT64_MAX / 2);
  const auto hold_token = token.substr(first + 1, last - first - 1);
  if (!expires || !signer.Verify("booking", BookingLinkMessage(locator, *expires, hold_token), token.substr(last + 1)))
    return not_ours();
  BookingGrant grant{std::string(hold_token), core::FromEpoch(*expires)};
  if (now > grant.expires_at)
    return core::Fail(core::ErrorKind::kConflict, "BOOKING_LINK_EXPIRED",
                      "this booking link has expired; find the booking with its reference and a passenger's last name",
                      "t");
  return grant;
}

}  // namespace jetway::ibe

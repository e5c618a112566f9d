#include "ticketing/ticket.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <stdexcept>

namespace jetway::ticketing {

namespace {

bool Digits(std::string_view text) {
  for (char c : text)
    if (c < '0' || c > '9') return false;
  return !text.empty();
}

constexpr CouponStatus kAll[] = {CouponStatus::kOpen,      CouponStatus::kCheckedIn, CouponStatus::kBoarded,
                                 CouponStatus::kFlown,     CouponStatus::kExchanged, CouponStatus::kRefunded,
                                 CouponStatus::kVoid,      CouponStatus::kClosed};

}  // namespace

std::string TicketNumber(std::string_view accounting_code, std::int64_t serial) {
  if (accounting_code.size() != 3 || !Digits(accounting_code) || serial < 1 || serial > kMaxSerial)
    throw std::invalid_argument(fmt::format("no ticket number from {} and {}", accounting_code, serial));
  return fmt::format("{}{:010d}", accounting_code, serial);
}

int CheckDigit(std::int64_t serial) { return static_cast<int>(serial % 7); }

std::string DisplayNumber(std::string_view number) {
  if (!IsTicketNumber(number)) return std::string(number);
  const auto serial = std::stoll(std::string(number.substr(3)));
  return fmt::format("{}-{} {}", number.substr(0, 3), number.substr(3), CheckDigit(serial));
}

bool IsTicketNumber(std::string_view text) { return text.size() == 13 && Digits(text); }

std::vector<Document> Documents(int segments) {
  std::vector<Document> documents;
  for (int first = 0; first < segments; first += kCouponsPerTicket)
    documents.push_back({first, std::min(kCouponsPerTicket, segments - first)});
  return documents;
}

char Code(CouponStatus status) {
  switch (status) {
    case CouponStatus::kOpen: return 'O';
    case CouponStatus::kCheckedIn: return 'C';
    case CouponStatus::kBoarded: return 'L';
    case CouponStatus::kFlown: return 'F';
    case CouponStatus::kExchanged: return 'E';
    case CouponStatus::kRefunded: return 'R';
    case CouponStatus::kVoid: return 'V';
    case CouponStatus::kClosed: return 'Z';
  }
  return 'O';
}

std::string_view Name(CouponStatus status) {
  switch (status) {
    case CouponStatus::kOpen: return "open for use";
    case CouponStatus::kCheckedIn: return "checked in";
    case CouponStatus::kBoarded: return "lifted/boarded";
    case CouponStatus::kFlown: return "flown";
    case CouponStatus::kExchanged: return "exchanged";
    case CouponStatus::kRefunded: return "refunded";
    case CouponStatus::kVoid: return "void";
    case CouponStatus::kClosed: return "closed";
  }
  return "open for use";
}

std::optional<CouponStatus> ParseCouponStatus(std::string_view code) {
  for (auto status : kAll)
    if (code.size() == 1 && code[0] == Code(status)) return status;
  return std::nullopt;
}

core::Result<void> CheckCouponMove(CouponStatus from, CouponStatus to) {
  using S = CouponStatus;
  const bool allowed = (from == S::kOpen && (to == S::kCheckedIn || to == S::kExchanged || to == S::kRefunded ||
                                              to == S::kVoid || to == S::kClosed)) ||
                       (from == S::kCheckedIn && (to == S::kBoarded || to == S::kOpen)) ||
                       (from == S::kBoarded && to == S::kFlown);
  if (allowed) return {};
  return core::Fail(core::ErrorKind::kConflict, "COUPON_STATUS_NOT_ALLOWED",
                    fmt::format("a coupon {} ({}) cannot become {} ({})", Name(from), Code(from), Name(to), Code(to)));
}

}  // namespace jetway::ticketing

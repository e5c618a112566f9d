#include "ticketing/bcbp.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <chrono>

#include "core/time.hpp"

namespace jetway::ticketing {

namespace {

using core::ErrorKind;

core::Error Invalid(const std::string& why) {
  return core::MakeError(ErrorKind::kInvalid, "INVALID_BOARDING_PASS", why);
}

core::Error Unreadable(std::size_t position, const std::string& why) {
  return core::MakeError(ErrorKind::kInvalid, "INVALID_BARCODE",
                         fmt::format("not an IATA boarding pass at character {}: {}", position + 1, why));
}

std::string Pad(std::string_view text, std::size_t width) {
  std::string out(text.substr(0, width));
  out.resize(width, ' ');
  return out;
}

std::string Hex2(std::size_t n) { return fmt::format("{:02X}", n); }

bool NameCharacter(char c) { return (c >= 'A' && c <= 'Z') || c == ' ' || c == '/' || c == '-'; }
bool Alphanumeric(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' '; });
}
bool AllDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string Trimmed(std::string_view text) {
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return std::string(text);
}

core::Result<void> CheckLeg(const BoardingLeg& leg, std::size_t n) {
  const auto where = fmt::format(" on leg {}", n + 1);
  if (leg.pnr.empty() || leg.pnr.size() > 7 || !Alphanumeric(leg.pnr))
    return std::unexpected(Invalid("a booking reference is 1-7 letters and digits" + where));
  for (const auto* code : {&leg.from, &leg.to})
    if (code->size() != 3 || !Alphanumeric(*code)) return std::unexpected(Invalid("an airport code is 3 letters" + where));
  if (leg.carrier.size() < 2 || leg.carrier.size() > 3 || !Alphanumeric(leg.carrier))
    return std::unexpected(Invalid("a carrier is 2-3 letters and digits" + where));
  if (leg.flight_number < 1 || leg.flight_number > 9999)
    return std::unexpected(Invalid("a flight number is 1-9999" + where));
  if (leg.day_of_year < 1 || leg.day_of_year > 366) return std::unexpected(Invalid("a day of the year is 1-366" + where));
  if (leg.sequence < 0 || leg.sequence > 9999) return std::unexpected(Invalid("a sequence number is 0-9999" + where));
  if (leg.seat.size() > 4 || !Alphanumeric(leg.seat)) return std::unexpected(Invalid("a seat is up to 4 characters" + where));
  if (!leg.ticket_number.empty() && (leg.ticket_number.size() != 13 || !AllDigits(leg.ticket_number)))
    return std::unexpected(Invalid("a ticket number is 13 digits" + where));
  return {};
}

// The leg's repeated conditional block (its ticket, selectee and document flags, carriers, allowance).
std::string Repeated(const BoardingLeg& leg) {
  return Pad(leg.ticket_number, 13) + leg.selectee + leg.document_verification + Pad(leg.marketing_carrier, 3) +
         Pad(leg.frequent_flyer_airline, 3) + Pad(leg.frequent_flyer_number, 16) + ' ' +
         Pad(leg.baggage_allowance, 3) + leg.fast_track;
}

std::string Unique(const BoardingPass& pass) {
  return std::string(1, pass.passenger_description) + pass.checkin_source + pass.issuance_source +
         Pad(pass.issue_date, 4) + pass.document_type + Pad(pass.issuer, 3);
}

// Positions 24-60 of a leg: from the booking reference to the conditional section's size.
std::string LegFields(const BoardingLeg& leg, std::size_t conditional_size) {
  return Pad(leg.pnr, 7) + leg.from + leg.to + Pad(leg.carrier, 3) + fmt::format("{:04d}", leg.flight_number) +
         leg.flight_suffix + fmt::format("{:03d}", leg.day_of_year) + leg.compartment + Pad(leg.seat, 4) +
         fmt::format("{:04d}", leg.sequence) + ' ' + leg.passenger_status + Hex2(conditional_size);
}

// Reads fixed-width fields from a string, remembering where it is for the error message.
class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}
  bool Has(std::size_t n) const { return at_ + n <= text_.size(); }
  std::string_view Take(std::size_t n) {
    auto field = text_.substr(at_, n);
    at_ += n;
    return field;
  }
  std::size_t at() const { return at_; }

 private:
  std::string_view text_;
  std::size_t at_ = 0;
};

std::optional<std::size_t> Hex(std::string_view two) {
  std::size_t n = 0;
  for (char c : two) {
    if (c >= '0' && c <= '9') n = n * 16 + static_cast<std::size_t>(c - '0');
    else if (c >= 'A' && c <= 'F') n = n * 16 + static_cast<std::size_t>(c - 'A' + 10);
    else return std::nullopt;
  }
  return n;
}

// The repeated block's fields as far as `block` holds them (trailing fields may be left off).
void ReadRepeated(std::string_view block, BoardingLeg& leg) {
  Reader r(block);
  auto take = [&](std::size_t n) { return r.Has(n) ? Trimmed(r.Take(n)) : std::string(); };
  leg.ticket_number = take(13);
  if (r.Has(1)) leg.selectee = r.Take(1)[0];
  if (r.Has(1)) leg.document_verification = r.Take(1)[0];
  leg.marketing_carrier = take(3);
  leg.frequent_flyer_airline = take(3);
  leg.frequent_flyer_number = take(16);
  if (r.Has(1)) r.Take(1);  // ID/AD indicator
  leg.baggage_allowance = take(3);
  if (r.Has(1)) leg.fast_track = r.Take(1)[0];
}

}  // namespace

core::Result<std::string> EncodeBcbp(const BoardingPass& pass) {
  if (pass.legs.empty() || pass.legs.size() > 4) return std::unexpected(Invalid("a boarding pass has 1-4 legs"));
  if (pass.name.empty() || !std::all_of(pass.name.begin(), pass.name.end(), NameCharacter))
    return std::unexpected(Invalid("a name is SURNAME/GIVEN in letters A-Z"));
  if (pass.issue_date.size() != 4 || !AllDigits(pass.issue_date))
    return std::unexpected(Invalid("the issue date is YDDD: the year's last digit and the day of the year"));
  for (std::size_t i = 0; i < pass.legs.size(); ++i)
    if (auto ok = CheckLeg(pass.legs[i], i); !ok) return std::unexpected(ok.error());
  std::string out = fmt::format("M{}{}E", pass.legs.size(), Pad(pass.name, 20));
  for (std::size_t i = 0; i < pass.legs.size(); ++i) {
    const auto repeated = Repeated(pass.legs[i]);
    std::string conditional;
    if (i == 0) {
      const auto unique = Unique(pass);
      conditional = ">6" + Hex2(unique.size()) + unique;
    }
    conditional += Hex2(repeated.size()) + repeated;
    out += LegFields(pass.legs[i], conditional.size()) + conditional;
  }
  return out;
}

core::Result<BoardingPass> DecodeBcbp(std::string_view text) {
  Reader r(text);
  if (!r.Has(23)) return std::unexpected(Unreadable(text.size(), "too short"));
  if (r.Take(1) != "M") return std::unexpected(Unreadable(0, "the format code is not M"));
  const auto count = r.Take(1);
  if (count[0] < '1' || count[0] > '4') return std::unexpected(Unreadable(1, "the number of legs is not 1-4"));
  BoardingPass pass;
  pass.name = Trimmed(r.Take(20));
  if (r.Take(1) != "E") return std::unexpected(Unreadable(22, "the electronic ticket indicator is not E"));
  for (int i = 0; i < count[0] - '0'; ++i) {
    if (!r.Has(37)) return std::unexpected(Unreadable(r.at(), fmt::format("leg {} is cut short", i + 1)));
    BoardingLeg leg;
    leg.pnr = Trimmed(r.Take(7));
    leg.from = Trimmed(r.Take(3));
    leg.to = Trimmed(r.Take(3));
    leg.carrier = Trimmed(r.Take(3));
    const auto start = r.at();
    const auto flight = r.Take(4);
    leg.flight_suffix = r.Take(1)[0];
    const auto day = r.Take(3);
    leg.compartment = r.Take(1)[0];
    leg.seat = Trimmed(r.Take(4));
    const auto sequence = r.Take(4);
    r.Take(1);  // the sequence number's letter
    leg.passenger_status = r.Take(1)[0];
    const auto size = Hex(r.Take(2));
    if (!AllDigits(flight) || !AllDigits(day) || !AllDigits(sequence))
      return std::unexpected(Unreadable(start, fmt::format("leg {}'s flight, date or sequence is not digits", i + 1)));
    if (!size || !r.Has(*size))
      return std::unexpected(Unreadable(r.at(), fmt::format("leg {}'s conditional section does not fit", i + 1)));
    leg.flight_number = std::stoi(std::string(flight));
    leg.day_of_year = std::stoi(std::string(day));
    leg.sequence = std::stoi(std::string(sequence));
    Reader c(r.Take(*size));
    if (i == 0 && c.Has(4)) {
      if (c.Take(1) != ">") return std::unexpected(Unreadable(r.at() - *size, "no version mark '>'"));
      c.Take(1);  // version
      const auto unique_size = Hex(c.Take(2));
      if (!unique_size || !c.Has(*unique_size)) return std::unexpected(Unreadable(r.at() - *size, "bad unique block"));
      Reader u(c.Take(*unique_size));
      if (u.Has(1)) pass.passenger_description = u.Take(1)[0];
      if (u.Has(1)) pass.checkin_source = u.Take(1)[0];
      if (u.Has(1)) pass.issuance_source = u.Take(1)[0];
      if (u.Has(4)) pass.issue_date = Trimmed(u.Take(4));
      if (u.Has(1)) pass.document_type = u.Take(1)[0];
      if (u.Has(3)) pass.issuer = Trimmed(u.Take(3));
    }
    if (c.Has(2)) {
      const auto repeated_size = Hex(c.Take(2));
      if (!repeated_size || !c.Has(*repeated_size))
        return std::unexpected(Unreadable(r.at() - *size, fmt::format("leg {}'s repeated block does not fit", i + 1)));
      ReadRepeated(c.Take(*repeated_size), leg);
    }
    pass.legs.push_back(std::move(leg));
  }
  return pass;
}

std::string SeatField(std::string_view seat) {
  if (seat.size() < 2 || seat.size() > 3) return std::string(seat);
  const auto row = seat.substr(0, seat.size() - 1);
  const bool digits = std::all_of(row.begin(), row.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits || seat.back() < 'A' || seat.back() > 'Z') return std::string(seat);
  return std::string(3 - row.size(), '0') + std::string(seat);
}

int DayOfYear(std::string_view iso_date) {
  const auto date = core::ParseIsoDate(std::string(iso_date));
  if (!date) return 0;
  const auto jan1 = date::year_month_day{date->year(), date::month{1}, date::day{1}};
  return static_cast<int>((date::sys_days{*date} - date::sys_days{jan1}).count()) + 1;
}

std::string IssueDate(std::string_view iso_date) {
  const auto date = core::ParseIsoDate(std::string(iso_date));
  if (!date) return "";
  return fmt::format("{}{:03d}", static_cast<int>(date->year()) % 10, DayOfYear(iso_date));
}

}  // namespace jetway::ticketing

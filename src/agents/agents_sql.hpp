// The SQL of agents/agency_service.cpp: agencies in the management database, their accounts and ledger in the data
// database. Lock order in `data`: a booking first, then its flights, then the agency's account row (a confirmation
// charges the account last, so that the row all an agency's agents share is held for as short a time as can be).
#pragma once

namespace jetway::agents::sql {

#define JETWAY_AGENCY_COLUMNS                                                                                  \
  "id, code, name, contact_name, email, phone, address_line1, address_line2, postcode, city, country, status, " \
  "currency, airlines, settlement, created_at, updated_at"

inline constexpr const char* kAgencies = "SELECT " JETWAY_AGENCY_COLUMNS " FROM agencies ORDER BY name, id";
inline constexpr const char* kAgencyById = "SELECT " JETWAY_AGENCY_COLUMNS " FROM agencies WHERE id = ?";
inline constexpr const char* kAgencyByCode = "SELECT id FROM agencies WHERE code = ?";
inline constexpr const char* kInsertAgency =
    "INSERT INTO agencies (code, name, contact_name, email, phone, address_line1, address_line2, postcode, city, "
    "country, status, currency, airlines, settlement, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
inline constexpr const char* kUpdateAgency =
    "UPDATE agencies SET code = ?, name = ?, contact_name = ?, email = ?, phone = ?, address_line1 = ?, "
    "address_line2 = ?, postcode = ?, city = ?, country = ?, status = ?, airlines = ?, settlement = ?, "
    "updated_at = ? WHERE id = ?";

#undef JETWAY_AGENCY_COLUMNS

inline constexpr const char* kAccounts =
    "SELECT agency_id, currency, credit_limit, balance, settlement FROM agency_accounts";
inline constexpr const char* kAccount =
    "SELECT agency_id, currency, credit_limit, balance, settlement FROM agency_accounts WHERE agency_id = ?";
inline constexpr const char* kKeepSettlement =
    "UPDATE agency_accounts SET settlement = ?, updated_at = ? WHERE agency_id = ?";
inline constexpr const char* kCommissionRules =
    "SELECT id, airline, origin, destination, booking_class, valid_from, valid_to, basis_points, amount, currency "
    "FROM agency_commission_rules WHERE agency_id = ? ORDER BY id";
inline constexpr const char* kInsertCommissionRule =
    "INSERT INTO agency_commission_rules (agency_id, airline, origin, destination, booking_class, valid_from, "
    "valid_to, basis_points, amount, currency, created_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "RETURNING id";
inline constexpr const char* kDeleteCommissionRule =
    "DELETE FROM agency_commission_rules WHERE id = ? AND agency_id = ?";
// An account is opened with its agency; one missing (a crash between the two databases) is opened when first needed.
inline constexpr const char* kOpenAccount =
    "INSERT INTO agency_accounts (agency_id, currency, credit_limit, balance, created_at, updated_at) "
    "VALUES (?, ?, 0, 0, ?, ?) ON CONFLICT (agency_id) DO NOTHING";
inline constexpr const char* kSetCreditLimit =
    "UPDATE agency_accounts SET credit_limit = ?, updated_at = ? WHERE agency_id = ?";
inline constexpr const char* kAddToBalance =
    "UPDATE agency_accounts SET balance = balance + ?, updated_at = ? WHERE agency_id = ?";
inline constexpr const char* kInsertLedger =
    "INSERT INTO agency_ledger (agency_id, at, kind, amount, currency, balance_after, booking_id, locator, "
    "reference, actor, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
inline constexpr const char* kLedgerBetween =
    "SELECT id, agency_id, at, kind, amount, currency, balance_after, locator, reference, actor, note "
    "FROM agency_ledger WHERE agency_id = ? AND at >= ? AND at < ? ORDER BY at, id";
// An account's balance at an instant: the sum of the rows before it (the statement's opening balance).
inline constexpr const char* kLedgerSumBefore =
    "SELECT COALESCE(SUM(amount), 0) FROM agency_ledger WHERE agency_id = ? AND at < ?";
// The commission on the bookings charged in a period, less that of the refundable segments refunded in it.
inline constexpr const char* kCommissionBetween =
    "SELECT COALESCE(SUM(CASE WHEN l.kind = 'booking' THEN s.commission_amount ELSE -s.commission_amount END), 0) "
    "FROM agency_ledger l JOIN booking_segments s ON s.booking_id = l.booking_id WHERE l.agency_id = ? "
    "AND l.at >= ? AND l.at < ? AND (l.kind = 'booking' OR (l.kind = 'refund' AND s.refundable = 1))";
inline constexpr const char* kBookingCharge =
    "SELECT id, agency_id, at, kind, amount, currency, balance_after, locator, reference, actor, note "
    "FROM agency_ledger WHERE booking_id = ? AND kind = 'booking'";
// What CheckLedger compares: the balance kept, the rows' sum and the last row's running balance.
inline constexpr const char* kLedgerTotals =
    "SELECT a.agency_id, a.balance, COALESCE((SELECT SUM(amount) FROM agency_ledger l WHERE l.agency_id = "
    "a.agency_id), 0), COALESCE((SELECT balance_after FROM agency_ledger l WHERE l.agency_id = a.agency_id ORDER BY "
    "id DESC LIMIT 1), 0) FROM agency_accounts a ORDER BY a.agency_id";

}  // namespace jetway::agents::sql

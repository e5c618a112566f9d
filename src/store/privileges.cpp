#include "store/privileges.hpp"

#include <fmt/core.h>

#include <span>

#include "store/postgres.hpp"

namespace jetway::store {

namespace {

enum class Who { kPublic, kAdmin, kAgent };

struct Grant {
  Who who;
  const char* privileges;  // a GRANT privilege list, column lists allowed
  const char* table;       // nullptr = every table in the database
};

// Reference, schedule and fare tables are read-only for the selling applications. They may change inventory
// counters (sold, held) and nothing else about a flight; locking a flight's inventory rows needs that UPDATE grant.
// Bookings and their parts are appended to and updated, never deleted (but for one flight of several cancelled,
// below); the agent role only its agency's (below).
constexpr Grant kData[] = {
    {Who::kAdmin, "SELECT, INSERT, UPDATE, DELETE", nullptr},
    {Who::kPublic, "SELECT", "schema_migrations"},
    {Who::kAgent, "SELECT", "schema_migrations"},
    {Who::kPublic, "SELECT", "airports"},
    {Who::kAgent, "SELECT", "airports"},
    {Who::kPublic, "SELECT", "airlines"},
    {Who::kAgent, "SELECT", "airlines"},
    {Who::kPublic, "SELECT", "min_connection_times"},
    {Who::kAgent, "SELECT", "min_connection_times"},
    {Who::kPublic, "SELECT", "cabin_configs"},
    {Who::kPublic, "SELECT", "check_in_windows"},
    {Who::kAgent, "SELECT", "check_in_windows"},
    {Who::kAgent, "SELECT", "cabin_configs"},
    {Who::kPublic, "SELECT", "cabin_config_cabins"},
    {Who::kAgent, "SELECT", "cabin_config_cabins"},
    {Who::kPublic, "SELECT", "booking_classes"},
    {Who::kAgent, "SELECT", "booking_classes"},
    {Who::kPublic, "SELECT", "schedules"},
    {Who::kAgent, "SELECT", "schedules"},
    {Who::kPublic, "SELECT", "flights"},
    {Who::kAgent, "SELECT", "flights"},
    {Who::kPublic, "SELECT", "flight_cabins"},
    {Who::kAgent, "SELECT", "flight_cabins"},
    {Who::kPublic, "SELECT, UPDATE (sold, held)", "flight_classes"},
    {Who::kAgent, "SELECT, UPDATE (sold, held)", "flight_classes"},
    // A flight's counters changing append it to the search snapshot's feed (a trigger, as the writer); every node
    // reads the feed and the catalogue's version.
    {Who::kPublic, "SELECT, INSERT", "inventory_changes"},
    {Who::kAgent, "SELECT, INSERT", "inventory_changes"},
    {Who::kPublic, "SELECT", "catalogue_version"},
    {Who::kAgent, "SELECT", "catalogue_version"},
    {Who::kPublic, "SELECT", "fares"},
    {Who::kAgent, "SELECT", "fares"},
    {Who::kPublic, "SELECT", "taxes"},
    {Who::kAgent, "SELECT", "taxes"},
    {Who::kPublic, "SELECT", "currency_rates"},
    {Who::kAgent, "SELECT", "currency_rates"},
    {Who::kPublic, "SELECT, INSERT, UPDATE", "bookings"},
    {Who::kAgent, "SELECT, INSERT, UPDATE", "bookings"},
    {Who::kPublic, "SELECT, INSERT", "booking_segments"},
    {Who::kAgent, "SELECT, INSERT", "booking_segments"},
    // A flight change replaces a segment's flight, class, fare terms and share of the price (the change itself is
    // kept in booking_changes), and its passenger types' shares of the price.
    {Who::kPublic, "UPDATE (flight_id, booking_class, cabin, brand, refundable, change_fee, change_fee_currency, "
                   "checked_bags, fare_amount, taxes_amount)", "booking_segments"},
    {Who::kAgent, "UPDATE (flight_id, booking_class, cabin, brand, refundable, change_fee, change_fee_currency, "
                  "checked_bags, fare_amount, taxes_amount)", "booking_segments"},
    {Who::kPublic, "SELECT, INSERT, UPDATE (fare_each, taxes_each), DELETE", "booking_segment_fares"},
    {Who::kAgent, "SELECT, INSERT, UPDATE (fare_each, taxes_each), DELETE", "booking_segment_fares"},
    // One flight of several cancelled is the one part of a booking removed: its seats go back, and what it was
    // stays in booking_changes and the history.
    {Who::kPublic, "DELETE", "booking_segments"},
    {Who::kAgent, "DELETE", "booking_segments"},
    {Who::kPublic, "UPDATE (fare_each, taxes_each)", "booking_prices"},
    {Who::kAgent, "UPDATE (fare_each, taxes_each)", "booking_prices"},
    {Who::kPublic, "SELECT, INSERT", "booking_changes"},
    {Who::kAgent, "SELECT, INSERT", "booking_changes"},
    // A paid booking is ticketed in its payment's transaction, whichever front door takes the payment; coupons
    // change status with the booking (exchange, refund, void) and, at the airport, with check-in and boarding.
    {Who::kPublic, "SELECT, INSERT, UPDATE (next_serial)", "ticket_serials"},
    {Who::kAgent, "SELECT, INSERT, UPDATE (next_serial)", "ticket_serials"},
    {Who::kPublic, "SELECT, INSERT, UPDATE (next_serial)", "ticket_serial_blocks"},
    {Who::kAgent, "SELECT, INSERT, UPDATE (next_serial)", "ticket_serial_blocks"},
    {Who::kPublic, "SELECT, INSERT", "tickets"},
    {Who::kAgent, "SELECT, INSERT", "tickets"},
    {Who::kPublic, "SELECT, INSERT, UPDATE (status, updated_at)", "ticket_coupons"},
    {Who::kAgent, "SELECT, INSERT, UPDATE (status, updated_at)", "ticket_coupons"},
    // Web check-in is the booking site's (and API v1's); the desk's comes with departure control.
    {Who::kPublic, "SELECT, INSERT", "check_ins"},
    {Who::kAgent, "SELECT", "check_ins"},
    // Departure control is the back office's (the admin role has every table); the public role reads what check-in
    // needs to know about a flight's earlier check-ins (sequence numbers) and its closing.
    {Who::kPublic, "SELECT", "offloads"},
    {Who::kPublic, "SELECT", "flight_closures"},
    // Extras are priced by the airline (the back office) and sold as EMDs wherever a booking is managed.
    {Who::kPublic, "SELECT", "extra_prices"},
    {Who::kAgent, "SELECT", "extra_prices"},
    // Schedule changes are the back office's (the admin role re-accommodates); passengers and agents read what
    // changed on their bookings, and passengers answer (accept, or a refund).
    {Who::kPublic, "SELECT", "disruptions"},
    {Who::kAgent, "SELECT", "disruptions"},
    {Who::kPublic, "SELECT, UPDATE (answer, answered_by, answered_at)", "schedule_changes"},
    {Who::kAgent, "SELECT", "schedule_changes"},
    {Who::kPublic, "SELECT, INSERT, UPDATE (status, flight_id, updated_at)", "emds"},
    {Who::kAgent, "SELECT, INSERT, UPDATE (status, flight_id, updated_at)", "emds"},
    {Who::kPublic, "SELECT, INSERT, DELETE", "extras_due"},
    {Who::kAgent, "SELECT, INSERT, DELETE", "extras_due"},
    // Special service requests, asked for and withdrawn by passengers, agents and partners.
    {Who::kPublic, "SELECT, INSERT, DELETE", "booking_ssrs"},
    {Who::kAgent, "SELECT, INSERT, DELETE", "booking_ssrs"},
    // Seats are chosen on the booking site and API v1 and given at check-in; a flight's taken seats are seen whole
    // by whoever chooses one (no row security: a seat map shows every taken seat).
    {Who::kPublic, "SELECT, INSERT, DELETE", "seat_assignments"},
    {Who::kAgent, "SELECT, INSERT, DELETE", "seat_assignments"},
    {Who::kPublic, "SELECT, INSERT", "booking_passengers"},
    // Passengers give their travel documents after booking, at check-in, where a border needs them.
    {Who::kPublic, "UPDATE (nationality, document_type, document_number, document_country, document_expiry)",
     "booking_passengers"},
    {Who::kPublic, "SELECT, INSERT", "booking_prices"},
    {Who::kAgent, "SELECT, INSERT", "booking_prices"},
    {Who::kAgent, "SELECT, INSERT", "booking_passengers"},
    {Who::kPublic, "SELECT, INSERT", "booking_history"},
    {Who::kAgent, "SELECT, INSERT", "booking_history"},
    {Who::kPublic, "SELECT, INSERT", "payments"},
    {Who::kAgent, "SELECT, INSERT", "payments"},
    {Who::kPublic, "SELECT, INSERT", "idempotency_keys"},
    {Who::kAgent, "SELECT, INSERT", "idempotency_keys"},
    // Confirming a booking queues its e-mail; the public app's sender claims and updates the rows. (Identity
    // columns draw their values without a grant on the sequence, as for bookings above.)
    {Who::kPublic, "SELECT, INSERT, UPDATE", "mail_outbox"},
    {Who::kAgent, "SELECT, INSERT, UPDATE", "mail_outbox"},
    // An agency's account: a booking on account adds its charge to the ledger and the balance kept beside it, and
    // its cancellation the refund, whichever front door cancels it (a passenger on the booking site too).
    {Who::kPublic, "SELECT, UPDATE (balance, updated_at)", "agency_accounts"},
    {Who::kPublic, "SELECT, INSERT", "agency_ledger"},
    {Who::kAgent, "SELECT, UPDATE (balance, updated_at)", "agency_accounts"},
    {Who::kAgent, "SELECT, INSERT", "agency_ledger"},
    // Commission: the rules are the airline's to set (the back office); a booking's charge reads its agency's and
    // keeps each segment's commission with it.
    {Who::kPublic, "SELECT", "agency_commission_rules"},
    {Who::kAgent, "SELECT", "agency_commission_rules"},
    {Who::kAgent, "UPDATE (commission_amount)", "booking_segments"},
    // A partner's booking queues its webhook events with each change, whichever front door changes it; the public
    // application delivers them. The agent portal may queue (cancelling a partner's booking) but not read others'.
    {Who::kPublic, "SELECT, INSERT, UPDATE", "partner_events"},
    {Who::kAgent, "INSERT", "partner_events"},
};

// Site content is edited in the back office and only read by the others.
constexpr Grant kWeb[] = {
    {Who::kAdmin, "SELECT, INSERT, UPDATE, DELETE", nullptr},
    {Who::kPublic, "SELECT", nullptr},
    {Who::kAgent, "SELECT", nullptr},
};

// Staff users, password hashes, sessions and roles are the back office's alone. The agent portal appends to the
// audit log (agency users' actions, issue 13) through the head row, without reading the log; the public site
// reads system settings only. No application may change or remove an audit row (kAppendOnly).
constexpr Grant kMgmt[] = {
    {Who::kAdmin, "SELECT, INSERT, UPDATE, DELETE", nullptr},
    {Who::kPublic, "SELECT", "schema_migrations"},
    {Who::kAgent, "SELECT", "schema_migrations"},
    {Who::kPublic, "SELECT", "system_settings"},
    {Who::kAgent, "SELECT", "system_settings"},
    {Who::kAgent, "SELECT", "agencies"},
    // The agent portal signs agencies' people in and lets each agency's administrator manage its users
    // (identity/realm.hpp); staff's tables stay out of its reach.
    {Who::kAgent, "SELECT", "agency_roles"},
    {Who::kAgent, "SELECT, INSERT, UPDATE", "agency_users"},
    {Who::kAgent, "SELECT, INSERT, UPDATE", "agency_sessions"},
    {Who::kAgent, "SELECT, INSERT, UPDATE, DELETE", "agency_login_failures"},
    {Who::kAgent, "SELECT, INSERT, UPDATE, DELETE", "agency_recovery_codes"},
    {Who::kAgent, "SELECT, INSERT, UPDATE", "agency_password_resets"},
    {Who::kAgent, "INSERT", "audit_log"},
    {Who::kAgent, "SELECT, UPDATE", "audit_head"},
    // Every node takes part in the operations' jobs (backups, and who runs them).
    {Who::kPublic, "SELECT, INSERT, UPDATE", "node_leases"},
    {Who::kPublic, "SELECT, INSERT, UPDATE", "backups"},
    // Every node records its errors and request counts (ops::ErrorTracker), and removes the expired ones.
    {Who::kPublic, "SELECT, INSERT, UPDATE, DELETE", "error_groups"},
    {Who::kPublic, "SELECT, INSERT, DELETE", "error_events"},
    {Who::kPublic, "SELECT, INSERT, UPDATE, DELETE", "request_counts"},
    // The status page: the probing node counts uptime; every node reads it and the incidents staff write.
    {Who::kPublic, "SELECT, INSERT, UPDATE", "status_uptime"},
    {Who::kPublic, "SELECT", "status_incidents"},
    {Who::kPublic, "SELECT", "status_updates"},
    // Every node records the attack signs it sees in its answers, and removes the old ones.
    {Who::kPublic, "SELECT, INSERT, UPDATE, DELETE", "security_events"},
    {Who::kAgent, "SELECT, INSERT, UPDATE, DELETE", "security_events"},
    // The partner API (on the public application) checks each call's credential and counts its calls; the agency a
    // partner books for must be active.
    {Who::kPublic, "SELECT", "partners"},
    {Who::kPublic, "SELECT, INSERT, UPDATE", "partner_usage"},
    {Who::kPublic, "SELECT", "agencies"},
};

// Tables whose rows, once written, no application role may update or delete: whatever the grants above say.
constexpr const char* kAppendOnly[] = {"audit_log"};

// Row-level security in `data`: the agent role sees and writes only the bookings of the agency its session names
// (`SET jetway.agency_id`, per transaction, by the agent portal), and their parts, and only that agency's account
// and ledger; no agency set, no rows. The
// public and admin roles see every booking. The table owner (migrations, demo) is not subject to policies.
constexpr const char* kBookingTables[] = {"bookings",       "booking_segments", "booking_passengers",
                                          "booking_prices", "booking_history",  "payments",
                                          "agency_accounts", "agency_ledger", "agency_commission_rules",
                                          "idempotency_keys", "mail_outbox", "booking_segment_fares",
                                          "booking_changes", "tickets", "ticket_coupons", "check_ins",
                                          "booking_ssrs", "emds", "extras_due", "schedule_changes"};
// Those of them with an agency_id of their own (the others are a booking's parts, and follow their booking's).
bool CarriesAgency(std::string_view table) {
  return table == "bookings" || table.starts_with("agency_") || table == "idempotency_keys" || table == "mail_outbox";
}
constexpr const char* kAgencyOfSession = "NULLIF(current_setting('jetway.agency_id', true), '')::bigint";

std::string RowSecurity(const AppRoles& roles) {
  std::string script;
  for (const char* table : kBookingTables) {
    const std::string name = QuoteIdentifier(table);
    const std::string mine =
        CarriesAgency(table)
            ? fmt::format("agency_id = {}", kAgencyOfSession)
            : fmt::format("EXISTS (SELECT 1 FROM bookings b WHERE b.id = booking_id AND b.agency_id = {})",
                          kAgencyOfSession);
    script += fmt::format("ALTER TABLE {} ENABLE ROW LEVEL SECURITY;\n", name);
    for (const char* policy : {"jetway_all", "jetway_agency"})
      script += fmt::format("DROP POLICY IF EXISTS {} ON {};\n", policy, name);
    script += fmt::format("CREATE POLICY jetway_all ON {} TO {}, {} USING (true) WITH CHECK (true);\n", name,
                          QuoteIdentifier(roles.public_role), QuoteIdentifier(roles.admin_role));
    script += fmt::format("CREATE POLICY jetway_agency ON {} TO {} USING ({}) WITH CHECK ({});\n", name,
                          QuoteIdentifier(roles.agent_role), mine, mine);
  }
  return script;
}

std::span<const Grant> GrantsOf(DatabaseName database) {
  switch (database) {
    case DatabaseName::kData:
      return kData;
    case DatabaseName::kWeb:
      return kWeb;
    case DatabaseName::kMgmt:
      return kMgmt;
  }
  return {};
}

}  // namespace

void ApplyPrivileges(Connection& owner, DatabaseName database, const std::string& database_name,
                     const AppRoles& roles) {
  auto role = [&](Who who) -> const std::string& {
    return who == Who::kPublic ? roles.public_role : who == Who::kAdmin ? roles.admin_role : roles.agent_role;
  };
  const std::string all = fmt::format("{}, {}, {}", QuoteIdentifier(roles.public_role),
                                      QuoteIdentifier(roles.admin_role), QuoteIdentifier(roles.agent_role));
  std::string script = fmt::format(
      "REVOKE ALL ON DATABASE {0} FROM PUBLIC;\n"
      "GRANT CONNECT ON DATABASE {0} TO {1};\n"
      "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {1};\n"
      "REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {1};\n"
      "GRANT USAGE ON SCHEMA public TO {1};\n",
      QuoteIdentifier(database_name), all);
  for (const auto& grant : GrantsOf(database)) {
    const std::string& grantee = role(grant.who);
    if (grant.table)
      script += fmt::format("GRANT {} ON TABLE {} TO {};\n", grant.privileges, QuoteIdentifier(grant.table),
                            QuoteIdentifier(grantee));
    else
      script +=
          fmt::format("GRANT {} ON ALL TABLES IN SCHEMA public TO {};\n", grant.privileges, QuoteIdentifier(grantee));
  }
  if (database == DatabaseName::kMgmt)
    for (const char* table : kAppendOnly)
      script += fmt::format("REVOKE UPDATE, DELETE, TRUNCATE ON TABLE {} FROM {};\n", QuoteIdentifier(table), all);
  if (database == DatabaseName::kData) script += RowSecurity(roles);
  Transaction tx(owner);
  owner.ExecScript(script);
  tx.Commit();
}

void ScopeToAgency(Connection& db, std::int64_t agency_id) {
  if (db.engine() != Engine::kPostgres) return;
  auto stmt = db.Prepare("SELECT set_config('jetway.agency_id', ?, false)");
  stmt.Bind(1, agency_id > 0 ? std::to_string(agency_id) : std::string());
  stmt.Step();
}

}  // namespace jetway::store

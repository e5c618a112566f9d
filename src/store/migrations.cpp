#include "store/migrations.hpp"

#include <ctime>
#include <string>

#include "store/sqlite_checks.hpp"

namespace jetway::store {

namespace {

constexpr std::string_view kData1 = R"SQL(
CREATE TABLE airports (
  code TEXT PRIMARY KEY,
  icao TEXT,
  name TEXT NOT NULL,
  city TEXT NOT NULL,
  country TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  latitude_micro BIGINT NOT NULL,
  longitude_micro BIGINT NOT NULL
);
CREATE TABLE airlines (
  designator TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  accounting_code TEXT NOT NULL UNIQUE,
  base_currency TEXT NOT NULL
);
CREATE TABLE min_connection_times (
  airline TEXT NOT NULL REFERENCES airlines(designator),
  airport TEXT NOT NULL REFERENCES airports(code),
  minutes BIGINT NOT NULL CHECK (minutes > 0),
  PRIMARY KEY (airline, airport)
);
CREATE TABLE cabin_configs (
  id {id},
  airline TEXT NOT NULL REFERENCES airlines(designator),
  code TEXT NOT NULL,
  aircraft_type TEXT NOT NULL,
  UNIQUE (airline, code)
);
CREATE TABLE cabin_config_cabins (
  config_id BIGINT NOT NULL REFERENCES cabin_configs(id),
  cabin TEXT NOT NULL,
  seats BIGINT NOT NULL CHECK (seats > 0),
  overbooking_pct BIGINT NOT NULL DEFAULT 0 CHECK (overbooking_pct BETWEEN 0 AND 50),
  PRIMARY KEY (config_id, cabin)
);
CREATE TABLE booking_classes (
  airline TEXT NOT NULL REFERENCES airlines(designator),
  booking_class TEXT NOT NULL,
  cabin TEXT NOT NULL,
  nest_rank BIGINT NOT NULL,
  authorization_pct BIGINT NOT NULL CHECK (authorization_pct BETWEEN 0 AND 150),
  PRIMARY KEY (airline, booking_class)
);
CREATE TABLE schedules (
  id {id},
  airline TEXT NOT NULL REFERENCES airlines(designator),
  flight_number BIGINT NOT NULL,
  origin TEXT NOT NULL REFERENCES airports(code),
  destination TEXT NOT NULL REFERENCES airports(code),
  departure_local_minutes BIGINT NOT NULL,
  arrival_local_minutes BIGINT NOT NULL,
  arrival_day_offset BIGINT NOT NULL DEFAULT 0,
  days_of_operation TEXT NOT NULL,
  valid_from TEXT NOT NULL,
  valid_to TEXT NOT NULL,
  config_id BIGINT NOT NULL REFERENCES cabin_configs(id)
);
CREATE TABLE flights (
  id {id},
  schedule_id BIGINT REFERENCES schedules(id),
  airline TEXT NOT NULL REFERENCES airlines(designator),
  flight_number BIGINT NOT NULL,
  departure_date TEXT NOT NULL,
  origin TEXT NOT NULL REFERENCES airports(code),
  destination TEXT NOT NULL REFERENCES airports(code),
  departure_utc BIGINT NOT NULL,
  arrival_utc BIGINT NOT NULL,
  config_id BIGINT NOT NULL REFERENCES cabin_configs(id),
  status TEXT NOT NULL DEFAULT 'SCHEDULED',
  UNIQUE (airline, flight_number, departure_date, origin)
);
CREATE INDEX flights_by_origin_date ON flights(origin, departure_date);
CREATE TABLE flight_cabins (
  flight_id BIGINT NOT NULL REFERENCES flights(id),
  cabin TEXT NOT NULL,
  capacity BIGINT NOT NULL CHECK (capacity >= 0),
  overbooking_pct BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (flight_id, cabin)
) {without_rowid};
CREATE TABLE flight_classes (
  flight_id BIGINT NOT NULL REFERENCES flights(id),
  booking_class TEXT NOT NULL,
  cabin TEXT NOT NULL,
  nest_rank BIGINT NOT NULL,
  authorized BIGINT NOT NULL CHECK (authorized >= 0),
  sold BIGINT NOT NULL DEFAULT 0 CHECK (sold >= 0),
  held BIGINT NOT NULL DEFAULT 0 CHECK (held >= 0),
  closed BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (flight_id, booking_class)
) {without_rowid};
CREATE TABLE fares (
  id {id},
  airline TEXT NOT NULL REFERENCES airlines(designator),
  origin TEXT NOT NULL,
  destination TEXT NOT NULL,
  both_directions BIGINT NOT NULL DEFAULT 1,
  booking_class TEXT NOT NULL,
  pax_type TEXT NOT NULL CHECK (pax_type IN ('ADT','CHD','INF')),
  brand TEXT NOT NULL,
  amount BIGINT NOT NULL CHECK (amount >= 0),
  currency TEXT NOT NULL,
  refundable BIGINT NOT NULL DEFAULT 0,
  change_fee BIGINT,
  checked_bags BIGINT NOT NULL DEFAULT 0,
  valid_from TEXT NOT NULL,
  valid_to TEXT NOT NULL
);
CREATE INDEX fares_by_route ON fares(airline, origin, destination);
CREATE TABLE taxes (
  id {id},
  airport TEXT NOT NULL REFERENCES airports(code),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  amount BIGINT NOT NULL CHECK (amount >= 0),
  currency TEXT NOT NULL,
  applies_to_infants BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX taxes_by_airport ON taxes(airport);
CREATE TABLE currency_rates (
  from_currency TEXT NOT NULL,
  to_currency TEXT NOT NULL,
  rate_micros BIGINT NOT NULL CHECK (rate_micros > 0),
  PRIMARY KEY (from_currency, to_currency)
);
CREATE TABLE bookings (
  id {id},
  locator TEXT NOT NULL UNIQUE,
  airline TEXT NOT NULL REFERENCES airlines(designator),
  status TEXT NOT NULL CHECK (status IN ('HELD','CONFIRMED','CANCELLED','EXPIRED')),
  channel TEXT NOT NULL,
  adults BIGINT NOT NULL,
  children BIGINT NOT NULL,
  infants BIGINT NOT NULL,
  total_amount BIGINT NOT NULL,
  currency TEXT NOT NULL,
  hold_expires_at BIGINT,
  contact_email TEXT,
  contact_phone TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX bookings_held_by_expiry ON bookings(hold_expires_at) WHERE status = 'HELD';
CREATE TABLE booking_segments (
  booking_id BIGINT NOT NULL REFERENCES bookings(id),
  seq BIGINT NOT NULL,
  flight_id BIGINT NOT NULL REFERENCES flights(id),
  booking_class TEXT NOT NULL,
  cabin TEXT NOT NULL,
  seats BIGINT NOT NULL,
  PRIMARY KEY (booking_id, seq)
);
CREATE INDEX booking_segments_by_flight ON booking_segments(flight_id);
CREATE TABLE booking_passengers (
  booking_id BIGINT NOT NULL REFERENCES bookings(id),
  seq BIGINT NOT NULL,
  pax_type TEXT NOT NULL,
  title TEXT NOT NULL,
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  date_of_birth TEXT,
  infant_of BIGINT,
  PRIMARY KEY (booking_id, seq)
);
CREATE TABLE booking_history (
  id {id},
  booking_id BIGINT NOT NULL REFERENCES bookings(id),
  at BIGINT NOT NULL,
  channel TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE INDEX booking_history_by_booking ON booking_history(booking_id);
CREATE TABLE payments (
  id {id},
  booking_id BIGINT NOT NULL REFERENCES bookings(id),
  method TEXT NOT NULL,
  amount BIGINT NOT NULL,
  currency TEXT NOT NULL,
  status TEXT NOT NULL,
  reference TEXT,
  created_at BIGINT NOT NULL
);
CREATE TABLE idempotency_keys (
  key TEXT PRIMARY KEY,
  request_hash TEXT NOT NULL,
  status BIGINT NOT NULL,
  response TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
)SQL";

constexpr std::string_view kWeb1 = R"SQL(
CREATE TABLE site_settings (
  airline TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (airline, key)
);
CREATE TABLE pages (
  id {id},
  airline TEXT NOT NULL,
  slug TEXT NOT NULL,
  language TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  UNIQUE (airline, slug, language)
);
)SQL";

constexpr std::string_view kMgmt1 = R"SQL(
CREATE TABLE system_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE audit_log (
  id {id},
  at BIGINT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL
);
)SQL";

// Retrieving a booking reads its payments by booking; without this index every retrieval scanned all payments
// (seen in PostgreSQL's plan during the booking benchmark; SQLite did the same).
constexpr std::string_view kData2 = R"SQL(
CREATE INDEX payments_by_booking ON payments(booking_id);
)SQL";

// The travel agency that made a booking (an id in mgmt's agencies; NULL for the airline's own channels). On
// PostgreSQL the agent role sees only its agency's bookings (row-level security, see privileges.cpp).
constexpr std::string_view kData3 = R"SQL(
ALTER TABLE bookings ADD COLUMN agency_id BIGINT;
CREATE INDEX bookings_by_agency ON bookings(agency_id) WHERE agency_id IS NOT NULL;
)SQL";

// Staff accounts of the back office. Only the admin application's role may read them (see privileges.cpp).
constexpr std::string_view kMgmt2 = R"SQL(
CREATE TABLE staff_users (
  id {id},
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('administrator','revenue_manager','reservations','viewer')),
  active BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL
);
)SQL";

// The key that signs what the pages hand to browsers (chosen flights and prices, booking links, CSRF tokens).
// `migrate` stores a random one; every app server reads it, so any of them verifies what another signed.
constexpr std::string_view kWeb2 = R"SQL(
CREATE TABLE site_keys (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
)SQL";

// The mail outbox: an e-mail is queued in the transaction that makes it necessary (a confirmed booking and its
// confirmation commit together) and sent later by the sender of any app node (src/mail/). `sending` rows are
// leased until locked_until, so a crashed sender's message is picked up again once that passes.
constexpr std::string_view kData4 = R"SQL(
CREATE TABLE mail_outbox (
  id {id},
  kind TEXT NOT NULL,
  locator TEXT NOT NULL,
  recipient TEXT NOT NULL,
  language TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending','sending','sent','failed')),
  attempts BIGINT NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  locked_until BIGINT,
  last_error TEXT,
  created_at BIGINT NOT NULL,
  sent_at BIGINT
);
CREATE INDEX mail_outbox_due ON mail_outbox(next_attempt_at) WHERE status IN ('pending','sending');
CREATE INDEX mail_outbox_by_locator ON mail_outbox(locator);
)SQL";

// What a booking was sold as, kept with it: the price per passenger type (fare and taxes, in the booking's
// currency) and each segment's fare brand and conditions, so the confirmation, the e-mail and a later cancellation
// state the terms the passenger bought rather than today's. NULL on bookings made before.
constexpr std::string_view kData5 = R"SQL(
CREATE TABLE booking_prices (
  booking_id BIGINT NOT NULL REFERENCES bookings(id),
  pax_type TEXT NOT NULL CHECK (pax_type IN ('ADT','CHD','INF')),
  passengers BIGINT NOT NULL,
  fare_each BIGINT NOT NULL,
  taxes_each BIGINT NOT NULL,
  PRIMARY KEY (booking_id, pax_type)
);
ALTER TABLE booking_segments ADD COLUMN brand TEXT;
ALTER TABLE booking_segments ADD COLUMN refundable BIGINT;
ALTER TABLE booking_segments ADD COLUMN change_fee BIGINT;
ALTER TABLE booking_segments ADD COLUMN change_fee_currency TEXT;
ALTER TABLE booking_segments ADD COLUMN checked_bags BIGINT;
)SQL";

// A hold's secret token (the capability to read, confirm or cancel a booking that has no names yet), and the client
// address that made it, for the limits on how many seats one client may hold at a time.
constexpr std::string_view kData6 = R"SQL(
ALTER TABLE bookings ADD COLUMN hold_token TEXT;
ALTER TABLE bookings ADD COLUMN client TEXT;
CREATE INDEX bookings_held_by_client ON bookings(client) WHERE status = 'HELD';
)SQL";

// Every kind of e-mail goes through the one outbox: a message names what it is about in its kind's terms (a
// booking's locator, a staff user's id), and may carry what its composer cannot look up again (a password-reset
// link, of which only a hash is kept elsewhere); the payload is cleared once the message is done with.
constexpr std::string_view kData7 = R"SQL(
ALTER TABLE mail_outbox RENAME COLUMN locator TO reference;
ALTER TABLE mail_outbox ADD COLUMN payload TEXT;
DROP INDEX mail_outbox_by_locator;
CREATE INDEX mail_outbox_by_reference ON mail_outbox(reference, kind);
)SQL";

// When each airport last changed, so every app node notices an edit from the back office and refreshes its
// directory (reference::AirportDirectory::Refresh) without a restart.
constexpr std::string_view kData8 = R"SQL(
ALTER TABLE airports ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
)SQL";

// The back office's staff: roles made of permissions (core::Permission names), users with Argon2id password hashes,
// TOTP second factors and one-time recovery codes, sessions kept only as hashes of their ids, password-reset tokens
// likewise, failed sign-ins per e-mail address (known or not, so a lock-out never tells which accounts exist); and
// the audit log as a hash chain (identity/audit_chain.hpp) whose head row both serializes appends and
// anchors the chain's end. Version 1 and 2's staff_users and audit_log were never written by any version, so they
// are replaced.
constexpr std::string_view kMgmt3 = R"SQL(
DROP TABLE staff_users;
DROP TABLE audit_log;
CREATE TABLE staff_roles (
  name TEXT PRIMARY KEY,
  permissions TEXT NOT NULL,
  builtin BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE TABLE staff_users (
  id {id},
  email TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL REFERENCES staff_roles(name),
  password_hash TEXT NOT NULL,
  password_change_required BIGINT NOT NULL DEFAULT 0,
  totp_secret TEXT,
  totp_last_step BIGINT,
  totp_pending TEXT,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','disabled')),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE staff_login_failures (
  email TEXT PRIMARY KEY,
  failures BIGINT NOT NULL,
  locked_until BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE staff_recovery_codes (
  user_id BIGINT NOT NULL REFERENCES staff_users(id),
  code_hash TEXT NOT NULL,
  used_at BIGINT,
  PRIMARY KEY (user_id, code_hash)
);
CREATE TABLE staff_sessions (
  id_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES staff_users(id),
  second_factor_done BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  client TEXT NOT NULL,
  user_agent TEXT NOT NULL,
  ended_at BIGINT
);
CREATE INDEX staff_sessions_by_user ON staff_sessions(user_id);
CREATE TABLE staff_password_resets (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES staff_users(id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  at BIGINT NOT NULL,
  actor TEXT NOT NULL,
  client TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  state_before TEXT NOT NULL,
  state_after TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE TABLE audit_head (
  id BIGINT PRIMARY KEY CHECK (id = 1),
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
)SQL";

// What the back office finds bookings by, besides the locator: a passenger's last name and the contact e-mail.
constexpr std::string_view kData9 = R"SQL(
CREATE INDEX booking_passengers_by_last_name ON booking_passengers(last_name);
CREATE INDEX bookings_by_contact_email ON bookings(LOWER(contact_email));
)SQL";

// What the reports read by time: payments by the moment they were taken, a booking's events by the moment they
// happened (confirmed, cancelled, expired). And the booking search by last name finds booking ids in the index
// alone, so a common name costs a sort of ids rather than a read of every booking that carries it.
constexpr std::string_view kData10 = R"SQL(
CREATE INDEX payments_by_time ON payments(created_at);
CREATE INDEX booking_history_by_time ON booking_history(at);
DROP INDEX booking_passengers_by_last_name;
CREATE INDEX booking_passengers_by_last_name ON booking_passengers(last_name, booking_id);
)SQL";

// Each fare's history: who filed or changed it, when, and its terms before and after (JSON), written in the same
// transaction as the change, so a fare never changes without its row here.
constexpr std::string_view kData11 = R"SQL(
CREATE TABLE fare_history (
  id {id},
  fare_id BIGINT NOT NULL REFERENCES fares(id),
  at BIGINT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  before TEXT,
  after TEXT NOT NULL
);
CREATE INDEX fare_history_by_fare ON fare_history(fare_id);
)SQL";

// The airline's own sales policy, set in the back office: how long an unpaid hold keeps its seats and how long
// before departure a flight stops selling. NULL: the deployment's defaults (config hold time, 40 minutes).
constexpr std::string_view kData12 = R"SQL(
ALTER TABLE airlines ADD COLUMN hold_minutes BIGINT;
ALTER TABLE airlines ADD COLUMN sales_cutoff_minutes BIGINT;
)SQL";

// Operations: which node does a cluster-wide job (a lease it renews; another takes over once it lapses), and the
// backups taken, with their size and outcome (the metrics and the alerts read the newest).
constexpr std::string_view kMgmt4 = R"SQL(
CREATE TABLE node_leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE TABLE backups (
  id {id},
  kind TEXT NOT NULL CHECK (kind IN ('frequent','daily')),
  started_at BIGINT NOT NULL,
  finished_at BIGINT NOT NULL,
  location TEXT NOT NULL,
  bytes BIGINT NOT NULL,
  error TEXT,
  removed_at BIGINT
);
CREATE INDEX backups_by_time ON backups(finished_at);
)SQL";

// Error tracking (ops::ErrorTracker): each 5xx and unexpected exception, grouped by cause, and every request counted
// per hour and route for the error rate per transaction.
constexpr std::string_view kMgmt5 = R"SQL(
CREATE TABLE error_groups (
  fingerprint TEXT PRIMARY KEY,
  listener TEXT NOT NULL,
  route TEXT NOT NULL,
  method TEXT NOT NULL,
  status INTEGER NOT NULL,
  code TEXT NOT NULL,
  error TEXT NOT NULL,
  first_seen BIGINT NOT NULL,
  last_seen BIGINT NOT NULL,
  occurrences BIGINT NOT NULL,
  last_request_id TEXT NOT NULL,
  last_release TEXT NOT NULL
);
CREATE INDEX error_groups_by_last_seen ON error_groups(last_seen);
CREATE TABLE error_events (
  id {id},
  fingerprint TEXT NOT NULL,
  occurred_at BIGINT NOT NULL,
  request_id TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  status INTEGER NOT NULL,
  release TEXT NOT NULL,
  node TEXT NOT NULL,
  error TEXT NOT NULL
);
CREATE INDEX error_events_by_group ON error_events(fingerprint, occurred_at);
CREATE INDEX error_events_by_time ON error_events(occurred_at);
CREATE TABLE request_counts (
  hour_start BIGINT NOT NULL,
  listener TEXT NOT NULL,
  route TEXT NOT NULL,
  requests BIGINT NOT NULL,
  errors BIGINT NOT NULL,
  PRIMARY KEY (hour_start, listener, route)
);
)SQL";

// The public status page (src/status): uptime counted per component and UTC day from one node's probes, and the
// incidents staff declare, with their updates.
constexpr std::string_view kMgmt6 = R"SQL(
CREATE TABLE status_uptime (
  day TEXT NOT NULL,
  component TEXT NOT NULL,
  probes BIGINT NOT NULL,
  up BIGINT NOT NULL,
  PRIMARY KEY (day, component)
);
CREATE TABLE status_incidents (
  id {id},
  title TEXT NOT NULL,
  impact TEXT NOT NULL CHECK (impact IN ('minor','major','critical','maintenance')),
  components TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('investigating','identified','monitoring','resolved')),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  resolved_at BIGINT,
  created_by TEXT NOT NULL
);
CREATE INDEX status_incidents_open ON status_incidents(resolved_at);
CREATE TABLE status_updates (
  id {id},
  incident_id BIGINT NOT NULL REFERENCES status_incidents(id),
  at BIGINT NOT NULL,
  status TEXT NOT NULL,
  message TEXT NOT NULL,
  author TEXT NOT NULL
);
CREATE INDEX status_updates_by_incident ON status_updates(incident_id, at);
)SQL";

// Security events (ops/security_events.hpp): per sign, source and window, what the nodes that saw a source reach a
// threshold counted.
constexpr std::string_view kMgmt7 = R"SQL(
CREATE TABLE security_events (
  kind TEXT NOT NULL,
  source TEXT NOT NULL,
  window_start BIGINT NOT NULL,
  occurrences BIGINT NOT NULL,
  first_seen BIGINT NOT NULL,
  last_seen BIGINT NOT NULL,
  nodes TEXT NOT NULL,
  PRIMARY KEY (kind, source, window_start)
);
CREATE INDEX security_events_by_last_seen ON security_events(last_seen);
)SQL";

// Travel agencies (agents/agency.hpp): who each is, in the management database with its users; its money is its
// account in the data database (kData13).
constexpr std::string_view kMgmt8 = R"SQL(
CREATE TABLE agencies (
  id {id},
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  contact_name TEXT NOT NULL,
  email TEXT NOT NULL,
  phone TEXT NOT NULL,
  address_line1 TEXT NOT NULL,
  address_line2 TEXT NOT NULL,
  postcode TEXT NOT NULL,
  city TEXT NOT NULL,
  country TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active','suspended')),
  currency TEXT NOT NULL,
  airlines TEXT NOT NULL,
  settlement TEXT NOT NULL CHECK (settlement IN ('net','statement')),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
)SQL";

// The people of travel agencies who sign in to the agent portal: the staff tables' shape (identity/realm.hpp reads
// both with the same statements), each user of one agency, with roles of their own. Kept apart from staff so that the
// agent login may read these and nothing of staff's.
constexpr std::string_view kMgmt9 = R"SQL(
CREATE TABLE agency_roles (
  name TEXT PRIMARY KEY,
  permissions TEXT NOT NULL,
  builtin BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE TABLE agency_users (
  id {id},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  email TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL REFERENCES agency_roles(name),
  password_hash TEXT NOT NULL,
  password_change_required BIGINT NOT NULL DEFAULT 0,
  totp_secret TEXT,
  totp_last_step BIGINT,
  totp_pending TEXT,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','disabled')),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX agency_users_by_agency ON agency_users(agency_id);
CREATE TABLE agency_login_failures (
  email TEXT PRIMARY KEY,
  failures BIGINT NOT NULL,
  locked_until BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE agency_recovery_codes (
  user_id BIGINT NOT NULL REFERENCES agency_users(id),
  code_hash TEXT NOT NULL,
  used_at BIGINT,
  PRIMARY KEY (user_id, code_hash)
);
CREATE TABLE agency_sessions (
  id_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES agency_users(id),
  second_factor_done BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  client TEXT NOT NULL,
  user_agent TEXT NOT NULL,
  ended_at BIGINT
);
CREATE INDEX agency_sessions_by_user ON agency_sessions(user_id);
CREATE TABLE agency_password_resets (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES agency_users(id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);
)SQL";

// Partners of the partner API (partners/partner.hpp): each credential's id and the hash of its secret, what it may
// see and call, the agency it books for, and its quotas; and its calls counted per day and method: those admitted
// (what the daily quotas count), how many of them failed, and those refused over a quota.
constexpr std::string_view kMgmt10 = R"SQL(
CREATE TABLE partners (
  id {id},
  auth_id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  secret_salt TEXT NOT NULL,
  secret_hash TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active','disabled')),
  agency_id BIGINT REFERENCES agencies(id),
  airlines TEXT NOT NULL,
  methods TEXT NOT NULL,
  searches_per_minute BIGINT NOT NULL CHECK (searches_per_minute >= 0),
  searches_per_day BIGINT NOT NULL CHECK (searches_per_day >= 0),
  bookings_per_minute BIGINT NOT NULL CHECK (bookings_per_minute >= 0),
  bookings_per_day BIGINT NOT NULL CHECK (bookings_per_day >= 0),
  look_to_book BIGINT NOT NULL CHECK (look_to_book >= 0),
  webhook_url TEXT NOT NULL DEFAULT '',
  webhook_secret TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE partner_usage (
  partner_id BIGINT NOT NULL REFERENCES partners(id),
  day TEXT NOT NULL,
  method TEXT NOT NULL,
  calls BIGINT NOT NULL,
  errors BIGINT NOT NULL,
  refused BIGINT NOT NULL,
  PRIMARY KEY (partner_id, day, method)
);
)SQL";

// An agency's account (agents/ledger.hpp) beside the bookings it pays for, so that a booking and its charge commit
// together: the credit limit, the balance kept with every row (a test and `CheckLedger` prove it equals the rows'
// sum), and the ledger. The account row is what a charge locks. At most one charge and one refund per booking.
constexpr std::string_view kData13 = R"SQL(
CREATE TABLE agency_accounts (
  agency_id BIGINT PRIMARY KEY,
  currency TEXT NOT NULL,
  credit_limit BIGINT NOT NULL CHECK (credit_limit >= 0),
  balance BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE agency_ledger (
  id {id},
  agency_id BIGINT NOT NULL REFERENCES agency_accounts(agency_id),
  at BIGINT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('deposit','booking','refund','adjustment')),
  amount BIGINT NOT NULL,
  currency TEXT NOT NULL,
  balance_after BIGINT NOT NULL,
  booking_id BIGINT REFERENCES bookings(id),
  locator TEXT NOT NULL,
  reference TEXT NOT NULL,
  actor TEXT NOT NULL,
  note TEXT NOT NULL
);
CREATE INDEX agency_ledger_by_agency ON agency_ledger(agency_id, at, id);
CREATE UNIQUE INDEX agency_ledger_once_per_booking ON agency_ledger(booking_id, kind) WHERE booking_id IS NOT NULL;
)SQL";

// Each segment's share of the booking's price (fares and taxes for the whole party, in the booking's currency), so
// that a cancellation refunds by each segment's fare rule (agents' ledger, booking::RefundDue). NULL for bookings made
// before it was kept.
constexpr std::string_view kData14 = R"SQL(
ALTER TABLE booking_segments ADD COLUMN fare_amount BIGINT;
ALTER TABLE booking_segments ADD COLUMN taxes_amount BIGINT;
)SQL";

// Commissions (agents/commission.hpp): each agency's rules beside its account, so that a booking's charge reads
// them in its own transaction; how the agency settles (kept with the agency in mgmt, copied here for the charge);
// and each segment's commission as charged, so that a cancellation gives back what it charged.
constexpr std::string_view kData15 = R"SQL(
ALTER TABLE agency_accounts ADD COLUMN settlement TEXT NOT NULL DEFAULT 'net' CHECK (settlement IN ('net','statement'));
ALTER TABLE booking_segments ADD COLUMN commission_amount BIGINT;
CREATE TABLE agency_commission_rules (
  id {id},
  agency_id BIGINT NOT NULL REFERENCES agency_accounts(agency_id),
  airline TEXT NOT NULL,
  origin TEXT,
  destination TEXT,
  booking_class TEXT,
  valid_from TEXT NOT NULL,
  valid_to TEXT NOT NULL,
  basis_points BIGINT,
  amount BIGINT,
  currency TEXT,
  created_at BIGINT NOT NULL,
  actor TEXT NOT NULL
);
CREATE INDEX agency_commission_rules_by_agency ON agency_commission_rules(agency_id);
)SQL";

// The agency behind an idempotency key and a queued message, where there is one: the agent role's row-level
// security shows each agency its own (store/privileges.cpp), as it does its bookings.
constexpr std::string_view kData16 = R"SQL(
ALTER TABLE idempotency_keys ADD COLUMN agency_id BIGINT;
ALTER TABLE mail_outbox ADD COLUMN agency_id BIGINT;
)SQL";

// Bookings made through the partner API (partners/, aerocrs/): which partner made each, so that a partner sees
// only its own, and the confirmation id it refers to the booking by (AeroCRS's `bookingconfirmation`, a UUID).
constexpr std::string_view kData17 = R"SQL(
ALTER TABLE bookings ADD COLUMN partner_id BIGINT;
ALTER TABLE bookings ADD COLUMN confirmation_id TEXT;
CREATE UNIQUE INDEX bookings_by_confirmation_id ON bookings(confirmation_id) WHERE confirmation_id IS NOT NULL;
CREATE INDEX bookings_by_partner ON bookings(partner_id) WHERE partner_id IS NOT NULL;
)SQL";

// The webhook outbox (partners/partner_events.hpp): each partner booking's events, queued with the change itself.
constexpr std::string_view kData18 = R"SQL(
CREATE TABLE partner_events (
  id {id},
  event_id TEXT NOT NULL UNIQUE,
  partner_id BIGINT NOT NULL,
  booking_id BIGINT NOT NULL REFERENCES bookings(id),
  type TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending','sending','delivered','failed')),
  attempts BIGINT NOT NULL,
  next_attempt_at BIGINT NOT NULL,
  locked_until BIGINT,
  last_error TEXT,
  created_at BIGINT NOT NULL,
  delivered_at BIGINT
);
CREATE INDEX partner_events_due ON partner_events(next_attempt_at) WHERE status IN ('pending','sending');
CREATE INDEX partner_events_by_partner ON partner_events(partner_id);
)SQL";

// What an airline requires of its passengers (core/passenger_rules.hpp, as words), where it is from and its logo
// (getAirlines); and each passenger's travel data (booking/pnr.hpp: nationality, document, place of birth).
constexpr std::string_view kData19 = R"SQL(
ALTER TABLE airlines ADD COLUMN country TEXT NOT NULL DEFAULT '';
ALTER TABLE airlines ADD COLUMN logo_url TEXT NOT NULL DEFAULT '';
ALTER TABLE airlines ADD COLUMN passenger_rules TEXT NOT NULL DEFAULT '';
ALTER TABLE booking_passengers ADD COLUMN nationality TEXT;
ALTER TABLE booking_passengers ADD COLUMN document_type TEXT;
ALTER TABLE booking_passengers ADD COLUMN document_number TEXT;
ALTER TABLE booking_passengers ADD COLUMN document_country TEXT;
ALTER TABLE booking_passengers ADD COLUMN document_expiry TEXT;
ALTER TABLE booking_passengers ADD COLUMN place_of_birth TEXT;
)SQL";

// Flight changes (booking/change.hpp): each passenger type's share of each segment's price, so that a change
// replaces exactly what the changed segment cost; and every change (to another flight, or a flight cancelled: no
// `to`) with what it cost, gave back and kept, and what went through the agency's account (what a later
// cancellation may refund is capped by all that was charged).
constexpr std::string_view kData20 = R"SQL(
CREATE TABLE booking_segment_fares (
  booking_id BIGINT NOT NULL REFERENCES bookings(id),
  seq INTEGER NOT NULL,
  pax_type TEXT NOT NULL,
  passengers INTEGER NOT NULL,
  fare_each BIGINT NOT NULL,
  taxes_each BIGINT NOT NULL,
  PRIMARY KEY (booking_id, seq, pax_type)
);
CREATE TABLE booking_changes (
  id {id},
  booking_id BIGINT NOT NULL REFERENCES bookings(id),
  seq INTEGER NOT NULL,
  at BIGINT NOT NULL,
  actor TEXT NOT NULL,
  from_flight_id BIGINT NOT NULL,
  from_class TEXT NOT NULL,
  to_flight_id BIGINT,
  to_class TEXT,
  fee BIGINT NOT NULL,
  collected BIGINT NOT NULL,
  given_back BIGINT NOT NULL,
  forfeited BIGINT NOT NULL,
  currency TEXT NOT NULL,
  account_amount BIGINT NOT NULL
);
CREATE INDEX booking_changes_by_booking ON booking_changes(booking_id);
)SQL";

// Electronic tickets (ticketing/): each airline's next ticket serial (never handed out twice: the row is locked by
// the update that takes a range), the documents per passenger, and their flight coupons with IATA statuses. A
// document's state is its coupons'. Coupons carry their booking for the agent role's row security.
constexpr std::string_view kData21 = R"SQL(
CREATE TABLE ticket_serials (
  airline TEXT PRIMARY KEY REFERENCES airlines(designator),
  next_serial BIGINT NOT NULL
);
CREATE TABLE tickets (
  id {id},
  number TEXT NOT NULL UNIQUE,
  booking_id BIGINT NOT NULL REFERENCES bookings(id),
  passenger INTEGER NOT NULL,
  airline TEXT NOT NULL,
  conjunction_of TEXT,
  fare_amount BIGINT NOT NULL,
  taxes_amount BIGINT NOT NULL,
  currency TEXT NOT NULL,
  issued_at BIGINT NOT NULL
);
CREATE INDEX tickets_by_booking ON tickets(booking_id);
CREATE TABLE ticket_coupons (
  ticket_id BIGINT NOT NULL REFERENCES tickets(id),
  coupon INTEGER NOT NULL CHECK (coupon BETWEEN 1 AND 4),
  booking_id BIGINT NOT NULL REFERENCES bookings(id),
  segment_seq INTEGER NOT NULL,
  flight_id BIGINT NOT NULL,
  booking_class TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('O','C','L','F','E','R','V')),
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (ticket_id, coupon)
);
CREATE INDEX ticket_coupons_by_booking ON ticket_coupons(booking_id);
CREATE INDEX ticket_coupons_by_flight ON ticket_coupons(flight_id);
)SQL";

// Check-in (booking/check_in.hpp): each passenger checked in on a flight, with the flight's check-in sequence number
// (never given twice on a flight), the seat (none until seat maps) and the door it came through.
constexpr std::string_view kData22 = R"SQL(
CREATE TABLE check_ins (
  booking_id BIGINT NOT NULL REFERENCES bookings(id),
  passenger INTEGER NOT NULL,
  segment_seq INTEGER NOT NULL,
  flight_id BIGINT NOT NULL,
  sequence INTEGER NOT NULL,
  seat TEXT NOT NULL,
  channel TEXT NOT NULL,
  checked_in_at BIGINT NOT NULL,
  PRIMARY KEY (booking_id, passenger, segment_seq)
);
CREATE UNIQUE INDEX check_ins_sequence_per_flight ON check_ins(flight_id, sequence);
)SQL";

// Seat maps (seating/seat_map.hpp): each configuration's layout as staff wrote it, and the seat each passenger holds
// on each flight (chosen or given at check-in), never one seat to two passengers on a flight.
constexpr std::string_view kData23 = R"SQL(
ALTER TABLE cabin_configs ADD COLUMN seat_map TEXT NOT NULL DEFAULT '';
CREATE TABLE seat_assignments (
  flight_id BIGINT NOT NULL REFERENCES flights(id),
  seat TEXT NOT NULL,
  booking_id BIGINT NOT NULL REFERENCES bookings(id),
  passenger INTEGER NOT NULL,
  segment_seq INTEGER NOT NULL,
  chosen BIGINT NOT NULL,
  assigned_at BIGINT NOT NULL,
  PRIMARY KEY (flight_id, seat),
  UNIQUE (booking_id, passenger, segment_seq)
);
)SQL";

// Departure control (dcs/): coupons may be closed ('Z', a no-show's unusable coupon: SQLite cannot change a CHECK,
// so the table is rebuilt); who boarded when; offloads, kept so that a sequence number is never given twice on a
// flight; no-shows and each flight's closing.
constexpr std::string_view kData24 = R"SQL(
CREATE TABLE ticket_coupons_v24 (
  ticket_id BIGINT NOT NULL REFERENCES tickets(id),
  coupon INTEGER NOT NULL CHECK (coupon BETWEEN 1 AND 4),
  booking_id BIGINT NOT NULL REFERENCES bookings(id),
  segment_seq INTEGER NOT NULL,
  flight_id BIGINT NOT NULL,
  booking_class TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('O','C','L','F','E','R','V','Z')),
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (ticket_id, coupon)
);
INSERT INTO ticket_coupons_v24 (ticket_id, coupon, booking_id, segment_seq, flight_id, booking_class, status, updated_at)
  SELECT ticket_id, coupon, booking_id, segment_seq, flight_id, booking_class, status, updated_at FROM ticket_coupons;
DROP TABLE ticket_coupons;
ALTER TABLE ticket_coupons_v24 RENAME TO ticket_coupons;
CREATE INDEX ticket_coupons_by_booking ON ticket_coupons(booking_id);
CREATE INDEX ticket_coupons_by_flight ON ticket_coupons(flight_id);
ALTER TABLE check_ins ADD COLUMN boarded_at BIGINT;
CREATE TABLE offloads (
  flight_id BIGINT NOT NULL REFERENCES flights(id),
  booking_id BIGINT NOT NULL REFERENCES bookings(id),
  passenger INTEGER NOT NULL,
  segment_seq INTEGER NOT NULL,
  sequence INTEGER NOT NULL,
  seat TEXT NOT NULL,
  offloaded_at BIGINT NOT NULL,
  offloaded_by TEXT NOT NULL
);
CREATE INDEX offloads_by_flight ON offloads(flight_id);
CREATE TABLE no_shows (
  flight_id BIGINT NOT NULL REFERENCES flights(id),
  booking_id BIGINT NOT NULL REFERENCES bookings(id),
  passenger INTEGER NOT NULL,
  segment_seq INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  recorded_at BIGINT NOT NULL,
  PRIMARY KEY (flight_id, booking_id, passenger)
);
CREATE TABLE flight_closures (
  flight_id BIGINT PRIMARY KEY REFERENCES flights(id),
  closed_at BIGINT NOT NULL,
  closed_by TEXT NOT NULL,
  boarded INTEGER NOT NULL,
  no_shows INTEGER NOT NULL
);
)SQL";

// Special service requests (booking/ssr.hpp): each passenger's on each flight, one of a code.
constexpr std::string_view kData25 = R"SQL(
CREATE TABLE booking_ssrs (
  booking_id BIGINT NOT NULL REFERENCES bookings(id),
  passenger INTEGER NOT NULL,
  segment_seq INTEGER NOT NULL,
  code TEXT NOT NULL,
  text TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (booking_id, passenger, segment_seq, code)
);
)SQL";

// When web check-in opens and closes at each airport, as each airline sets it (reference::CheckInTimes).
constexpr std::string_view kData26 = R"SQL(
CREATE TABLE check_in_windows (
  airline TEXT NOT NULL REFERENCES airlines(designator),
  airport TEXT NOT NULL REFERENCES airports(code),
  opens_minutes BIGINT NOT NULL,
  closes_minutes BIGINT NOT NULL,
  PRIMARY KEY (airline, airport)
);
)SQL";

// Priced extras (booking/extras.hpp): each airline's prices, and the EMDs sold (numbers from the ticket serials).
constexpr std::string_view kData27 = R"SQL(
CREATE TABLE extra_prices (
  airline TEXT NOT NULL REFERENCES airlines(designator),
  code TEXT NOT NULL,
  amount BIGINT NOT NULL CHECK (amount > 0),
  currency TEXT NOT NULL,
  PRIMARY KEY (airline, code)
);
CREATE TABLE emds (
  id {id},
  number TEXT NOT NULL UNIQUE,
  booking_id BIGINT NOT NULL REFERENCES bookings(id),
  passenger INTEGER NOT NULL,
  segment_seq INTEGER NOT NULL,
  flight_id BIGINT NOT NULL,
  code TEXT NOT NULL,
  rfic TEXT NOT NULL,
  rfisc TEXT NOT NULL,
  seat TEXT NOT NULL,
  amount BIGINT NOT NULL,
  currency TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('O','C','L','F','E','R','V','Z')),
  issued_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX emds_by_booking ON emds(booking_id);
)SQL";

// Extras added to a held booking (an API's or a partner's, before paying): priced when added, in the booking's
// currency, charged with the fare at confirmation and issued as EMDs then (BookingService::BuyExtras, Confirm).
constexpr std::string_view kData28 = R"SQL(
CREATE TABLE extras_due (
  id {id},
  booking_id BIGINT NOT NULL REFERENCES bookings(id),
  passenger INTEGER NOT NULL,
  segment_seq INTEGER NOT NULL,
  code TEXT NOT NULL,
  seat TEXT NOT NULL,
  amount BIGINT NOT NULL CHECK (amount > 0),
  currency TEXT NOT NULL,
  added_at BIGINT NOT NULL
);
CREATE INDEX extras_due_by_booking ON extras_due(booking_id);
)SQL";

// Who checked a passenger in, as Resolution 792's source of check-in (booking::CheckInSource); earlier check-ins were
// the web's.
constexpr std::string_view kData29 = R"SQL(
ALTER TABLE check_ins ADD COLUMN source TEXT NOT NULL DEFAULT 'W';
)SQL";

// A flight with passengers that the schedule moved or took away (schedule::ScheduleAdminService writes it in the
// change's own transaction, with the times the passengers were sold), and what became of each booking on it
// (booking::ScheduleChangeService: stays, moved to another flight, or left for staff) with the passenger's answer.
constexpr std::string_view kData30 = R"SQL(
CREATE TABLE disruptions (
  id {id},
  flight_id BIGINT NOT NULL REFERENCES flights(id),
  kind TEXT NOT NULL CHECK (kind IN ('RETIMED', 'CANCELLED', 'REEQUIPPED')),
  old_departure_utc BIGINT NOT NULL,
  old_arrival_utc BIGINT NOT NULL,
  actor TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  done_at BIGINT
);
CREATE INDEX disruptions_pending ON disruptions(done_at, id);
CREATE TABLE schedule_changes (
  id {id},
  disruption_id BIGINT NOT NULL REFERENCES disruptions(id),
  booking_id BIGINT NOT NULL REFERENCES bookings(id),
  segment_seq INTEGER NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('STAYS', 'MOVED', 'UNPLACED')),
  from_flight_id BIGINT NOT NULL REFERENCES flights(id),
  to_flight_id BIGINT REFERENCES flights(id),
  reason TEXT NOT NULL,
  answer TEXT CHECK (answer IN ('ACCEPTED', 'REFUNDED', 'RESOLVED')),
  answered_by TEXT,
  answered_at BIGINT,
  created_at BIGINT NOT NULL,
  UNIQUE (disruption_id, booking_id)
);
CREATE INDEX schedule_changes_by_booking ON schedule_changes(booking_id);
CREATE INDEX schedule_changes_open ON schedule_changes(outcome, answer);
)SQL";

// What searches read, changed: the feed a node's search snapshot (shopping::SearchSnapshot) follows. A flight's
// counters or class controls changing (holds, sales, cancellations, staff controls, re-accommodation) append the
// flight to inventory_changes, in the changing transaction whoever writes; anything else a search reads (flights,
// cabins, fares, taxes, rates, airlines' sales terms, connection times) moves catalogue_version. Triggers, so no
// writer can forget; SQLite has no statement triggers, so its catalogue triggers run per row. `{serial}`: a pruned
// feed never hands out a number again.
constexpr std::string_view kData31 = R"SQL(
CREATE TABLE inventory_changes (
  seq {serial},
  flight_id BIGINT NOT NULL,
  changed_at BIGINT NOT NULL
);
CREATE INDEX inventory_changes_by_time ON inventory_changes(changed_at);
CREATE TABLE catalogue_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version BIGINT NOT NULL
);
INSERT INTO catalogue_version(id, version) VALUES (1, 0);
)SQL";
constexpr std::string_view kData31Sqlite = R"SQL(
CREATE TRIGGER flight_classes_counted AFTER UPDATE OF sold, held, authorized, closed ON flight_classes
WHEN OLD.sold <> NEW.sold OR OLD.held <> NEW.held OR OLD.authorized <> NEW.authorized OR OLD.closed <> NEW.closed
BEGIN
  INSERT INTO inventory_changes(flight_id, changed_at) VALUES (NEW.flight_id, CAST(strftime('%s', 'now') AS INTEGER));
END;
CREATE TRIGGER flights_insert_catalogue AFTER INSERT ON flights
BEGIN UPDATE catalogue_version SET version = version + 1; END;
CREATE TRIGGER flights_delete_catalogue AFTER DELETE ON flights
BEGIN UPDATE catalogue_version SET version = version + 1; END;
CREATE TRIGGER flights_update_catalogue AFTER UPDATE OF airline, flight_number, departure_date, origin, destination,
  departure_utc, arrival_utc, config_id, status ON flights
BEGIN UPDATE catalogue_version SET version = version + 1; END;
CREATE TRIGGER flight_cabins_insert_catalogue AFTER INSERT ON flight_cabins
BEGIN UPDATE catalogue_version SET version = version + 1; END;
CREATE TRIGGER flight_cabins_delete_catalogue AFTER DELETE ON flight_cabins
BEGIN UPDATE catalogue_version SET version = version + 1; END;
CREATE TRIGGER flight_cabins_update_catalogue AFTER UPDATE ON flight_cabins
BEGIN UPDATE catalogue_version SET version = version + 1; END;
CREATE TRIGGER flight_classes_insert_catalogue AFTER INSERT ON flight_classes
BEGIN UPDATE catalogue_version SET version = version + 1; END;
CREATE TRIGGER flight_classes_delete_catalogue AFTER DELETE ON flight_classes
BEGIN UPDATE catalogue_version SET version = version + 1; END;
CREATE TRIGGER fares_insert_catalogue AFTER INSERT ON fares
BEGIN UPDATE catalogue_version SET version = version + 1; END;
CREATE TRIGGER fares_delete_catalogue AFTER DELETE ON fares
BEGIN UPDATE catalogue_version SET version = version + 1; END;
CREATE TRIGGER fares_update_catalogue AFTER UPDATE ON fares
BEGIN UPDATE catalogue_version SET version = version + 1; END;
CREATE TRIGGER taxes_insert_catalogue AFTER INSERT ON taxes
BEGIN UPDATE catalogue_version SET version = version + 1; END;
CREATE TRIGGER taxes_delete_catalogue AFTER DELETE ON taxes
BEGIN UPDATE catalogue_version SET version = version + 1; END;
CREATE TRIGGER taxes_update_catalogue AFTER UPDATE ON taxes
BEGIN UPDATE catalogue_version SET version = version + 1; END;
CREATE TRIGGER currency_rates_insert_catalogue AFTER INSERT ON currency_rates
BEGIN UPDATE catalogue_version SET version = version + 1; END;
CREATE TRIGGER currency_rates_delete_catalogue AFTER DELETE ON currency_rates
BEGIN UPDATE catalogue_version SET version = version + 1; END;
CREATE TRIGGER currency_rates_update_catalogue AFTER UPDATE ON currency_rates
BEGIN UPDATE catalogue_version SET version = version + 1; END;
CREATE TRIGGER airlines_insert_catalogue AFTER INSERT ON airlines
BEGIN UPDATE catalogue_version SET version = version + 1; END;
CREATE TRIGGER airlines_delete_catalogue AFTER DELETE ON airlines
BEGIN UPDATE catalogue_version SET version = version + 1; END;
CREATE TRIGGER airlines_update_catalogue AFTER UPDATE OF base_currency, sales_cutoff_minutes ON airlines
BEGIN UPDATE catalogue_version SET version = version + 1; END;
CREATE TRIGGER min_connection_times_insert_catalogue AFTER INSERT ON min_connection_times
BEGIN UPDATE catalogue_version SET version = version + 1; END;
CREATE TRIGGER min_connection_times_delete_catalogue AFTER DELETE ON min_connection_times
BEGIN UPDATE catalogue_version SET version = version + 1; END;
CREATE TRIGGER min_connection_times_update_catalogue AFTER UPDATE ON min_connection_times
BEGIN UPDATE catalogue_version SET version = version + 1; END;
)SQL";
constexpr std::string_view kData31Postgres = R"SQL(
CREATE FUNCTION jetway_inventory_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO inventory_changes(flight_id, changed_at) VALUES (NEW.flight_id, extract(epoch FROM now())::BIGINT);
  RETURN NULL;
END $$;
CREATE FUNCTION jetway_catalogue_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE catalogue_version SET version = version + 1;
  RETURN NULL;
END $$;
CREATE TRIGGER flight_classes_counted AFTER UPDATE OF sold, held, authorized, closed ON flight_classes
  FOR EACH ROW WHEN (OLD.sold IS DISTINCT FROM NEW.sold OR OLD.held IS DISTINCT FROM NEW.held
    OR OLD.authorized IS DISTINCT FROM NEW.authorized OR OLD.closed IS DISTINCT FROM NEW.closed)
  EXECUTE FUNCTION jetway_inventory_changed();
CREATE TRIGGER flights_catalogue AFTER INSERT OR DELETE OR UPDATE OF airline, flight_number, departure_date, origin,
  destination, departure_utc, arrival_utc, config_id, status ON flights
  FOR EACH STATEMENT EXECUTE FUNCTION jetway_catalogue_changed();
CREATE TRIGGER flight_cabins_catalogue AFTER INSERT OR DELETE OR UPDATE ON flight_cabins
  FOR EACH STATEMENT EXECUTE FUNCTION jetway_catalogue_changed();
CREATE TRIGGER flight_classes_catalogue AFTER INSERT OR DELETE ON flight_classes
  FOR EACH STATEMENT EXECUTE FUNCTION jetway_catalogue_changed();
CREATE TRIGGER fares_catalogue AFTER INSERT OR DELETE OR UPDATE ON fares
  FOR EACH STATEMENT EXECUTE FUNCTION jetway_catalogue_changed();
CREATE TRIGGER taxes_catalogue AFTER INSERT OR DELETE OR UPDATE ON taxes
  FOR EACH STATEMENT EXECUTE FUNCTION jetway_catalogue_changed();
CREATE TRIGGER currency_rates_catalogue AFTER INSERT OR DELETE OR UPDATE ON currency_rates
  FOR EACH STATEMENT EXECUTE FUNCTION jetway_catalogue_changed();
CREATE TRIGGER airlines_catalogue AFTER INSERT OR DELETE OR UPDATE OF base_currency, sales_cutoff_minutes ON airlines
  FOR EACH STATEMENT EXECUTE FUNCTION jetway_catalogue_changed();
CREATE TRIGGER min_connection_times_catalogue AFTER INSERT OR DELETE OR UPDATE ON min_connection_times
  FOR EACH STATEMENT EXECUTE FUNCTION jetway_catalogue_changed();
)SQL";

// Ticket serials handed out from blocks cut from the airline's counter (ticketing/ticket_store.cpp says why): each
// block's next serial and the end of its range; the index finds the blocks with serials left.
constexpr std::string_view kData32 = R"SQL(
CREATE TABLE ticket_serial_blocks (
  id {id},
  airline TEXT NOT NULL REFERENCES airlines(designator),
  next_serial BIGINT NOT NULL,
  end_serial BIGINT NOT NULL,
  CHECK (next_serial <= end_serial)
);
CREATE INDEX ticket_serial_blocks_open ON ticket_serial_blocks(airline, id) WHERE next_serial < end_serial;
)SQL";

// A schedule line's dated flights: listing the schedules counts each line's flights, and a line's change, its
// cabins and its SSIM export read them. Without it each was a scan of every flight (on PostgreSQL the schedule
// list took 164 ms for the demo's 54 lines and 17,836 flights, and grows with lines times flights).
constexpr std::string_view kData33 = R"SQL(
CREATE INDEX flights_by_schedule ON flights(schedule_id, departure_date);
)SQL";

// On PostgreSQL the catalogue moves once per transaction, not once per statement. Each UPDATE of its one row leaves
// a version the same transaction cannot prune, and the next UPDATE scans past all of them: a transaction of n
// statements on flights, cabins or fares did n squared / 2 row visits (the demo load's 17,836 flight inserts took
// 12 s). The flag is the transaction's own (set_config(..., true)): it ends with it, and goes back with a savepoint
// rolled back, together with the UPDATE it stood for. Its value is the transaction's id, which no SET of a session,
// role or database can match. A reader only compares versions, so one move says as much.
constexpr std::string_view kData34Postgres = R"SQL(
CREATE OR REPLACE FUNCTION jetway_catalogue_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('jetway.catalogue_changed', true) IS DISTINCT FROM pg_current_xact_id()::text THEN
    UPDATE catalogue_version SET version = version + 1;
    PERFORM set_config('jetway.catalogue_changed', pg_current_xact_id()::text, true);
  END IF;
  RETURN NULL;
END $$;
)SQL";

constexpr Migration kDataMigrations[] = {{1, "booking spine", kData1}, {2, "payments by booking", kData2},
                                             {3, "bookings by agency", kData3}, {4, "mail outbox", kData4},
                                             {5, "booking prices and fare terms", kData5},
                                             {6, "hold tokens and holding clients", kData6},
                                             {7, "mail outbox for every kind of message", kData7},
                                             {8, "airports change while serving", kData8},
                                             {9, "bookings found by name and e-mail", kData9},
                                             {10, "payments and booking events by time, bookings by name", kData10},
                                             {11, "fare history", kData11},
                                             {12, "airline sales policy", kData12},
                                             {13, "agency accounts and their ledger", kData13},
                                             {14, "each segment's share of the price", kData14},
                                             {15, "agency commissions", kData15},
                                             {16, "idempotency keys and mail by agency", kData16},
                                             {17, "bookings by partner", kData17},
                                             {18, "partner webhook outbox", kData18},
                                             {19, "passenger travel data and airlines' rules for it", kData19},
                                             {20, "flight changes", kData20},
                                             {21, "electronic tickets", kData21},
                                             {22, "check-in", kData22},
                                             {23, "seat maps and seats", kData23},
                                             {24, "departure control", kData24},
                                             {25, "special service requests", kData25},
                                             {26, "check-in windows per airport", kData26},
                                             {27, "priced extras and their EMDs", kData27},
                                             {28, "extras to pay with a held booking", kData28},
                                             {29, "the source of each check-in", kData29},
                                             {30, "schedule changes and re-accommodation", kData30},
                                             {31, "the search snapshot's change feed", kData31, kData31Sqlite,
                                              kData31Postgres},
                                             {32, "ticket serials in blocks", kData32},
                                             {33, "flights by schedule line", kData33},
                                             {34, "the catalogue moves once a transaction", {}, {}, kData34Postgres},
                                             {35, "CHECK lists as comparisons on SQLite", {}, {}, {},
                                              UnrollSqliteCheckInLists}};
constexpr Migration kWebMigrations[] = {{1, "site settings and pages", kWeb1}, {2, "site keys", kWeb2}};
constexpr Migration kMgmtMigrations[] = {{1, "settings and audit log", kMgmt1},
                                         {2, "staff users", kMgmt2},
                                         {3, "staff identity and the audit chain", kMgmt3},
                                         {4, "node leases and backups", kMgmt4},
                                         {5, "error tracking", kMgmt5},
                                         {6, "status page", kMgmt6},
                                         {7, "security events", kMgmt7},
                                         {8, "travel agencies", kMgmt8},
                                         {9, "agency users", kMgmt9},
                                         {10, "partners", kMgmt10}};

constexpr const char* kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, "
    "applied_at BIGINT NOT NULL)";
// Any fixed key: it only has to be the same for every jetway process migrating this database.
constexpr const char* kMigrationLock = "SELECT pg_advisory_xact_lock(7305241)";
constexpr const char* kMaxVersion = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
constexpr const char* kRecordMigration = "INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)";

}  // namespace

std::span<const Migration> DataMigrations() { return kDataMigrations; }
std::span<const Migration> WebMigrations() { return kWebMigrations; }
std::span<const Migration> MgmtMigrations() { return kMgmtMigrations; }

std::string ExpandDdl(Engine engine, std::string_view sql) {
  const bool pg = engine == Engine::kPostgres;
  const std::pair<std::string_view, std::string_view> tokens[] = {
      {"{id}", pg ? "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY" : "INTEGER PRIMARY KEY"},
      {"{serial}", pg ? "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT"},
      {"{without_rowid}", pg ? "" : "WITHOUT ROWID"},
  };
  std::string out(sql);
  for (const auto& [token, text] : tokens)
    for (auto at = out.find(token); at != std::string::npos; at = out.find(token, at + text.size()))
      out.replace(at, token.size(), text);
  return out;
}

int SchemaVersion(Connection& connection) {
  connection.ExecScript(kCreateMigrationsTable);
  auto stmt = connection.Prepare(kMaxVersion);
  stmt.Step();
  return static_cast<int>(stmt.Int(0));
}

int AppliedVersion(Connection& connection) {
  try {
    auto stmt = connection.Prepare(kMaxVersion);
    stmt.Step();
    return static_cast<int>(stmt.Int(0));
  } catch (const StoreError& e) {
    if (e.kind() == StoreErrorKind::kUnavailable) throw;
    return 0;  // no schema_migrations table (or no right to read it): not migrated for this role
  }
}

int Migrate(Connection& connection, std::span<const Migration> migrations) {
  int ran = 0;
  Transaction tx(connection);
  // Several app nodes may start at once against one PostgreSQL database; the first migrates, the others wait for
  // it and then find nothing left to do. (SQLite's write transaction already serializes them.)
  if (connection.engine() == Engine::kPostgres) connection.ExecScript(kMigrationLock);
  int current = SchemaVersion(connection);
  for (const auto& migration : migrations) {
    if (migration.version <= current) continue;
    if (!migration.sql.empty()) connection.ExecScript(ExpandDdl(connection.engine(), migration.sql));
    const auto own = connection.engine() == Engine::kPostgres ? migration.postgres_sql : migration.sqlite_sql;
    if (!own.empty()) connection.ExecScript(std::string(own));
    if (migration.sqlite_step && connection.engine() == Engine::kSqlite) migration.sqlite_step(connection);
    connection.Prepare(kRecordMigration)
        .Bind(1, migration.version)
        .Bind(2, migration.name)
        .Bind(3, static_cast<std::int64_t>(std::time(nullptr)))
        .Exec();
    ++ran;
  }
  tx.Commit();
  return ran;
}

}  // namespace jetway::store

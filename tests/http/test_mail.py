"""The confirmation e-mail end to end: the real binary sends through a real SMTP server (tests/http/smtp_sink.py,
Debian's aiosmtpd) on 127.0.0.1; while that server is down, attempts fail, are recorded on the outbox row and
retried with backoff; once it is back the message arrives exactly once, and nothing is ever delivered twice."""
import email
import email.policy
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import time
import unittest

from jw import PG_OWNER_URL, PSQL, Server, adults, card, free_port, pg_url, today_plus
from smtp_sink import Sink

FROM = "Kattegat Air <bookings@x9.example>"


def wait_for(predicate, timeout=20, interval=0.1, what="condition"):
    """Polls `predicate` until it returns something true, for at most `timeout` seconds."""
    deadline = time.time() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.time() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


def outbox(server, locator=None):
    """The mail_outbox rows (as dicts), read straight from the server's data database."""
    columns = ["id", "kind", "reference", "recipient", "language", "status", "attempts", "next_attempt_at",
               "locked_until", "last_error", "created_at", "sent_at", "payload"]
    where, params = ("WHERE reference = ?", (locator,)) if locator else ("", ())
    sql = f"SELECT {', '.join(columns)} FROM mail_outbox {where} ORDER BY id"
    if server.pg_prefix:
        if locator:
            sql = sql.replace("?", "'" + locator.replace("'", "''") + "'")
        out = subprocess.run([PSQL, pg_url(f"{server.pg_prefix}_data"), "-X", "-qAt", "-F", "\t", "-c", sql],
                             capture_output=True, text=True, timeout=60, check=True).stdout
        rows = [line.split("\t") for line in out.splitlines() if line]
        return [{c: (int(v) if c in ("id", "attempts") else (v or None)) for c, v in zip(columns, row)} for row in rows]
    with sqlite3.connect(os.path.join(server.data_dir, "data.db"), timeout=10) as db:
        return [dict(zip(columns, row)) for row in db.execute(sql, params)]


class MailTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.mail_dir = tempfile.mkdtemp(prefix="jetway-mail-")
        cls.sink = Sink(free_port(), cls.mail_dir).start()
        cls.server = Server(env={"JETWAY_SMTP_URL": f"smtp://127.0.0.1:{cls.sink.port}", "JETWAY_MAIL_FROM": FROM,
                                 "JETWAY_MAIL_INTERVAL_MS": "200", "JETWAY_MAIL_RETRY_SECONDS": "1"}).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.close()
        cls.sink.stop()
        shutil.rmtree(cls.mail_dir, ignore_errors=True)

    def book(self, email_address, language, days, last="Hansen"):
        """Holds and confirms one flight CPH-HAM for two adults; returns the confirmed booking's JSON."""
        status, body, _ = self.server.search("CPH", "HAM", today_plus(days), adults=2)
        self.assertEqual(status, 200, body)
        segment = body["outbound"][0]["segments"][0]
        status, held, _ = self.server.hold([{"flight_id": segment["flight_id"], "booking_class": "M"}], adults=2)
        self.assertEqual(status, 201, held)
        confirm = {"passengers": adults(2, last), "contact": {"email": email_address, "phone": "+45 32 31 32 31"},
                   "payment": card(), "language": language}
        status, booking, _ = self.server.request("POST", f"/api/v1/bookings/{held['locator']}/confirm", confirm)
        self.assertEqual(status, 200, booking)
        return booking

    def parse(self, raw):
        return email.message_from_bytes(raw, policy=email.policy.default)

    def assert_confirmation(self, message, booking, recipient, subject_words):
        locator = booking["locator"]
        self.assertEqual(message["X-Sink-Rcpt-To"], recipient)  # the SMTP envelope
        self.assertEqual(message["X-Sink-Mail-From"], "bookings@x9.example")
        self.assertEqual(str(message["To"]), recipient)
        self.assertEqual(message["From"].addresses[0].display_name, "Kattegat Air")
        self.assertIn(locator, str(message["Subject"]))
        for word in subject_words:
            self.assertIn(word, str(message["Subject"]))
        self.assertRegex(message["Message-ID"], rf"^<outbox-\d+\.{locator}@x9\.example>$")
        # The text and HTML alternatives, and the ticketed booking's receipt as a PDF file beside them.
        self.assertEqual(message.get_content_type(), "multipart/mixed")
        [receipt] = list(message.iter_attachments())
        self.assertEqual((receipt.get_content_type(), receipt.get_filename()),
                         ("application/pdf", f"receipt-{locator}.pdf"))
        pdf_text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=receipt.get_content(),
                                  capture_output=True, check=True).stdout.decode()
        self.assertIn(locator, pdf_text)
        for ticket in booking["tickets"]:
            self.assertIn(f"{ticket['number'][:3]}-{ticket['number'][3:]}", pdf_text)
        self.assertIn(booking["total"]["amount"], pdf_text)
        text = message.get_body(preferencelist=("plain",)).get_content()
        html = message.get_body(preferencelist=("html",)).get_content()
        self.assertTrue(html.lstrip().lower().startswith("<!doctype html>"))
        segment = booking["segments"][0]
        for part in (text, html):
            self.assertIn(locator, part)
            self.assertIn("Kattegat Air", part)
            self.assertIn(segment["flight_number"], part)
            self.assertIn(segment["origin"], part)
            self.assertIn(segment["destination"], part)
            self.assertIn(segment["departure_local"][11:16], part)  # local time, as the API shows it
            self.assertIn(segment["arrival_local"][11:16], part)
            for p in booking["passengers"]:
                self.assertIn(f"{p['first_name']} {p['last_name']}", part)
            self.assertIn(booking["total"]["amount"], part)
        return text, html

    def test_confirmation_arrives_once_and_survives_an_smtp_outage(self):
        # 1. The SMTP server is up: the confirmation arrives.
        first = self.book("ida.hansen@example.dk", "en", 10)
        raw = wait_for(lambda: self.sink.messages(), what="the first confirmation")
        self.assertEqual(len(raw), 1)
        self.assert_confirmation(self.parse(raw[0]), first, "ida.hansen@example.dk", ["confirmed"])
        row = wait_for(lambda: [r for r in outbox(self.server, first["locator"]) if r["status"] == "sent"],
                       what="the first row marked sent")[0]
        self.assertEqual(row["attempts"], 1)

        # 2. The SMTP server goes down: a second confirmation is attempted, fails, and is retried with backoff.
        self.sink.stop()
        second = self.book("ole.jensen@example.dk", "da", 11, last="Jensen")
        # Read between attempts: while the sender tries again the row is briefly "sending" (a loaded machine once
        # caught it so).
        failing = wait_for(lambda: [r for r in outbox(self.server, second["locator"])
                                    if r["attempts"] >= 2 and r["last_error"] and r["status"] != "sending"],
                           what="two failed attempts recorded")[0]
        self.assertEqual(failing["status"], "pending")
        self.assertEqual(failing["recipient"], "ole.jensen@example.dk")
        self.assertEqual(failing["language"], "da")
        self.assertIsNone(failing["sent_at"])
        self.assertEqual(len(self.sink.messages()), 1)

        # 3. The server is back on the same port: the message arrives, once.
        self.sink.start()
        wait_for(lambda: len(self.sink.messages()) >= 2, timeout=30, what="the retried confirmation")
        sent = wait_for(lambda: [r for r in outbox(self.server, second["locator"]) if r["status"] == "sent"],
                        what="the second row marked sent")[0]
        self.assertGreaterEqual(sent["attempts"], 3)
        self.assertIsNotNone(sent["last_error"])  # the outage stays on the record
        message = self.parse(self.sink.messages()[1])
        text, html = self.assert_confirmation(message, second, "ole.jensen@example.dk", ["bekræftet"])
        self.assertIn("Passagerer", text)  # Danish, as asked for
        self.assertIn('lang="da"', html)

        # 4. Several send intervals later: still exactly one message per confirmed booking.
        time.sleep(2)
        messages = [self.parse(m) for m in self.sink.messages()]
        self.assertEqual(len(messages), 2)
        self.assertEqual(len({m["Message-ID"] for m in messages}), 2)
        rows = outbox(self.server)
        self.assertEqual(len(rows), 2)
        self.assertEqual({r["status"] for r in rows}, {"sent"})
        self.assertNotIn('"mail not sent; gave up"', self.server.log())


class NoSmtpServerTest(unittest.TestCase):
    """Without mail.smtp_url nothing is sent: the confirmation waits in the outbox, and serve says so once."""

    def test_mail_stays_queued(self):
        server = Server(env={"JETWAY_MAIL_INTERVAL_MS": "50"}).start()
        try:
            status, body, _ = server.search("CPH", "HAM", today_plus(12))
            segment = body["outbound"][0]["segments"][0]
            status, held, _ = server.hold([{"flight_id": segment["flight_id"], "booking_class": "M"}], adults=1)
            self.assertEqual(status, 201, held)
            status, booking, _ = server.confirm(held["locator"], adults(1))
            self.assertEqual(status, 200, booking)
            time.sleep(0.5)
            rows = outbox(server, held["locator"])
            self.assertEqual([(r["status"], r["attempts"]) for r in rows], [("pending", 0)])
            self.assertEqual(server.log().count("mail.smtp_url is not set"), 1)
        finally:
            server.close()


@unittest.skipUnless(PG_OWNER_URL, "PostgreSQL only")
class OutboxPrivilegesTest(unittest.TestCase):
    """The public role queues and updates e-mails (its confirms and its sender) but cannot delete them."""

    def test_public_role_queues_and_updates_but_cannot_delete(self):
        server = Server(demo=False)
        try:
            url = pg_url(f"{server.pg_prefix}_data", "jetway_public", "public-secret")

            def psql(sql):
                return subprocess.run([PSQL, url, "-X", "-qAt", "-v", "ON_ERROR_STOP=1", "-c", sql],
                                      capture_output=True, text=True, timeout=60)

            insert = psql("INSERT INTO mail_outbox (kind, reference, recipient, language, status, attempts, "
                          "next_attempt_at, created_at) VALUES ('booking_confirmation', 'ABC234', 'a@b.example', "
                          "'en', 'pending', 0, 0, 0) RETURNING id")
            self.assertEqual(insert.returncode, 0, insert.stderr)
            update = psql("UPDATE mail_outbox SET status = 'sending', locked_until = 60 WHERE status = 'pending'")
            self.assertEqual(update.returncode, 0, update.stderr)
            delete = psql("DELETE FROM mail_outbox")
            self.assertNotEqual(delete.returncode, 0)
            self.assertIn("permission denied", delete.stderr)
            bad = psql("UPDATE mail_outbox SET status = 'lost'")
            self.assertNotEqual(bad.returncode, 0)  # the status CHECK
        finally:
            server.close()



class StaffNoticeMailTest(unittest.TestCase):
    """The back office's own e-mails go through the same outbox and SMTP: a member of staff whose password changes
    is told so (ASVS 2.2.3)."""

    @classmethod
    def setUpClass(cls):
        cls.mail_dir = tempfile.mkdtemp(prefix="jetway-mail-")
        cls.sink = Sink(free_port(), cls.mail_dir).start()
        cls.server = Server(admin=True, agent=True, env={"JETWAY_SMTP_URL": f"smtp://127.0.0.1:{cls.sink.port}",
                                                         "JETWAY_MAIL_FROM": FROM, "JETWAY_MAIL_INTERVAL_MS": "200"})
        cls.server.add_staff("desk@example.com", "reservations", "a first phrase for the counter")
        cls.server.add_staff("boss@example.com", "administrator", "running the whole airline here")
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.close()
        cls.sink.stop()
        shutil.rmtree(cls.mail_dir, ignore_errors=True)

    def test_a_password_change_is_mailed_to_its_owner(self):
        browser = self.server.office_browser("desk@example.com", "a first phrase for the counter")
        changed = browser.submit(browser.get("/account/password").form("/account/password"),
                                 current_password="a first phrase for the counter", password="a second phrase for the counter")
        self.assertEqual(changed.status, 303, changed.body[:300])
        raw = wait_for(lambda: self.sink.messages(), what="the security notice")
        self.assertEqual(len(raw), 1)
        message = email.message_from_bytes(raw[0], policy=email.policy.default)
        self.assertEqual(message["X-Sink-Rcpt-To"], "desk@example.com")
        self.assertEqual(str(message["Subject"]), "Kattegat Air: your back-office account was changed")
        text = message.get_body(preferencelist=("plain",)).get_content()
        self.assertIn("Your password was changed.", text)
        self.assertIn("tell your administrator at once", text)
        # Sent once, and the change itself no longer kept on the row.
        rows = [r for r in outbox(self.server) if r["kind"] == "staff_security_notice"
                and r["recipient"] == "desk@example.com"]
        self.assertEqual([(r["status"], r["payload"]) for r in rows], [("sent", None)])

    def test_an_agency_users_notice_speaks_of_the_agent_portal(self):
        office = self.server.office_browser("boss@example.com", "running the whole airline here")
        added = office.submit(office.get("/agencies").form("/agencies"), code="12345675", name="Nordlys Rejser",
                              contact_name="Ida Hansen", email="booking@nordlys.example", phone="+45 33 12 34 56",
                              address_line1="Vesterbrogade 10", address_line2="", postcode="1620", city="København",
                              country="dk", currency="DKK", airlines="X9", settlement="net")
        self.assertEqual(added.status, 303, added.body[:300])
        self.server.add_staff("chef@nordlys.example", "agency_admin", "the head of the agency speaks",
                              agency="12345675")
        portal = self.server.agent_browser("chef@nordlys.example", "the head of the agency speaks")
        changed = portal.submit(portal.get("/account/password").form("/account/password"),
                                current_password="the head of the agency speaks", password="a new phrase for the agency")
        self.assertEqual(changed.status, 303, changed.body[:300])

        def notice():
            for raw in self.sink.messages():
                message = email.message_from_bytes(raw, policy=email.policy.default)
                if message["X-Sink-Rcpt-To"] == "chef@nordlys.example":
                    return message
            return None

        message = wait_for(notice, what="the agency user's security notice")
        self.assertEqual(str(message["Subject"]), "Kattegat Air: your agent-portal account was changed")
        text = message.get_body(preferencelist=("plain",)).get_content()
        self.assertIn("agent-portal account", text)
        self.assertNotIn("back-office", text)
        self.assertIn("Your password was changed.", text)

if __name__ == "__main__":
    unittest.main()

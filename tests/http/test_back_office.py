"""The back office on its own listener, against the real binary on the engine under test: sign-in with a
Strict, HttpOnly, Secure session cookie that is new at every step (a planted id is worth nothing), lock-out that
never tells whether an account exists, TOTP enrolment and sign-in, one-time passwords that must be changed, sign-out,
CSRF on every POST, and the route walk: every registered back-office route (`jetway routes`) sends a stranger to the
sign-in page (401 for JSON) and answers 403 to staff whose role lacks its permission, changing nothing."""
import base64
import hashlib
import hmac
import json
import re
import struct
import subprocess
import time
import unittest

from ibe_browser import Browser
from jw import JETWAY_BIN, Server, adults, today_plus
import route_walk
from test_mail import outbox

PASSWORDS = {"admin@example.com": "the boss's long passphrase", "finance@example.com": "counting money all day long",
             "clerk@example.com": "reservations desk passphrase", "cashier@example.com": "cash desk at the airport"}
ROLES = {"admin@example.com": "administrator", "finance@example.com": "finance", "clerk@example.com": "reservations",
         "cashier@example.com": "finance"}
HTML = {"Accept": "text/html"}


def totp(secret_base32, at=None, step_offset=0):
    key = base64.b32decode(secret_base32 + "=" * (-len(secret_base32) % 8))
    counter = int((at or time.time()) // 30) + step_offset
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 15
    return f"{(struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7fffffff) % 1000000:06d}"


class BackOfficeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(admin=True)
        for email, password in PASSWORDS.items():
            cls.jetway("user", "add", "--email", email, "--role", ROLES[email], "--password-stdin", stdin=password + "\n")
        cls.server.start()
        # A role that grants nothing, for the route walk: every route with a permission must refuse its user.
        office = Browser(cls.server, HTML, port=cls.server.admin_port)
        signed_in = office.submit(office.get("/login").form("/login"), email="admin@example.com",
                                  password=PASSWORDS["admin@example.com"])
        assert signed_in.status == 303, signed_in.body[:300]
        saved = office.submit(office.get("/roles").form("/roles"), name="no_access")
        assert saved.status == 303, saved.body[:300]
        cls.jetway("user", "add", "--email", "nobody@example.com", "--role", "no_access", "--password-stdin",
                   stdin="a role with no permissions\n")
        cls.routes = [json.loads(line) for line in subprocess.run([JETWAY_BIN, "routes"], capture_output=True,
                                                                   text=True, check=True).stdout.splitlines()]

    @classmethod
    def tearDownClass(cls):
        cls.server.close()

    @classmethod
    def jetway(cls, *args, stdin=None):
        result = subprocess.run([JETWAY_BIN, *args, "--data-dir", cls.server.data_dir], env=cls.server.env,
                                input=stdin, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        return result.stdout

    def office(self):
        return Browser(self.server, HTML, port=self.server.admin_port)

    def sign_in(self, email, password=None, browser=None):
        browser = browser or self.office()
        form = browser.get("/login").form("/login")
        page = browser.submit(form, email=email, password=password or PASSWORDS[email])
        return browser, page

    def audit_rows(self):
        out = self.jetway("audit", "verify")
        return int(re.search(r"intact: (\d+) rows", out).group(1))

    def test_sign_in_sets_a_fresh_strict_session_cookie(self):
        browser = self.office()
        browser.cookies["jw_staff"] = "a" * 64  # planted by someone else before sign-in
        wrong = browser.submit(browser.get("/login").form("/login"), email="admin@example.com", password="not it at all")
        self.assertEqual(wrong.status, 401)
        self.assertIn("The e-mail address or the password is wrong", wrong.body)
        page = browser.submit(browser.get("/login").form("/login"), email="Admin@Example.com",
                              password=PASSWORDS["admin@example.com"])
        self.assertEqual(page.status, 303, page.body[:500])
        self.assertEqual(page.headers["Location"], "/")
        cookie = [c for c in page.cookies_set if c.startswith("jw_staff=")]
        self.assertEqual(len(cookie), 1)
        for attribute in ("HttpOnly", "SameSite=Strict", "Secure", "Path=/"):
            self.assertIn(attribute, cookie[0])
        self.assertNotEqual(browser.cookies["jw_staff"], "a" * 64)
        self.assertEqual(len(browser.cookies["jw_staff"]), 64)
        home = browser.get("/")
        self.assertEqual(home.status, 200)
        self.assertIn("admin@example.com", home.body)
        self.assertIn("users.manage", home.body)
        # The session lives on the back office's listener only: the public site knows nothing of it.
        public = Browser(self.server, HTML)
        public.cookies = dict(browser.cookies)
        self.assertEqual(public.get("/login").status, 404)

    def test_sign_out_ends_the_session(self):
        browser, _ = self.sign_in("clerk@example.com")
        token = browser.cookies["jw_staff"]
        home = browser.get("/")
        out = browser.submit(home.form("/logout"))
        self.assertEqual(out.status, 303)
        self.assertEqual(out.headers["Location"], "/login")
        self.assertEqual(browser.cookies["jw_staff"], "")
        browser.cookies["jw_staff"] = token  # the old cookie, kept by a thief
        self.assertEqual(browser.get("/").status, 303)

    def test_lock_out_says_nothing_about_which_accounts_exist(self):
        answers = {}
        for email in ("finance@example.com", "nobody-here@example.com"):
            statuses = []
            for _ in range(6):
                _, page = self.sign_in(email, "a wrong password, again")
                statuses.append(page.status)
            answers[email] = statuses
            self.assertEqual(statuses, [401] * 5 + [429], email)
            self.assertIn("Retry-After", page.headers)
        self.assertEqual(answers["finance@example.com"], answers["nobody-here@example.com"])

    def test_a_one_time_password_must_be_changed_first(self):
        out = self.jetway("user", "add", "--email", "new@example.com", "--role", "read_only")
        one_time = re.search(r"one-time password: (\w+)", out).group(1)
        browser, page = self.sign_in("new@example.com", one_time)
        self.assertEqual(page.headers["Location"], "/account/password")
        self.assertEqual(browser.get("/").headers["Location"], "/account/password")
        form = browser.get("/account/password").form("/account/password")
        weak = browser.submit(form, current_password=one_time, password="password1234")
        self.assertEqual(weak.status, 422)
        self.assertIn("too common", weak.body)
        done = browser.submit(form, current_password=one_time, password="my own long passphrase")
        self.assertEqual(done.status, 303)
        self.assertEqual(browser.get("/").status, 200)

    def test_totp_enrolment_then_sign_in_with_a_code(self):
        self.jetway("user", "add", "--email", "two@example.com", "--role", "read_only", "--password-stdin",
                    stdin="second factor passphrase\n")
        browser, _ = self.sign_in("two@example.com", "second factor passphrase")
        enrol = browser.get("/account/2fa")
        self.assertEqual(enrol.status, 200)
        self.assertIn("<svg", enrol.body)
        secret = re.search(r"<code data-secret>([A-Z2-7]+)</code>", enrol.body).group(1)
        codes = browser.submit(enrol.form("/account/2fa"), code=totp(secret))
        self.assertEqual(codes.status, 200, codes.body[:800])
        recovery = re.findall(r"<code>([0-9A-Z]{5}-[0-9A-Z]{5})</code>", codes.body)
        self.assertEqual(len(recovery), 10)
        # Next sign-in: the password alone is not enough.
        again, page = self.sign_in("two@example.com", "second factor passphrase")
        self.assertEqual(page.headers["Location"], "/login/code")
        self.assertEqual(again.get("/").headers["Location"], "/login/code")
        self.assertEqual(again.get("/flights/1/inventory").headers["Location"], "/login/code")
        before = again.cookies["jw_staff"]
        code_form = again.get("/login/code").form("/login/code")
        self.assertEqual(again.submit(code_form, code="000000").status, 401)
        done = again.submit(code_form, code=recovery[0])
        self.assertEqual(done.status, 303, done.body[:500])
        self.assertNotEqual(again.cookies["jw_staff"], before)  # a new session id once the second factor is given
        self.assertEqual(again.get("/").status, 200)

    def test_a_password_alone_cannot_replace_the_second_factor_or_the_password(self):
        """A thief with the password only is held at the code step: enrolling their own authenticator (and getting
        recovery codes) or changing the password would otherwise let them past it."""
        self.jetway("user", "add", "--email", "three@example.com", "--role", "read_only", "--password-stdin",
                    stdin="a third long passphrase\n")
        owner, _ = self.sign_in("three@example.com", "a third long passphrase")
        enrol = owner.get("/account/2fa")
        secret = re.search(r"<code data-secret>([A-Z2-7]+)</code>", enrol.body).group(1)
        enrolled = owner.submit(enrol.form("/account/2fa"), code=totp(secret))
        self.assertEqual(enrolled.status, 200)
        recovery = re.findall(r"<code>([0-9A-Z]{5}-[0-9A-Z]{5})</code>", enrolled.body)

        thief, page = self.sign_in("three@example.com", "a third long passphrase")
        self.assertEqual(page.headers["Location"], "/login/code")
        csrf = thief.get("/login/code").form("/login/code")["fields"]["csrf"]
        for path in ("/account/2fa", "/account/password"):
            shown = thief.get(path)
            self.assertEqual((shown.status, shown.headers.get("Location")), (303, "/login/code"), path)
            self.assertNotIn("data-secret", shown.body)
        own_secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
        posted = thief.post("/account/2fa", {"csrf": csrf, "code": totp(own_secret)})
        self.assertEqual((posted.status, posted.headers.get("Location")), (303, "/login/code"))
        posted = thief.post("/account/password", {"csrf": csrf, "current_password": "a third long passphrase",
                                                  "password": "the thief's own passphrase"})
        self.assertEqual((posted.status, posted.headers.get("Location")), (303, "/login/code"))
        # Nothing changed: the password still opens the code step, and the owner's second factor still finishes it
        # (a recovery code: the authenticator's current code was spent on enrolling).
        again, page = self.sign_in("three@example.com", "a third long passphrase")
        self.assertEqual(page.headers["Location"], "/login/code")
        done = again.submit(again.get("/login/code").form("/login/code"), code=recovery[0])
        self.assertEqual(done.status, 303, done.body[:500])
        self.assertEqual(again.get("/").status, 200)
        # Signing out works at any step.
        out = thief.post("/logout", {"csrf": csrf})
        self.assertEqual((out.status, out.headers.get("Location")), (303, "/login"))

    def test_every_post_needs_its_csrf_token(self):
        browser, _ = self.sign_in("admin@example.com")
        posts = [r for r in self.routes if r["method"] == "POST"]
        self.assertGreaterEqual(len(posts), 5)
        for route in posts:
            page = browser.post(re.sub(r":\w+", "1", route["path"]), {"email": "admin@example.com"})
            self.assertEqual(page.status, 403, route)
            self.assertIn("CSRF_FAILED", page.body)
        self.assertEqual(browser.get("/").status, 200)  # still signed in: the refused sign-out did nothing

    def test_every_route_refuses_strangers_and_staff_without_its_permission(self):
        self.assertGreaterEqual(len(self.routes), 10)
        rows_before = self.audit_rows()
        nobody, _ = self.sign_in("nobody@example.com", "a role with no permissions")
        checked_permissions = route_walk.walk(self, self.server, self.server.admin_port, self.routes, nobody,
                                              "back office")
        self.assertGreaterEqual(checked_permissions, 15)
        self.assertEqual(self.audit_rows(), rows_before + 1)  # the sign-in, and nothing else

    def test_administrators_manage_staff_and_every_change_is_audited(self):
        admin, _ = self.sign_in("admin@example.com")
        users = admin.get("/users")
        self.assertEqual(users.status, 200)
        self.assertIn("finance@example.com", users.body)
        created = admin.submit(users.form("/users"), email="Temp@Example.com", name="Temp Worker", role="check_in")
        self.assertEqual(created.status, 201, created.body[:500])
        one_time = re.search(r"<code data-one-time-password>(\w+)</code>", created.body).group(1)
        user_id = re.search(r'href="/users/(\d+)"', created.body).group(1)
        temp, signed_in = self.sign_in("temp@example.com", one_time)
        self.assertEqual(signed_in.headers["Location"], "/account/password")
        page = admin.get(f"/users/{user_id}")
        changed = admin.submit(page.form(f"/users/{user_id}/role"), role="read_only")
        self.assertEqual(changed.status, 303)
        self.assertIn("read_only", admin.follow(changed).body)
        disabled = admin.submit(admin.get(f"/users/{user_id}").form(f"/users/{user_id}/status"))
        self.assertEqual(disabled.status, 303)
        self.assertEqual(temp.get("/account/password").status, 303)  # the disabled user's session ended
        self.assertEqual(self.sign_in("temp@example.com", one_time)[1].status, 401)
        # The only administrator keeps the role.
        me = re.search(r'<a href="/users/(\d+)">admin@example.com</a>', admin.get("/users").body).group(1)
        refused = admin.submit(admin.get(f"/users/{me}").form(f"/users/{me}/role"), role="read_only")
        self.assertEqual(refused.status, 409)
        self.assertIn("LAST_ADMINISTRATOR", refused.body)
        # A custom role from a list of permissions.
        roles = admin.get("/roles")
        saved = admin.submit(roles.form("/roles"), name="night_desk", **{"p_bookings.read": "on", "p_payments.cash": "on"})
        self.assertEqual(saved.status, 303)
        self.assertIn("bookings.read payments.cash", admin.get("/roles").body)
        audit = admin.get("/audit")
        self.assertEqual(audit.status, 200)
        self.assertIn('data-audit="intact"', audit.body)
        for action in ("user.create", "user.role_change", "user.disable", "role.save", "session.sign_in"):
            self.assertIn(action, audit.body)

    def test_a_forgotten_password_is_reset_by_an_e_mailed_single_use_link(self):
        self.jetway("user", "add", "--email", "forgetful@example.com", "--role", "read_only", "--password-stdin",
                    stdin="an easily forgotten phrase\n")
        old_session, _ = self.sign_in("forgetful@example.com", "an easily forgotten phrase")
        browser = self.office()
        # The e-mailed link comes from configuration, never from what the request says its host is.
        browser.headers.update({"Host": "evil.example", "X-Forwarded-Host": "evil.example"})
        answers = []
        for email in ("forgetful@example.com", "nobody-at-all@example.com"):
            sent = browser.submit(browser.get("/password/forgot").form("/password/forgot"), email=email)
            answers.append((sent.status, re.sub(r'name="csrf" value="[^"]*"', "", sent.body)))
        self.assertEqual(answers[0], answers[1])  # the same page for an unknown address
        user_id = re.search(r'<a href="/users/(\d+)">forgetful@example.com</a>',
                            self.sign_in("admin@example.com")[0].get("/users").body).group(1)
        rows = [r for r in outbox(self.server, user_id) if r["kind"] == "staff_password_reset"]
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0]["recipient"], "forgetful@example.com")
        link = rows[0]["payload"]
        # In the scheme the back office speaks: a link to http:// on a listener that speaks only HTTPS is dead.
        prefix = f"{self.server.admin_base}/password/reset?t="
        self.assertTrue(link.startswith(prefix), link)
        reset_page = browser.get(link[len(self.server.admin_base):])
        self.assertEqual(reset_page.status, 200)
        weak = browser.submit(reset_page.form("/password/reset"), password="short")
        self.assertEqual(weak.status, 422)
        done = browser.submit(reset_page.form("/password/reset"), password="a brand new long phrase")
        self.assertEqual(done.status, 200, done.body[:500])
        again = browser.submit(reset_page.form("/password/reset"), password="yet another long phrase")
        self.assertEqual(again.status, 410)  # single use
        self.assertEqual(old_session.get("/").status, 303)  # every session ended with the reset
        self.assertEqual(self.sign_in("forgetful@example.com", "a brand new long phrase")[1].status, 303)
        # Its owner is told, by e-mail, that the password changed (ASVS 2.2.3): one notice, for the one change.
        notices = [r for r in outbox(self.server, user_id) if r["kind"] == "staff_security_notice"]
        self.assertEqual([r["recipient"] for r in notices], ["forgetful@example.com"])
        # The payload names the change until the message is sent (then it is cleared).
        self.assertEqual(notices[0]["payload"], None if notices[0]["status"] == "sent" else "password_reset")

    def test_staff_see_their_own_sessions_and_end_them(self):
        self.jetway("user", "add", "--email", "traveller@example.com", "--role", "read_only", "--password-stdin",
                    stdin="signed in from many places\n")
        desk, _ = self.sign_in("traveller@example.com", "signed in from many places")
        phone = self.office()
        phone.headers["User-Agent"] = "Phone <b>browser</b>"
        self.sign_in("traveller@example.com", "signed in from many places", browser=phone)
        page = desk.get("/account/sessions")
        self.assertEqual(page.status, 200)
        self.assertIn("Phone &lt;b&gt;browser&lt;/b&gt;", page.body)  # as data, escaped
        self.assertEqual(page.body.count('data-current="true"'), 1)
        self.assertEqual(page.body.count('action="/account/sessions/end"'), 1)  # the other one; not this one
        ended = desk.submit(page.form("/account/sessions/end"))
        self.assertEqual(ended.status, 303)
        self.assertEqual(phone.get("/").status, 303)  # signed out
        self.assertEqual(desk.get("/").status, 200)
        # A session already ended, or another member's, is not this page's to end.
        again = desk.submit(page.form("/account/sessions/end"))
        self.assertEqual(again.status, 404)
        self.assertIn("That session has already ended.", again.body)
        self.assertEqual(desk.submit(page.form("/account/sessions/end"), session="0" * 64).status, 404)
        # A password change signs out every other session, not the one making it.
        laptop, _ = self.sign_in("traveller@example.com", "signed in from many places")
        changed = desk.submit(desk.get("/account/password").form("/account/password"),
                              current_password="signed in from many places", password="now only from the desk")
        self.assertEqual(changed.status, 303, changed.body[:300])
        self.assertEqual(laptop.get("/").status, 303)
        self.assertEqual(desk.get("/").status, 200)

    def test_reservations_find_a_booking_and_cancel_it(self):
        status, body, _ = self.server.search("CPH", "HAM", today_plus(12))
        flight = body["outbound"][0]["segments"][0]["flight_id"]
        status, held, _ = self.server.hold([{"flight_id": flight, "booking_class": "M"}], adults=1)
        self.assertEqual(status, 201, held)
        locator = held["locator"]
        self.assertEqual(self.server.confirm(locator, adults(1, last="Office"))[0], 200)
        clerk, _ = self.sign_in("clerk@example.com")
        for query in (f"q={locator.lower()}", "q=office", "q=IDA.HANSEN%40example.dk"):
            found = clerk.get(f"/bookings?{query}")
            self.assertEqual(found.status, 200, query)
            self.assertIn(f'href="/bookings/{locator}"', found.body, query)
        self.assertEqual(clerk.get("/bookings?q=&flight=X9").status, 422)
        page = clerk.get(f"/bookings/{locator}")
        self.assertEqual(page.status, 200)
        self.assertIn("OFFICE/JENSA MR", page.body)
        # Its e-ticket and coupon, and the receipt to print for the passenger.
        [ticket] = self.server.request("GET", f"/api/v1/bookings/{locator}?last_name=Office")[1]["tickets"]
        number = ticket["number"]
        self.assertIn(f"<td data-ticket>{number[:3]}-{number[3:]} {int(number[3:]) % 7}</td>", page.body)
        self.assertIn("1: M O (open for use)", page.body)
        receipt = clerk.get(f"/bookings/{locator}/receipt.pdf")
        self.assertEqual((receipt.status, receipt.headers["Content-Type"]), (200, "application/pdf"))
        text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=receipt.raw, capture_output=True,
                              check=True).stdout.decode()
        self.assertIn(f"{number[:3]}-{number[3:]}", text)
        self.assertIn(locator, text)
        # The desk sells a bag for cash: an EMD, in the payments and the audit log.
        self.assertIn('data-form="extras"', page.body)
        sold = clerk.submit(page.form(f"/bookings/{locator}/extras"), passenger="1", segment="1", code="BAG")
        self.assertEqual(sold.status, 303, sold.body[:400])
        refused = clerk.submit(clerk.get(f"/bookings/{locator}").form(f"/bookings/{locator}/extras"), passenger="1",
                               segment="1", code="SEAT", seat="")
        self.assertEqual(refused.status, 422, refused.body[:400])
        self.assertIn("seat", refused.body.lower())
        status, body, _ = self.server.request("GET", f"/api/v1/bookings/{locator}?last_name=Office")
        [emd] = body["emds"]
        self.assertEqual((emd["code"], emd["passenger"], emd["status"]), ("BAG", 1, "O"))
        self.assertEqual((body["payments"][-1]["method"], body["payments"][-1]["amount"]), ("cash", emd["amount"]))
        page = clerk.get(f"/bookings/{locator}")
        self.assertIn(f"EMD {emd['number'][:3]}-{emd['number'][3:]}", page.body)
        resent = clerk.submit(page.form(f"/bookings/{locator}/resend"))
        self.assertEqual(resent.status, 303)
        cancelled = clerk.submit(clerk.get(f"/bookings/{locator}").form(f"/bookings/{locator}/cancel"))
        self.assertEqual(cancelled.status, 303)
        after = clerk.get(f"/bookings/{locator}")
        self.assertIn("<dd data-status>CANCELLED</dd>", after.body)
        self.assertIn("1: M V (void)", after.body)  # cancelled the day it was issued
        self.assertIn("office:clerk@example.com", after.body)  # who, in the booking's history
        status, body, _ = self.server.request("GET", f"/api/v1/bookings/{locator}?last_name=Office")
        self.assertEqual(body["status"], "CANCELLED")
        audit = self.sign_in("admin@example.com")[0].get("/audit").body
        self.assertIn(f"booking {locator}", audit)  # the staff actions are in the audit log too
        self.assertIn("booking.cancel", audit)
        self.assertIn("booking.resend_confirmation", audit)

    def test_the_cash_desk_confirms_a_hold_then_reservations_correct_a_name_and_add_a_remark(self):
        status, body, _ = self.server.search("CPH", "HAM", today_plus(17))
        flight = body["outbound"][0]["segments"][0]["flight_id"]
        status, held, _ = self.server.hold([{"flight_id": flight, "booking_class": "M"}], adults=2)
        self.assertEqual(status, 201, held)
        locator = held["locator"]
        finance, _ = self.sign_in("cashier@example.com")  # finance: bookings.read and payments.cash, no changes
        self.assertNotIn(f"/bookings/{locator}/cash", [f["action"] for f in finance.get(f"/bookings/{locator}").forms])
        refused = finance.post(f"/bookings/{locator}/cash", {"csrf": finance.get("/").form("/logout")["fields"]["csrf"]})
        self.assertEqual(refused.status, 403)
        desk, _ = self.sign_in("clerk@example.com")  # reservations: bookings.write and payments.cash
        page = desk.get(f"/bookings/{locator}")
        self.assertEqual(page.status, 200)
        cash = page.form(f"/bookings/{locator}/cash")
        missing = desk.submit(cash, title_1="MS", first_1="Ida", last_1="Kontant", title_2="MR", first_2="",
                                 last_2="Kontant", email="ida@example.dk", phone="+4532313231")
        self.assertEqual(missing.status, 422, missing.body[-600:])
        self.assertIn('data-code="INVALID_NAME"', missing.body)
        self.assertIn('value="Kontant"', missing.body)  # what was typed is kept
        paid = desk.submit(missing.form(f"/bookings/{locator}/cash"), first_2="Jens")
        self.assertEqual(paid.status, 303, paid.body[-600:])
        status, booking, _ = self.server.request("GET", f"/api/v1/bookings/{locator}?last_name=Kontant")
        self.assertEqual(booking["status"], "CONFIRMED")
        self.assertEqual([p["method"] for p in booking["payments"]], ["cash"])

        clerk, _ = self.sign_in("clerk@example.com")
        page = clerk.get(f"/bookings/{locator}")
        self.assertNotIn(f"/bookings/{locator}/cash", [f["action"] for f in page.forms])  # confirmed: no cash form
        other = clerk.submit(page.form(f"/bookings/{locator}/passengers/2/name"), first_name="Peter", last_name="Olsen")
        self.assertEqual(other.status, 409)
        self.assertIn('data-code="NAME_CHANGE_NOT_ALLOWED"', other.body)
        fixed = clerk.submit(page.form(f"/bookings/{locator}/passengers/2/name"), last_name="Kontandt")
        self.assertEqual(fixed.status, 303, fixed.body[-600:])
        after = clerk.get(f"/bookings/{locator}")
        self.assertIn("KONTANDT/JENS MR", after.body)
        self.assertIn("passenger 2: KONTANT/JENS MR -&gt; KONTANDT/JENS MR", after.body)
        self.assertEqual(self.server.request("GET", f"/api/v1/bookings/{locator}?last_name=Kontandt")[0], 200)

        self.assertEqual(clerk.submit(after.form(f"/bookings/{locator}/remarks"), remark="  ").status, 422)
        noted = clerk.submit(after.form(f"/bookings/{locator}/remarks"), remark="Wheelchair to the gate <WCHR>")
        self.assertEqual(noted.status, 303)
        page = clerk.get(f"/bookings/{locator}")
        self.assertIn("Wheelchair to the gate &lt;WCHR&gt;", page.body.split('class="remarks"', 1)[1])
        audit = self.sign_in("admin@example.com")[0].get("/audit").body
        for action in ("booking.cash_payment", "booking.name_correction", "booking.remark"):
            self.assertIn(action, audit)

    def test_staff_with_the_permission_read_a_flights_inventory(self):
        clerk, _ = self.sign_in("clerk@example.com")
        api = Browser(self.server, {"Accept": "application/json"}, port=self.server.admin_port)
        api.cookies = dict(clerk.cookies)
        page = api.get("/flights/1/inventory")
        self.assertEqual(page.status, 200, page.body[:300])
        self.assertIn("cabins", json.loads(page.body))
        self.assertEqual(api.get("/flights/999999999/inventory").status, 404)


class StaffRequestRateTest(unittest.TestCase):
    """[admin] requests_per_second_per_staff: a token bucket per member of staff, over all their sessions; another
    member behind the same address is served."""

    @classmethod
    def setUpClass(cls):
        cls.server = Server(admin=True, env={"JETWAY_REQUESTS_PER_SECOND_PER_STAFF": "1",
                                             "JETWAY_REQUEST_BURST_PER_STAFF": "5"})
        for email in ("clerk@example.com", "finance@example.com"):
            cls.server.add_staff(email, ROLES[email], PASSWORDS[email])
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.close()

    def json_browser(self, email):
        browser = Browser(self.server, {"Accept": "application/json"}, port=self.server.admin_port)
        browser.cookies = dict(self.server.office_browser(email, PASSWORDS[email]).cookies)
        return browser

    def test_a_member_of_staff_over_the_rate_gets_429_and_others_are_served(self):
        clerk = self.json_browser("clerk@example.com")
        # The other sessions sign in before the burst (sign-ins carry no session, so they take nothing from the
        # bucket): each is an Argon2 hash, and two of them between the burst and the checks below took over the
        # bucket's one-second refill when another test loaded the machine, so the clerk's new session was served.
        finance = self.json_browser("finance@example.com")
        clerk_again = self.json_browser("clerk@example.com")  # a second session of the same member of staff
        answers = [clerk.get("/") for _ in range(12)]
        statuses = [page.status for page in answers]
        self.assertEqual(statuses[:5], [200] * 5, statuses)  # the burst
        self.assertIn(429, statuses[5:], statuses)
        self.assertLessEqual(statuses.count(200), 7, statuses)  # the burst and at most a second's refill
        refused = next(page for page in answers if page.status == 429)
        body = json.loads(refused.body)
        self.assertEqual(body["error"]["code"], "TOO_MANY_REQUESTS")
        self.assertIn("this staff account", body["error"]["message"])
        self.assertGreaterEqual(int(refused.headers["Retry-After"]), 1)

        # Another member of staff at the same address is served; the same one in a new session is not.
        self.assertEqual(finance.get("/").status, 200)
        self.assertEqual(clerk_again.get("/").status, 429)

        time.sleep(int(refused.headers["Retry-After"]) + 0.2)
        self.assertEqual(clerk.get("/").status, 200)


if __name__ == "__main__":
    unittest.main()

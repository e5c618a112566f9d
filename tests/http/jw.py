"""Test harness: runs the real jetway binary on a free 127.0.0.1 port with its own data directory.

With JETWAY_TEST_POSTGRES set (the owner's URL to a throw-away cluster's maintenance database, see
scripts/pg_cluster.sh), every Server gets three fresh PostgreSQL databases instead of SQLite files, migrated by the
owner and served through the least-privilege public role. `jetway demo` on PostgreSQL takes ~7 s (17,836 flights and
their inventory), so it runs once per cluster, day and binary into template databases, and each Server gets copies of
them (CREATE DATABASE ... TEMPLATE, then `jetway migrate` for the grants a copy does not carry).

With JETWAY_TEST_TLS=1 (`JETWAY_TEST_TLS=1 scripts/test.sh`, or `ctest -L http` with it set) the whole suite speaks
HTTPS: one self-signed certificate for 127.0.0.1 is made per test process, every Server serves it on both listeners
(unless the test's env names its own JETWAY_TLS_CERTIFICATE; PLAIN_HTTP keeps a server plain) and every helper here
(request, raw, the back office, ibe_browser.Browser, `base`/`admin_base` URLs) speaks the server's scheme."""
import atexit
import datetime
import fcntl
import glob
import hashlib
import http.client
import json
import os
import shutil
import signal
import socket
import sqlite3
import ssl
import subprocess
import tempfile
import time
import urllib.parse
import uuid

JETWAY_BIN = os.environ.get("JETWAY_BIN", os.path.join(os.path.dirname(__file__), "..", "..", "build", "jetway"))


PG_OWNER_URL = os.environ.get("JETWAY_TEST_POSTGRES", "")
# PostgreSQL 15's own psql: Debian's /usr/bin/psql is a Perl wrapper that picks a version, and starting Perl was a
# sixth of the CPU a Server's databases cost (the harness runs psql two to four times per Server).
PSQL = "/usr/lib/postgresql/15/bin/psql" if os.access("/usr/lib/postgresql/15/bin/psql", os.X_OK) else "psql"
ROLE_PASSWORDS = {"JETWAY_DATABASE_PUBLIC_PASSWORD": "public-secret", "JETWAY_DATABASE_ADMIN_PASSWORD": "admin-secret",
                  "JETWAY_DATABASE_AGENT_PASSWORD": "agent-secret"}


def pg_url(database, user=None, password=None):
    """The test cluster's URL for `database`, as the owner or as the given login."""
    parts = urllib.parse.urlsplit(PG_OWNER_URL)
    netloc = parts.netloc
    if user:
        netloc = f"{urllib.parse.quote(user)}:{urllib.parse.quote(password or '')}@{parts.netloc.rsplit('@', 1)[-1]}"
    return urllib.parse.urlunsplit((parts.scheme, netloc, "/" + database, parts.query, ""))


def cluster_dir(prefix):
    """A new directory for a PostgreSQL cluster of a test's own: beside the shared test cluster, which scripts/test.sh
    puts in memory where there is room (a cluster on this disk took 0.35 ms a file to create), else in the
    temporary directory."""
    shared = os.environ.get("JETWAY_TEST_PG_DIR")
    return tempfile.mkdtemp(prefix=prefix, dir=os.path.dirname(os.path.abspath(shared)) if shared else None)


def postgres_env(prefix):
    """Environment for jetway to use three fresh databases named after `prefix` on the test cluster."""
    env = {f"JETWAY_DATABASE_{db.upper()}": pg_url(f"{prefix}_{db}") for db in ("data", "web", "mgmt")}
    env.update(ROLE_PASSWORDS)
    return env


def commands(*sql):
    """psql's arguments to run each statement on its own (CREATE and DROP DATABASE may not share a transaction), in
    one process and session: a psql for each took 0.1 s, four times per Server."""
    return [arg for statement in sql for arg in ("-c", statement)]


def drop_databases(prefix):
    subprocess.run([PSQL, pg_url("postgres"), "-qAt",
                    *commands(*(f'DROP DATABASE IF EXISTS "{prefix}_{db}" WITH (FORCE)' for db in ("data", "web", "mgmt")))],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)


def psql_each(statements, database="postgres"):
    """Runs each statement on `database` as the owner, on its own, stopping at the first error."""
    subprocess.run([PSQL, pg_url(database), "-qAt", "-v", "ON_ERROR_STOP=1", *commands(*statements)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)


def psql(sql, database="postgres"):
    psql_each([sql], database)


def demo_template():
    """The prefix of the three demo template databases on the test cluster, loaded by `jetway demo` at first use."""
    stat = os.stat(JETWAY_BIN)
    key = f"{PG_OWNER_URL}|{stat.st_mtime_ns}|{stat.st_size}|{datetime.date.today()}"
    prefix = "jwtpl_" + hashlib.sha256(key.encode()).hexdigest()[:12]
    lock_path = os.path.join(tempfile.gettempdir(), f"{prefix}.lock")
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one loader at a time; the others wait and copy
        done = subprocess.run([PSQL, pg_url("postgres"), "-qAt", "-c",
                               f"SELECT 1 FROM pg_database WHERE datname = '{prefix}_mgmt' AND datistemplate"],
                              capture_output=True, text=True, timeout=60).stdout.strip() == "1"
        if not done:  # nothing, or what a loader that died left behind
            for db in ("data", "web", "mgmt"):
                subprocess.run([PSQL, pg_url("postgres"), "-qAt", "-c",
                                f'ALTER DATABASE "{prefix}_{db}" IS_TEMPLATE false'],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
            drop_databases(prefix)
            env = dict(os.environ, **postgres_env(prefix))
            with tempfile.TemporaryDirectory(prefix="jetway-template-") as data_dir:
                loaded = subprocess.run([JETWAY_BIN, "demo", "--data-dir", data_dir], env=env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=180)
            if loaded.returncode != 0:
                raise RuntimeError(f"jetway demo failed ({loaded.returncode}): "
                                   f"{loaded.stderr.decode(errors='replace')[-2000:]}")
            for db in ("data", "web", "mgmt"):  # mgmt last: its flag says all three are complete
                psql(f'ALTER DATABASE "{prefix}_{db}" IS_TEMPLATE true')
    return prefix


def sqlite_demo_template(env):
    """A data directory with `jetway demo` loaded on SQLite, made once per binary and day at first use (as
    demo_template() on PostgreSQL) and copied into each Server's own: the demo took ~1.2 s a Server (more under the
    sanitizers), some 90 times a pass. `jetway demo` still runs here (test_cli runs it on directories of its own too),
    and `serve` migrates the copy at start as it would a fresh demo's. Templates of past days are removed."""
    stat = os.stat(JETWAY_BIN)
    key = f"{os.path.realpath(JETWAY_BIN)}|{stat.st_mtime_ns}|{stat.st_size}|{datetime.date.today()}"
    path = os.path.join(tempfile.gettempdir(), "jwtpl_sqlite_" + hashlib.sha256(key.encode()).hexdigest()[:12])
    with open(path + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one loader at a time; the others wait and copy
        if not os.path.isdir(path):
            for old in glob.glob(os.path.join(tempfile.gettempdir(), "jwtpl_sqlite_*")):
                try:
                    if time.time() - os.path.getmtime(old) > 2 * 86400:  # a past day's: never used again
                        if os.path.isdir(old):
                            shutil.rmtree(old, ignore_errors=True)
                        else:
                            os.remove(old)
                except OSError:
                    pass  # another test process removed it first
            loading = tempfile.mkdtemp(prefix="jetway-template-")
            loaded = subprocess.run([JETWAY_BIN, "demo", "--data-dir", loading], env=env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=180)
            if loaded.returncode != 0:
                shutil.rmtree(loading, ignore_errors=True)
                raise RuntimeError(f"jetway demo failed ({loaded.returncode}): "
                                   f"{loaded.stderr.decode(errors='replace')[-2000:]}")
            os.rename(loading, path)  # complete, or not there at all
    return path


def copy_demo(prefix):
    """Three databases named after `prefix`, copies of the demo templates: file by file (FILE_COPY), which took a
    fifth less CPU than PostgreSQL 15's default of writing each page to the WAL (the data template is 36 MB, and the
    cluster does not fsync, so the checkpoints FILE_COPY asks for cost little)."""
    template = demo_template()
    psql_each([f'CREATE DATABASE "{prefix}_{db}" TEMPLATE "{template}_{db}" STRATEGY FILE_COPY'
               for db in ("data", "web", "mgmt")])


UNLIMITED_HOLDS = {"JETWAY_HOLDS_PER_CLIENT": "100000", "JETWAY_HELD_SEATS_PER_CLIENT_PER_FLIGHT": "100000",
                   "JETWAY_HELD_SEATS_PER_CLIENT": "1000000",
                   # and no request rate per client (test_flood.py is about that one) or per member of staff
                   # (test_back_office.StaffRequestRateTest)
                   "JETWAY_REQUESTS_PER_SECOND_PER_CLIENT": "0", "JETWAY_REQUESTS_PER_SECOND_PER_STAFF": "0",
                   "JETWAY_REQUESTS_PER_SECOND_PER_AGENT": "0"}
# Staff and agency passwords hashed with 1 MiB in 1 pass instead of 64 MiB in 3 ([passwords] hash_mib, hash_passes):
# hashing was half of the CPU of the back office's tests and 4 % of a whole CI run's, every sign-in and `user add`
# taking about 0.1 s of a core and touching 64 MiB. The same code runs; test_staff_cli checks the default cost.
CHEAP_PASSWORD_HASHES = {"JETWAY_PASSWORD_HASH_MIB": "1", "JETWAY_PASSWORD_HASH_PASSES": "1"}
# The member of staff the tests read inventory as (in the back office, like the airline's revenue desk).
INVENTORY_READER = ("inventory-reader@example.com", "a revenue desk passphrase")
# The secret each hold returned, by locator, whichever node answered: this test process made those holds, so its
# later requests for them carry the token (X-Hold-Token), as a real API client would. stranger=True sends none.
HOLD_TOKENS = {}


class DuplicateMember(AssertionError):
    pass


def unique_members(pairs):
    """jetway refuses JSON with a member twice (DUPLICATE_MEMBER); its own answers must not have any either."""
    names = [name for name, _ in pairs]
    if len(names) != len(set(names)):
        raise DuplicateMember(f"a member appears twice in {names}")
    return dict(pairs)


TEST_TLS = os.environ.get("JETWAY_TEST_TLS") == "1"
# A server's env with these stays on plain HTTP under JETWAY_TEST_TLS=1 (an empty path is no TLS to jetway's config);
# each test that uses it says why.
PLAIN_HTTP = {"JETWAY_TLS_CERTIFICATE": "", "JETWAY_TLS_KEY": ""}


def make_certificate(directory, name, key_type="ec", days=2):
    """A self-signed certificate for 127.0.0.1 named CN=<name>: (certificate path, key path)."""
    cert, key = os.path.join(directory, f"{name}.crt"), os.path.join(directory, f"{name}.key")
    new_key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"] if key_type == "ec" else ["-newkey", "rsa:2048"]
    subprocess.run(["openssl", "req", "-x509", *new_key, "-nodes", "-days", str(days), "-subj", f"/CN={name}",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert],
                   check=True, capture_output=True, timeout=60)
    return cert, key


def s_client(port, *options):
    """openssl s_client's handshake with 127.0.0.1:port: (succeeded, its output). SECLEVEL 0 so that the client
    offers what its defaults leave out: it is the server that must refuse."""
    done = subprocess.run(["openssl", "s_client", "-connect", f"127.0.0.1:{port}", "-servername", "localhost",
                           *options], input=b"", capture_output=True, timeout=30)
    out = (done.stdout + done.stderr).decode(errors="replace")
    return done.returncode == 0 and "Cipher is (NONE)" not in out and "New, (NONE)" not in out, out


_tls_certificate = None


def tls_certificate():
    """The certificate and key every Server serves under JETWAY_TEST_TLS=1: made at first use, once per test process,
    in a directory removed at exit. A year long, so that no certificate-expiry alert ([alerts] certificate_days) fires
    in tests about alerts."""
    global _tls_certificate
    if _tls_certificate is None:
        directory = tempfile.mkdtemp(prefix="jetway-test-tls-")
        owner = os.getpid()
        atexit.register(lambda: os.getpid() == owner and shutil.rmtree(directory, ignore_errors=True))
        _tls_certificate = make_certificate(directory, "jetway-test", "ec", days=365)
    return _tls_certificate


def tls_env():
    """What a jetway started outside Server needs to speak the suite's scheme: the test certificate under
    JETWAY_TEST_TLS=1, else nothing."""
    if not TEST_TLS:
        return {}
    cert, key = tls_certificate()
    return {"JETWAY_TLS_CERTIFICATE": cert, "JETWAY_TLS_KEY": key}


_ports_handed_out = set()


def free_port():
    """A port free now and not handed out before in this process. The kernel may give the same free port twice in a
    row; two listeners asked for together (HAProxy's public and stats frontends) would then share it, HAProxy's
    SO_REUSEPORT splitting the connections between them (CI saw 29 answers of 200 and 31 of 503 from the stats
    frontend where the shared budget's test wanted 429s)."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in _ports_handed_out:
            _ports_handed_out.add(port)
            return port


def listens(pid, port):
    """Whether process `pid` holds the listening TCP socket on `port` (its descriptors against /proc/net/tcp*)."""
    inodes = set()
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                link = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if link.startswith("socket:["):
                inodes.add(link[len("socket:["):-1])
    except OSError:
        return False
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):  # a kernel without IPv6
            continue
        with open(table) as f:
            for line in f.readlines()[1:]:
                fields = line.split()
                local_port, state, inode = int(fields[1].rsplit(":", 1)[1], 16), fields[3], fields[9]
                if state == "0A" and local_port == port and inode in inodes:  # 0A: LISTEN
                    return True
    return False


def connect(port, timeout=10, tls_context=None, source_address=None):
    """A socket connected to 127.0.0.1:port; with tls_context, after the TLS handshake."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout, source_address=source_address)
    if tls_context:
        try:
            return tls_context.wrap_socket(s, server_hostname="127.0.0.1")
        except BaseException:
            s.close()
            raise
    return s


def raw(port, data, timeout=10, tls_context=None):
    """Sends raw bytes and reads until the server closes; the answer (b"" if closed unanswered). Pass the server's
    tls_context (or call Client.raw) to speak whatever it speaks."""
    answer = b""
    with connect(port, timeout, tls_context) as s:
        try:
            s.sendall(data)
            while chunk := s.recv(65536):
                answer += chunk
        except (ConnectionResetError, BrokenPipeError, ssl.SSLEOFError):  # closed without TLS close_notify: the end
            pass
    return answer


def today_plus(days):
    return (datetime.date.today() + datetime.timedelta(days=days)).isoformat()


def soon_flight(server, origin, destination):
    """A direct flight departing between 2 and 29 hours from now (inside its check-in window), or None."""
    now = datetime.datetime.now(datetime.timezone.utc)
    for days in (0, 1, 2):
        status, body, _ = server.search(origin, destination, today_plus(days))
        for journey in body.get("outbound", []) if status == 200 else []:
            segment = journey["segments"][0]
            departs = datetime.datetime.fromisoformat(segment["departure_utc"].replace("Z", "+00:00"))
            if len(journey["segments"]) == 1 and \
                    datetime.timedelta(hours=2) < departs - now < datetime.timedelta(hours=29):
                return segment
    return None


def next_weekday(iso_weekday, min_days_ahead=3):
    """The first date at least `min_days_ahead` from today falling on ISO weekday (1 = Monday)."""
    d = datetime.date.today() + datetime.timedelta(days=min_days_ahead)
    while d.isoweekday() != iso_weekday:
        d += datetime.timedelta(days=1)
    return d.isoformat()


class Client:
    """The API v1 spoken to 127.0.0.1:port: a jetway node, or HAProxy in front of several."""

    def __init__(self, port, tls_context=None):
        self.port = port
        self.hold_tokens = HOLD_TOKENS
        self.tls_context = tls_context  # an ssl.SSLContext: speak HTTPS

    @property
    def scheme(self):
        return "https" if self.tls_context else "http"

    @property
    def base(self):
        """The URL of the listener, without a trailing slash: http(s)://127.0.0.1:port."""
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def connection(self, timeout=30, port=None, source_address=None):
        """An http.client connection to `port` (this listener by default) in this client's scheme."""
        port = port or self.port
        if self.tls_context:
            return http.client.HTTPSConnection("127.0.0.1", port, timeout=timeout, context=self.tls_context,
                                               source_address=source_address)
        return http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=source_address)

    def connect(self, timeout=10, port=None, source_address=None):
        """A socket to `port` (this listener by default), TLS handshaken when this client speaks HTTPS."""
        return connect(port or self.port, timeout, self.tls_context, source_address)

    def raw(self, data, timeout=10, port=None):
        """jw.raw() on `port` (this listener by default) in this client's scheme."""
        return raw(port or self.port, data, timeout, self.tls_context)

    def request(self, method, path, body=None, headers=None, timeout=30, raw=None, stranger=False):
        conn = self.connection(timeout)
        try:
            hdrs = dict(headers or {})
            booking_path = path.startswith("/api/v1/bookings/")
            if booking_path and not stranger:
                locator = path.split("/")[4].split("?")[0].upper()
                if locator in self.hold_tokens:
                    hdrs.setdefault("X-Hold-Token", self.hold_tokens[locator])
            data = raw
            if body is not None:
                data = json.dumps(body).encode()
            if data is not None:
                hdrs.setdefault("Content-Type", "application/json")
            conn.request(method, path, body=data, headers=hdrs)
            resp = conn.getresponse()
            payload = resp.read()
            try:
                parsed = json.loads(payload, object_pairs_hook=unique_members) if payload else None
            except DuplicateMember:
                raise
            except ValueError:
                parsed = payload.decode(errors="replace")
            if isinstance(parsed, dict) and parsed.get("hold_token") and parsed.get("locator"):
                self.hold_tokens[parsed["locator"]] = parsed["hold_token"]
            return resp.status, parsed, dict(resp.getheaders())
        finally:
            conn.close()

    # --- API shortcuts -----------------------------------------------------------------------------------------
    def search(self, origin, destination, date, **params):
        q = "&".join(f"{k}={v}" for k, v in dict(origin=origin, destination=destination, date=date, **params).items())
        return self.request("GET", f"/api/v1/availability?{q}")

    def hold(self, segments, adults=1, children=0, infants=0, key=None, **extra):
        body = {"segments": segments, "passengers": {"adults": adults, "children": children, "infants": infants}}
        body.update(extra)
        headers = {"Idempotency-Key": key} if key else None
        return self.request("POST", "/api/v1/bookings", body, headers)

    def confirm(self, locator, passengers, payment=None, key=None):
        body = {"passengers": passengers, "contact": {"email": "ida.hansen@example.dk", "phone": "+45 32 31 32 31"},
                "payment": payment or card()}
        headers = {"Idempotency-Key": key} if key else None
        return self.request("POST", f"/api/v1/bookings/{locator}/confirm", body, headers)


class PortTaken(RuntimeError):
    """jetway could not bind a port chosen for it."""


class Server(Client):
    """One jetway process over one data directory; can be stopped, killed and restarted on the same port."""

    def __init__(self, env=None, demo=True, data_dir=None, nofile=None, pass_fds=(), admin=None, agent=False):
        self.nofile = nofile      # the process's open-file limit (soft and hard), as `ulimit -n` would set it
        self.pass_fds = pass_fds  # descriptors the process inherits (and so cannot use for connections)
        self.own_dir = data_dir is None
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="jetway-test-")
        super().__init__(free_port())
        # The back office's own listener: on, except where a test counts the process's descriptors (the listeners
        # share the connection budget).
        self.admin_port = free_port() if (admin if admin is not None else nofile is None) else None
        self.agent_port = free_port() if agent else None  # the agent portal's listener, where a test asks for it
        self.office_cookies = None
        self.env = dict(os.environ)
        # No load balancer watches these nodes: SIGTERM stops them at once (test_haproxy gives its nodes a drain).
        # No backups either, but where a test is about them (test_backup).
        self.env.update({"JETWAY_EXPIRY_INTERVAL_MS": "200", "JETWAY_THREADS": "8", "JETWAY_DRAIN_SECONDS": "0",
                         "JETWAY_BACKUP_INTERVAL_SECONDS": "0"})
        # Every test client is 127.0.0.1, like many passengers behind one address: the limits on what one client
        # may hold are lifted, except where a test is about them (test_hardening sets them).
        self.env.update(UNLIMITED_HOLDS)
        self.env.update(CHEAP_PASSWORD_HASHES)
        self.pg_prefix = None
        if PG_OWNER_URL and not (env and "JETWAY_DATABASE_DATA" in env):
            self.pg_prefix = "jw_" + uuid.uuid4().hex[:12]
            self.env.update(postgres_env(self.pg_prefix))
        # The sanitizer passes (.ci/run) run without the firewall: libmodsecurity is not instrumented (its own memory
        # errors are not ours to find), and with it the SQLite sanitizer pass took 369 s instead of 218 s and a timed
        # race of test_concurrency missed its window. Tests about the firewall name its mode themselves.
        if os.environ.get("JETWAY_TEST_WAF_OFF") == "1":
            self.env["JETWAY_WAF_MODE"] = "off"
        self.env.update(env or {})
        self.proc = None
        self.started_before = False
        self.log_path = os.path.join(self.data_dir, "server.log")
        if "JETWAY_TLS_CERTIFICATE" not in (env or {}):
            self.env.update(tls_env())
        if self.env.get("JETWAY_TLS_CERTIFICATE"):  # HTTPS: trust that certificate (made for 127.0.0.1)
            self.tls_context = ssl.create_default_context(cafile=self.env["JETWAY_TLS_CERTIFICATE"])
        if demo and self.pg_prefix:
            copy_demo(self.pg_prefix)
            demo = False  # the copy has it; `migrate` below grants the roles their rights on the new databases
        elif demo and self.own_dir and not any(
                (k.startswith("JETWAY_DATABASE_") and v) or k.startswith("JETWAY_LOG") or k == "JETWAY_AIRPORTS_CSV"
                for k, v in self.env.items()):
            # SQLite, and nothing set that `jetway demo` reads (the databases, the airports, the log): a copy of the
            # demo template is what it would load.
            template = sqlite_demo_template(self.env)
            for name in os.listdir(template):
                shutil.copyfile(os.path.join(template, name), os.path.join(self.data_dir, name))
            demo = False
        if demo or self.pg_prefix:
            # On PostgreSQL `serve` does not migrate: the owner does, as an operator would.
            loaded = subprocess.run([JETWAY_BIN, "demo" if demo else "migrate", "--data-dir", self.data_dir],
                                    env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=180)
            if loaded.returncode != 0:
                raise RuntimeError(f"jetway {'demo' if demo else 'migrate'} failed ({loaded.returncode}): "
                                   f"{loaded.stderr.decode(errors='replace')[-2000:]}")

    def start(self):
        """Starts the process and waits until it is healthy. The ports were free when chosen, but any connection's
        ephemeral port may take one before jetway binds it (test_lifecycle met this once in a CI run): on a first
        start, that is retried on new ports, with the failed attempt's log lines removed."""
        for attempt in range(3):
            log_size = os.path.getsize(self.log_path) if os.path.exists(self.log_path) else 0
            try:
                self._start_once()
                self.started_before = True
                return self
            except PortTaken:
                if self.started_before or attempt == 2:
                    raise
                os.truncate(self.log_path, log_size)
                self.port = free_port()
                self.admin_port = free_port() if self.admin_port else None
                self.agent_port = free_port() if self.agent_port else None

    def _start_once(self):
        def limit_files():
            if self.nofile:
                import resource
                resource.setrlimit(resource.RLIMIT_NOFILE, (self.nofile, self.nofile))

        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [JETWAY_BIN, "serve", "--data-dir", self.data_dir, "--listen", f"127.0.0.1:{self.port}",
                 *(["--admin-listen", f"127.0.0.1:{self.admin_port}"] if self.admin_port else []),
                 *(["--agent-listen", f"127.0.0.1:{self.agent_port}"] if self.agent_port else [])],
                env=self.env, stdout=log, stderr=log, preexec_fn=limit_files if self.nofile else None,
                pass_fds=self.pass_fds)
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.proc.poll() is not None:
                error = PortTaken if '"error":"bind: Address already in use"' in self.log()[-300:] else RuntimeError
                raise error(f"jetway exited with {self.proc.returncode}: {self.log()[-2000:]}")
            try:
                # Healthy, and this process is the one listening: until it has bound the port, another test's node
                # that drew the same port from the kernel could be answering there.
                status, _, _ = self.request("GET", "/healthz", timeout=1)
                if status == 200 and listens(self.proc.pid, self.port):
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError("jetway did not become healthy")


    @property
    def tls_ca(self):
        """The certificate this server serves (self-signed: the CA to trust), None when it speaks plain HTTP."""
        return self.env.get("JETWAY_TLS_CERTIFICATE") or None

    @property
    def admin_base(self):
        """The back office listener's URL: http(s)://127.0.0.1:admin_port."""
        return f"{self.scheme}://127.0.0.1:{self.admin_port}"

    def rss_kib(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        raise RuntimeError("no VmRSS")

    def log(self):
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def wait_for_log(self, text, timeout=10):
        """The log once it holds `text`: a request's line is written after its answer has been sent."""
        deadline = time.time() + timeout
        while text not in (log := self.log()):
            if time.time() > deadline:
                raise AssertionError(f"{text!r} not in the log: {log[-2000:]}")
            time.sleep(0.05)
        return log

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(timeout=timeout)
        return self.proc.returncode if self.proc else None

    def kill(self):
        return self.stop(signal.SIGKILL)

    def close(self):
        self.stop()
        if self.pg_prefix:
            drop_databases(self.pg_prefix)
        if self.own_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    def inventory(self, flight_id):
        status, body, _ = self.office_get(f"/flights/{flight_id}/inventory")
        assert status == 200, body
        return body

    def data_rows(self, sql):
        """Rows of `sql` read straight from this server's data database, each value as text."""
        if self.pg_prefix:
            out = subprocess.run([PSQL, pg_url(f"{self.pg_prefix}_data"), "-X", "-qAt", "-F", "\t", "-c", sql],
                                 capture_output=True, text=True, timeout=60, check=True).stdout
            return [tuple(line.split("\t")) for line in out.splitlines() if line]
        with sqlite3.connect(os.path.join(self.data_dir, "data.db"), timeout=10) as db:
            return [tuple(str(v) for v in row) for row in db.execute(sql)]

    def schedule_changes(self, locator):
        """(outcome, flight moved to or 0, the passenger's answer or '') of each schedule change to the booking."""
        return self.data_rows("SELECT c.outcome, COALESCE(c.to_flight_id, 0), COALESCE(c.answer, '') "
                              "FROM schedule_changes c JOIN bookings b ON b.id = c.booking_id "
                              f"WHERE b.locator = '{locator}' ORDER BY c.id")

    def mail_kinds(self, locator):
        """The kinds of the e-mails queued about the booking, oldest first."""
        return [r[0] for r in self.data_rows(f"SELECT kind FROM mail_outbox WHERE reference = '{locator}' ORDER BY id")]

    def follow_feed(self, timeout=20):
        """Returns once this node has read its search snapshot's change feed, and acted on it, from a read that began
        after the call: what another process committed before the call (a `jetway ssim import`, another node) is
        then in this node's searches, as the README promises within the feed's poll. Counted by
        jetway_search_snapshot_follows_total, which a read adds to before it is acted on: the read under way at the
        call may have begun before, the next one did not, and the one after it starts when that one is done."""
        def follows():
            status, text, _ = self.office_get("/metrics", signed_in=False)
            assert status == 200, str(text)[:300]
            return next(float(line.split()[1]) for line in text.splitlines()
                        if line.startswith("jetway_search_snapshot_follows_total "))
        target = follows() + 3
        deadline = time.time() + timeout
        while follows() < target:
            assert time.time() < deadline, "the node never read its search feed"
            time.sleep(0.01)

    # --- the back office ---------------------------------------------------------------------------------------
    def office_get(self, path, signed_in=True):
        """GET on the back office as JSON, signed in as INVENTORY_READER (made at the first call) or as nobody."""
        from ibe_browser import Browser
        browser = Browser(self, {"Accept": "application/json"}, port=self.admin_port)
        if signed_in:
            browser.cookies = dict(self.office_session())
        page = browser.get(path)
        try:
            parsed = json.loads(page.body, object_pairs_hook=unique_members)
        except ValueError:
            parsed = page.body
        return page.status, parsed, page.headers

    def add_staff(self, email, role, password, agency=None):
        """`jetway user add` on this server's databases (before or while it runs); with `agency` (its code), a user
        of that travel agency."""
        added = subprocess.run([JETWAY_BIN, "user", "add", "--data-dir", self.data_dir, "--email", email, "--role",
                                role, "--password-stdin", *(["--agency", agency] if agency else [])], env=self.env,
                               input=password + "\n", capture_output=True, text=True, timeout=120)
        assert added.returncode == 0, added.stderr

    def office_browser(self, email, password):
        """A browser on the back office, signed in as `email` (HTML pages)."""
        from ibe_browser import Browser
        browser = Browser(self, {"Accept": "text/html"}, port=self.admin_port)
        page = browser.submit(browser.get("/login").form("/login"), email=email, password=password)
        assert page.status == 303, page.body[:300]
        return browser

    def agent_browser(self, email, password):
        """A browser on the agent portal, signed in as the agency user `email` (HTML pages)."""
        from ibe_browser import Browser
        browser = Browser(self, {"Accept": "text/html"}, port=self.agent_port)
        page = browser.submit(browser.get("/login").form("/login"), email=email, password=password)
        assert page.status == 303, page.body[:300]
        return browser

    def office_session(self):
        if self.office_cookies is None:
            from ibe_browser import Browser
            email, password = INVENTORY_READER
            added = subprocess.run([JETWAY_BIN, "user", "add", "--data-dir", self.data_dir, "--email", email,
                                    "--role", "revenue", "--password-stdin"], env=self.env, input=password + "\n",
                                   capture_output=True, text=True, timeout=120)
            assert added.returncode == 0 or "USER_EXISTS" in added.stderr, added.stderr
            browser = Browser(self, {"Accept": "text/html"}, port=self.admin_port)
            signed_in = browser.submit(browser.get("/login").form("/login"), email=email, password=password)
            assert signed_in.status == 303, signed_in.body[:500]
            self.office_cookies = dict(browser.cookies)
        return self.office_cookies


def adults(n, last="Hansen"):
    return [{"pax_type": "ADT", "title": "MR", "first_name": f"Jens{chr(65 + i)}", "last_name": last} for i in range(n)]


def card(number="4242424242424242"):
    return {"method": "test_card",
            "card": {"number": number, "expiry_month": 12, "expiry_year": datetime.date.today().year + 3,
                     "cvc": "123", "holder": "IDA HANSEN"}}


def class_counts(inventory, booking_class):
    for cabin in inventory["cabins"]:
        for c in cabin["classes"]:
            if c["booking_class"] == booking_class:
                return c
    raise KeyError(booking_class)


def failed_start_log(env):
    """Starts a server (no demo data) that must refuse to start, as with a bad configuration; what it logged."""
    server = Server(env=env, demo=False)
    try:
        server.start()
    except RuntimeError:
        return server.log()
    finally:
        server.close()
    raise AssertionError(f"jetway started with {env}")

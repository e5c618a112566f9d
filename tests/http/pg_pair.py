"""A PostgreSQL 15 primary and synchronous hot standby on 127.0.0.1, made and failed over with
deploy/postgresql/pg_node.sh itself, and the jetway owner role on them."""
import os
import shutil
import signal
import subprocess
import time
import urllib.parse

from jw import cluster_dir, free_port

DEPLOY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "deploy", "postgresql")
SCRIPT = os.path.join(DEPLOY, "pg_node.sh")
DAILY = os.path.join(DEPLOY, "daily-basebackup.sh")
PSQL = "/usr/lib/postgresql/15/bin/psql"
OWNER, OWNER_PASSWORD = "jetway_owner", "owner-secret"


def as_postgres(argv):
    """PostgreSQL will not run as root: as root, its tools run as Debian's `postgres` user."""
    return ["runuser", "-u", "postgres", "--", *argv] if os.getuid() == 0 else argv


class Node:
    def __init__(self, root, name):
        self.name = name
        self.dir = os.path.join(root, name)
        self.port = free_port()

    @property
    def address(self):
        return f"127.0.0.1:{self.port}"

    def postmaster_pid(self):
        with open(os.path.join(self.dir, "data", "postmaster.pid")) as f:
            return int(f.readline())


def kill_postgres(node, *others):
    """SIGKILL to a node's postmaster, its backends, and any other processes given: its machine dies."""
    pid = node.postmaster_pid()
    children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    for p in [*others, pid, *map(int, children)]:
        try:
            os.kill(p, signal.SIGKILL)
        except ProcessLookupError:
            pass


class Nodes:
    """PostgreSQL nodes on 127.0.0.1 (each with .name, .dir, .port, .address) and the jetway owner role on them."""

    def url(self, database):
        """The owner's URL naming every node: libpq connects to whichever is the primary."""
        hosts = ",".join(n.address for n in self.nodes)
        return (f"postgresql://{OWNER}:{urllib.parse.quote(OWNER_PASSWORD)}@{hosts}/{database}"
                "?target_session_attrs=read-write")

    def sql(self, node, database, statement):
        """psql as the superuser over the node's socket; the output, trimmed."""
        done = subprocess.run(as_postgres([PSQL, "-h", node.dir, "-p", str(node.port), "-U", "postgres", "-d", database,
                                           "-qAt", "-v", "ON_ERROR_STOP=1", "-c", statement]),
                              capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            raise RuntimeError(f"psql on {node.name}: {done.stderr}")
        return done.stdout.strip()


class PgPair(Nodes):
    def __init__(self):
        self.root = cluster_dir("jetway-pgpair-")
        os.chmod(self.root, 0o755)
        self.nodes = [Node(self.root, "pg1"), Node(self.root, "pg2")]
        self.primary, self.standby = self.nodes

    def script(self, *args):
        done = subprocess.run([SCRIPT, *args], capture_output=True, text=True, timeout=180)
        if done.returncode != 0:
            raise RuntimeError(f"pg_node.sh {' '.join(args)}: {done.stderr[-2000:]}")

    def start(self, standby=True):
        """The primary, and (unless standby=False) its synchronous standby."""
        p, s = self.primary, self.standby
        self.script("primary", p.dir, str(p.port), p.name)
        if standby:
            self.script("standby", s.dir, str(s.port), s.name, p.address)
            self.script("synchronous", p.dir, str(p.port))
        else:
            self.nodes = [p]
        self.sql(p, "postgres", f"CREATE ROLE {OWNER} LOGIN CREATEDB CREATEROLE PASSWORD '{OWNER_PASSWORD}'")
        return self

    def node_url(self, node, database):
        """The owner's URL to one node, whatever it is (a standby read as a replica)."""
        return f"postgresql://{OWNER}:{urllib.parse.quote(OWNER_PASSWORD)}@{node.address}/{database}"

    def kill_primary(self):
        """The primary's machine dies: the postmaster and every backend, with SIGKILL."""
        kill_postgres(self.primary)

    def promote(self):
        """The standby takes over; the roles swap."""
        self.script("promote", self.standby.dir, str(self.standby.port))
        self.primary, self.standby = self.standby, self.primary

    def rejoin(self):
        """The old primary comes back as the new primary's standby, and commits are synchronous again."""
        s, p = self.standby, self.primary
        self.script("rejoin", s.dir, str(s.port), s.name, p.address)
        self.script("synchronous", p.dir, str(p.port))

    def daily_basebackup(self, keep_days=14):
        """deploy/postgresql/daily-basebackup.sh on the primary, into <root>/backups; returns the base backups."""
        backups = os.path.join(self.root, "backups")
        done = subprocess.run([DAILY, self.primary.dir, str(self.primary.port), backups], capture_output=True,
                              text=True, timeout=180, env=dict(os.environ, KEEP_DAYS=str(keep_days)))
        if done.returncode != 0:
            raise RuntimeError(f"daily-basebackup.sh: {done.stderr[-2000:]}")
        return sorted(os.path.join(backups, d) for d in os.listdir(backups) if d.startswith("base-") and
                      os.path.isdir(os.path.join(backups, d)))

    def archive_segments(self):
        archive = os.path.join(self.primary.dir, "wal-archive")
        return sorted(f for f in os.listdir(archive) if len(f) == 24)

    def recover(self, base, moment):
        """A new server from `base` and the WAL archive as it was at `moment` (a PostgreSQL timestamptz)."""
        node = Node(self.root, "recovered")
        self.script("recover", base, moment, node.dir, str(node.port))
        self.recovered = node
        return node

    def archived(self):
        """Closes the current WAL segment and waits until the archive has it."""
        segment = self.sql(self.primary, "postgres", "SELECT pg_walfile_name(pg_switch_wal())")
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.sql(self.primary, "postgres", "SELECT last_archived_wal FROM pg_stat_archiver") >= segment:
                return
            time.sleep(0.1)
        raise AssertionError(f"WAL segment {segment} was not archived")

    def close(self):
        if getattr(self, "recovered", None):
            self.nodes.append(self.recovered)
        for node in self.nodes:
            subprocess.run([SCRIPT, "stop", node.dir], capture_output=True, timeout=120)
        shutil.rmtree(self.root, ignore_errors=True)

    def wait_replaying(self, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.sql(self.primary, "postgres",
                        "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'") != "0":
                return
            time.sleep(0.1)
        raise AssertionError("the standby does not stream")

"""Two PostgreSQL 15 nodes run by Patroni (Debian `patroni`) with one etcd member (Debian `etcd-server`), on
127.0.0.1, configured from deploy/patroni/config.yml itself: only the addresses, paths and timing differ."""
import json
import os
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request

from jw import cluster_dir, free_port
from pg_pair import OWNER, OWNER_PASSWORD, Nodes, kill_postgres

CONFIG = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "deploy", "patroni", "config.yml")
# A test cannot wait out production's 30 s: the leader key lives 10 s, and every node looks once a second.
TIMING = {"ttl": 10, "loop_wait": 1, "retry_timeout": 4}
PATRONI_PYTHON = "/usr/bin/python3"
# Reads the YAML file argv[1], merges the JSON on stdin into it (maps key by key, anything else replaced), writes
# argv[2].
MERGE = """
import json, sys, yaml
def merge(base, over):
    for key, value in over.items():
        base[key] = merge(base.get(key) or {}, value) if isinstance(value, dict) else value
    return base
config = merge(yaml.safe_load(open(sys.argv[1])), json.load(sys.stdin))
yaml.safe_dump(config, open(sys.argv[2], "w"))
"""


def available():
    return bool(shutil.which("patroni") and shutil.which("etcd"))


def as_postgres_user():
    """Popen arguments that run a process as Debian's `postgres` user when we are root (PostgreSQL refuses root)."""
    return {"user": "postgres", "group": "postgres", "extra_groups": []} if os.getuid() == 0 else {}


def get_json(url, timeout=2):
    """(status, body) of a GET; (None, None) when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, None
    except (OSError, ValueError):
        return None, None


def wait_for(check, what, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


class Etcd:
    def __init__(self, root):
        self.dir = os.path.join(root, "etcd")
        self.client_port, self.peer_port = free_port(), free_port()

    @property
    def client_url(self):
        return f"http://127.0.0.1:{self.client_port}"

    def start(self):
        peer = f"http://127.0.0.1:{self.peer_port}"
        self.log = open(self.dir + ".log", "w")
        self.proc = subprocess.Popen(
            ["etcd", "--name", "etcd1", "--data-dir", self.dir, "--listen-client-urls", self.client_url,
             "--advertise-client-urls", self.client_url, "--listen-peer-urls", peer,
             "--initial-advertise-peer-urls", peer, "--initial-cluster", f"etcd1={peer}"],
            stdout=self.log, stderr=subprocess.STDOUT)
        wait_for(lambda: get_json(self.client_url + "/health")[0] == 200, "etcd", 30)
        return self

    def close(self):
        if getattr(self, "proc", None):
            self.proc.kill()
            self.proc.wait()
            self.log.close()


class PatroniNode:
    def __init__(self, root, name, etcd):
        self.name, self.etcd = name, etcd
        self.dir = os.path.join(root, name)
        self.port, self.api_port = free_port(), free_port()
        self.proc = None

    @property
    def address(self):
        return f"127.0.0.1:{self.port}"

    @property
    def api(self):
        return f"http://127.0.0.1:{self.api_port}"

    def configure(self, archive):
        """deploy/patroni/config.yml with this node's addresses, paths and the test's timing."""
        address = {"listen": self.address, "connect_address": self.address, "data_dir": os.path.join(self.dir, "data"),
                   "parameters": {"unix_socket_directories": self.dir},
                   "pg_hba": ["local all all trust", "host all all 127.0.0.1/32 scram-sha-256",
                              "host replication replicator 127.0.0.1/32 scram-sha-256"]}
        parameters = {"archive_command": f"/bin/sh -c 'test ! -f {archive}/%f && cp %p {archive}/%f'",
                      "wal_keep_size": "64MB",
                      # As scripts/pg_cluster.sh's PG_FSYNC=off: the test kills processes, not the machine. (Full
                      # page writes stay on: pg_rewind needs them.)
                      "fsync": "off"}
        overrides = {
            "name": self.name,
            "restapi": {"listen": f"127.0.0.1:{self.api_port}", "connect_address": f"127.0.0.1:{self.api_port}"},
            "etcd3": {"hosts": f"127.0.0.1:{self.etcd.client_port}"},
            "bootstrap": {"dcs": {**TIMING, "postgresql": {"parameters": parameters}}},
            "postgresql": address,
        }
        self.config = os.path.join(self.dir, "patroni.yml")
        # YAML through the Python Patroni runs on (Debian's, which has python3-yaml), whichever runs the tests.
        done = subprocess.run([PATRONI_PYTHON, "-c", MERGE, CONFIG, self.config], input=json.dumps(overrides),
                              capture_output=True, text=True, timeout=30)
        if done.returncode != 0:
            raise RuntimeError(f"writing {self.config}: {done.stderr}")

    def start(self):
        self.log = open(os.path.join(self.dir, "patroni.log"), "a")
        self.proc = subprocess.Popen(["patroni", self.config], stdout=self.log, stderr=subprocess.STDOUT,
                                     cwd=self.dir, env=dict(os.environ, HOME=self.dir), **as_postgres_user())
        return self

    def role(self):
        """'primary', 'replica' (a running, streaming standby) or None, by Patroni's own health checks."""
        if get_json(self.api + "/primary")[0] == 200:
            return "primary"
        if get_json(self.api + "/replica")[0] == 200:
            return "replica"
        return None

    def postmaster_pid(self):
        with open(os.path.join(self.dir, "data", "postmaster.pid")) as f:
            return int(f.readline())

    def kill(self):
        """The node's machine dies: Patroni, the postmaster and every backend, with SIGKILL."""
        kill_postgres(self, self.proc.pid)
        self.proc.wait()
        self.log.close()
        self.proc = None

    def stop(self):
        if self.proc:
            self.proc.send_signal(signal.SIGTERM)  # Patroni stops PostgreSQL (fast) before it exits
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.kill()
                return
            self.log.close()
            self.proc = None

    def tail(self):
        with open(os.path.join(self.dir, "patroni.log"), errors="replace") as f:
            return f.read()[-3000:]


class PatroniCluster(Nodes):
    def __init__(self):
        self.root = cluster_dir("jetway-patroni-")
        os.chmod(self.root, 0o755)
        self.archive = os.path.join(self.root, "wal-archive")
        self.etcd = Etcd(self.root)
        self.nodes = [PatroniNode(self.root, name, self.etcd) for name in ("pg1", "pg2")]
        for path in [self.archive] + [n.dir for n in self.nodes]:
            os.makedirs(path, mode=0o700)
            if os.getuid() == 0:
                shutil.chown(path, "postgres", "postgres")
        for node in self.nodes:
            node.configure(self.archive)

    def start(self):
        """pg1 bootstraps and leads; pg2 clones it and becomes its synchronous standby; the jetway owner role."""
        self.etcd.start()
        first, second = self.nodes
        first.start()
        self.wait_role(first, "primary", 60)
        second.start()
        self.wait_synchronous(second, 90)
        self.sql(first, "postgres", f"CREATE ROLE {OWNER} LOGIN CREATEDB CREATEROLE PASSWORD '{OWNER_PASSWORD}'")
        return self

    def wait_role(self, node, role, timeout):
        wait_for(lambda: node.role() == role, f"{node.name} to be {role}:\n{node.tail()}", timeout)

    def members(self):
        """{name: role} from the cluster view Patroni keeps in etcd ('leader', 'sync_standby', 'replica')."""
        for node in self.nodes:
            status, body = get_json(node.api + "/cluster")
            if status == 200:
                return {m["name"]: m["role"] for m in body["members"]}
        return {}

    def wait_synchronous(self, node, timeout):
        wait_for(lambda: node.role() == "replica" and self.members().get(node.name) == "sync_standby",
                 f"{node.name} to be the synchronous standby:\n{node.tail()}", timeout)

    def leader(self):
        return next((n for n in self.nodes if n.proc and n.role() == "primary"), None)

    def close(self):
        for node in self.nodes:
            node.stop()
        self.etcd.close()
        shutil.rmtree(self.root, ignore_errors=True)

"""A real SMTP server for the mail tests (Debian's python3-aiosmtpd) on 127.0.0.1: stores every message it accepts
as one file in a directory, with the SMTP envelope prepended as X-Sink-Mail-From / X-Sink-Rcpt-To headers.

    python3 smtp_sink.py PORT DIRECTORY      prints "ready" once it listens; SIGTERM stops it

Each file is written under a temporary name and renamed, so a reader never sees half a message."""
import itertools
import os
import signal
import subprocess
import sys
import threading
import time


def run(port, directory):
    from aiosmtpd.controller import Controller

    counter = itertools.count(1)

    class Store:
        async def handle_DATA(self, server, session, envelope):
            name = f"{time.time_ns()}-{next(counter):04d}.eml"
            head = f"X-Sink-Mail-From: {envelope.mail_from}\r\nX-Sink-Rcpt-To: {', '.join(envelope.rcpt_tos)}\r\n"
            tmp = os.path.join(directory, name + ".tmp")
            with open(tmp, "wb") as f:
                f.write(head.encode() + envelope.original_content)
            os.rename(tmp, os.path.join(directory, name))
            return "250 Message accepted for delivery"

    controller = Controller(Store(), hostname="127.0.0.1", port=port)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print("ready", flush=True)
    stop.wait()
    controller.stop()


def python_with_aiosmtpd():
    """The test runner's Python may not be Debian's (pyenv); aiosmtpd is a Debian package."""
    for candidate in (sys.executable, "/usr/bin/python3"):
        if candidate and subprocess.run([candidate, "-c", "import aiosmtpd"], capture_output=True).returncode == 0:
            return candidate
    raise RuntimeError("no Python with aiosmtpd (Debian package python3-aiosmtpd)")


class Sink:
    """The sink as a child process, so a test can stop it (the SMTP server is down) and start it again on the
    same port."""

    def __init__(self, port, directory):
        self.port = port
        self.directory = directory
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen([python_with_aiosmtpd(), os.path.abspath(__file__), str(self.port), self.directory],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()
        if line.strip() != "ready":
            self.proc.kill()
            raise RuntimeError(f"smtp_sink did not start: {line!r}")
        return self

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)
        if self.proc:
            self.proc.stdout.close()

    def messages(self):
        """The stored messages' raw bytes, oldest first."""
        names = sorted(n for n in os.listdir(self.directory) if n.endswith(".eml"))
        result = []
        for name in names:
            with open(os.path.join(self.directory, name), "rb") as f:
                result.append(f.read())
        return result


if __name__ == "__main__":
    run(int(sys.argv[1]), sys.argv[2])

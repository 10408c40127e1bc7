"""Network pieces for the listen and send tests: a listener under test, raw HTTP exchanges over a
socket (so malformed, slow and truncated requests can be made), and a target server that records
what reached it."""
import hashlib
import hmac
import http.server
import os
import re
import signal
import socket
import ssl
import subprocess
import threading
import time

from helpers import BINARY, SECRET, base_environment


def signature(body, secret=SECRET):
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def delivery(body, sig=None, path="/", extra=b"", secret=SECRET):
    """A complete POST with Content-Length; sig=False leaves the signature header out."""
    head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    if sig is not False:
        head += f"X-Autosana-Signature-256: {sig or signature(body, secret)}\r\n"
    head += f"Content-Length: {len(body)}\r\nConnection: close\r\n"
    return head.encode() + extra + b"\r\n" + body


class Answer:
    def __init__(self, raw):
        self.raw = raw
        head, _, self.body = raw.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        self.status = int(lines[0].split(" ")[1]) if lines and lines[0].startswith("HTTP/") else None
        self.headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            self.headers[name.strip().lower()] = value.strip()

    def __repr__(self):
        return f"Answer({self.raw[:300]!r})"


def exchange(port, *pieces, pause=0.0, shutdown=False, timeout=30):
    """Sends the pieces (with a pause between them), then reads until the server closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
        for i, piece in enumerate(pieces):
            if i and pause:
                time.sleep(pause)
            conn.sendall(piece)
        if shutdown:
            conn.shutdown(socket.SHUT_WR)
        received = b""
        try:
            while True:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                received += chunk
        except ConnectionResetError:
            pass
    return Answer(received)


class Listener:
    """`autosana-webhook listen --port 0 ...`, its address read from its first line on stderr."""

    def __init__(self, directory, *args, env=None):
        self.out_path = os.path.join(directory, f"listen-{id(self)}.out")
        self.err_path = os.path.join(directory, f"listen-{id(self)}.err")
        with open(self.out_path, "wb") as out, open(self.err_path, "wb") as err:
            self.process = subprocess.Popen([BINARY, "listen", "--port", "0", *args], stdout=out, stderr=err,
                                            env=env if env is not None else base_environment())
        self.port = None
        deadline = time.time() + 60
        while time.time() < deadline and self.port is None:
            match = re.search(r"listening on http://[^:]+:(\d+)/", self.err)
            if match:
                self.port = int(match.group(1))
            elif self.process.poll() is not None:
                raise AssertionError(f"listen exited {self.process.returncode}: {self.err}")
            else:
                time.sleep(0.02)
        if self.port is None:
            self.process.kill()
            raise AssertionError(f"listen did not start: {self.err}")

    @property
    def out(self):
        with open(self.out_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    @property
    def err(self):
        with open(self.err_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def lines(self, count, timeout=30):
        """Waits for at least count lines on stdout (they are written after the answer)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            lines = [line for line in self.out.split("\n") if line and not line.startswith("    ")]
            if len(lines) >= count:
                return lines
            time.sleep(0.02)
        raise AssertionError(f"expected {count} lines, got: {self.out!r}")

    def wait_for(self, text, timeout=30):
        """Waits until text appears on stdout (a line's continuation comes after its first line)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            if text in self.out:
                return self.out
            time.sleep(0.02)
        raise AssertionError(f"expected {text!r} on stdout, got: {self.out!r}")

    def stop(self, sig=signal.SIGINT, timeout=20):
        if self.process.poll() is None:
            self.process.send_signal(sig)
        self.process.wait(timeout=timeout)
        return self.process.returncode

    def close(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


class Target:
    """A handler that records every request reaching it and answers with a chosen status."""

    def __init__(self, status=200, body=b"handled\n", tls=None, gate=None):
        """gate: a threading.Event the answer waits for (the request is recorded at once)."""
        self.requests = []
        self.status = status  # may be changed between requests
        self.delay = 0.0  # seconds between reading a request and answering it; may be changed too
        target = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                target.requests.append((self.command, self.path, dict(self.headers.items()),
                                        [k for k in self.headers.keys()], self.rfile.read(length)))
                if gate is not None:
                    gate.wait(60)
                time.sleep(target.delay)
                self.send_response(target.status)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        if tls:  # (certificate, key) files
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def free_port():
    """A port nothing listens on (bound and released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

"""listen --inspect: the inspector page's safety rules over raw HTTP, then the page itself in
Debian's headless chromium (selenium and chromium-driver, installed by scripts/install-deps).
Screenshots of the list and the details go to $AUTOSANA_BUILD_DIR/artifacts/."""
import json
import os
import re
import shutil
import socket
import subprocess
import time
import unittest

from helpers import BINARY, EXAMPLES, SECRET, TempDirTestCase, base_environment
from browser import BrowserTestCase, artifacts_dir
from network import Listener, Target, delivery, exchange, signature

with open(os.path.join(EXAMPLES, "payload.json"), "rb") as f:
    PAYLOAD = f.read()

HOSTILE_NAME = '<img src=x onerror="window.__pwned=1">\u202eevil'


def hostile_payload():
    payload = json.loads(PAYLOAD)
    payload["app"]["name"] = HOSTILE_NAME
    payload["run_groups"][0]["name"] = "<script>window.__pwned=2</script>"
    payload["run_groups"][0]["runs"][0]["url"] = "javascript:window.__pwned=3"
    payload["run_groups"][0]["runs"][0]["status"] = "failed"
    payload["run_groups"][0]["status"] = "failed"
    return json.dumps(payload).encode()


class Inspected:
    """A listener with --inspect on a free port; the address it printed, with the run's token, and
    the cookie that address gives a browser."""

    ADDRESS = r"inspector on (http://127\.0\.0\.1:(\d+)/\?token=([0-9a-f]+)) "

    def __init__(self, test, *args):
        self.listener = Listener(test.dir, "--inspect", "127.0.0.1:0", *args)
        test.addCleanup(self.listener.close)
        deadline = time.time() + 60
        while not re.search(self.ADDRESS, self.listener.err):
            if time.time() > deadline:
                raise AssertionError(self.listener.err)
            time.sleep(0.02)
        found = re.search(self.ADDRESS, self.listener.err)
        self.url, self.port, self.token = found.group(1), int(found.group(2)), found.group(3)
        self.host = f"127.0.0.1:{self.port}"
        self.cookie = {"Cookie": f"autosana-inspector-{self.port}={self.token}"}

    def request(self, method, path, headers=None, body=b""):
        headers = {"Host": self.host, **(headers or {})}
        head = f"{method} {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        head += f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        return exchange(self.port, head.encode() + body)

    def get(self, path, headers=None):
        return self.request("GET", path, headers)


class Safety(TempDirTestCase):
    def test_a_non_loopback_address_is_refused(self):
        from helpers import run
        result = run("listen", "--port", "0", "--inspect", "0.0.0.0:8788")
        self.assertEqual(result.status, 2, result)
        self.assertIn("loopback address only", result.stderr)
        self.assertEqual(result.stderr.count("\n"), 1, result.stderr)

    def test_the_page_has_a_token_and_a_strict_content_security_policy(self):
        inspected = Inspected(self)
        page = inspected.get("/", inspected.cookie)
        self.assertEqual(page.status, 200)
        policy = page.headers["content-security-policy"]
        self.assertIn("default-src 'none'", policy)
        self.assertIn("script-src 'self'", policy)
        self.assertNotIn("unsafe-inline", policy)
        self.assertIn("frame-ancestors 'none'", policy)
        self.assertEqual(page.headers["x-content-type-options"], "nosniff")
        self.assertNotIn(b"<script>", page.body)  # no inline script
        self.assertEqual(len(inspected.token), 32)
        # Everything it needs is built in, well under 150 KB.
        total = len(page.body) + sum(len(inspected.get(p).body) for p in ("/inspector.js", "/inspector.css"))
        self.assertLess(total, 150_000)

    def test_a_foreign_host_is_refused_dns_rebinding(self):
        inspected = Inspected(self)
        for host in ("evil.example:%d" % inspected.port, "127.0.0.1:1", "evil.example"):
            answer = inspected.get("/", {"Host": host})
            self.assertEqual(answer.status, 421, (host, answer))
        answer = inspected.get("/api/deliveries", {"Host": "evil.example", "X-Inspector-Token": inspected.token})
        self.assertEqual(answer.status, 421)

    def test_data_needs_the_token(self):
        inspected = Inspected(self)
        self.assertEqual(inspected.get("/api/deliveries").status, 403)
        self.assertEqual(inspected.get("/api/deliveries", {"X-Inspector-Token": "0" * 32}).status, 403)
        self.assertEqual(inspected.get("/api/deliveries", {"X-Inspector-Token": inspected.token}).status, 200)
        self.assertEqual(inspected.get("/api/deliveries", inspected.cookie).status, 200)
        # The token goes in the address once, to get the cookie; nowhere else.
        self.assertEqual(inspected.get(f"/api/deliveries?token={inspected.token}").status, 403)
        self.assertEqual(inspected.get(f"/events?token={inspected.token}").status, 403)
        self.assertEqual(inspected.get("/events").status, 403)

    def test_replay_needs_the_token_in_a_header_and_the_same_origin(self):
        target = Target()
        self.addCleanup(target.close)
        inspected = Inspected(self, "--forward", f"http://127.0.0.1:{target.port}/hook")
        self.assertEqual(exchange(inspected.listener.port, delivery(PAYLOAD)).status, 200)
        self.assertEqual(len(target.requests), 1)
        path = "/api/deliveries/1/replay"
        origin = f"http://{inspected.host}"
        refused = [
            inspected.request("POST", path, {"Origin": origin}),
            inspected.request("POST", path + f"?token={inspected.token}", {"Origin": origin}),
            inspected.request("POST", path, {"Origin": origin, **inspected.cookie}),  # a header proves the page
            inspected.request("POST", path, {"X-Inspector-Token": inspected.token}),
            inspected.request("POST", path, {"X-Inspector-Token": inspected.token, "Origin": "http://evil.example"}),
            inspected.request("POST", path, {"X-Inspector-Token": inspected.token, "Origin": origin, "Host": "evil.example"}),
        ]
        self.assertEqual([answer.status for answer in refused], [403, 403, 403, 403, 403, 421])
        self.assertEqual(len(target.requests), 1, "a refused replay reached the target")
        answer = inspected.request("POST", path, {"X-Inspector-Token": inspected.token, "Origin": origin})
        self.assertEqual(answer.status, 200, answer)
        self.assertEqual(len(target.requests), 2)
        self.assertEqual(target.requests[1][4], PAYLOAD)
        self.assertEqual(target.requests[1][2]["X-Autosana-Signature-256"], signature(PAYLOAD))
        details = json.loads(answer.body)
        self.assertEqual([r["status"] for r in details["replays"]], [200])

    def test_edit_and_replay_needs_the_token_in_a_header_and_the_same_origin(self):
        """Issue 30 item 1: the edited request is held to Replay's rules, and signed with listen's
        secret on this side only."""
        target = Target()
        self.addCleanup(target.close)
        inspected = Inspected(self, "--forward", f"http://127.0.0.1:{target.port}/hook")
        self.assertEqual(exchange(inspected.listener.port, delivery(PAYLOAD)).status, 200)
        path = "/api/deliveries/1/edit"
        origin = f"http://{inspected.host}"
        page = {"X-Inspector-Token": inspected.token, "Origin": origin, "Content-Type": "application/json"}
        edited = PAYLOAD.replace(b'"failed"', b'"passed"')
        edit = json.dumps({"body": edited.decode(), "resign": True,
                           "headers": [["Content-Type", "application/json"], ["X-Autosana-Signature-256", "sha256=00"],
                                       ["X-Trace", "edited"], ["Content-Length", "1"]]}).encode()
        refused = [
            inspected.request("POST", path, {"Origin": origin}, edit),
            inspected.request("POST", path, {"Origin": origin, **inspected.cookie}, edit),
            inspected.request("POST", path, {"X-Inspector-Token": inspected.token}, edit),
            inspected.request("POST", path, {**page, "Origin": "http://evil.example"}, edit),
            inspected.request("POST", path, {**page, "Host": "evil.example"}, edit),
            # A large body is refused before it is read unless the page's token comes with it.
            inspected.request("POST", path, {"Origin": origin, **inspected.cookie}, b"x" * (200 << 10)),
            # A header value that would split the request, and a body too large to edit.
            inspected.request("POST", path, page, json.dumps({"body": "{}", "resign": True,
                                                             "headers": [["X-A", "v\r\nX-Injected: 1"]]}).encode()),
            inspected.request("POST", path, page, json.dumps({"body": "x" * (1 << 20 | 1), "headers": []}).encode()),
        ]
        self.assertEqual([answer.status for answer in refused], [403, 403, 403, 403, 421, 413, 400, 400])
        self.assertIn(b"line break", refused[6].body)
        self.assertEqual(len(target.requests), 1, "a refused edit reached the target")

        answer = inspected.request("POST", path, page, edit)
        self.assertEqual(answer.status, 200, answer)
        self.assertEqual(len(target.requests), 2)
        method, _, headers, _, body = target.requests[1][:5]
        self.assertEqual(body, edited)
        self.assertEqual(headers["X-Autosana-Signature-256"], signature(edited))  # signed again, once
        self.assertEqual(headers["Content-Length"], str(len(edited)))
        self.assertEqual(headers["X-Trace"], "edited")
        details = json.loads(answer.body)
        self.assertNotIn(SECRET, answer.body.decode())
        self.assertEqual((details["row"]["id"], details["row"]["edited_from"], details["row"]["resigned"]), (2, 1, True))
        self.assertEqual(details["row"]["verdict"], "verified")
        self.assertEqual(details["forward"]["status"], 200)
        self.assertEqual(details["diff"]["summary"], "-2 +2")  # two statuses, as pretty-printed JSON
        self.assertTrue(details["diff"]["pretty_json"])
        self.assertEqual([line["text"].strip() for line in details["diff"]["lines"] if line["kind"] == "+"],
                         ['"status": "passed",'] * 2)
        # Both are listed, the edit newest; the original is as it was.
        rows = json.loads(inspected.get("/api/deliveries", inspected.cookie).body)["deliveries"]
        self.assertEqual([(r["id"], r.get("edited_from")) for r in rows], [(2, 1), (1, None)])

        # As edited: the signature goes as typed, and listen judges it as it would a delivery.
        as_is = json.dumps({"body": edited.decode(), "resign": False,
                            "headers": [["X-Autosana-Signature-256", signature(PAYLOAD)]]}).encode()
        answer = inspected.request("POST", path, page, as_is)
        self.assertEqual(answer.status, 200, answer)
        self.assertEqual(target.requests[2][2]["X-Autosana-Signature-256"], signature(PAYLOAD))
        self.assertEqual(json.loads(answer.body)["row"]["verdict"], "rejected")
        self.assertIn("replayed an edit of delivery 1 (as edited) from the inspector as 3: 200", inspected.listener.err)

    def test_details_show_no_secret_and_earlier_deliveries_are_listed(self):
        saved = os.path.join(self.dir, "saved")
        first = Inspected(self, "--save", saved)
        body = PAYLOAD.replace(b"My App", b"My App " + SECRET.encode())
        exchange(first.listener.port, delivery(body))
        first.listener.stop()
        again = Inspected(self, "--save", saved)
        listed = json.loads(again.get("/api/deliveries", {"X-Inspector-Token": again.token}).body)
        self.assertEqual(len(listed["deliveries"]), 1)
        row = listed["deliveries"][0]
        self.assertTrue(row["earlier"])
        self.assertEqual(row["verdict"], "verified")
        details = again.get(f"/api/deliveries/{row['id']}", {"X-Inspector-Token": again.token})
        self.assertEqual(details.status, 200)
        self.assertNotIn(SECRET.encode(), details.body)
        self.assertIn(b"[redacted]", details.body)


    def test_the_secret_is_redacted_in_the_hex_dump_and_the_download(self):
        # Before: redacted in the header table, but not in raw_hex (split across its lines) nor in
        # the .http download.
        inspected = Inspected(self)
        for pad in range(16):  # the secret starts at every offset of a hex line
            extra = f"X-Pad: {'p' * pad}\r\nX-Leak: {SECRET}\r\n".encode()
            exchange(inspected.listener.port, delivery(PAYLOAD, extra=extra))
        inspected.listener.lines(16)
        token = {"X-Inspector-Token": inspected.token}
        for row in json.loads(inspected.get("/api/deliveries", token).body)["deliveries"]:
            details = json.loads(inspected.get(f"/api/deliveries/{row['id']}", token).body)
            dumped = bytes.fromhex("".join(line[10:58].replace(" ", "")
                                           for line in details["raw_hex"].split("\n") if line[:1].isdigit() or line[:1] in "abcdef"))
            self.assertIn(b"X-Leak: ", dumped)
            self.assertNotIn(SECRET.encode(), dumped)
            download = inspected.get(f"/api/deliveries/{row['id']}/request.http", token)
            self.assertEqual(download.status, 200, download)
            self.assertIn(b"X-Leak: ", download.body)
            self.assertNotIn(SECRET.encode(), download.body)


class Timing(TempDirTestCase):
    """Issue 30 items 2-3: the handler's response time in the list, the details and the --json
    log, and the row shows the latest replay's answer."""

    def test_response_times_and_the_latest_answer(self):
        # The delay starts when the handler has read the request, so the forward's own clock
        # (which starts before the connect) can only measure more than it.
        target = Target(status=202)
        target.delay = 0.3
        self.addCleanup(target.close)
        inspected = Inspected(self, "--json", "--forward", f"http://127.0.0.1:{target.port}/hook")
        self.assertEqual(exchange(inspected.listener.port, delivery(PAYLOAD)).status, 202)
        record = json.loads(inspected.listener.lines(1)[0])
        self.assertGreaterEqual(record["forward"]["milliseconds"], 300)
        self.assertLess(record["forward"]["milliseconds"], 10000)
        [row] = json.loads(inspected.get("/api/deliveries", inspected.cookie).body)["deliveries"]
        self.assertEqual((row["forward_status"], row["replays"]), (202, 0))
        self.assertGreaterEqual(row["forward_ms"], 300)
        # A replay answered otherwise, and quickly: the row shows it.
        target.status = 500
        target.delay = 0.0
        answer = inspected.request("POST", f"/api/deliveries/{row['id']}/replay",
                                   {"X-Inspector-Token": inspected.token, "Origin": f"http://{inspected.host}"})
        self.assertEqual(answer.status, 200, answer)
        details = json.loads(answer.body)
        self.assertEqual([r["status"] for r in details["replays"]], [500])
        self.assertGreaterEqual(details["forward"]["milliseconds"], 300)
        self.assertLess(details["replays"][0]["milliseconds"], 300)
        [row] = json.loads(inspected.get("/api/deliveries", inspected.cookie).body)["deliveries"]
        self.assertEqual((row["forward_status"], row["replays"]), (500, 1))
        self.assertLess(row["forward_ms"], 300)


class Door(TempDirTestCase):
    """Issue 24 item 10: loopback is shared by every user of the machine, so the page itself must
    not hand out the token (`setpriv --reuid=65534 curl http://127.0.0.1:PORT/` got it)."""

    def test_the_page_without_the_cookie_shows_only_how_to_get_in(self):
        inspected = Inspected(self)
        exchange(inspected.listener.port, delivery(PAYLOAD))
        page = inspected.get("/")
        self.assertEqual(page.status, 403, page)
        self.assertIn(b"?token=", page.body)  # how to get in
        self.assertIn(f"http://{inspected.host}/".encode(), page.body)
        self.assertNotIn(inspected.token.encode(), page.body)
        self.assertNotIn(b"inspector-token", page.body)
        self.assertNotIn(b"inspector.js", page.body)  # no script, so no data either
        self.assertNotIn(b"Example App", page.body)
        self.assertNotIn(b"is not this run", page.body)
        self.assertEqual(page.headers["content-type"], "text/html; charset=utf-8")
        wrong = inspected.get("/?token=" + "0" * 32)
        self.assertEqual(wrong.status, 403)
        self.assertIn(b"is not this run", wrong.body)
        self.assertNotIn("set-cookie", wrong.headers)

    def test_another_user_of_the_machine_gets_nothing(self):
        python = "/usr/bin/python3"  # one that another user may run, unlike a per-user install
        if os.geteuid() != 0 or not shutil.which("setpriv") or not os.path.exists(python):
            self.skipTest("needs root, setpriv and /usr/bin/python3 to become another user")
        inspected = Inspected(self)
        exchange(inspected.listener.port, delivery(PAYLOAD))
        script = ("import sys, urllib.request, urllib.error\n"
                  "for path in ('/', '/api/deliveries', '/api/deliveries/1/request.http', '/events'):\n"
                  "    try:\n"
                  "        body = urllib.request.urlopen('http://%s' + path, timeout=10).read(4096)\n"
                  "    except urllib.error.HTTPError as error:\n"
                  "        body = error.read()\n"
                  "    sys.stdout.buffer.write(body)\n") % inspected.host
        result = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                                 python, "-c", script], capture_output=True, timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn(b"Open the address", result.stdout)
        self.assertNotIn(inspected.token.encode(), result.stdout)
        self.assertNotIn(b"inspector-token", result.stdout)
        self.assertNotIn(b"Example App", result.stdout)

    def test_the_printed_address_sets_a_strict_httponly_cookie_and_leaves_the_address_bar(self):
        inspected = Inspected(self)
        signed_in = inspected.get(f"/?token={inspected.token}")
        self.assertEqual(signed_in.status, 303, signed_in)
        self.assertEqual(signed_in.headers["location"], "/")
        cookie = signed_in.headers["set-cookie"]
        self.assertTrue(cookie.startswith(f"autosana-inspector-{inspected.port}={inspected.token};"), cookie)
        self.assertIn("HttpOnly", cookie)
        self.assertIn("SameSite=Strict", cookie)
        page = inspected.get("/", inspected.cookie)
        self.assertEqual(page.status, 200)
        # The page carries a token of its own for its requests, never the run's.
        page_token = re.search(rb'name="inspector-token" content="([0-9a-f]+)"', page.body).group(1).decode()
        self.assertNotEqual(page_token, inspected.token)
        self.assertNotIn(inspected.token.encode(), page.body)
        self.assertEqual(inspected.get("/api/deliveries", {"X-Inspector-Token": page_token}).status, 200)
        # A cookie named for another port, or with another value, is not this run's.
        other = {"Cookie": f"autosana-inspector-1={inspected.token}; autosana-inspector-{inspected.port}=" + "0" * 32}
        self.assertEqual(inspected.get("/api/deliveries", other).status, 403)
        self.assertEqual(inspected.get("/", other).status, 403)

    def open_stream(self, inspected):
        stream = socket.create_connection(("127.0.0.1", inspected.port), timeout=10)
        self.addCleanup(stream.close)
        cookie = inspected.cookie["Cookie"]
        stream.sendall(f"GET /events HTTP/1.1\r\nHost: {inspected.host}\r\nCookie: {cookie}\r\n\r\n".encode())
        self.assertIn(b"text/event-stream", stream.recv(4096))
        return stream

    def test_event_streams_are_few_the_oldest_gives_way(self):
        inspected = Inspected(self)
        streams = [self.open_stream(inspected) for _ in range(8)]
        newest = self.open_stream(inspected)  # the ninth: the first is closed for it
        streams[0].settimeout(5)
        self.assertEqual(streams[0].recv(4096), b"", "the oldest stream was kept past the limit")
        exchange(inspected.listener.port, delivery(PAYLOAD))
        received = b""
        while b"event: delivery" not in received:
            received += newest.recv(65536)
        for kept in streams[1:]:
            kept.settimeout(5)
            self.assertIn(b"event: delivery", kept.recv(65536))

    def test_squatters_that_reconnect_do_not_lock_the_page_out(self):
        import threading
        inspected = Inspected(self)
        stream = self.open_stream(inspected)
        stop = threading.Event()
        opened = [0]

        def squat():  # 80 idle connections, each reopened as soon as it is closed
            held = []
            while not stop.is_set():
                while len(held) < 80 and not stop.is_set():
                    try:
                        held.append(socket.create_connection(("127.0.0.1", inspected.port), timeout=2))
                        opened[0] += 1
                    except OSError:
                        break
                for conn in list(held):
                    conn.setblocking(False)
                    try:
                        if conn.recv(1) == b"":
                            held.remove(conn)
                            conn.close()
                    except BlockingIOError:
                        pass
                    except OSError:
                        held.remove(conn)
                        conn.close()
                time.sleep(0.01)
            for conn in held:
                conn.close()

        squatter = threading.Thread(target=squat)
        squatter.start()
        try:
            time.sleep(1)
            answers = [inspected.get("/api/deliveries", inspected.cookie).status for _ in range(30)]
        finally:
            stop.set()
            squatter.join()
        self.assertGreater(opened[0], 100, "the squatters never had to reconnect")
        self.assertEqual(answers, [200] * 30)
        # The page's stream is never the one closed for a newcomer.
        exchange(inspected.listener.port, delivery(PAYLOAD))
        stream.settimeout(5)
        received = b""
        while b"event: delivery" not in received:
            chunk = stream.recv(65536)
            self.assertNotEqual(chunk, b"", "the page's stream was closed for a squatter")
            received += chunk


class Keep(TempDirTestCase):
    def test_inspect_keep_bounds_what_it_holds_newest_kept(self):
        saved = os.path.join(self.dir, "saved")
        first = Inspected(self, "--save", saved)
        for _ in range(3):
            self.assertEqual(exchange(first.listener.port, delivery(PAYLOAD)).status, 200)
        first.listener.stop()
        # Three earlier deliveries in the folder and two new ones: the newest two are held.
        again = Inspected(self, "--save", saved, "--inspect-keep", "2")
        for _ in range(2):
            self.assertEqual(exchange(again.listener.port, delivery(PAYLOAD)).status, 200)
        again.listener.lines(2)
        listing = json.loads(again.get("/api/deliveries", {"X-Inspector-Token": again.token}).body)
        rows = listing["deliveries"]
        self.assertEqual(len(rows), 2, rows)
        self.assertFalse(any(row["earlier"] for row in rows), rows)
        self.assertEqual(again.get("/api/deliveries/1", {"X-Inspector-Token": again.token}).status, 404)
        self.assertEqual(len(os.listdir(saved)), 5)  # the folder keeps everything

    def test_the_stores_latest_deliveries_are_listed_with_their_answers(self):
        store = "sqlite:" + os.path.join(self.dir, "store.db")
        first = Listener(self.dir, "--store", store)
        self.addCleanup(first.close)
        answers = [exchange(first.port, delivery(PAYLOAD)).status,
                   exchange(first.port, delivery(PAYLOAD, sig="sha256=" + "0" * 64)).status,
                   exchange(first.port, delivery(PAYLOAD.replace(b"main", b"dev"))).status]
        self.assertEqual(answers, [200, 401, 200])
        first.stop()
        # The store lists what it holds (and --save, given too, adds nothing twice); the oldest
        # beyond --inspect-keep stays out.
        again = Inspected(self, "--store", store, "--save", os.path.join(self.dir, "saved"),
                          "--inspect-keep", "2")
        listing = json.loads(again.get("/api/deliveries", {"X-Inspector-Token": again.token}).body)
        rows = listing["deliveries"]
        self.assertEqual([(row["earlier"], row["status"], row["verdict"]) for row in rows],
                         [(True, 200, "verified"), (True, 401, "rejected")], rows)  # newest first
        self.assertEqual(rows[0]["branch"], "dev")
        self.assertEqual(rows[0]["remote"], "127.0.0.1")
        details = again.get(f"/api/deliveries/{rows[0]['id']}", {"X-Inspector-Token": again.token})
        self.assertEqual(details.status, 200)
        self.assertNotIn(SECRET.encode(), details.body)

    def test_inspect_keep_must_be_a_positive_count(self):
        from helpers import run
        result = run("listen", "--port", "0", "--inspect", "127.0.0.1:0", "--inspect-keep", "0")
        self.assertEqual(result.status, 2, result)
        self.assertIn("--inspect-keep", result.stderr)


class Lifecycle(TempDirTestCase):
    def test_ctrl_c_stops_it_with_a_page_streaming(self):
        inspected = Inspected(self)
        stream = socket.create_connection(("127.0.0.1", inspected.port), timeout=10)
        self.addCleanup(stream.close)
        stream.sendall(f"GET /events HTTP/1.1\r\nHost: {inspected.host}\r\nX-Inspector-Token: {inspected.token}\r\n\r\n".encode())
        self.assertIn(b"text/event-stream", stream.recv(4096))
        exchange(inspected.listener.port, delivery(PAYLOAD))
        received = b""
        while b"event: delivery" not in received:
            received += stream.recv(65536)
        self.assertIn(b'"verdict":"verified"', received)
        self.assertEqual(inspected.listener.stop(), 0)
        self.assertIn("listen: stopped after 1 request", inspected.listener.err)

    def test_a_port_in_use_is_an_error(self):
        from helpers import run
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            result = run("listen", "--port", "0", "--inspect", str(taken.getsockname()[1]))
        self.assertEqual(result.status, 2, result)
        self.assertIn("--inspect: cannot listen on 127.0.0.1:", result.stderr)


class InBrowser(BrowserTestCase):
    def wait(self, condition, timeout=20):
        from selenium.webdriver.support.ui import WebDriverWait
        return WebDriverWait(self.driver, timeout, poll_frequency=0.05).until(condition)

    def open(self, inspected):
        self.driver.get(inspected.url)
        self.wait(lambda d: d.find_element("id", "connection").text == "live")
        self.driver.get_log("browser")  # start clean

    def rows(self):
        return self.driver.find_elements("css selector", "#list tbody tr")

    def console_errors(self):
        return [entry for entry in self.driver.get_log("browser") if entry["level"] == "SEVERE"]

    def send(self, port, path):
        result = subprocess.run([BINARY, "send", f"http://127.0.0.1:{port}/", path], env=base_environment(),
                                capture_output=True, timeout=20)
        self.assertEqual(result.returncode, 0, result)

    def test_a_delivery_appears_live_and_its_details_show_the_failed_flows(self):
        from selenium.webdriver.common.keys import Keys
        target = Target(status=202, body=b"stored\n")
        self.addCleanup(target.close)
        inspected = Inspected(self, "--explain", "--forward", f"http://127.0.0.1:{target.port}/hook")
        self.open(inspected)
        self.send(inspected.listener.port, os.path.join(EXAMPLES, "payload.json"))
        # Pushed to the page (no reload); how soon is bench/inspector.sh's to measure.
        self.wait(lambda d: len(self.rows()) == 1, timeout=20)
        row = self.rows()[0]
        self.assertIn("verified", row.text)
        self.assertIn("202", row.text)
        self.driver.save_screenshot(os.path.join(artifacts_dir(), "inspector-list.png"))

        body = self.driver.find_element("tag name", "body")
        body.send_keys("j")
        body.send_keys(Keys.ENTER)
        self.wait(lambda d: "Batch" in d.find_element("id", "details").text)
        details = self.driver.find_element("id", "details").text
        self.assertIn("Checkout", details)
        failed = self.driver.find_elements("css selector", "#details .group .badge.failed")
        self.assertGreaterEqual(len(failed), 1)
        # Failed groups come first, and run links go to Autosana.
        groups = self.driver.find_elements("css selector", "#details .group")
        self.assertIn("failed", groups[0].text)
        links = [a.get_attribute("href") for a in self.driver.find_elements("css selector", "#details .group a")]
        self.assertTrue(links and all(link.startswith("https://") for link in links), links)
        self.assertIn("stored", details)  # the forward target's answer
        self.driver.save_screenshot(os.path.join(artifacts_dir(), "inspector-details.png"))

        # r replays the selected delivery byte for byte to the --forward target.
        self.driver.find_element("tag name", "body").send_keys("r")
        self.wait(lambda d: len(target.requests) == 2)
        self.assertEqual(target.requests[1][4], target.requests[0][4])
        self.assertEqual(target.requests[1][4], PAYLOAD)
        self.wait(lambda d: "replay 1" in d.find_element("id", "details").text)
        self.assertEqual(self.console_errors(), [])

    def test_filters_keys_copy_and_download(self):
        from selenium.webdriver.common.keys import Keys
        from selenium.webdriver.support.ui import Select
        saved = os.path.join(self.dir, "saved")
        inspected = Inspected(self, "--save", saved)
        feature = PAYLOAD.replace(b'"branch": "main"', b'"branch": "feature/cart"')
        self.assertNotEqual(feature, PAYLOAD)
        exchange(inspected.listener.port, delivery(PAYLOAD))
        exchange(inspected.listener.port, delivery(feature))
        exchange(inspected.listener.port, delivery(PAYLOAD, sig=signature(b"forged")))
        inspected.listener.lines(3)

        def texts(selector):  # read in one go: the list is redrawn under a reader that takes rows one by one
            return self.driver.execute_script(
                "return [...document.querySelectorAll(arguments[0])].map((row) => row.innerText)", selector)

        selected = lambda: texts("#list tbody tr.selected")
        shown = lambda: texts("#list tbody tr")

        self.open(inspected)
        self.wait(lambda d: len(shown()) == 3)
        body = self.driver.find_element("tag name", "body")

        # j and k move the selection down and up the list (newest first).
        body.send_keys("j")
        self.wait(lambda d: len(selected()) == 1 and "rejected" in selected()[0])
        body.send_keys("j")
        self.wait(lambda d: len(selected()) == 1 and "feature/cart" in selected()[0])
        body.send_keys("k")
        self.wait(lambda d: len(selected()) == 1 and "rejected" in selected()[0])

        # / goes to the text filter; each filter narrows the list, and clearing it brings all back.
        body.send_keys("/")
        self.wait(lambda d: d.switch_to.active_element.get_attribute("id") == "filter-text")
        self.driver.switch_to.active_element.send_keys("cart")
        self.wait(lambda d: shown() and len(shown()) == 1 and "feature/cart" in shown()[0])
        self.driver.find_element("id", "filter-text").send_keys(Keys.BACKSPACE * 4)  # as a person erases it
        self.wait(lambda d: len(shown()) == 3)
        Select(self.driver.find_element("id", "filter-verdict")).select_by_visible_text("rejected")
        self.wait(lambda d: len(shown()) == 1 and "rejected" in shown()[0])
        Select(self.driver.find_element("id", "filter-verdict")).select_by_visible_text("every verdict")
        self.driver.find_element("id", "filter-branch").send_keys("main")
        # (a rejected delivery's branch is what a forger claims: it is shown, marked unverified,
        # but not matched)
        self.wait(lambda d: len(shown()) == 1 and "\tmain\t" in shown()[0])
        self.driver.find_element("id", "filter-branch").send_keys(Keys.BACKSPACE * 4)
        self.wait(lambda d: len(shown()) == 3)

        # The oldest delivery: its copied commands work, and its download is the saved request.
        self.rows()[2].click()
        self.wait(lambda d: d.find_elements("css selector", "#details .actions button"))
        self.driver.execute_script("""
            window.__copied = [];
            navigator.clipboard.writeText = (text) => { window.__copied.push(text); return Promise.resolve(); };
        """)
        for label in ("Copy as curl", "Copy as send"):
            button = [b for b in self.driver.find_elements("css selector", "#details .actions button") if b.text == label]
            self.assertEqual(len(button), 1, label)
            button[0].click()
        self.wait(lambda d: len(d.execute_script("return window.__copied")) == 2)
        curl, send = self.driver.execute_script("return window.__copied")
        self.assertIn("curl --fail-with-body", curl)
        self.assertIn("autosana-webhook send --as-is --request", send)
        env = dict(base_environment(), PATH=os.path.dirname(os.path.abspath(BINARY)) + os.pathsep + os.environ["PATH"])
        for command in (curl, send):
            completed = subprocess.run(["sh", "-c", command], capture_output=True, env=env, timeout=60)
            self.assertEqual(completed.returncode, 0, (command, completed))
        lines = inspected.listener.lines(5)
        self.assertTrue(all(" 200  verified " in line for line in lines[3:]), lines)

        link = self.driver.find_element("link text", "Download .http")
        self.assertEqual(link.get_attribute("download"), "delivery-1.http")
        downloads = os.path.join(self.dir, "downloads")
        os.makedirs(downloads)
        self.driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
        link.click()
        downloaded = os.path.join(downloads, "delivery-1.http")
        first_saved = os.path.join(saved, sorted(os.listdir(saved))[0])
        with open(first_saved, "rb") as kept:
            expected = kept.read()

        # Chrome may create the file before it has written it (and names it before the partial
        # .crdownload is gone), so wait until it is whole: as large as the saved request, with no
        # partial file beside it. A wrong download still fails below, on its bytes.
        def whole():
            return (os.path.exists(downloaded) and os.path.getsize(downloaded) >= len(expected)
                    and not any(name.endswith(".crdownload") for name in os.listdir(downloads)))
        deadline = time.monotonic() + 30
        while not whole() and time.monotonic() < deadline:
            time.sleep(0.05)
        with open(downloaded, "rb") as got:
            self.assertEqual(got.read(), expected)
        self.assertEqual(self.console_errors(), [])

    def test_a_bad_signature_shows_its_diagnosis(self):
        inspected = Inspected(self, "--explain")
        self.open(inspected)
        reserialised = json.dumps(json.loads(PAYLOAD), indent=2).encode()
        exchange(inspected.listener.port, delivery(reserialised, sig=signature(PAYLOAD)))
        self.wait(lambda d: len(self.rows()) == 1, timeout=20)
        # The row says what the body claims, marked unverified, and why it was rejected (read in
        # one go: the diagnosis arriving redraws the row).
        row = lambda: self.driver.execute_script(
            "const row = document.querySelector('#list tbody tr'); return row ? row.innerText : ''")
        self.wait(lambda d: all(word in row() for word in
                                ("rejected", "My App (unverified)", "main", "signature does not match")))
        self.rows()[0].click()
        # The example payload is indented already: json.dumps drops only its final newline.
        self.wait(lambda d: "ended with a newline that this body lacks" in d.find_element("id", "details").text)
        self.assertIn("--data-binary", self.driver.find_element("css selector", "#details .finding .advice").text)
        self.assertEqual(self.console_errors(), [])

    def test_a_hostile_payload_runs_no_script(self):
        inspected = Inspected(self)
        self.open(inspected)
        payload = hostile_payload()
        exchange(inspected.listener.port, delivery(payload))
        exchange(inspected.listener.port, delivery(b'{"broken": [1, 2,, 3]}\n'))
        self.wait(lambda d: len(self.rows()) == 2, timeout=20)
        self.rows()[1].click()
        self.wait(lambda d: "Batch" in d.find_element("id", "details").text)
        details = self.driver.find_element("id", "details")
        self.assertIn("<script>window.__pwned=2</script>", details.text)
        self.assertIn("\\u{202E}", details.text)  # the bidirectional override is shown, not obeyed
        self.assertEqual(self.driver.find_elements("css selector", "#details img, #details script, #list img"), [])
        hrefs = [a.get_attribute("href") for a in self.driver.find_elements("css selector", "#details a")]
        self.assertFalse([h for h in hrefs if h and h.startswith("javascript:")], hrefs)
        self.assertIsNone(self.driver.execute_script("return window.__pwned"))
        # The invalid body: its syntax error is shown at its line and column.
        self.rows()[0].click()
        self.wait(lambda d: "JSON syntax error at line 1, column" in d.find_element("id", "details").text)
        self.assertEqual(self.driver.find_elements("css selector", "#details .error-line").__len__(), 1)
        from selenium.common.exceptions import NoAlertPresentException
        with self.assertRaises(NoAlertPresentException):
            self.driver.switch_to.alert.text
        self.assertEqual(self.console_errors(), [])

    def test_a_page_of_another_origin_cannot_replay(self):
        target = Target()
        self.addCleanup(target.close)
        inspected = Inspected(self, "--forward", f"http://127.0.0.1:{target.port}/hook")
        exchange(inspected.listener.port, delivery(PAYLOAD))
        self.assertEqual(len(target.requests), 1)
        # The inspector answers a Replay only once it has been sent to the target, so when a
        # fetch has settled, a replay it caused has reached the target: nothing to wait for.
        script = """
            const done = arguments[arguments.length - 1];
            const url = "http://%s/api/deliveries/1/replay";
            Promise.allSettled([
              fetch(url + "?token=%s", {method: "POST", mode: "no-cors"}),
              fetch(url, {method: "POST", headers: {"X-Inspector-Token": "%s"}}),
            ]).then((results) => done(results.map((r) => r.status === "fulfilled" ? r.value.status : "refused")));
        """ % (inspected.host, inspected.token, inspected.token)
        # Another origin (the endpoint's own port) tries with and without the token. The browser
        # may refuse before sending (CORS) or send and get an opaque answer; neither may replay.
        self.driver.get(f"http://127.0.0.1:{inspected.listener.port}/")
        results = self.driver.execute_async_script(script)
        self.assertEqual(len(target.requests), 1, f"a page of another origin replayed a delivery: {results}")
        self.assertNotIn(200, results)
        # The same requests from the inspector's own page: the one with the token in a header
        # replays, so the check above would have seen a replay that got through.
        self.open(inspected)
        results = self.driver.execute_async_script(script)
        self.assertEqual(results[1], 200, results)
        self.assertEqual(len(target.requests), 2, results)

    def test_the_door_then_the_printed_address(self):
        inspected = Inspected(self)
        exchange(inspected.listener.port, delivery(PAYLOAD))
        self.driver.get(f"http://{inspected.host}/")
        text = self.driver.find_element("tag name", "body").text
        self.assertIn("Open the address from the terminal", text)
        self.assertNotIn("Example App", text)
        self.assertEqual(self.driver.find_elements("id", "list"), [])
        self.driver.save_screenshot(os.path.join(artifacts_dir(), "inspector-door.png"))
        self.open(inspected)
        self.wait(lambda d: len(self.rows()) == 1)
        # The address bar lost the token, and no script can read the cookie that replaced it.
        self.assertEqual(self.driver.current_url, f"http://{inspected.host}/")
        self.assertEqual(self.driver.execute_script("return document.cookie"), "")
        self.assertNotIn(inspected.token, self.driver.page_source)
        self.assertEqual(self.console_errors(), [])

    def test_the_list_takes_the_width_until_a_delivery_is_opened(self):
        """Issue 30 item 2: at 1280 px the list and its default columns fit without a sideways
        scroll; opening a delivery splits the width, Esc gives it back, and choosing a row never
        scrolls the list sideways."""
        target = Target(status=202)
        self.addCleanup(target.close)
        inspected = Inspected(self, "--forward", f"http://127.0.0.1:{target.port}/hook")
        for _ in range(3):
            exchange(inspected.listener.port, delivery(PAYLOAD))
        try:
            for width in (1920, 1280):
                self.driver.set_window_size(width, 900)
                self.open(inspected)
                self.wait(lambda d: len(self.rows()) == 3)
                pane = self.driver.find_element("id", "list-pane")
                self.assertFalse(self.driver.find_element("id", "details").is_displayed())
                overflow = self.driver.execute_script("return arguments[0].scrollWidth - arguments[0].clientWidth", pane)
                self.assertLessEqual(overflow, 0, f"the list scrolls sideways at {width} px")
                headers = [th.text for th in self.driver.find_elements("css selector", "#list th")]
                self.assertEqual(headers[-3:], ["size", "forward", "handler time"])
                self.assertRegex(self.rows()[0].find_elements("tag name", "td")[-1].text, r"^[0-9.]+ m?s$")
                self.driver.save_screenshot(os.path.join(artifacts_dir(), f"inspector-list-{width}.png"))
                self.driver.execute_script("arguments[0].scrollLeft = 0", pane)
                self.rows()[1].click()
                self.wait(lambda d: d.find_element("id", "details").is_displayed())
                self.assertEqual(self.driver.execute_script("return arguments[0].scrollLeft", pane), 0)
                list_width = pane.size["width"]
                self.assertLess(list_width, width * 0.8)
                # Beside the details, the list still needs no sideways scroll, answers kept.
                overflow = self.driver.execute_script("return arguments[0].scrollWidth - arguments[0].clientWidth", pane)
                self.assertLessEqual(overflow, 0, f"the list scrolls sideways beside the details at {width} px")
                shown = [th.text for th in self.driver.find_elements("css selector", "#list th") if th.is_displayed()]
                self.assertEqual(shown, ["time", "verdict", "app", "branch", "groups", "size", "forward", "handler time"])
                self.driver.save_screenshot(os.path.join(artifacts_dir(), f"inspector-details-{width}.png"))
                from selenium.webdriver.common.keys import Keys
                self.driver.find_element("tag name", "body").send_keys(Keys.ESCAPE)
                self.wait(lambda d: not d.find_element("id", "details").is_displayed())
        finally:
            self.driver.set_window_size(1400, 900)

    def test_edit_check_as_you_type_sign_again_and_replay(self):
        """Issue 30 item 1 as a person uses it: e opens the editor on the body as received; a
        broken edit says where; the fixed edit is signed again and replayed; the list shows both,
        and the edit shows its diff and leads back to its original."""
        target = Target(status=202)
        self.addCleanup(target.close)
        inspected = Inspected(self, "--forward", f"http://127.0.0.1:{target.port}/hook")
        exchange(inspected.listener.port, delivery(PAYLOAD))
        self.open(inspected)
        self.wait(lambda d: len(self.rows()) == 1)
        # Clicked in one go: a forward answer arriving redraws the list under a row held by the test.
        self.driver.execute_script("document.querySelector('#list tbody tr').click()")
        self.wait(lambda d: d.find_element("id", "edit").is_enabled())
        self.driver.find_element("tag name", "body").send_keys("e")
        body = self.wait(lambda d: d.find_element("id", "edit-body"))
        self.assertEqual(body.get_attribute("value"), PAYLOAD.decode())
        headers = self.driver.find_element("id", "edit-headers").get_attribute("value")
        self.assertIn("X-Autosana-Signature-256: sha256=", headers)
        self.assertNotIn("Content-Length", headers)
        check = self.driver.find_element("id", "edit-check")
        self.assertTrue(check.text.startswith("valid JSON"), check.text)
        # Broken as you type: the line and column of the mistake.
        broken = PAYLOAD.decode().replace('"event": "batch.completed",', '"event": "batch.completed",,', 1)
        line = broken[:broken.index(",,") + 1].count("\n") + 1
        column = broken.index(",,") + 2 - (broken.rfind("\n", 0, broken.index(",,")) + 1)
        self.driver.execute_script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'))",
                                   body, broken)
        self.wait(lambda d: "JSON syntax error" in check.text)
        self.assertIn(f"at line {line}, column {column}", check.text)
        self.assertEqual(check.get_attribute("class"), "bad")
        edited = PAYLOAD.decode().replace('"failed"', '"passed"')
        self.driver.execute_script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'))",
                                   body, edited)
        self.wait(lambda d: check.text.startswith("valid JSON"))
        self.driver.save_screenshot(os.path.join(artifacts_dir(), "inspector-edit.png"))
        self.driver.find_element("id", "edit-resign").click()
        self.wait(lambda d: len(target.requests) == 2)
        self.assertEqual(target.requests[1][4], edited.encode())
        self.assertEqual(target.requests[1][2]["X-Autosana-Signature-256"], signature(edited.encode()))
        # Read in one go: the list is redrawn as news comes, under a reader that takes rows one by one.
        first_row = lambda: self.driver.execute_script(
            "const rows = document.querySelectorAll('#list tbody tr'); return rows.length === 2 ? rows[0].innerText : ''")
        self.wait(lambda d: "\u270e" in first_row() and "202" in first_row())
        # The details are redrawn as news of the edit comes: each read is one script, in one go.
        details = lambda: self.driver.execute_script("return document.getElementById('details').innerText")
        self.wait(lambda d: "An edit of delivery 1, signed again with listen's secret." in details()
                  and "Body -2 +2 lines, as pretty-printed JSON" in details())
        added = self.driver.execute_script(
            "return [...document.querySelectorAll('#diff .diff-added')].map((line) => line.innerText)")
        self.assertEqual([re.sub(r"\s+", " ", text) for text in added], ['+ "status": "passed",'] * 2)
        # Every line is as wide as the longest: a changed line stays marked when scrolled sideways.
        widths = self.driver.execute_script(
            "const lines = [...document.querySelectorAll('#diff > div')];"
            "return [lines.map((line) => line.offsetWidth), Math.max(...lines.map((line) => line.scrollWidth)),"
            " document.getElementById('diff').clientWidth]")
        self.assertEqual(len(set(widths[0])), 1, widths)
        self.assertGreaterEqual(widths[0][0], widths[1])
        self.assertGreater(widths[1], widths[2])  # the URLs' lines are wider than the box
        self.driver.save_screenshot(os.path.join(artifacts_dir(), "inspector-edit-diff.png"))
        self.driver.execute_script("document.querySelector('#details button.link').click()")  # back to the original
        self.wait(lambda d: "sha256" in details() and "An edit of" not in details())
        self.assertEqual(self.console_errors(), [])

    def test_find_a_delivery_by_a_failed_flow_or_a_commit_prefix(self):
        """Issue 30 item 4."""
        inspected = Inspected(self)
        green = json.loads(PAYLOAD)
        for group in green["run_groups"]:
            group["status"] = "passed"
            for flow in group["runs"]:
                flow["status"] = "passed"
        green["git"]["commit_sha"] = "ffee" + green["git"]["commit_sha"][4:]
        exchange(inspected.listener.port, delivery(PAYLOAD))
        exchange(inspected.listener.port, delivery(json.dumps(green).encode()))
        self.open(inspected)
        self.wait(lambda d: len(self.rows()) == 2)
        failed = self.driver.find_element("id", "filter-failed")
        failed.send_keys("checkout / user can pay")
        self.wait(lambda d: len(self.rows()) == 1)
        self.assertIn("1 failed", self.rows()[0].text)
        failed.clear()
        failed.send_keys("Onboarding")  # it passed in both
        self.wait(lambda d: len(self.rows()) == 0)
        failed.clear()
        self.wait(lambda d: len(self.rows()) == 2)
        text = self.driver.find_element("id", "filter-text")
        text.send_keys("ffee")
        self.wait(lambda d: len(self.rows()) == 1)
        self.assertIn("ffee", self.rows()[0].text)
        text.clear()
        [row] = [r for r in json.loads(inspected.get("/api/deliveries", inspected.cookie).body)["deliveries"]
                 if r["groups_failed"]]
        self.assertEqual(row["failed_flows"], ["Checkout", "Checkout / User can pay with a saved card"])

    def test_narrow_and_dark(self):
        """At 420 px (a phone, a narrow split) the page neither scrolls sideways nor hides the
        details: the list stacks above them."""
        inspected = Inspected(self)
        exchange(inspected.listener.port, delivery(PAYLOAD))
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                    {"width": 420, "height": 900, "deviceScaleFactor": 1, "mobile": False})
        self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
        try:
            self.open(inspected)
            self.wait(lambda d: len(self.rows()) == 1)
            self.assertEqual(self.driver.execute_script("return window.innerWidth"), 420)
            background = self.driver.execute_script("return getComputedStyle(document.body).backgroundColor")
            self.assertEqual(background, "rgb(13, 17, 23)")
            width = self.driver.execute_script("return document.documentElement.scrollWidth")
            self.assertLessEqual(width, 420)
            self.driver.save_screenshot(os.path.join(artifacts_dir(), "inspector-420-dark.png"))
            self.driver.execute_script("document.querySelector('#list tbody tr').click()")
            self.wait(lambda d: "Batch" in d.find_element("id", "details").text)
            self.assertLessEqual(self.driver.execute_script("return document.documentElement.scrollWidth"), 420)
            self.driver.save_screenshot(os.path.join(artifacts_dir(), "inspector-420-details-dark.png"))
        finally:
            self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
            self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
            self.driver.set_window_size(1400, 900)


if __name__ == "__main__":
    unittest.main()

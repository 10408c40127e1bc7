"""A webhook handler on http.server alone: python3 stdlib_server.py PORT CAPTURE_DIR, with the
secret in AUTOSANA_WEBHOOK_SECRET. With --reserialize it makes the classic mistake (it verifies
json.dumps(json.loads(body)) instead of the body), which the end-to-end tests use to show that
`autosana-webhook verify --explain --request` finds the cause in the captured file."""
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import autosana_webhook  # noqa: E402

SECRETS = [os.environ["AUTOSANA_WEBHOOK_SECRET"]]
RESERIALIZE = "--reserialize" in sys.argv


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = json.dumps(json.loads(raw)).encode() if RESERIALIZE else raw
        result = autosana_webhook.verify(body, self.headers.get(autosana_webhook.HEADER), SECRETS)
        if not result:
            headers = [(name, value) for name, value in self.headers.items() if name.lower() != "content-length"]
            headers.append(("Content-Length", str(len(body))))
            autosana_webhook.capture(sys.argv[2], self.command, self.path, headers, body)
        self.send_response(200 if result else 401)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps({"reason": result.reason}).encode())

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    import logging
    logging.basicConfig(format="%(message)s")
    HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()

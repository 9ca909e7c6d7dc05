#!/usr/bin/env python3
"""weekly-cap as a policy service, written from docs/http.md alone (standard library only).

The rule is the `weekly-cap` row of docs/http.md's table of built-in rules; the protocol is
docs/http.md's "Protocol (version 3)". A closed-loop run against it equals the in-process
`weekly-cap` byte for byte (test/http/python-service.test.ts checks it).

    python3 service.py [--port 8080] [--cap 100]

Each POST /runs opens an independent run; runs are served side by side.
"""
import argparse
import json
import math
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PROTOCOL = 3
WINDOW_MINUTES = 7 * 24 * 60
BUCKETS = 24
BUCKET_MINUTES = math.ceil(WINDOW_MINUTES / BUCKETS)  # 420: the count's resolution


class Run:
    """One simulation run: the rolling counts, the ladder the client mirrors, the last answer."""

    def __init__(self, members, ladder, cap):
        self.cap = cap
        self.strikes_to_permanent = ladder["strikesToPermanent"]
        self.head = [-1] * members  # newest bucket index per member
        self.total = [0] * members  # attempts in the window
        self.peak = [0] * members  # highest window count ever
        self.buckets = [[0] * BUCKETS for _ in range(members)]
        self.restricted = [False] * members  # restricted or permanent: restrict() starts nothing
        self.strikes = [0] * members
        self.permanent = [False] * members
        self.last_seq = 0
        self.last_answer = None

    def advance(self, m, now):
        """Drops buckets that left the window; the window is bucket now//420 and the 23 before."""
        b = now // BUCKET_MINUTES
        h = self.head[m]
        if b <= h:
            return
        if h < 0 or b - h >= BUCKETS:
            self.buckets[m] = [0] * BUCKETS
            self.total[m] = 0
        else:
            for k in range(h + 1, b + 1):
                self.total[m] -= self.buckets[m][k % BUCKETS]
                self.buckets[m][k % BUCKETS] = 0
        self.head[m] = b

    def restrict(self, m, now, out):
        if self.restricted[m]:
            return
        self.restricted[m] = True
        self.strikes[m] += 1
        if self.strikes[m] >= self.strikes_to_permanent:
            self.permanent[m] = True
        out.append({"member": m, "time": now})

    def event(self, e, out):
        kind = e["type"]
        if kind == "invite":
            m, now = e["sender"], e["time"]
            self.advance(m, now)
            self.buckets[m][(now // BUCKET_MINUTES) % BUCKETS] += 1
            self.total[m] += 1
            self.peak[m] = max(self.peak[m], self.total[m])
            if self.total[m] <= self.cap:
                return "allow"
            self.restrict(m, now, out)
            return "require-email"
        if kind == "response":
            return None  # weekly-cap ignores answers
        if kind == "join":
            return None  # an account joined the platform: weekly-cap reads no account facts
        if kind == "suspicious":
            m, now = e["member"], e["time"]
            self.advance(m, now)
            keep = self.total[m] >= self.cap
            if not keep and not self.permanent[m]:
                self.restricted[m] = False  # the restriction lifts
            return keep
        if kind == "scores":
            return [self.peak[m] / self.cap for m in range(e["from"], e["from"] + e["count"])]
        raise ValueError(f"event type {kind!r} is not taken by weekly-cap")

    def apply(self, body):
        seq = body.get("seq")
        if seq is not None and seq == self.last_seq:
            return self.last_answer  # a resend: answered again, not applied twice
        restricted, answer = [], None
        for e in body["events"]:
            answer = self.event(e, restricted)
        response = {"answer": answer, "restricted": restricted}
        if seq is not None:
            self.last_seq, self.last_answer = seq, response
        return response


def make_handler(default_cap):
    runs = {}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive: one connection for the whole run

        def send(self, status, obj=None):
            body = b"" if obj is None else json.dumps(obj).encode()
            self.send_response(status)
            if obj is not None:
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def body(self):
            return json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))

        def do_GET(self):
            if self.path != "/health":
                return self.send(404, {"error": f"no such resource {self.path}"})
            self.send(200, {"status": "ok", "protocol": PROTOCOL, "policy": {"name": "weekly-cap", "params": {"cap": default_cap}}})

        def do_POST(self):
            try:
                body = self.body()
                if self.path == "/runs":
                    spec = body.get("policy") or {"name": "weekly-cap", "params": {"cap": default_cap}}
                    if spec.get("name") != "weekly-cap":
                        return self.send(400, {"error": f"policy: this service runs weekly-cap only (got {spec.get('name')!r})"})
                    cap = spec.get("params", {}).get("cap", default_cap)
                    run_id = uuid.uuid4().hex
                    runs[run_id] = Run(body["members"], body["ladder"], cap)
                    return self.send(201, {"id": run_id, "policy": {"name": "weekly-cap", "params": {"cap": cap}},
                                           "hooks": {"review": False, "blocked": False, "score": True}, "deferrable": ["response"]})
                parts = self.path.split("/")
                if len(parts) == 4 and parts[1] == "runs" and parts[3] == "events":
                    run = runs.get(parts[2])
                    if run is None:
                        return self.send(404, {"error": f"no run {parts[2]}"})
                    return self.send(200, run.apply(body))
                self.send(404, {"error": f"no such resource {self.path}"})
            except (ValueError, KeyError, TypeError) as e:
                self.send(400, {"error": str(e)})

        def do_DELETE(self):
            parts = self.path.split("/")
            if len(parts) == 3 and parts[1] == "runs" and runs.pop(parts[2], None) is not None:
                return self.send(204)
            self.send(404, {"error": f"no run at {self.path}"})

        def log_message(self, *args):
            pass  # quiet: one line per request would flood a run's log

    return Handler


def main():
    ap = argparse.ArgumentParser(description="weekly-cap policy service (invitesim protocol 3)")
    ap.add_argument("--port", type=int, default=8080, help="0 picks a free port; the URL is printed")
    ap.add_argument("--cap", type=int, default=100, help="cap when a run's POST /runs names no policy")
    args = ap.parse_args()
    # A thread per connection: a run holds its kept-alive connection, and sweeps run several at once.
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(args.cap))
    print(f"http://127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()

"""Round trips for bench/bridge.ts. Usage:
  python3 bridge-rtt.py bridge <plugin folder> <n>   # pre_tool_call through the timmy-bridge plugin
  python3 bridge-rtt.py echo <port> <n>              # the same JSON over a raw socket to an echo server
  python3 bridge-rtt.py echo-server                  # prints its port, echoes until stdin closes
Prints the round-trip times in microseconds as JSON."""

import importlib.util
import json
import os
import socket
import sys
import threading
import time

KWARGS = {
    "tool_name": "terminal",
    "args": {"command": "npm test"},
    "task_id": "task-1",
    "session_id": "bench",
    "tool_call_id": "call_1",
    "turn_id": "turn-3",
    "api_request_id": "req-7",
    "middleware_trace": [],
    "telemetry_schema_version": "hermes.observer.v1",
}


def bridge(folder, n):
    spec = importlib.util.spec_from_file_location(
        "timmy_bridge", os.path.join(folder, "__init__.py"), submodule_search_locations=[folder]
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    hooks = {}

    class Ctx:
        def register_hook(self, name, cb):
            hooks[name] = cb

    module.register(Ctx())
    cb = hooks["pre_tool_call"]
    for _ in range(200):
        cb(**KWARGS)
    times = []
    for _ in range(n):
        t = time.perf_counter()
        cb(**KWARGS)
        times.append((time.perf_counter() - t) * 1e6)
    return times, module.stats


def echo(port, n):
    body = json.dumps({"hook": "pre_tool_call", "kwargs": KWARGS, "source": "plugin"}).encode() + b"\n"
    s = socket.create_connection(("127.0.0.1", port))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    f = s.makefile("rb")
    for _ in range(200):
        s.sendall(body)
        f.readline()
    times = []
    for _ in range(n):
        t = time.perf_counter()
        s.sendall(body)
        f.readline()
        times.append((time.perf_counter() - t) * 1e6)
    return times, {}


def echo_server():
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    print(srv.getsockname()[1], flush=True)

    def serve(conn):
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        f = conn.makefile("rb")
        for line in f:
            conn.sendall(line)

    def accept():
        while True:
            conn, _ = srv.accept()
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    sys.stdin.read()


if __name__ == "__main__":
    if sys.argv[1] == "echo-server":
        echo_server()
    else:
        fn = bridge if sys.argv[1] == "bridge" else echo
        arg = sys.argv[2] if sys.argv[1] == "bridge" else int(sys.argv[2])
        times, stats = fn(arg, int(sys.argv[3]))
        print(json.dumps({"us": times, "stats": stats}))

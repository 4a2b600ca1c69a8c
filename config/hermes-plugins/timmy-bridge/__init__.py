"""timmy-bridge: a Hermes plugin that forwards hook events to ``timmy serve`` (Python standard library only).

* Observers (usage, heartbeats, provenance) are queued and posted in batches by one background thread:
  they return at once and never block Hermes. When the queue is full, events are dropped and counted.
* Decisions (``pre_tool_call``, ``pre_llm_call``) ask timmy synchronously, bounded by a short timeout.
  If timmy cannot be reached, the fail policy decides: ``open`` (default) lets the call go on,
  ``closed`` blocks it with a message.
* No callback ever raises.

Transport: newline-delimited JSON over timmy's Unix socket (``$TIMMY_HOME/bridge.sock``), else HTTP
``POST /hermes/events``. Settings, first found wins: environment (``TIMMY_BRIDGE_URL`` forces HTTP,
``TIMMY_BRIDGE_SOCKET``, ``TIMMY_BRIDGE_TIMEOUT_MS``, ``TIMMY_BRIDGE_FAIL`` = open|closed),
``settings.json`` beside this file (written by ``timmy deploy``: ``{"url", "socket", "timeout_ms",
"fail_policy", "timmy_home"}``), the socket ``$TIMMY_HOME/bridge.sock``, then the URL in
``$TIMMY_HOME/bridge.json`` (written by ``timmy serve``). No default port is ever tried.

Trust: a socket is used only when it belongs to this user and sits in a folder nobody else may write;
``bridge.json`` only when it is this user's and names a live process of this user (its real uid in
``/proc/<pid>/status``). Over HTTP each request is signed with the secret of ``$TIMMY_HOME/secret`` (0600):
``Authorization: Timmy ts=,nonce=,mac=`` (the secret itself is never sent), and an answer
counts only with ``X-Timmy-Proof`` = HMAC-SHA256(secret, the nonce sent): proof that the peer is timmy.
"""

import dataclasses
import hashlib
import hmac
import http.client
import json
import os
import queue
import socket
import stat
import threading
import time
import urllib.parse

EVENTS_PATH = "/hermes/events"
DECISION_HOOKS = ("pre_tool_call", "pre_llm_call")
OBSERVER_HOOKS = (
    "post_tool_call",
    "post_llm_call",
    "pre_api_request",
    "post_api_request",
    "api_request_error",
    "on_session_start",
    "on_session_end",
    "on_session_finalize",
    "subagent_start",
    "subagent_stop",
)
# Too large or too private to forward (same list as core/hermes/bridge-protocol.ts).
HEAVY_KWARGS = frozenset(
    (
        "conversation_history",
        "request_messages",
        "request",
        "response",
        "assistant_message",
        "middleware_trace",
        "gateway",
        "session_store",
    )
)
MAX_STRING = 8192
MAX_QUEUE = 2000
MAX_BATCH = 200
# After a timeout, skip timmy for this long (answer by policy at once) instead of waiting again.
BACKOFF_SECONDS = 2.0

_HERE = os.path.dirname(os.path.abspath(__file__))
# One encoder, built once (json.dumps with options builds a new one per call); values are already plain.
_ENCODER = json.JSONEncoder(separators=(",", ":"), check_circular=False, default=str)

stats = {"sent": 0, "dropped": 0, "failed": 0, "vetoes": 0, "unreachable": 0}


def _load_settings():
    file_settings = {}
    try:
        with open(os.path.join(_HERE, "settings.json"), "r", encoding="utf-8") as f:
            loaded = json.load(f)
            if isinstance(loaded, dict):
                file_settings = loaded
    except (OSError, ValueError):
        pass
    timeout_ms = os.environ.get("TIMMY_BRIDGE_TIMEOUT_MS") or file_settings.get("timeout_ms") or 300
    try:
        timeout = max(0.01, float(timeout_ms) / 1000.0)
    except (TypeError, ValueError):
        timeout = 0.3
    fail = str(os.environ.get("TIMMY_BRIDGE_FAIL") or file_settings.get("fail_policy") or "open").lower()
    return {
        "url": os.environ.get("TIMMY_BRIDGE_URL") or file_settings.get("url"),
        "socket": os.environ.get("TIMMY_BRIDGE_SOCKET") or file_settings.get("socket"),
        "timmy_home": os.environ.get("TIMMY_HOME")
        or file_settings.get("timmy_home")
        or os.path.join(os.path.expanduser("~"), ".timmy"),
        "timeout": timeout,
        "fail_policy": "closed" if fail == "closed" else "open",
    }


settings = _load_settings()


def _is_ours(path, want_socket):
    """A socket or file of this user, in a folder only this user (or root) owns and may write."""
    try:
        st = os.lstat(path)
        if want_socket and not stat.S_ISSOCK(st.st_mode):
            return False
        if not want_socket and not stat.S_ISREG(st.st_mode):
            return False
        if not hasattr(os, "getuid"):
            return True
        if st.st_uid != os.getuid():
            return False
        parent = os.stat(os.path.dirname(os.path.abspath(path)))
        return parent.st_uid in (os.getuid(), 0) and not parent.st_mode & 0o022
    except OSError:
        return False


def _pid_is_ours(pid):
    """A live process of this user. ``os.kill(pid, 0)`` alone succeeds for any pid when we are root, so on
    Linux the real uid in /proc/<pid>/status must be ours; without /proc, root trusts no pid (the socket
    still works) and another user relies on kill(0), which fails for others' processes."""
    if not isinstance(pid, int) or isinstance(pid, bool) or pid <= 0:
        return False
    uid = os.getuid() if hasattr(os, "getuid") else None
    try:
        with open("/proc/%d/status" % pid, "r", encoding="utf-8") as f:
            status = f.read()
    except FileNotFoundError:
        if os.path.isfile("/proc/self/status"):
            return False
        status = None
    except OSError:
        status = None
    if status is not None:
        if uid is None:
            return True
        real = None
        for line in status.splitlines():
            if line.startswith("State:") and line.split()[1:2] == ["Z"]:
                return False
            if line.startswith("Uid:"):
                fields = line.split()
                real = int(fields[1]) if len(fields) > 1 and fields[1].isdigit() else None
        return real is not None and real == uid
    if uid == 0:
        return False
    try:
        os.kill(pid, 0)
        return True
    except OSError:
        return False


def _sign(secret, method, path, body):
    """``Authorization: Timmy ts=,nonce=,mac=``: HMAC-SHA256 over ts.nonce.METHOD.path.sha256(body); the secret stays here."""
    ts = int(time.time() * 1000)
    nonce = os.urandom(16).hex()
    digest = hashlib.sha256(body).hexdigest()
    message = "%d.%s.%s.%s.%s" % (ts, nonce, method.upper(), path, digest)
    mac = hmac.new(secret.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).hexdigest()
    return "Timmy ts=%d,nonce=%s,mac=%s" % (ts, nonce, mac)


def _read_secret():
    """The per-install secret, when $TIMMY_HOME/secret is this user's and readable by nobody else."""
    path = os.path.join(settings["timmy_home"], "secret")
    try:
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_mode & 0o077:
            return None
        if hasattr(os, "getuid") and st.st_uid != os.getuid():
            return None
        with open(path, "r", encoding="utf-8") as f:
            text = f.read().strip()
        return text if len(text) >= 32 else None
    except OSError:
        return None


def _discover_target():
    """("unix", path) or ("http", scheme, host, port): where timmy serve listens, looked up per new connection.

    Raises OSError when timmy is not running (no socket of ours, no bridge.json naming a live pid of ours).
    """
    if settings["url"]:
        return _http_target(settings["url"])
    unix = hasattr(socket, "AF_UNIX")
    candidates = [settings["socket"]] if settings["socket"] else []
    candidates.append(os.path.join(settings["timmy_home"], "bridge.sock"))
    for sock in candidates:
        if unix and _is_ours(sock, True):
            return ("unix", sock)
    found_file = os.path.join(settings["timmy_home"], "bridge.json")
    try:
        if _is_ours(found_file, False):
            with open(found_file, "r", encoding="utf-8") as f:
                found = json.load(f)
            url = found.get("url")
            if _pid_is_ours(found.get("pid")) and isinstance(url, str) and url.startswith(("http://", "https://")):
                return _http_target(url)
    except (OSError, ValueError, AttributeError):
        pass
    raise OSError("timmy is not running")


def _http_target(url):
    parts = urllib.parse.urlsplit(url)
    https = parts.scheme == "https"
    return ("http", "https" if https else "http", parts.hostname or "127.0.0.1", parts.port or (443 if https else 80))


class _HttpConn:
    """HTTP with the secret; an answer without timmy's proof for our nonce is refused."""

    def __init__(self, scheme, host, port):
        self._secret = _read_secret()
        if not self._secret:
            raise OSError("no readable $TIMMY_HOME/secret: cannot authenticate to timmy")
        cls = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
        self._conn = cls(host, port, timeout=settings["timeout"])

    def exchange(self, data):
        nonce = os.urandom(16).hex()
        headers = {
            "content-type": "application/json",
            "authorization": _sign(self._secret, "POST", EVENTS_PATH, data),
            "x-timmy-nonce": nonce,
        }
        self._conn.request("POST", EVENTS_PATH, body=data, headers=headers)
        response = self._conn.getresponse()
        raw = response.read()
        expected = hmac.new(self._secret.encode("utf-8"), nonce.encode("utf-8"), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(response.getheader("x-timmy-proof") or "", expected):
            raise OSError("the peer did not prove it is timmy")
        return json.loads(raw.decode("utf-8")) if raw else {}

    def close(self):
        self._conn.close()


class _UnixConn:
    """Newline-delimited JSON over timmy's Unix socket: one line out, one line back."""

    def __init__(self, path):
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._sock.settimeout(settings["timeout"])
        self._sock.connect(path)
        self._buf = b""

    def exchange(self, data):
        self._sock.sendall(data + b"\n")
        while b"\n" not in self._buf:
            chunk = self._sock.recv(65536)
            if not chunk:
                raise ConnectionResetError("timmy closed the bridge socket")
            self._buf += chunk
        line, _, self._buf = self._buf.partition(b"\n")
        return json.loads(line.decode("utf-8"))

    def close(self):
        self._sock.close()


class _Client:
    """One keep-alive connection per thread to timmy serve (Unix socket or HTTP), with a short timeout."""

    def __init__(self):
        self._local = threading.local()
        self._skip_until = 0.0

    def _conn(self):
        conn = getattr(self._local, "conn", None)
        if conn is None:
            target = _discover_target()
            conn = _UnixConn(target[1]) if target[0] == "unix" else _HttpConn(target[1], target[2], target[3])
            self._local.conn = conn
        return conn

    def _drop(self):
        conn = getattr(self._local, "conn", None)
        self._local.conn = None
        if conn is not None:
            try:
                conn.close()
            except Exception:
                pass

    def post(self, body):
        """Send one body; returns the decoded answer or raises. Retries once on a stale keep-alive connection."""
        if time.monotonic() < self._skip_until:
            raise OSError("timmy timed out recently; skipping until the back-off ends")
        data = _ENCODER.encode(body).encode("utf-8")
        for attempt in (0, 1):
            try:
                return self._conn().exchange(data)
            except (
                http.client.RemoteDisconnected,
                BrokenPipeError,
                ConnectionResetError,
                http.client.CannotSendRequest,
            ):
                self._drop()
                if attempt == 1:
                    raise
            except TimeoutError:
                self._drop()
                self._skip_until = time.monotonic() + BACKOFF_SECONDS
                raise
            except Exception:
                self._drop()
                raise
        raise OSError("unreachable")


_client = _Client()


def _plain(value, depth=0):
    """JSON-safe copy: long strings cut, objects (usage dataclasses, pydantic models) turned into dicts."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return value if len(value) <= MAX_STRING else value[:MAX_STRING] + "…[cut %d]" % (len(value) - MAX_STRING)
    if depth >= 6:
        return "[deep]"
    if isinstance(value, dict):
        return {str(k): _plain(v, depth + 1) for k, v in list(value.items())[:200]}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v, depth + 1) for v in list(value)[:200]]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _plain(dataclasses.asdict(value), depth + 1)
    dump = getattr(value, "model_dump", None) or getattr(value, "to_dict", None)
    if callable(dump):
        try:
            return _plain(dump(), depth + 1)
        except Exception:
            pass
    if hasattr(value, "__dict__"):
        return _plain({k: v for k, v in vars(value).items() if not k.startswith("_")}, depth + 1)
    return str(value)[:MAX_STRING]


_origin = {"hermes_home": os.environ.get("HERMES_HOME") or os.path.join(os.path.expanduser("~"), ".hermes")}


def _event(hook, kwargs):
    return {
        "hook": hook,
        "kwargs": {k: _plain(v) for k, v in kwargs.items() if k not in HEAVY_KWARGS},
        "source": "plugin",
        "origin": dict(_origin, pid=os.getpid()),
    }


class _Sender:
    """Posts observer events in batches from one daemon thread; a bounded queue, never blocking."""

    def __init__(self):
        self._lock = threading.Lock()
        self._queue = None
        self._pid = None

    def _ensure(self):
        if self._queue is not None and self._pid == os.getpid():
            return self._queue
        with self._lock:
            if self._queue is None or self._pid != os.getpid():
                self._queue = queue.Queue(maxsize=MAX_QUEUE)
                self._pid = os.getpid()
                threading.Thread(target=self._run, args=(self._queue,), name="timmy-bridge", daemon=True).start()
        return self._queue

    def put(self, event):
        try:
            self._ensure().put_nowait(event)
        except queue.Full:
            stats["dropped"] += 1

    def _run(self, q):
        while True:
            batch = [q.get()]
            while len(batch) < MAX_BATCH:
                try:
                    batch.append(q.get_nowait())
                except queue.Empty:
                    break
            try:
                self._send(batch, retry=True)
            except Exception:
                stats["failed"] += len(batch)
            finally:
                for _ in batch:
                    q.task_done()

    def _send(self, batch, retry):
        """Post a batch; split it when timmy says it is too large, retry once when timmy is busy."""
        answer = _client.post(batch)
        code = ((answer or {}).get("error") or {}).get("code") if isinstance(answer, dict) else None
        if code in ("TIMMY_ERR_HERMES_EVENT_TOO_LARGE", "TIMMY_ERR_HERMES_BATCH_TOO_LARGE") and len(batch) > 1:
            half = len(batch) // 2
            self._send(batch[:half], retry)
            self._send(batch[half:], retry)
        elif code == "TIMMY_ERR_HERMES_BRIDGE_OVERLOADED" and retry:
            time.sleep(0.5)
            self._send(batch, False)
        elif code:
            stats["failed"] += len(batch)
        else:
            stats["sent"] += len(batch)

    def flush(self, timeout=1.0):
        """Wait until every queued event was posted (or failed); True when the queue drained in time."""
        q = self._queue
        if q is None:
            return True
        deadline = time.monotonic() + timeout
        with q.all_tasks_done:
            while q.unfinished_tasks:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                q.all_tasks_done.wait(left)
        return True


_sender = _Sender()


def flush(timeout=1.0):
    return _sender.flush(timeout)


def _unreachable(hook):
    stats["unreachable"] += 1
    if settings["fail_policy"] != "closed":
        return None
    message = 'timmy is unreachable and the bridge fails closed: start "timmy serve", or set TIMMY_BRIDGE_FAIL=open.'
    if hook == "pre_tool_call":
        return {"action": "block", "message": message}
    return {"context": "[timmy] " + message + " Stop here and report instead of continuing."}


def _accepted(hook, reply):
    if not isinstance(reply, dict):
        return None
    if hook == "pre_tool_call" and reply.get("action") == "block" and isinstance(reply.get("message"), str):
        stats["vetoes"] += 1
        return {"action": "block", "message": reply["message"]}
    if hook == "pre_llm_call" and isinstance(reply.get("context"), str):
        return {"context": reply["context"]}
    return None


def _decision_callback(hook):
    def callback(**kwargs):
        try:
            answer = _client.post(_event(hook, kwargs))
        except Exception:
            return _unreachable(hook)
        try:
            return _accepted(hook, answer.get("reply") if isinstance(answer, dict) else None)
        except Exception:
            return None

    callback.__name__ = "timmy_" + hook
    return callback


def _observer_callback(hook):
    def callback(**kwargs):
        try:
            _sender.put(_event(hook, kwargs))
        except Exception:
            pass
        return None

    callback.__name__ = "timmy_" + hook
    return callback


def register(ctx):
    """Hermes entry point: tap the hooks timmy needs."""
    profile = getattr(ctx, "profile_name", None)
    if isinstance(profile, str) and profile:
        _origin["profile"] = profile
    for hook in DECISION_HOOKS:
        ctx.register_hook(hook, _decision_callback(hook))
    for hook in OBSERVER_HOOKS:
        ctx.register_hook(hook, _observer_callback(hook))
    try:
        import atexit

        atexit.register(flush, min(1.0, settings["timeout"] * 3))
    except Exception:
        pass

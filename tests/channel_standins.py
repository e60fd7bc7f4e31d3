"""Local stand-ins for the channels alerts go to (never the internet): an HTTP server playing Telegram's (and Zalo
Bot's) ``/bot<token>/sendMessage``, and an SMTP inbox for aiosmtpd; the fixtures are in ``conftest.py``."""

from __future__ import annotations

import email
import email.policy
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
CHAT = -1001234567890


class BotApi:
    """Telegram's Bot API ``sendMessage`` on 127.0.0.1: records each request; can refuse or hang on request n."""

    def __init__(self) -> None:
        self.received: list[tuple[str, dict[str, Any]]] = []
        self.refuse: set[int] = set()  # 1-based request numbers answered 401
        self.hang = threading.Event()  # set: requests wait (until released) before answering
        self.release = threading.Event()
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                api.received.append((self.path, body))
                if api.hang.is_set():
                    api.release.wait(30)
                refused = len(api.received) in api.refuse
                answer = {"ok": False, "error_code": 401, "description": "Unauthorized"} if refused else {"ok": True}
                data = json.dumps({**answer, "result": {"message_id": len(api.received)}}).encode()
                self.send_response(401 if refused else 200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def texts(self) -> list[str]:
        return [body["text"] for _, body in self.received]


def wire(text: str) -> str:
    """Apprise's Telegram dialect writes line breaks as CRLF."""
    return text.replace("\n", "\r\n")


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802  # aiosmtpd's hook
        self.messages.append(envelope)
        return "250 OK"


def mailto(port: int) -> str:
    return f"mailto://127.0.0.1:{port}?from=portalwatch@example.org&to=phongvien@example.org"


def received(inbox: Inbox) -> list[tuple[str, str, str, list[str]]]:
    out = []
    for envelope in inbox.messages:
        mail = email.message_from_bytes(envelope.content, policy=email.policy.default)
        text = mail.get_body(("plain",))
        assert text is not None and text.get_content_charset() == "utf-8"
        out.append(
            (mail["Subject"], text.get_content().replace("\r\n", "\n").rstrip("\n"), mail["From"], envelope.rcpt_tos)
        )
    return out

"""Store errors a user meets as one sentence, with the command's exit code, and never a password.

A PostgreSQL URL may carry its password (``postgresql://user:secret@host/db``): every place that shows a store's
location (errors, logs, ``portalwatch db``, run rows) shows it without. The PostgreSQL cases run the private server
(tests/pgserver.py): a login refused, and a server that ends the connection in the middle of a command.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import psycopg
import pytest
from pgserver import PgServer
from support import RunCli, StartCli, wait_for

from crawler.cluster.connection import ClusterError, connect
from crawler.store import describe, open_store, without_password
from crawler.store.errors import redact, store_error

SECRET = "S3cret-pw"


def with_password(url: str, password: str = SECRET) -> str:
    """The private server's URL (trust login: any password is taken) with a password in it."""
    parts = urlsplit(url)
    return parts._replace(netloc=f"{parts.username}:{password}@{parts.hostname}:{parts.port}").geturl()


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://pw:S3cret-pw@db.example:5433/monitor", "postgresql://pw@db.example:5433/monitor"),
        (
            "postgresql://pw:p%40ss@db.example/monitor?sslmode=require",
            "postgresql://pw@db.example/monitor?sslmode=require",
        ),
        ("postgres://db.example/monitor?password=S3cret-pw", "postgres://db.example/monitor?password=***"),
        ("postgresql://pw@db.example/monitor", "postgresql://pw@db.example/monitor"),
        ("redis://:S3cret-pw@10.0.0.5:6379/0", "redis://10.0.0.5:6379/0"),
        ("data/portalwatch.sqlite3", "data/portalwatch.sqlite3"),
    ],
)
def test_a_location_is_shown_without_its_password(url: str, shown: str) -> None:
    assert without_password(url) == shown
    if not url.startswith("redis"):
        assert describe(url) == shown


def test_a_driver_message_quoting_the_password_is_redacted() -> None:
    url = "postgresql://pw:S3cret-pw@db.example/monitor"
    assert redact('invalid connection string "postgresql://pw:S3cret-pw@db.example"', url) == (
        'invalid connection string "postgresql://pw:***@db.example"'
    )
    error = store_error(psycopg.OperationalError(f"bad option near {SECRET}\nsecond line"), url)
    assert str(error) == "the store postgresql://pw@db.example/monitor failed: bad option near ***."


def test_a_server_gone_is_one_sentence_saying_what_to_check() -> None:
    exc = psycopg.OperationalError(
        "consuming input failed: server closed the connection unexpectedly\n"
        "\tThis probably means the server terminated abnormally\n\tbefore or while processing the request."
    )
    assert str(store_error(exc, f"postgresql://pw:{SECRET}@db.example/monitor")) == (
        "the store postgresql://pw@db.example/monitor stopped answering in the middle of the command (consuming "
        "input failed: server closed the connection unexpectedly); check that the server runs."
    )


def test_a_redis_url_in_an_error_has_no_password() -> None:
    with pytest.raises(ClusterError) as raised:
        connect(f"redis://:{SECRET}@127.0.0.1:1/0")
    assert SECRET not in str(raised.value)
    assert "redis://127.0.0.1:1/0" in str(raised.value)
    with pytest.raises(ClusterError) as raised:
        connect(f"http://:{SECRET}@127.0.0.1:1/0")
    assert SECRET not in str(raised.value)


@pytest.mark.integration
def test_a_login_refused_is_one_line_with_an_exit_code_and_no_password(run_cli: RunCli, pg_server: PgServer) -> None:
    url = f"postgresql://nobody:{SECRET}@{pg_server.host}:{pg_server.port}/postgres"
    done = run_cli("runs", "--db", url, timeout=120)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"portalwatch: cannot connect to postgresql://nobody@{pg_server.host}:{pg_server.port}/")
    assert 'role "nobody" does not exist' in lines[0]
    assert SECRET not in done.stdout + done.stderr


@pytest.mark.integration
def test_a_server_gone_mid_command_is_one_line_with_an_exit_code_and_no_password(
    start_cli: StartCli, pg_server: PgServer
) -> None:
    url = with_password(pg_server.new_database("gone"))
    open_store(url).close()  # migrated: the command below only reads
    database = pg_server.url(urlsplit(url).path.lstrip("/"))
    with psycopg.connect(database, autocommit=True) as holder, psycopg.connect(database, autocommit=True) as watcher:
        holder.execute("BEGIN")
        holder.execute("LOCK TABLE runs IN ACCESS EXCLUSIVE MODE")  # the command's read waits on it

        def waiting() -> list[int]:
            rows = watcher.execute(
                "SELECT pid FROM pg_stat_activity WHERE application_name = 'portalwatch' AND wait_event_type = 'Lock'"
            ).fetchall()
            return [r[0] for r in rows]

        proc = start_cli("runs", "--db", url, stdout=-1, stderr=-1)
        wait_for(waiting, timeout=60, what="the command to wait on the locked table")
        for pid in waiting():
            watcher.execute("SELECT pg_terminate_backend(%s)", (pid,))
        out, err = proc.communicate(timeout=60)
        holder.execute("ROLLBACK")
    assert proc.returncode == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"portalwatch: the store {describe(url)} stopped answering in the middle of the command")
    assert "check that the server runs." in lines[0]
    assert SECRET not in out + err

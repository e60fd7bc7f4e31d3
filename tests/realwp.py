"""A real WordPress (Debian's package) on MariaDB, on 127.0.0.1, for one pytest session.

Why a real one: the simulator renders the templates we read, the real thing renders the ones WordPress
ships (Debian's default block theme) and answers its REST API the way it really does. Nothing is installed
here: ``scripts/system-deps`` installs the Debian packages; a missing package or a server that does not
start FAILS the tests with one sentence (never a skip: CI must not go green without the real site).

Layout under a tmp directory: ``db/`` (a private MariaDB datadir, its own socket and port, a real user
with a password), ``site/`` (symlinks to every file of /usr/share/wordpress but its own ``wp-config.php``
and ``wp-content/``), so Debian's ``wp-config.php`` (which reads /etc/wordpress/config-<host>.php and
strips the port from Host) is bypassed and nothing outside the tmp directory is written.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from support import free_port

WORDPRESS = Path("/usr/share/wordpress")
HERE = Path(__file__).resolve().parent / "realwp"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
PER_PAGE = 10
NEEDED = {  # what must be on the machine -> the Debian package that brings it
    "mariadb-install-db": "mariadb-server",
    "mariadbd": "mariadb-server",
    "mariadb": "mariadb-client",
    "php": "php-cli",
}

USERS = [
    ("bttuyenhoa", "Ban Tuyên giáo Huyện ủy"),
    ("nguyenthilan", "Nguyễn Thị Lan"),
    ("tranvanhung", "Trần Văn Hùng"),
    ("levanduc", "Lê Văn Đức"),
]
CATEGORIES = [
    ("Xây dựng Đảng", "xay-dung-dang"),
    ("Tin hoạt động", "tin-hoat-dong"),
    ("Kinh tế – Xã hội", "kinh-te-xa-hoi"),
    ("Quốc phòng – An ninh", "quoc-phong-an-ninh"),
    ("Văn hóa & Giáo dục", "van-hoa-giao-duc"),
]
COMMUNES = ["Thanh Hóa", "Lâm Hóa", "Hương Hóa", "Kim Hóa", "Thanh Thạch", "Đồng Lê", "Tiến Hóa", "Châu Hóa"]
TOPICS = [
    ("Hội nghị Ban Chấp hành Đảng bộ huyện lần thứ {n}", "Xây dựng Đảng"),
    ("Kỳ họp thứ {n} Hội đồng nhân dân huyện khóa XX", "Tin hoạt động"),
    ("Sơ kết 6 tháng thực hiện Nghị quyết số {n}-NQ/HU tại xã {c}", "Xây dựng Đảng"),
    ("Xã {c} ra quân xây dựng nông thôn mới năm {y}", "Kinh tế – Xã hội"),
    ("Diễn tập khu vực phòng thủ xã {c} năm {y}", "Quốc phòng – An ninh"),
    ("Khai giảng lớp bồi dưỡng lý luận chính trị khóa {n} & trao giấy chứng nhận", "Văn hóa & Giáo dục"),
    ("Tổng kết công tác tuyển quân năm {y} tại xã {c}", "Quốc phòng – An ninh"),
    ("Hội thi tuyên truyền viên giỏi cấp huyện lần thứ {n}", "Văn hóa & Giáo dục"),
]
# A 1x1 JPEG and a tiny PDF: real files in the media directory, linked from two posts.
JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class RealWordPressError(RuntimeError):
    """The real WordPress could not be set up; the message says what to do."""


@dataclass(frozen=True)
class RealPost:
    """One created post and the values a crawl must store for it."""

    key: str
    title: str
    slug: str
    category: str
    author: str  # display name: the byline a crawl stores
    published: datetime  # aware, Asia/Ho_Chi_Minh
    paragraphs: tuple[str, ...]
    image: tuple[str, str] | None = None  # (file name, caption)
    pdf: tuple[str, str] | None = None  # (file name, link text)
    id: int = 0
    link: str = ""

    def content(self, uploads: str) -> str:
        """The post's block-editor content (paragraph, image and file blocks) as the editor saves it."""
        blocks = [f"<!-- wp:paragraph -->\n<p>{_esc(self.paragraphs[0])}</p>\n<!-- /wp:paragraph -->"]
        if self.image:
            name, caption = self.image
            blocks.append(
                '<!-- wp:image {"sizeSlug":"large"} -->\n<figure class="wp-block-image size-large">'
                f'<img src="{uploads}/{name}" alt=""/><figcaption class="wp-element-caption">{_esc(caption)}'
                "</figcaption></figure>\n<!-- /wp:image -->"
            )
        blocks += [f"<!-- wp:paragraph -->\n<p>{_esc(p)}</p>\n<!-- /wp:paragraph -->" for p in self.paragraphs[1:]]
        if self.pdf:
            name, text = self.pdf
            blocks.append(
                f'<!-- wp:file {{"href":"{uploads}/{name}"}} -->\n<div class="wp-block-file">'
                f'<a href="{uploads}/{name}">{_esc(text)}</a><a href="{uploads}/{name}" '
                'class="wp-block-file__button" download>Tải xuống</a></div>\n<!-- /wp:file -->'
            )
        return "\n\n".join(blocks)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def make_posts() -> list[RealPost]:
    """32 posts across 2022-2025: meeting reports and news, 5 categories, 4 authors, one image, one PDF."""
    posts = []
    for i in range(32):
        template, category = TOPICS[i % len(TOPICS)]
        block = i // len(TOPICS)  # one block of eight posts a year, each title and date unique
        commune = COMMUNES[(i + block) % len(COMMUNES)]
        year = 2022 + block
        title = template.format(n=i + 3, c=commune, y=year)
        published = datetime(year, 1 + i % 8 + block, 1 + (i * 7) % 28, 7 + i % 11, (i * 13) % 60, tzinfo=TZ)
        paragraphs = (
            f"Ngày {published.day}/{published.month}/{year}, {title.lower()[0]}{title[1:]} đã được tổ chức"
            f" tại hội trường xã {commune}, huyện Tuyên Hóa, tỉnh Quảng Bình.",
            f"Đến dự có đồng chí Bí thư Huyện ủy, lãnh đạo các ban xây dựng Đảng và đại diện Ủy ban nhân dân"
            f" xã {commune}. Hội nghị đã đánh giá kết quả thực hiện nhiệm vụ chính trị năm {year}.",
            "Các đại biểu thảo luận, đề xuất nhiều giải pháp nâng cao chất lượng sinh hoạt chi bộ, phát triển"
            " kinh tế – xã hội và bảo đảm quốc phòng, an ninh trên địa bàn.",
        )
        posts.append(
            RealPost(
                key=f"p{i:02d}",
                title=title,
                slug=f"bai-viet-{i:02d}",
                category=category,
                author=USERS[i % len(USERS)][1],
                published=published,
                paragraphs=paragraphs,
                image=("hoi-nghi.jpg", f"Quang cảnh hội nghị tại xã {commune}") if i == 0 else None,
                pdf=("nghi-quyet.pdf", "Toàn văn Nghị quyết Hội nghị") if i == 0 else None,
            )
        )
    return posts


@dataclass
class RealWordPress:
    """The running site: its origin, its posts (with ids and permalinks) and the HTML-only switch."""

    origin: str
    site: Path
    posts: list[RealPost]
    theme: str
    uploads: str
    logs: Path

    @property
    def access_log(self) -> Path:
        """One line per request WordPress answered: ``<status> <method> <uri>`` (tests/realwp/router.php)."""
        return self.logs / "access.log"

    @contextlib.contextmanager
    def published(self, posts: list[RealPost]) -> Iterator[list[RealPost]]:
        """``posts`` published through WordPress (tests/realwp/publish.php) for the duration of the block, with
        their ids and permalinks; deleted again on the way out, so the site is what the other tests expect."""
        made = self._publish({"posts": [_post_spec(p, self.uploads) for p in posts]})
        done = [RealPost(**{**p.__dict__, "id": made[p.key]["id"], "link": made[p.key]["link"]}) for p in posts]
        try:
            yield done
        finally:
            self._publish({"delete": [p.id for p in done]})

    def _publish(self, spec: dict[str, object]) -> dict[str, dict[str, object]]:
        path = self.logs / "publish.json"
        path.write_text(json.dumps({"origin": self.origin, **spec}, ensure_ascii=False), encoding="utf-8")
        env = {**os.environ, "REALWP_SITE": str(self.site)}
        result = _run(["php", str(HERE / "publish.php"), str(path)], "tests/realwp/publish.php", env=env)
        try:
            rows = json.loads(result.stdout[result.stdout.index("{") :])["posts"]
        except ValueError as exc:
            raise RealWordPressError(f"tests/realwp/publish.php printed no JSON: {result.stdout[-1500:]}") from exc
        return {row["key"]: row for row in rows}

    @contextlib.contextmanager
    def html_only(self) -> Iterator[None]:
        """REST API answering 401 and feeds 404 (a must-use plugin) for the duration of the block."""
        plugin = self.site / "wp-content" / "mu-plugins" / "portalwatch-html-only.php"
        shutil.copy(HERE / "html-only.php", plugin)
        try:
            yield
        finally:
            plugin.unlink(missing_ok=True)


def missing_tools() -> list[str]:
    """Debian packages whose programs or files are missing."""
    missing = {pkg for tool, pkg in NEEDED.items() if not (shutil.which(tool) or Path("/usr/sbin", tool).exists())}
    if not (WORDPRESS / "wp-settings.php").exists():
        missing.add("wordpress")
    if not (WORDPRESS / "wp-content" / "themes" / "twentytwentythree").exists():
        missing.add("wordpress-theme-twentytwentythree")
    return sorted(missing)


def _tool(name: str) -> str:
    return shutil.which(name) or str(Path("/usr/sbin", name))


def _run(cmd: list[str], what: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=120, **kwargs)  # type: ignore[call-overload]
    if result.returncode != 0:
        raise RealWordPressError(f"{what} failed ({result.returncode}): {(result.stderr or result.stdout)[-1500:]}")
    return result


def _wait(check: object, what: str, proc: subprocess.Popen[bytes], log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RealWordPressError(f"{what} exited with {proc.returncode}: {log.read_text(errors='replace')[-1500:]}")
        if check():  # type: ignore[operator]
            return
        time.sleep(0.2)
    raise RealWordPressError(f"{what} did not start within {timeout:.0f} s: {log.read_text(errors='replace')[-1500:]}")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the server's own process group (PHP's workers too), then SIGKILL after 15 s."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(5)


def start_mariadb(root: Path, stack: contextlib.ExitStack) -> tuple[int, str, str]:
    """A private MariaDB: own datadir, socket and port on 127.0.0.1, a ``wp`` user with a password."""
    datadir, sock, log = root / "db", root / "mysqld.sock", root / "mysqld.err"
    user = ["--user=root"] if os.geteuid() == 0 else []
    _run(
        [
            _tool("mariadb-install-db"),
            "--no-defaults",
            f"--datadir={datadir}",
            "--auth-root-authentication-method=normal",
            "--skip-test-db",
            *user,
        ],
        "mariadb-install-db",
    )
    port = free_port()
    with log.open("wb") as err:
        proc = subprocess.Popen(
            [
                _tool("mariadbd"),
                "--no-defaults",
                f"--datadir={datadir}",
                f"--socket={sock}",
                f"--port={port}",
                "--bind-address=127.0.0.1",
                f"--pid-file={root / 'mysqld.pid'}",
                f"--log-error={log}",
                "--skip-name-resolve",
                "--innodb-buffer-pool-size=32M",
                "--skip-log-bin",
                *user,
            ],
            stdout=err,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    stack.callback(_stop, proc)
    client = [_tool("mariadb"), "--no-defaults", f"--socket={sock}", "-uroot"]
    _wait(
        lambda: subprocess.run([*client, "-e", "SELECT 1"], capture_output=True).returncode == 0, "mariadbd", proc, log
    )
    password = secrets.token_hex(12)
    _run(
        [
            *client,
            "-e",
            "CREATE DATABASE wordpress CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
            f" CREATE USER 'wp'@'127.0.0.1' IDENTIFIED BY '{password}';"
            " GRANT ALL PRIVILEGES ON wordpress.* TO 'wp'@'127.0.0.1'; FLUSH PRIVILEGES;",
        ],
        "creating the database",
    )
    return port, "wp", password


def build_site(root: Path, origin: str, db_port: int, db_user: str, db_password: str) -> Path:
    """Symlinks into /usr/share/wordpress, plus this site's own wp-config.php and wp-content/."""
    site = root / "site"
    (site / "wp-content" / "mu-plugins").mkdir(parents=True)
    (site / "wp-content" / "uploads").mkdir()
    for entry in WORDPRESS.iterdir():
        if entry.name not in ("wp-config.php", "wp-content", ".htaccess"):
            (site / entry.name).symlink_to(entry)
    for entry in (WORDPRESS / "wp-content").iterdir():
        if entry.name in ("themes", "plugins"):
            (site / "wp-content" / entry.name).symlink_to(entry)
    config = (HERE / "wp-config.php.in").read_text(encoding="utf-8")
    for key, value in {
        "DB_NAME": "wordpress",
        "DB_USER": db_user,
        "DB_PASSWORD": db_password,
        "DB_PORT": str(db_port),
        "ORIGIN": origin,
        "SITE": str(site),
        "SALT": secrets.token_hex(24),
    }.items():
        config = config.replace(f"@{key}@", value)
    (site / "wp-config.php").write_text(config, encoding="utf-8")
    return site


def _post_spec(post: RealPost, uploads: str) -> dict[str, str]:
    """A post as tests/realwp/setup.php and publish.php take it: the author by login, the local date."""
    return {
        "key": post.key,
        "title": post.title,
        "slug": post.slug,
        "content": post.content(uploads),
        "category": post.category,
        "author": next(login for login, name in USERS if name == post.author),
        "date": post.published.strftime("%Y-%m-%d %H:%M:%S"),
    }


def install(site: Path, origin: str, posts: list[RealPost], root: Path) -> tuple[list[RealPost], str, str]:
    """Run tests/realwp/setup.php: wp_install, users, categories, uploads, posts; ids and permalinks back."""
    uploads = f"{origin}/wp-content/uploads/2024/05"
    spec = {
        "origin": origin,
        "title": "Huyện ủy Tuyên Hóa",
        "tagline": "Trang thông tin điện tử Đảng bộ huyện Tuyên Hóa",
        "admin": {"login": "quantri", "email": "quantri@example.invalid", "password": secrets.token_hex(8)},
        "per_page": PER_PAGE,
        "users": [{"login": login, "name": name} for login, name in USERS],
        "categories": [{"name": name, "slug": slug} for name, slug in CATEGORIES],
        "uploads": {"hoi-nghi.jpg": base64.b64encode(JPEG).decode(), "nghi-quyet.pdf": base64.b64encode(PDF).decode()},
        "posts": [_post_spec(p, uploads) for p in posts],
    }
    (root / "spec.json").write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    env = {**os.environ, "REALWP_SITE": str(site)}
    result = _run(["php", str(HERE / "setup.php"), str(root / "spec.json")], "tests/realwp/setup.php", env=env)
    try:
        made = json.loads(result.stdout[result.stdout.index("{") :])
    except ValueError as exc:
        raise RealWordPressError(f"tests/realwp/setup.php printed no JSON: {result.stdout[-1500:]}") from exc
    ids = {row["key"]: row for row in made["posts"]}
    done = [RealPost(**{**p.__dict__, "id": ids[p.key]["id"], "link": ids[p.key]["link"]}) for p in posts]
    return done, made["theme"], uploads


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@contextlib.contextmanager
def real_wordpress(root: Path) -> Iterator[RealWordPress]:
    """Start MariaDB, install WordPress with the posts, serve it; stop every server on the way out."""
    missing = missing_tools()
    if missing:
        raise RealWordPressError(
            f"the real-WordPress tests need the Debian packages {', '.join(missing)}: run"
            " scripts/system-deps as root (make test does)."
        )
    with contextlib.ExitStack() as stack:
        db_port, db_user, db_password = start_mariadb(root, stack)
        port = free_port()
        origin = f"http://127.0.0.1:{port}"
        site = build_site(root, origin, db_port, db_user, db_password)
        posts, theme, uploads = install(site, origin, make_posts(), root)
        start_php(site, root, stack, port)
        yield RealWordPress(origin=origin, site=site, posts=posts, theme=theme, uploads=uploads, logs=root)


def start_php(site: Path, root: Path, stack: contextlib.ExitStack, port: int) -> None:
    """PHP's built-in server with tests/realwp/router.php (4 workers) on ``port`` of 127.0.0.1."""
    log = root / "php.log"
    env = {
        **os.environ,
        "REALWP_SITE": str(site),
        "PHP_CLI_SERVER_WORKERS": "4",
        "REALWP_ACCESS_LOG": str(root / "access.log"),
    }
    with log.open("wb") as out:
        proc = subprocess.Popen(
            ["php", "-S", f"127.0.0.1:{port}", "-t", str(site), str(HERE / "router.php")],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    stack.callback(_stop, proc)
    origin = f"http://127.0.0.1:{port}"
    _wait(lambda: _answers(origin + "/"), "php -S", proc, log)
    # The router logs a request after answering it: let the start-up request's line land before tests count.
    _wait(lambda: (root / "access.log").exists(), "php -S (access log)", proc, log, timeout=10)

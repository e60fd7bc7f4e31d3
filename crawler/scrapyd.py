"""A small client for Scrapyd's JSON API, used to start crawls on a Scrapyd server instead of in-process.

The project is deployed with ``scrapyd-deploy`` (see scrapy.cfg); this module only schedules, lists and
cancels jobs. Scrapyd passes each job's id to the spider as the ``_job`` argument, so a crawl started here
can be linked to the run it records in the store. Every failure, including an unreachable server, is a
``ScrapydError`` whose message is one sentence a user can act on.

Example::

    client = ScrapydClient("http://127.0.0.1:6800")
    job = client.schedule("sim-tanhong", settings={"PORTALWATCH_DB": db_path})
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any
from urllib.parse import urljoin

import httpx

_EMPTY: Mapping[str, str] = MappingProxyType({})
# Parameters that schedule.json consumes itself: a spider argument with one of these names would never
# reach the spider.
_RESERVED_ARGS = frozenset({"project", "spider", "setting", "jobid", "priority", "_version", "_job"})


class ScrapydError(RuntimeError):
    """Scrapyd could not be reached or refused a request; the message says what to check."""


class ScrapydClient:
    """Scrapyd's API for one project (``schedule.json``, ``listjobs.json``, ``cancel.json``, ``daemonstatus.json``).

    Args:
        url: the server's base URL, such as ``http://127.0.0.1:6800`` (a path prefix behind a proxy is kept).
        project: the project name given to ``scrapyd-deploy``.
        timeout: seconds for each HTTP request.
        auth: user name and password if the server sets ``username``/``password`` in scrapyd.conf.
    """

    def __init__(
        self, url: str, project: str = "portalwatch", timeout: float = 10.0, auth: tuple[str, str] | None = None
    ) -> None:
        self.url = url.rstrip("/") + "/"
        self.project = project
        self.timeout = timeout
        self.auth = auth

    def schedule(
        self,
        spider: str,
        settings: Mapping[str, str] = _EMPTY,
        args: Mapping[str, str] = _EMPTY,
        *,
        job: str | None = None,
    ) -> str:
        """Queue a crawl of ``spider`` (a portal slug) and return its job id.

        ``settings`` become Scrapy settings of that crawl only, ``args`` spider arguments (``base_url``).
        Pass ``job`` to choose the id beforehand, so the caller can record the queued run before Scrapyd
        could possibly start it.
        """
        clash = sorted(_RESERVED_ARGS.intersection(args))
        if clash:
            raise ValueError(f"spider argument {clash[0]!r} is a schedule.json parameter; rename the argument.")
        data: list[tuple[str, str]] = [("project", self.project), ("spider", spider)]
        data += [("setting", f"{key}={value}") for key, value in settings.items()]
        data += list(args.items())
        if job is not None:
            data.append(("jobid", job))
        return str(self._call("POST", "schedule.json", data)["jobid"])

    def active(self) -> dict[str, str]:
        """Pending and running jobs of the project, as portal slug to job id.

        If a portal has both, the running job's id is given: it is the one a scheduler may have to wait for.
        """
        jobs = self._call("GET", "listjobs.json", [("project", self.project)])
        found: dict[str, str] = {}
        for state in ("pending", "running"):
            for entry in jobs.get(state, []):
                found[str(entry["spider"])] = str(entry["id"])
        return found

    def daemon_status(self) -> dict[str, Any]:
        """Scrapyd's counts of pending, running and finished jobs (all projects) and its ``node_name``."""
        return self._call("GET", "daemonstatus.json", [])

    def cancel(self, job: str) -> None:
        """Cancel a pending job or stop a running one (Scrapy closes it cleanly on SIGINT)."""
        self._call("POST", "cancel.json", [("project", self.project), ("job", job)])

    def _call(self, method: str, endpoint: str, params: list[tuple[str, str]]) -> dict[str, Any]:
        """One API call; turns transport errors, HTTP errors and ``"status": "error"`` into ``ScrapydError``."""
        address = urljoin(self.url, endpoint)
        try:
            if method == "GET":
                response = httpx.get(address, params=_group(params), timeout=self.timeout, auth=self.auth)
            else:
                response = httpx.post(address, data=_group(params), timeout=self.timeout, auth=self.auth)
        except httpx.HTTPError as exc:
            raise ScrapydError(
                f"cannot reach Scrapyd at {self.url} ({exc or type(exc).__name__}); "
                "check that it runs and that the URL is right."
            ) from None
        if response.status_code == 401:
            raise ScrapydError(
                f"Scrapyd at {self.url} rejected the credentials (HTTP 401); check the user name and password."
            )
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise ScrapydError(
                f"Scrapyd at {self.url} answered {endpoint} with HTTP {response.status_code} "
                "and no JSON; check that the URL points at Scrapyd."
            )
        if body.get("status") != "ok":
            message = str(body.get("message", "no message")).strip()
            hint = "deploy the current checkout with scrapyd-deploy" if "not found" in message else "see Scrapyd's log"
            raise ScrapydError(
                f"Scrapyd at {self.url} refused {endpoint} for project {self.project!r} ({message}); {hint}."
            )
        return body


def _group(params: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Form fields by name; httpx sends a list as repeated fields, as ``setting`` needs."""
    grouped: dict[str, list[str]] = {}
    for key, value in params:
        grouped.setdefault(key, []).append(value)
    return grouped

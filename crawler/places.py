"""Where a registry entry is, and what took over from it: post-reform units, successors, lifecycle.

The registry names places by the units of ``crawler.units`` (codes after 2025-07-01). An entry may give
its province by code, by current name or by a pre-reform name, which is resolved and kept as
``former_province``. An explicit ``former_province`` is taken as written: checking it needs the reform
mapping (~60 ms), which the packaged registry's test does instead of every start of the CLI.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from crawler import units
from crawler.vocab import Level, PortalStatus

if TYPE_CHECKING:
    from crawler.registry import Portal

# A unit named as a successor: "commune:26461" or "commune:26461 Xã Xuân Định" (the name is checked).
UNIT_REF = re.compile(r"^(province|commune):(\d+)(?:\s+(\S.*))?$")
ENDED = (PortalStatus.RETIRED, PortalStatus.MERGED, PortalStatus.MOVED)


class RegistryError(ValueError):
    """A registry entry is invalid; the message says which portal, which field and what to do."""


def fail(slug: str, fieldname: str, problem: str, kind: str = "portal") -> RegistryError:
    """The one-sentence error about one field of one entry."""
    return RegistryError(f"{kind} '{slug}': field '{fieldname}' {problem}; fix it in the registry file.")


def _check_url(slug: str, fieldname: str, value: str) -> None:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise fail(slug, fieldname, f"is {value!r}, not an http(s) URL with a host")


def entry_place(slug: str, raw: Mapping[str, Any]) -> dict[str, Any]:
    """Province, former province and commune of an entry, as post-reform units."""
    code = raw.get("province_code")
    if code is not None and (isinstance(code, bool) or not isinstance(code, int)):
        raise fail(slug, "province_code", f"is {code!r}, not a whole number such as 75 (Đồng Nai)")
    try:
        province = units.get_province(code) if code is not None else None
    except units.UnitError:
        raise fail(slug, "province_code", f"is {code}, not the code of one of the 34 provinces after 2025") from None
    former = raw.get("former_province")
    name = raw.get("province")
    if name is not None:
        try:
            found = units.find_province(str(name))
        except units.UnitError:
            raise fail(
                slug, "province", f"is {name!r}, not a Vietnamese province before or after the 2025 reform"
            ) from None
        if province is not None and found.province.code != province.code:
            raise fail(slug, "province", f"is {name!r}, now part of {found.province.name}, not of code {code}")
        province, former = found.province, former or found.former
    if province is None:
        raise fail(slug, "province", "is missing (write the province's name or its province_code)")
    if former is not None and (not isinstance(former, str) or units.name_key(former) == units.name_key(province.name)):
        raise fail(slug, "former_province", f"is {former!r}; write the pre-2025 province only when it differs")
    place: dict[str, Any] = {"province": province.name, "province_code": province.code, "former_province": former}
    commune_code, commune_name = raw.get("commune_code"), raw.get("commune")
    if commune_code is None and commune_name is None:
        return place
    try:
        if commune_code is not None:
            if isinstance(commune_code, bool) or not isinstance(commune_code, int):
                raise units.UnitError(f"{commune_code!r} is not a whole number")
            commune = units.get_commune(commune_code)
        else:
            commune = units.find_commune(str(commune_name), province.code)
    except units.UnitError as exc:
        fieldname = "commune_code" if commune_code is not None else "commune"
        raise fail(slug, fieldname, f"is not a commune of {province.name} ({str(exc).rstrip('.')})") from None
    if commune.province_code != province.code:
        raise fail(slug, "commune_code", f"is {commune.code} ({commune.name}), which is not in {province.name}")
    if commune_name is not None and units.name_key(str(commune_name)) != units.name_key(commune.name):
        raise fail(slug, "commune", f"is {commune_name!r} but commune_code {commune.code} is {commune.name}")
    place.update(commune_code=commune.code, commune=commune.name)
    return place


def successor_refs(slug: str, value: object) -> tuple[str, ...]:
    refs = [value] if isinstance(value, str) else value
    if value is None:
        return ()
    if not isinstance(refs, list) or not refs or not all(isinstance(r, str) and r.strip() for r in refs):
        raise fail(slug, "successor", "must be a slug, a URL, 'commune:<code>' or 'province:<code>', or a list of them")
    for ref in refs:
        if ref.startswith(("http://", "https://")):
            _check_url(slug, "successor", ref)
        elif m := UNIT_REF.match(ref):
            kind, code, name = m.group(1), int(m.group(2)), m.group(3)
            try:
                unit = units.get_province(code) if kind == "province" else units.get_commune(code)
            except units.UnitError:
                raise fail(
                    slug, "successor", f"names {ref!r}, but {code} is not the code of a {kind} after 2025"
                ) from None
            if name and units.name_key(name) != units.name_key(unit.name):
                raise fail(slug, "successor", f"names {ref!r}, but {kind} {code} is {unit.name}")
    return tuple(refs)


def lifecycle_problems(portals: Mapping[str, Portal]) -> list[str]:
    """Entries that still describe the country before 2025-07-01, one sentence each (none for a current map).

    Not enforced on load (a user's own registry may lag behind), but the packaged registry keeps it empty:
    no district portal is crawled, every portal that ended says what took over or why nothing did, and a
    merged province's portal is not crawled as if its province still existed.
    """
    problems = []
    crawled = (PortalStatus.ACTIVE, PortalStatus.UNVERIFIED)
    for p in portals.values():
        if p.simulated:
            continue
        if p.level is Level.DISTRICT and p.status in crawled:
            problems.append(f"portal '{p.slug}' is a district portal still {p.status}; districts ended on 2025-07-01.")
        if p.status in ENDED and not p.successor and not p.retired_note:
            problems.append(f"portal '{p.slug}' is {p.status} but names no successor and no retired_note.")
        if p.level is Level.PROVINCE and p.former_province and p.status in crawled:
            problems.append(
                f"portal '{p.slug}' belongs to {p.former_province}, merged into {p.province}; mark it merged."
            )
    return problems

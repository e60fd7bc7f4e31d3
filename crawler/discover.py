"""Candidate portal addresses for a province's communes, for a user to check online.

After the 2025 reform commune and ward portals are flat hosts under the province's domain:
``xuandong.dongnai.gov.vn``, ``hungvu.langson.gov.vn``, sometimes with the unit's kind spelled out
(``xasonlinh.hatinh.gov.vn``) or under the party's ``<province>.dcs.vn``. ``candidates`` crosses the
province's communes (``crawler.units``) with those naming patterns, the patterns its registry portals
already show first, so ``portalwatch portals check`` or a browser can confirm the ones that answer.
Nothing here touches the network.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from crawler import units
from crawler.registry import Portal, load_registry

# Province domain words that are not the province's name run together (the statistics office's codename
# without underscores: "dong_nai" -> "dongnai").
_DOMAIN_WORDS = {79: "hochiminhcity"}
_KIND_WORDS = {"xã": "xa", "phường": "phuong", "đặc khu": "dackhu"}
# Patterns without registry evidence, most common first ({c}: commune word, {k}: kind word, {p}: province word).
DEFAULT_PATTERNS = ("{c}.{p}.gov.vn", "{k}{c}.{p}.gov.vn", "{c}.{p}.dcs.vn", "dangbo{c}.{p}.dcs.vn")


@dataclass(frozen=True)
class Candidate:
    """One address a commune's portal may have."""

    url: str
    commune: units.Commune
    pattern: str  # the naming pattern, e.g. "{c}.{p}.gov.vn"
    evidence: int = 0  # registry portals of the province whose host follows this pattern
    known: str | None = None  # the registry entry already at this host

    def as_json(self) -> dict[str, object]:
        return {
            "url": self.url,
            "commune": self.commune.name,
            "commune_code": self.commune.code,
            "pattern": self.pattern,
            "evidence": self.evidence,
            "known": self.known,
        }


def province_word(province: units.Province) -> str:
    """The word a province's domains use: "dongnai" (dongnai.gov.vn), "hochiminhcity"."""
    return _DOMAIN_WORDS.get(province.code, province.codename.replace("_", ""))


def commune_word(commune: units.Commune) -> str:
    """The commune's name as a host label: "Xã Xuân Đông" -> "xuandong"."""
    return units.name_key(commune.name).replace(" ", "")


def province_of_host(host: str) -> units.Province | None:
    """The province whose domain a host sits under ("xuandong.dongnai.gov.vn" -> Đồng Nai), if any."""
    labels = (host or "").lower().split(".")
    words = {province_word(p): p for p in units.provinces()}
    for i, label in enumerate(labels[:-1]):
        if label in words and ".".join(labels[i + 1 :]) in ("gov.vn", "dcs.vn"):
            return words[label]
    return None


def _patterns(province: units.Province, registry: Mapping[str, Portal]) -> Counter[str]:
    """Naming patterns of the province's commune portals in the registry, counted."""
    seen: Counter[str] = Counter()
    word = province_word(province)
    for portal in registry.values():
        if portal.province_code != province.code or portal.commune_code is None:
            continue
        commune = units.get_commune(portal.commune_code)
        label, _, rest = portal.domain.partition(".")
        c, k = commune_word(commune), _KIND_WORDS.get(commune.kind, "")
        if label == c:
            shape = "{c}"
        elif label == k + c:
            shape = "{k}{c}"
        else:
            continue
        seen[f"{shape}.{rest.replace(word, '{p}', 1)}"] += 1
    return seen


def candidates(province: int | str, registry: Mapping[str, Portal] | None = None) -> list[Candidate]:
    """Candidate portal URLs for every commune of ``province`` (code, current or pre-reform name).

    Patterns the province's registry portals follow come first (most portals first), then the common ones;
    a candidate whose host is already in the registry names that entry.
    """
    region = units.get_province(units.province_code(province))
    registry = registry if registry is not None else load_registry()
    evidence = _patterns(region, registry)
    patterns = [p for p, _ in evidence.most_common()] + [p for p in DEFAULT_PATTERNS if p not in evidence]
    hosts = {p.domain: p.slug for p in registry.values()}
    word = province_word(region)
    out = []
    for pattern in patterns:
        for commune in units.communes(region.code):
            host = pattern.format(c=commune_word(commune), k=_KIND_WORDS.get(commune.kind, ""), p=word)
            out.append(Candidate(f"https://{host}", commune, pattern, evidence.get(pattern, 0), hosts.get(host)))
    return out

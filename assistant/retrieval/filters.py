"""Search filters (date range, outlet) for both Chroma and BM25."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from llama_index.core.vector_stores import MetadataFilters


def parse_date(value: str | int | None, end: bool = False) -> int:
    """ "2026-01-19", "19/01/2026", "2026" or 20260119 to YYYYMMDD (0 for empty)."""
    if value in (None, "", 0):
        return 0
    text = re.sub(r"[ T]\d{1,2}:\d{2}(:\d{2})?$", "", str(value).strip())  # a date picker's "… 00:00:00"
    if re.fullmatch(r"\d{8}", text):
        y, mo, d = text[:4], text[4:6], text[6:]
    elif m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        y, mo, d = m.groups()
    elif m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
        d, mo, y = m.groups()
    elif m := re.fullmatch(r"(\d{4})", text):
        return int(m.group(1)) * 10000 + (1231 if end else 101)
    else:
        raise ValueError(f"Ngày không hợp lệ / invalid date: {value!r} (dùng YYYY-MM-DD)")
    try:
        date(int(y), int(mo), int(d))
    except ValueError:
        raise ValueError(f"Ngày không tồn tại / impossible date: {value!r} (tháng 1–12, ngày có trong tháng)") from None
    return int(y) * 10000 + int(mo) * 100 + int(d)


def date_label(value: int) -> str:
    """YYYYMMDD as DD/MM/YYYY."""
    return f"{value % 100:02d}/{value // 100 % 100:02d}/{value // 10000}"


def checked_filters(date_from: str = "", date_to: str = "", outlets: list[str] | tuple[str, ...] = ()) -> SearchFilters:
    """Filters from what a user typed or picked: ValueError with a message for an impossible or
    reversed date range. ``outlets`` are stored names; the unknown-outlet label picks articles
    that name none."""
    from indexing.metadata import UNKNOWN_OUTLET

    start, end = parse_date(date_from), parse_date(date_to, end=True)
    if start and end and start > end:
        raise ValueError(
            f"Khoảng ngày bị đảo ngược: 'từ ngày' {date_label(start)} sau 'đến ngày' {date_label(end)}. "
            "/ The date range is reversed."
        )
    sources = tuple(outlets or ())
    if UNKNOWN_OUTLET in sources:
        sources = (*sources, "")  # stored as "" for articles that name no outlet
    return SearchFilters(start, end, sources)


def match_outlets(typed: list[str] | tuple[str, ...], known: set[str]) -> tuple[str, ...]:
    """The stored outlet names ``typed`` names (case and accents ignored: "bao gia lai" is "Báo
    Gia Lai"); ValueError naming the outlets there are when one matches none."""
    from indexing.metadata import UNKNOWN_OUTLET
    from indexing.vietnamese import fold

    def key(name: str) -> str:
        return " ".join(fold(name).split())

    by_key = {key(k): k for k in known if k}
    out = []
    for name in typed:
        if key(name) in (key(UNKNOWN_OUTLET), "khong ro", "unknown"):
            out.append(UNKNOWN_OUTLET)
        elif key(name) in by_key:
            out.append(by_key[key(name)])
        else:
            there = ", ".join(sorted(by_key.values())) or "không có / none"
            raise ValueError(f"Không có báo nào tên / no outlet named {name!r}. Báo trong chỉ mục / outlets: {there}")
    return tuple(out)


def articles_left(lexical, filters: SearchFilters) -> int:
    """How many indexed articles ``filters`` leave in (all of them without filters); ``lexical``:
    the snapshot's BM25 index (its per-chunk dates, outlets and doc ids)."""
    mask = lexical.mask(filters.date_from, filters.date_to, list(filters.sources))
    ids = lexical.doc_ids if mask is None else [d for d, keep in zip(lexical.doc_ids, mask) if keep]
    return len(set(ids))


@dataclass(frozen=True)
class SearchFilters:
    date_from: int = 0
    date_to: int = 0
    sources: tuple[str, ...] = field(default_factory=tuple)

    @property
    def empty(self) -> bool:
        return not (self.date_from or self.date_to or self.sources)

    def to_llama(self) -> MetadataFilters | None:
        from llama_index.core.vector_stores import FilterCondition, FilterOperator, MetadataFilter, MetadataFilters

        parts: list[MetadataFilter] = []
        if self.date_from:
            parts.append(MetadataFilter(key="date", value=self.date_from, operator=FilterOperator.GTE))
        if self.date_to:
            parts.append(MetadataFilter(key="date", value=self.date_to, operator=FilterOperator.LTE))
            parts.append(MetadataFilter(key="date", value=0, operator=FilterOperator.GT))
        if len(self.sources) == 1:
            parts.append(MetadataFilter(key="source", value=self.sources[0], operator=FilterOperator.EQ))
        elif self.sources:
            parts.append(MetadataFilter(key="source", value=list(self.sources), operator=FilterOperator.IN))
        return MetadataFilters(filters=parts, condition=FilterCondition.AND) if parts else None

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

"""Read what an article's text says about itself: outlet, date, title and author."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PREFIX = re.compile(r"^\s*date\s+(\d{4})-(\d{2})-(\d{2})\s*\(([A-Za-z]{2,10})\)\s*[-–—]\s*")
_FULL_DATE = re.compile(r"[Nn]gày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_NUM_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_SHORT_DATE = re.compile(r"\b(?:[Ss]áng|[Cc]hiều|[Tt]ối|[Tt]rưa|[Nn]gày)\s+(\d{1,2})/(\d{1,2})\b(?!/)")
_AUTHOR = re.compile(r"^[A-ZĐÀ-Ỹ][\wÀ-ỹ.]*(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ.]*){0,4}(?:\s*\([^()]{1,20}\))?$")

OUTLETS = {"GLO": "Báo Gia Lai", "BTH": "Báo Thanh Hóa", "TTXVN": "TTXVN", "VNA": "TTXVN"}
UNKNOWN_OUTLET = "không rõ / unknown"  # shown for articles whose text names no outlet (stored as "")
# a closing source line: "Theo Báo Nhân Dân", "(Nguồn: TTXVN)", "Báo Thanh Hóa", "baothanhhoa.vn"
_SOURCE_LINE = re.compile(
    r"^\(?\s*(?:(?i:theo|nguồn)\s*:?\s*(?P<named>[A-ZĐÀ-Ỹ0-9][^()\n,;.!?]{1,40}?)"
    r"|(?P<outlet>(?i:báo|tạp chí|đài)\s+[A-ZĐÀ-Ỹ][^()\n,;.!?]{1,40}?))\s*\)?\.?$"
)
# the opening block of an official document (Nghị định 30/2020/NĐ-CP): the national motto in
# capitals, the line under it, the document's number, a dateline "Hà Nội, ngày 5 tháng 3 năm
# 2025"; above them, the issuer in capitals. A news headline writes the country's name in lower
# case and is longer than these lines.
_PREAMBLE = re.compile(
    r"CỘNG H(?:ÒA|OÀ) XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    r"|(?i:độc lập\s*[-–]\s*tự do\s*[-–]\s*hạnh phúc)\s*(?:;|$)"
    r"|^Số\s*:\s*\S{1,30}(?:\s|;|$)"
    r"|(?:^|\s|;)[^\d,;.]{2,40},\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}\.?$"
)
PREAMBLE_CHARS = 100  # an opening line is at most this long
PREAMBLE_LINES = 6  # looked for among the first paragraphs
# a byline's bracketed outlet: a name "(Báo Nhân Dân)" or a code of four capitals or more "(TTXVN)";
# shorter ones are roles ("(CTV)" a collaborator, "(PV)" a reporter, "(TH)" compiled)
_CREDIT = re.compile(r"\(((?:Báo|Tạp chí|Đài)\s+[A-ZĐÀ-Ỹ][^()]{1,30}|[A-ZĐ]{4,10})\)$")
_URL_LINE = re.compile(r"^(?:https?://)?(?:www\.)?(?P<host>[a-z0-9-]+(?:\.[a-z0-9-]+)+)(?:/\S*)?$", re.IGNORECASE)


@dataclass
class Header:
    source: str = ""
    date: int = 0
    date_text: str = ""
    title: str = ""
    author: str = ""
    body: str = ""


def _ymd(y: str | int, m: str | int, d: str | int) -> int:
    y, m, d = int(y), int(m), int(d)
    if not (1 <= m <= 12 and 1 <= d <= 31 and 1900 <= y <= 2100):
        return 0
    return y * 10000 + m * 100 + d


def find_date(text: str) -> tuple[int, str]:
    """The first full date in the text ("Ngày 10 tháng 11 năm 2022", "21/10/2022")."""
    hits = [(m.start(), m, (3, 2, 1)) for m in _FULL_DATE.finditer(text)]
    hits += [(m.start(), m, (3, 2, 1)) for m in _NUM_DATE.finditer(text)]
    for _, m, (yi, mi, di) in sorted(hits, key=lambda h: h[0]):
        value = _ymd(m.group(yi), m.group(mi), m.group(di))
        if value:
            return value, m.group(0)
    return 0, ""


def short_dates(text: str) -> list[str]:
    """Day/month mentions without a year ("Sáng 21/11")."""
    return [m.group(0) for m in _SHORT_DATE.finditer(text)]


def source_line(paragraphs: list[str]) -> str:
    """The outlet a closing line names ("Theo …", "Nguồn: …", "Báo …", a URL), or ""."""
    for line in reversed([p.strip() for p in paragraphs[-2:] if p.strip()]):
        if len(line) <= 80 and (m := _SOURCE_LINE.match(line)):
            return (m.group("named") or m.group("outlet")).strip()
        if m := _URL_LINE.match(line):
            return m.group("host").lower()
    return ""


def outlet_label(source: str) -> str:
    return source or UNKNOWN_OUTLET


def _first_sentence(text: str, limit: int = 110) -> str:
    sentence = re.split(r"(?<=[.!?…])\s", text, maxsplit=1)[0]
    if len(sentence) <= limit:
        return sentence.rstrip(".")
    cut = sentence[:limit].rsplit(" ", 1)[0]
    return cut + "…"


def preamble_end(paragraphs: list[str]) -> int:
    """How many leading paragraphs are an official document's opening block: from the first, a
    run of short lines, each an opening line (motto, number, dateline) or in capitals (issuer,
    the document's kind), up to the last opening line; 0 when the text does not start so."""
    end = 0
    for i, p in enumerate(paragraphs[:PREAMBLE_LINES]):
        p = p.strip()
        if len(p) > PREAMBLE_CHARS:
            break
        if _PREAMBLE.search(p):
            end = i + 1
        elif not p.isupper():
            break
    return end if end < len(paragraphs) else 0


def parse_header(cleaned: str, title: str = "", source: str = "", date: int = 0) -> Header:
    """Split off the date/outlet prefix, title line and author line; fill what is missing."""
    h = Header(source=source, date=date, title=title)
    text = cleaned
    m = _PREFIX.match(text)
    if m:
        h.date = h.date or _ymd(*m.group(1, 2, 3))
        h.date_text = m.group(0).strip(" -–—")
        code = m.group(4).upper()
        h.source = h.source or OUTLETS.get(code, code)
        text = text[m.end() :]
    paragraphs = text.split("\n\n")
    start = preamble_end(paragraphs)  # kept in the body: issuer, number and date are searched
    head, paragraphs = paragraphs[:start], paragraphs[start:]
    first = paragraphs[0].strip() if paragraphs else ""
    if not h.title and len(paragraphs) > 1 and len(first) <= 180 and first[-1:] not in ".:;,":
        h.title = first.strip("*# ")
        paragraphs = paragraphs[1:]
        second = paragraphs[0].strip()
        if head and h.title.isupper() and len(h.title) <= 40 and len(paragraphs) > 1 and len(second) <= 180:
            h.title = f"{h.title} – {second.strip('*# ')}"  # "BÁO CÁO – Tình hình kinh tế - xã hội năm 2024"
            paragraphs = paragraphs[1:]
    elif h.title and first.strip("*# ").lower() == h.title.lower() and len(paragraphs) > 1:
        paragraphs = paragraphs[1:]
    paragraphs = head + paragraphs
    h.source = h.source or source_line(paragraphs)
    last = paragraphs[-1].strip() if paragraphs else ""
    if len(paragraphs) > 1 and len(last) <= 50 and _AUTHOR.match(last) and last != h.source:
        h.author = "" if _SOURCE_LINE.match(last) else last  # "Theo TTXVN" names the outlet, not an author
        if not head or not h.author:  # an official document's signer stays in its text: who signed is asked
            paragraphs = paragraphs[:-1]
        if not h.source and (credit := _CREDIT.search(h.author)):  # "Hạnh Quỳnh (TTXVN)": the outlet in brackets
            h.source = credit[1]
    h.body = "\n\n".join(p.strip() for p in paragraphs).strip()
    if not h.title:  # the first sentence of the first paragraph after an official opening block
        h.title = _first_sentence(next((p.strip() for p in paragraphs[len(head) :] if p.strip()), h.body))
    if not h.date:
        h.date, h.date_text = find_date(h.body)
    if not h.date and (shorts := short_dates(h.body)):
        h.date_text = shorts[0]  # "Sáng 21/11": kept as written, the year is not guessed
    return h

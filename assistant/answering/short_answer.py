"""The short answer: the span of the evidence sentence that answers (a number with its unit, a
date, a name, a noun phrase), shown in bold before the cited sentence.

Every contiguous run of up to ``MAX_WORDS`` words that does not cross strong punctuation (nor
cut "12/3/2024" or "2025-2030") is a candidate; a logistic model over generic features
(answer-type fit, overlap with the question, distance to the question's words, part of speech,
compound boundaries, position) scores them.
Weights live in ``models/short_answer.json`` and are rebuilt by ``hoidap train-short-answer``;
scoring needs only numpy. When the best span's confidence (the softmax share of the spans
overlapping it among all the sentence's spans) is below the trained threshold, when it is not
of the asked type (a number without a numeral), or when the question asks why/how/yes-no,
there is no short answer ("").

The typed regex candidates of the earlier rules (``candidates``) are kept: the evidence
features use them, and here they are features of the learned scorer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from pathlib import Path

import numpy as np

from assistant.answering.acronyms import matched_terms
from assistant.answering.figure_kinds import not_asked_figures, of_other_years
from assistant.answering.lexicon import lexicon
from assistant.answering.linear_weights import LinearWeights
from assistant.answering.question import ANSWER_TYPES, Question, lower_words
from indexing.vietnamese import fold, nfc, syllables

WEIGHTS = Path(__file__).parent / "models" / "short_answer.json"
MAX_WORDS = 10
NO_SPAN_KINDS = ("why", "how", "yesno")  # a phrase-sized answer makes little sense

_WORD = re.compile(r"[\w']+(?:[.,]\d+)*%?")
_NAME_WORD = re.compile(r"[\w']+")  # words as names are cut
_DATE = re.compile(
    r"(?:(?:sáng|chiều|tối|trưa|đêm)\s+)?(?:(?:ngày|hôm)\s+)?\d{1,2}/\d{1,2}(?:/\d{2,4})?|"
    r"(?:sáng|chiều|tối|trưa|đêm|ngày|hôm|từ|đến)\s+\d{1,2}[.-]\d{1,2}(?:[.-]\d{4})?\b|"
    r"(?:ngày\s+\d{1,2}\s+)?tháng\s+\d{1,2}(?:\s*(?:/|năm)\s*\d{4})?|"
    r"(?:năm|cuối năm|đầu năm|giữa năm)\s+\d{4}|\b(?:19|20)\d\d\b|"
    r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy)|chủ nhật)(?:\s*\(\d{1,2}/\d{1,2}(?:/\d{2,4})?\))?|"
    r"(?:(?:sáng|chiều|tối|trưa|đêm)\s+)?(?:hôm|ngày|tuần|tháng|năm|sáng|chiều|tối|đêm)\s+(?:nay|qua|trước|ngoái|sau|tới|rồi)\b|"
    r"tháng\s+(?:giêng|chạp|một|hai|ba|tư|năm|sáu|bảy|tám|chín|mười(?:\s+(?:một|hai))?)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:19|20)\d\d")
# a figure, not part of a code: no letter before it ("U23"), no capital right after it ("quốc lộ 1A"),
# and not a list item's number ("(4) Tập trung …": one or two digits alone in brackets)
FIGURE = r"(?<![^\W_])(?!(?<=\()\d{1,2}\))\d+(?:[.,]\d+)*(?![\dA-ZĐ])"
_RANGE = re.compile(FIGURE + r"%?\s*[-–]\s*" + FIGURE)
_NUMBER = re.compile(r"(?:khoảng|gần|hơn|trên|dưới|tới|đến)?\s*" + FIGURE + r"(?:\s*%)?")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


# --- typed candidates (the earlier rules) ---------------------------------------------------


def _name_runs(sentence: str) -> list[Span]:
    """Runs of capitalised words separated by single spaces ("Phạm Quốc Bảo") or by an
    initial's full stop ("Stanfield L. Chien")."""
    runs: list[Span] = []
    start = end = -1
    last = ""  # the run's last word
    for m in re.finditer(r"[\w']+", sentence):
        word = m.group(0)
        capital = word[0].isupper() and not word[0].isdigit()
        gap = sentence[end : m.start()]
        if capital and start >= 0 and (gap == " " or _glued_by_abbreviation(last, gap, word)):
            end, last = m.end(), word
            continue
        if start >= 0:
            runs.append(Span(start, end, sentence[start:end]))
        start, end, last = (m.start(), m.end(), word) if capital else (-1, -1, "")
    if start >= 0:
        runs.append(Span(start, end, sentence[start:end]))
    return runs


def _unit_after(sentence: str, end: int) -> int:
    """Extend a number over the unit words after it ("1.250 tỷ đồng", "15 người")."""
    units = lexicon().units
    pos = end
    for _ in range(3):
        m = re.match(r"\s+([\w%]+)", sentence[pos:])
        if not m or fold(m.group(1)) not in units:
            break
        pos += m.end()
    return pos


def _numeral_spans(sentence: str) -> list[Span]:
    """Numbers written as words ("hai đội", "ba mươi mốt người", "hàng trăm hộ", "năm người"),
    one span per run of numeral words, with their units. A lone numeral counts only before a
    unit ("ba người", not "ba mẹ" or "tỷ lệ"), and a capitalised word inside the sentence is a
    name ("quận Ba Đình")."""
    lex = lexicon()
    words = list(re.finditer(r"[\w']+", sentence))
    spans: list[Span] = []

    def numeral(j: int, kinds: frozenset[str]) -> bool:
        w = words[j].group(0)
        return w.lower() in kinds and (j == 0 or not w[:1].isupper())

    both = lex.numerals | lex.numerals_before_unit
    i = 0
    while i < len(words):
        pair = " ".join(w.group(0).lower() for w in words[i : i + 2]) if i + 1 < len(words) else ""
        start = words[i].start()
        j = i + 1 if pair in lex.numerals and numeral(i, lex.numerals | {"hàng"}) else i  # "hàng trăm"
        after_figure = i > 0 and words[i - 1].group(0)[-1:].isdigit()  # "12 tỷ": the figure's own span
        if after_figure or (j == i and not numeral(i, both)):
            i += 1
            continue
        while j + 1 < len(words) and sentence[words[j].end() : words[j + 1].start()].isspace() and numeral(j + 1, both):
            j += 1  # "ba mươi mốt", "hai mươi tư", "một trăm linh năm"
        end = _unit_after(sentence, words[j].end())
        if j > i or end > words[j].end():
            spans.append(Span(start, end, sentence[start:end]))
        i = j + 1
    return spans


def candidates(kind: str, sentence: str) -> list[Span]:
    """Typed spans for ``kind`` (dates, numbers with units, names after a cue, roles)."""
    spans: list[Span] = []
    if kind == "date":
        spans = [Span(m.start(), m.end(), m.group(0)) for m in _DATE.finditer(sentence)]
    elif kind == "number":
        for m in _NUMBER.finditer(sentence):
            start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
            end = _unit_after(sentence, m.end())
            spans.append(Span(start, end, sentence[start:end]))
        spans += _numeral_spans(sentence)
    elif kind in ("person", "place", "organisation"):
        lex = lexicon()
        cues = {"person": lex.person_cues, "place": lex.place_cues, "organisation": lex.organisation_cues}[kind]
        for m in _name_runs(sentence):
            start = m.start
            before = sentence[:start].rstrip()
            words = fold(before).split()
            cue = next((n for n in (2, 1) if len(words) >= n and " ".join(words[-n:]) in cues), 0)
            if not before and not cue:
                continue
            if cue and kind != "person":  # "tỉnh Gia Lai", "Công ty ABC": the cue is part of the name
                start = len(before) - len(" ".join(before.split()[-cue:]))
            spans.append(Span(start, m.end, sentence[start : m.end]))
    elif kind == "role":
        pattern = lexicon().phrase_pattern("role_cues")
        folded = fold(nfc(sentence))  # same length as the sentence for Vietnamese letters
        for m in pattern.finditer(folded):
            end = m.end()
            nxt = re.match(r"(?:\s+[a-zđà-ỹ][\w']*){0,6}", sentence[end:])
            end += nxt.end() if nxt else 0
            spans.append(Span(m.start(), end, sentence[m.start() : end].rstrip(" ,")))
    return [s for s in spans if s.text.strip()]


def rule_short_answer(q: Question, sentence: str) -> str:
    """The earlier rules: the typed span nearest the question's words (kept as the baseline the
    learned scorer is measured against)."""
    spans = candidates(q.kind, sentence)
    if not spans:
        return ""
    asked = set(q.terms) | set(q.years)
    anchors = [m.start() for m in _WORD.finditer(sentence) if fold(m.group(0)) in asked]

    def cost(s: Span) -> tuple[bool, bool, int]:
        words = [fold(w) for w in _WORD.findall(s.text)]
        repeated = sum(w in asked for w in words) / max(1, len(words))  # mostly words of the question
        bare_year = q.kind == "number" and bool(_YEAR.fullmatch(s.text.strip()))  # "năm 2026" is a date
        dist = min((abs(a - s.start) for a in anchors), default=0)
        return (repeated >= 0.99, bare_year, dist)

    best = min(spans, key=cost)
    return best.text.strip(" ,.;:")


# --- the learned scorer ------------------------------------------------------------------------

_TOKEN = re.compile(r"\w+(?:[.,]\d+)*%?|%")
_BARRIER = re.compile(r"[;()\[\]\"“”!?…]|:|\s[-–—]\s|\.\s")  # spans do not cross these
_ABBREVIATION = re.compile(r"[A-ZĐ]{1,3}")  # "L." of "Stanfield L. Chien", "TP." of "TP. Huế"


def _glued_by_abbreviation(before: str, gap: str, after: str) -> bool:
    """The ". " after an initial or a short abbreviation inside a name ("Stanfield L. Chien",
    "P. Bình Thuận") joins the words around it; it ends nothing (the sentence splitter has
    already cut where a sentence ends)."""
    return gap.rstrip() == "." and bool(_ABBREVIATION.fullmatch(before)) and after[:1].isupper()


POS_TAGS = ("N", "Np", "Nc", "Nu", "V", "A", "M", "E", "C", "P", "R", "L", "X", "other")
TYPED_KINDS = ("number", "date", "person", "place", "organisation", "role")
_BASE = (
    ["len_1", "len_2", "len_3", "len_4", "len_5_6", "len_7_plus", "length"]
    + ["frac_qterm", "any_qterm", "all_qterm", "frac_qword", "frac_stop", "first_stop", "last_stop"]
    + ["left_qterm", "right_qterm", "left_near_qterm", "right_near_qterm"]
    + ["anchor_log_dist", "anchor_before", "anchor_after", "no_anchor", "anchor_adjacent"]
    + ["frac_cap", "first_cap", "last_cap", "all_cap", "acronym", "sentence_initial"]
    + ["has_num", "first_num", "last_num", "frac_num", "last_unit", "unit_after", "num_unit"]
    + ["date_exact", "date_overlap", "date_inside", "typed_exact", "typed_overlap", "typed_inside"]
    + [f"pos_first_{t}" for t in POS_TAGS]
    + [f"pos_last_{t}" for t in POS_TAGS]
    + ["begins_word", "ends_word", "after_comma", "after_la", "after_colon", "after_preposition", "after_cue"]
    + ["before_end", "before_comma", "position", "has_comma", "cap_after", "cap_before", "cap_cut"]
    + ["left_context", "right_context", "first_is_head", "head_inside", "after_kind_cue"]
    + ["clause_qterms", "clause_best", "noun_follows", "noun_ends", "noun_elsewhere"]
    + ["part_names", "part_other_name"]
)
_BY_KIND = [
    "has_num",
    "all_cap",
    "first_cap",
    "frac_cap",
    "date_exact",
    "typed_exact",
    "typed_overlap",
    "len_1",
    "len_2",
    "len_4",
    "len_7_plus",
    "frac_qterm",
    "pos_first_Np",
    "pos_first_N",
    "pos_first_V",
    "pos_first_M",
    "last_unit",
    "num_unit",
    "first_num",
    "unit_after",
    "cap_cut",
    "left_context",
    "right_context",
    "first_is_head",
    "after_kind_cue",
    "sentence_initial",
    "after_cue",
    "clause_qterms",
    "clause_best",
    "noun_follows",
    "noun_ends",
    "noun_elsewhere",
]
FEATURES = tuple(_BASE + [f"{k}*{f}" for k in ANSWER_TYPES for f in _BY_KIND])
_INDEX = {name: i for i, name in enumerate(_BASE)}


@lru_cache(maxsize=1)
def _tagger():
    from indexing.vietnamese import _pyvi, pos_tagger

    return _pyvi(), pos_tagger()


def _pos(sentence: str, offsets: list[tuple[int, int]]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """pyvi's tag of each token's word, and whether the token begins / ends that word."""
    n = len(offsets)
    tags, begins, ends = ["other"] * n, np.ones(n, bool), np.ones(n, bool)
    try:
        tokenizer, tagger = _tagger()
        words, word_tags = tagger.postagging(tokenizer.tokenize(sentence))
    except Exception:  # the scorer still works without tags
        return tags, begins, ends
    starts = {s: i for i, (s, _) in enumerate(offsets)}
    pos = 0
    for word, tag in zip(words, word_tags):
        at = []
        for syll in word.split("_"):
            found = sentence.find(syll, pos)
            if found < 0:
                break
            pos = found + len(syll)
            if found in starts:
                at.append(starts[found])
        for j, i in enumerate(at):
            tags[i] = tag if tag in POS_TAGS else "other"
            begins[i], ends[i] = j == 0, j == len(at) - 1
    return tags, begins, ends


def _question_context(q: Question) -> tuple[set[str], set[str], set[str]]:
    """The question's words just before and just after its question words ("X là ai" → the
    answer follows "X là" in the sentence), and the noun a "nào"/"gì" asks about ("định lý
    nào" → the answer often starts with "định lý")."""
    sylls = [fold(w) for w in syllables(q.text)]
    at = [i for i, w in enumerate(sylls) if w in q.cue_words]
    if not at:
        return set(), set(), set()
    left = set(sylls[max(0, at[0] - 3) : at[0]])
    right = set(sylls[at[-1] + 1 : at[-1] + 4])
    head: set[str] = set()
    for i in at:
        if sylls[i] in ("nao", "gi") and i and sylls[i - 1] not in q.cue_words:
            head |= set(sylls[max(0, i - 2) : i])
    return left, right, head - lexicon().stopwords


def _asked_noun(q: Question) -> tuple[str, ...]:
    """The (up to two) syllables right after the question's last question word: what a
    "bao nhiêu đảng viên" counts, what a "năm nào" dates ("" when the question ends there)."""
    sylls = [fold(w) for w in syllables(q.text)]
    at = [i for i, w in enumerate(sylls) if w in q.cue_words]
    if not at:
        return ()
    after = sylls[at[-1] + 1 : at[-1] + 3]
    return tuple(w for w in after if w.isalpha())[:2]


def _around_span(values: np.ndarray, segments: np.ndarray, s_arr: np.ndarray, e_arr: np.ndarray) -> np.ndarray:
    """For each row of ``values`` (per token) and each span (s, e): the sum over the tokens of
    the segments the span touches (``segments``: a non-decreasing segment id per token), the
    span's own tokens left out. Shape (rows, spans)."""
    n = len(segments)
    first, last = np.zeros(n, dtype=int), np.zeros(n, dtype=int)  # each token's segment bounds
    for i in range(n):
        first[i] = first[i - 1] if i and segments[i] == segments[i - 1] else i
    for i in range(n - 1, -1, -1):
        last[i] = last[i + 1] if i < n - 1 and segments[i] == segments[i + 1] else i
    c = np.concatenate([np.zeros((len(values), 1)), np.cumsum(values, axis=1)], axis=1)
    lo, hi = first[s_arr], last[e_arr]
    return (c[:, hi + 1] - c[:, lo]) - (c[:, e_arr + 1] - c[:, s_arr])


def _clause_features(
    sentence_clauses: np.ndarray, folded: list[str], asked: set[str], s_arr: np.ndarray, e_arr: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The share of the question's terms found in the clauses a span sits in (between commas
    or stronger punctuation), outside the span itself; and whether no span's clauses hold more.
    "… chỉ tiêu tăng trưởng … đạt 7,5%, thu ngân sách hơn 26,2 tỷ đồng" asked about growth:
    7,5% shares its clause with the asked words, 26,2 tỷ đồng does not."""
    present = [t for t in asked if t in folded]
    if not present:
        zeros = np.zeros(len(s_arr))
        return zeros, zeros
    occurs = np.array([[f == t for f in folded] for t in present], dtype=float)  # (terms, tokens)
    share = (_around_span(occurs, sentence_clauses, s_arr, e_arr) > 0).sum(axis=0) / len(asked)
    return share, (share >= share.max() - 1e-9) & (share > 0)


def _part_features(
    q: Question,
    words: list[str],
    folded: list[str],
    qwords: set[str],
    tags: list[str],
    barrier: np.ndarray,
    comma: np.ndarray,
    s_arr: np.ndarray,
    e_arr: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Which named thing a span is said of. A sentence's parts are cut at commas, strong
    punctuation and conjunctions (pyvi's tag C: "và", "còn", "nhưng"): "tàu A cứu 16 người và tàu
    B cứu được 14 người" has two. For each span: the share of the question's name syllables in its
    part(s) outside the span, and whether they hold another capitalised word (another name)."""
    part = np.cumsum([bool(barrier[i] or comma[i] or tags[i] == "C") and i > 0 for i in range(len(words))])
    name_sylls = {w for name in q.names for w in name}
    is_name = np.array([f in name_sylls for f in folded], float)
    other = np.array(
        [
            i > 0 and w[:1].isupper() and not w[:1].isdigit() and f not in name_sylls and f not in qwords
            for i, (w, f) in enumerate(zip(words, folded))
        ],
        float,
    )
    names, others = _around_span(np.vstack([is_name, other]), part, s_arr, e_arr)
    return np.minimum(1.0, names / max(1, len(name_sylls))), others > 0


@dataclass
class SpanTable:
    """The candidate spans of one sentence and their feature rows."""

    sentence: str
    spans: list[Span]
    x: np.ndarray  # (spans, FEATURES)

    @property
    def starts(self) -> np.ndarray:
        return np.array([s.start for s in self.spans])

    @property
    def ends(self) -> np.ndarray:
        return np.array([s.end for s in self.spans])


@lru_cache(maxsize=16)  # the selector reads the kept sentences' spans; the short answer then reuses the best one's
def span_table(q: Question, sentence: str, max_words: int = MAX_WORDS) -> SpanTable:
    """Every candidate span of ``sentence`` (at most ``max_words`` words, not crossing strong
    punctuation) with its feature row for ``q``. Cached: callers must not change the table."""
    sentence = nfc(sentence)
    toks = list(_TOKEN.finditer(sentence))
    n = len(toks)
    if not n:
        return SpanTable(sentence, [], np.zeros((0, len(FEATURES))))
    lex = lexicon()
    offsets = [(m.start(), m.end()) for m in toks]
    words = [m.group(0) for m in toks]
    folded = [fold(w) for w in words]
    asked = set(q.terms) | set(q.years) | set(q.numbers)
    qwords = set(fold(q.text).split()) | asked
    qwords = {w.strip("?.,!:;\"'()") for w in qwords}
    gaps = [sentence[offsets[i - 1][1] : offsets[i][0]] if i else sentence[: offsets[0][0]] for i in range(n)]
    gaps.append(sentence[offsets[-1][1] :])
    barrier = np.array(  # barrier[i]: before token i
        [
            bool(_BARRIER.search(g)) and not (0 < i < n and _glued_by_abbreviation(words[i - 1], g, words[i]))
            for i, g in enumerate(gaps)
        ]
    )

    qterm = np.array([f in asked for f in folded], float)
    qword = np.array([f in qwords for f in folded], float)
    stop = np.array([f in lex.stopwords for f in folded], float)
    cap = np.array([w[0].isupper() and not w[0].isdigit() for w in words], float)
    acr = np.array([len(w) >= 2 and w.isupper() and not w.isdigit() for w in words], float)
    num = np.array([any(c.isdigit() for c in w) for w in words], float)
    unit = np.array([f in lex.units for f in folded], float)
    tags, begins, ends = _pos(sentence, offsets)
    tag_ix = np.array([POS_TAGS.index(t) for t in tags])

    # spans (s, e) inclusive, not crossing a barrier
    glue = [g in ("/", "-") for g in gaps]  # "12/3/2024", "2025-2030": never cut inside
    glue[0] = glue[n] = False
    ss, es = [], []
    for s in range(n):
        if glue[s]:
            continue
        for e in range(s, min(n, s + max_words)):
            if e > s and barrier[e]:
                break
            if not glue[e + 1]:
                ss.append(s)
                es.append(e)
    if not ss:
        return SpanTable(sentence, [], np.zeros((0, len(FEATURES))))
    s_arr, e_arr = np.array(ss), np.array(es)
    length = (e_arr - s_arr + 1).astype(float)

    def total(a: np.ndarray) -> np.ndarray:
        c = np.concatenate([[0.0], np.cumsum(a)])
        return c[e_arr + 1] - c[s_arr]

    pad = lambda a, v=0.0: np.concatenate([[v], a, [v]])  # noqa: E731 - index i+1 is token i
    qterm_p, cap_p = pad(qterm), pad(cap)
    f = np.zeros((len(ss), len(_BASE)))

    def put(name: str, values) -> None:
        f[:, _INDEX[name]] = values

    for name, lo, hi in (("len_1", 1, 1), ("len_2", 2, 2), ("len_3", 3, 3), ("len_4", 4, 4)):
        put(name, (length >= lo) & (length <= hi))
    put("len_5_6", (length >= 5) & (length <= 6))
    put("len_7_plus", length >= 7)
    put("length", length / max_words)
    n_q = total(qterm)
    put("frac_qterm", n_q / length)
    put("any_qterm", n_q > 0)
    put("all_qterm", n_q == length)
    put("frac_qword", total(qword) / length)
    put("frac_stop", total(stop) / length)
    put("first_stop", stop[s_arr])
    put("last_stop", stop[e_arr])
    put("left_qterm", qterm_p[s_arr])
    put("right_qterm", qterm_p[e_arr + 2])
    near = np.concatenate([[0.0] * 3, qterm, [0.0] * 3])
    put("left_near_qterm", (near[s_arr] + near[s_arr + 1] + near[s_arr + 2]) / 3)
    put("right_near_qterm", (near[e_arr + 4] + near[e_arr + 5] + near[e_arr + 6]) / 3)
    anchors = np.where(qterm > 0)[0]
    if len(anchors):
        prev_anchor, next_anchor = np.full(n + 1, -1000), np.full(n + 1, 1000)
        for i in range(1, n + 1):  # prev_anchor[i]: the last anchor before token i
            prev_anchor[i] = i - 1 if qterm[i - 1] else prev_anchor[i - 1]
        for i in range(n - 2, -1, -1):  # next_anchor[i]: the first anchor after token i
            next_anchor[i] = i + 1 if qterm[i + 1] else next_anchor[i + 1]
        d_before, d_after = s_arr - prev_anchor[s_arr], next_anchor[e_arr] - e_arr
        d = np.minimum(d_before, d_after)
        put("anchor_log_dist", np.log1p(np.minimum(d, 60)))
        put("anchor_before", d_before <= d_after)
        put("anchor_after", d_after < d_before)
        put("anchor_adjacent", d == 1)
    else:
        put("no_anchor", 1.0)
    n_cap = total(cap)
    put("frac_cap", n_cap / length)
    put("first_cap", cap[s_arr] * (s_arr > 0))
    put("last_cap", cap[e_arr])
    put("all_cap", n_cap == length)
    put("acronym", total(acr) > 0)
    put("sentence_initial", s_arr == 0)
    n_num = total(num)
    put("has_num", n_num > 0)
    put("first_num", num[s_arr])
    put("last_num", num[e_arr])
    put("frac_num", n_num / length)
    put("last_unit", unit[e_arr] * (n_num > 0))
    put("unit_after", pad(unit)[e_arr + 2] * num[e_arr])
    put("num_unit", (n_num > 0) & (unit[e_arr] > 0) & (num[s_arr] > 0))

    char_s = np.array([a for a, _ in offsets])[s_arr]
    char_e = np.array([b for _, b in offsets])[e_arr]

    def coverage(typed: list[Span], prefix: str) -> None:
        exact, overlap, inside = np.zeros(len(ss)), np.zeros(len(ss)), np.zeros(len(ss))
        for t in typed:
            lo = t.start + len(t.text) - len(t.text.lstrip())
            text = t.text.strip(" ,.;:")
            hi = lo + len(text)
            exact = np.maximum(exact, (char_s == lo) & (char_e == hi))
            overlap = np.maximum(overlap, (char_s < hi) & (char_e > lo))
            inside = np.maximum(inside, (char_s >= lo) & (char_e <= hi))
        put(f"{prefix}_exact", exact)
        put(f"{prefix}_overlap", overlap)
        put(f"{prefix}_inside", inside)

    coverage(candidates("date", sentence), "date")
    coverage(candidates(q.kind, sentence) if q.kind in TYPED_KINDS else [], "typed")
    first_tag, last_tag = tag_ix[s_arr], tag_ix[e_arr]
    for i, t in enumerate(POS_TAGS):
        put(f"pos_first_{t}", first_tag == i)
        put(f"pos_last_{t}", last_tag == i)
    put("begins_word", begins[s_arr])
    put("ends_word", ends[e_arr])
    comma = np.array(["," in g for g in gaps])  # comma[i]: a comma before token i
    put("after_comma", comma[s_arr])
    put("after_colon", np.array([":" in g for g in gaps])[s_arr])
    put("after_la", pad(np.array([w == "la" for w in folded], float))[s_arr])
    put("after_preposition", pad(np.array([t == "E" for t in tags], float))[s_arr])
    cues = lex.person_cues | lex.place_cues | lex.organisation_cues
    put("after_cue", pad(np.array([w in cues for w in folded], float))[s_arr])
    kind_cues = {"person": lex.person_cues, "place": lex.place_cues, "organisation": lex.organisation_cues}
    if q.kind in kind_cues:  # "ông" before a person, "tỉnh" before a place (one- or two-word cues)
        one = pad(np.array([w in kind_cues[q.kind] for w in folded], float))
        two = [f"{a} {b}" in kind_cues[q.kind] for a, b in zip(folded, folded[1:])]
        two = np.concatenate([[0.0, 0.0], two, [0.0]])  # two[s]: tokens s-2, s-1 form a cue
        put("after_kind_cue", np.maximum(one[s_arr], two[s_arr]))
    put("before_end", (e_arr == n - 1) | barrier[e_arr + 1])
    put("before_comma", comma[e_arr + 1])
    put("position", s_arr / max(1, n - 1))
    inner_commas = np.concatenate([[0], np.cumsum(comma[1:n])])  # commas before tokens 1..i
    put("has_comma", inner_commas[e_arr] - inner_commas[s_arr] > 0)
    put("cap_after", cap_p[e_arr + 2] * cap[e_arr] * ~barrier[np.minimum(e_arr + 1, n)])
    put("cap_before", cap_p[s_arr] * cap[s_arr] * ~barrier[s_arr])
    put("cap_cut", np.maximum(f[:, _INDEX["cap_after"]], f[:, _INDEX["cap_before"]]))
    left_q, right_q, head = _question_context(q)
    in_left = np.concatenate([[0.0] * 3, [w in left_q for w in folded], [0.0] * 3])
    in_right = np.concatenate([[0.0] * 3, [w in right_q for w in folded], [0.0] * 3])
    put("left_context", (in_left[s_arr] + in_left[s_arr + 1] + in_left[s_arr + 2]) / 3)
    put("right_context", (in_right[e_arr + 4] + in_right[e_arr + 5] + in_right[e_arr + 6]) / 3)
    is_head = np.array([w in head for w in folded], float)
    put("first_is_head", is_head[s_arr])
    put("head_inside", total(is_head) > 0)
    clause = np.cumsum([bool(barrier[i] or comma[i]) and i > 0 for i in range(n)])
    share, best = _clause_features(clause, folded, set(q.terms) | set(q.years), s_arr, e_arr)
    put("clause_qterms", share)
    put("clause_best", best)
    if q.names:  # which named thing each span is said of
        names, other = _part_features(q, words, folded, qwords, tags, barrier, comma, s_arr, e_arr)
        put("part_names", names)
        put("part_other_name", other)
    noun = _asked_noun(q)
    if noun:  # "… 1.189 đảng viên" for "bao nhiêu đảng viên": the counted noun follows the number
        k, want = len(noun), list(noun)
        padded = folded + [""] * k
        # per token e: the noun follows it / its first word does / the noun ends at e
        follows = np.array([float(padded[e + 1 : e + 1 + k] == want) for e in range(n)])
        first = np.array([float(padded[e + 1] == noun[0]) for e in range(n)])
        ends = np.array([float(e >= k - 1 and folded[e - k + 1 : e + 1] == want) for e in range(n)])
        put("noun_follows", np.maximum(follows[e_arr], 0.5 * first[e_arr]))
        put("noun_ends", ends[e_arr] * (e_arr - s_arr >= k))
        counted = (f[:, _INDEX["noun_ends"]] > 0) | (f[:, _INDEX["noun_follows"]] >= 1)
        if counted.any():  # another number of the sentence counts the asked noun, this one does not
            put("noun_elsewhere", ~counted & (n_num > 0))

    kinds = np.zeros((len(ss), len(ANSWER_TYPES) * len(_BY_KIND)))
    k = ANSWER_TYPES.index(q.kind) if q.kind in ANSWER_TYPES else ANSWER_TYPES.index("other")
    cols = [_INDEX[name] for name in _BY_KIND]
    kinds[:, k * len(_BY_KIND) : (k + 1) * len(_BY_KIND)] = f[:, cols]
    spans = [Span(int(a), int(b), sentence[a:b]) for a, b in zip(char_s, char_e)]
    return SpanTable(sentence, spans, np.hstack([f, kinds]))


class ShortAnswerWeights(LinearWeights):
    """The span scorer's weights; ``threshold``: give a short answer only when the best span's
    confidence reaches it."""

    EXPECTED = FEATURES
    PATH = WEIGHTS
    RETRAIN = "hoidap train-short-answer"

    def best(
        self,
        x: np.ndarray,
        starts: np.ndarray,
        ends: np.ndarray,
        barred: np.ndarray | None = None,
        unchosen: np.ndarray | None = None,
    ) -> tuple[int, float]:
        """The best span's row and its confidence: the softmax share, among all the sentence's
        spans, of the spans overlapping the best one (an answer that clearly beats its rivals
        elsewhere in the sentence, whatever its exact edges). ``barred`` spans are left out of
        both, ``unchosen`` ones only of the choice (unless that leaves nothing)."""
        i, _, confidence, _ = self.rate(x, starts, ends, barred, unchosen)
        return i, confidence

    def rate(
        self,
        x: np.ndarray,
        starts: np.ndarray,
        ends: np.ndarray,
        barred: np.ndarray | None = None,
        unchosen: np.ndarray | None = None,
    ) -> tuple[int, float, float, float]:
        """The best span's row, its score, its confidence (``best``) and the log-sum-exp of all
        the spans' scores."""
        z = self.scores(x)
        if barred is not None and barred.any() and not barred.all():
            z = np.where(barred, -np.inf, z)
        choice = z
        if unchosen is not None and unchosen.any() and np.isfinite(z[~unchosen]).any():
            choice = np.where(unchosen, -np.inf, z)
        i = int(np.argmax(choice))
        e = np.exp(z - z.max())
        overlap = (starts < ends[i]) & (ends > starts[i])
        return i, float(z[i]), float(e[overlap].sum() / e.sum()), float(z.max() + np.log(e.sum()))


@lru_cache(maxsize=1)
def _weights() -> ShortAnswerWeights:
    return ShortAnswerWeights.load()


def said_of_another(q: Question, x: np.ndarray, texts: list[str]) -> np.ndarray:
    """Spans a number question must not be answered with: in a part of the sentence that names
    something else and not all of the question's names, when another part names them all and
    holds a figure itself ("tàu A cứu 16 người và tàu B cứu được 14 người" asked about tàu A: not
    "14 người", however close "cứu được" is to the question's words; but "Tại Hà Nội, Sở Y tế ghi
    nhận 120 ca" keeps its only figure). ``x``: the spans' feature rows, ``texts`` their text.
    Numbers only: measured out of fold, other kinds lost as many answers as they gained."""
    barred = np.zeros(len(x), bool)
    if q.kind != "number" or not q.names or not len(x):
        return barred
    names, other = x[:, _INDEX["part_names"]], x[:, _INDEX["part_other_name"]]
    whole = names >= 1.0 - 1e-9
    candidate = ~whole & (other > 0)
    if any(w and fits_kind(q.kind, t.strip(" ,.;:")) for w, t in zip(whole, texts)):
        barred = candidate
    return barred


def without_year(q: Question, texts: list[str]) -> np.ndarray:
    """For a year asked ("sinh năm nào?"), the spans holding no year, when some span holds one:
    "23-6" is no answer to it."""
    if not q.asks_year:
        return np.zeros(len(texts), bool)
    barred = np.array([not _YEAR.search(t) for t in texts])
    return barred if not barred.all() else np.zeros(len(texts), bool)


def _asked_names(q: Question) -> list[tuple[str, ...]]:
    """The question's sure names as it writes them (lower case, accents kept)."""
    words = lower_words(q.text)
    folded = [fold(w) for w in words]
    out = []
    for n in q.sure_names:
        at = next((i for i in range(len(words) - len(n) + 1) if tuple(folded[i : i + len(n)]) == n), None)
        if at is not None:
            out.append(tuple(words[at : at + len(n)]))
    return out


def _same_word(word: str, asked: str) -> bool:
    """``word`` (lower case) is the question's ``asked`` word: with its accents when the
    question wrote them ("chu" is not "chủ"), folded when it did not."""
    return word == asked if fold(asked) != asked else fold(word) == asked


def opens_with_asked_name(q: Question, texts: list[str]) -> np.ndarray:
    """Spans a person question must not be answered with: a name the question gives ("Ai là
    đại sứ Nga tại Mỹ?": not "Mỹ"), or such a name glued to the full name after it ("Mỹ Sergei
    Kislyak"), or a span opening with an acronym of the question's words ("GD&ĐT Phùng Xuân
    Nhạ" for "Bộ Giáo dục và Đào tạo"). The question names what the person is known by, never
    the person asked for. Only sure names count (not "Chủ" of "Chủ tịch": "Chu Ngọc Anh" stays),
    and a name that goes on with one more word is kept ("Donald Trump Jr" for "con trai của
    Donald Trump"), as is one sharing only its first syllables ("Nguyễn Văn Bình" when "Nguyễn
    Văn An" is asked about)."""
    barred = np.zeros(len(texts), bool)
    if q.kind != "person":
        return barred
    asked = _asked_names(q)
    q_words = [fold(w) for w in lower_words(q.text)]
    longest = max((len(n) for n in asked), default=0) + 2
    seen: dict[tuple[str, ...], bool] = {}  # spans starting alike share their verdict

    def opens(first: list[str], tokens: tuple[str, ...]) -> bool:
        words = [t.lower() for t in tokens]
        for n in asked:
            if len(words) < len(n) or not all(_same_word(w, a) for w, a in zip(words, n)):
                continue
            rest = tokens[len(n) : len(n) + 2]
            if not rest or (len(rest) == 2 and all(t[:1].isupper() for t in rest)):
                return True
        # an acronym standing for words of the question
        return bool(first) and bool(matched_terms(q.text, q_words, first[0], [fold(w) for w in lower_words(first[0])]))

    for i, text in enumerate(texts):
        if not text.lstrip()[:1].isupper():
            continue  # names and acronyms are capitalised ("thẩm mỹ" is not "Mỹ")
        first = text.split(maxsplit=1)[:1]
        tokens = tuple(m.group(0) for m in islice(_NAME_WORD.finditer(text), longest))
        key = (*first, "|", *tokens)
        if key not in seen:
            seen[key] = opens(first, tokens)
        barred[i] = seen[key]
    return barred


def excluded_spans(q: Question, x: np.ndarray, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(spans left out of the choice and of its confidence, ``said_of_another``; spans only
    never chosen, ``opens_with_asked_name``, whose weight still backs the name they hold),
    whatever the weights. The evidence selector's span columns read the sentence so."""
    return said_of_another(q, x, texts), opens_with_asked_name(q, texts)


def unasked_figures(q: Question, sentence: str, starts: np.ndarray, ends: np.ndarray, texts: list[str]) -> np.ndarray:
    """Spans the short answer never gives, besides ``excluded_spans``: figures the question does
    not ask for (a birth year, a date for a count: ``not_asked_figures``), another year's figure
    beside the asked year's (``of_other_years``) and, for a year asked, a span without one
    (``without_year``). ``starts``/``ends``: the spans' character offsets in ``sentence``.
    (Only the choice reads these, not the selector's span columns: its weights were trained
    without them.)"""
    return (
        not_asked_figures(q, sentence, starts, ends)
        | of_other_years(q, sentence, starts, ends)
        | without_year(q, texts)
    )


def _excluded(q: Question, table: SpanTable) -> tuple[np.ndarray, np.ndarray]:
    return excluded_spans(q, table.x, [sp.text for sp in table.spans])


def _best(q: Question, sentence: str, weights: ShortAnswerWeights | None = None) -> tuple[Span | None, float]:
    table = span_table(q, sentence)
    if not table.spans:
        return None, 0.0
    barred, unchosen = _excluded(q, table)
    barred = barred | unasked_figures(q, table.sentence, table.starts, table.ends, [sp.text for sp in table.spans])
    i, confidence = (weights or _weights()).best(table.x, table.starts, table.ends, barred, unchosen)
    return table.spans[i], confidence


NO_SPAN = (-10.0, 0.0, -10.0)  # span_strength of a sentence without words


def span_strength(q: Question, sentence: str, weights: ShortAnswerWeights | None = None) -> tuple[float, float, float]:
    """How well some span of ``sentence`` answers ``q``, as the span scorer sees it: the best
    span's score, its confidence (``ShortAnswerWeights.best``) and the log-sum-exp of all the
    spans' scores. The evidence selector reads these: a sentence whose best span is a clear answer of
    the asked kind, next to the question's words, is more likely the one that answers."""
    return table_strength(q, span_table(q, sentence), weights or _weights())


def table_strength(q: Question, table: SpanTable, weights: ShortAnswerWeights) -> tuple[float, float, float]:
    """``span_strength`` of ``q``'s span table of a sentence under ``weights`` (the spans the
    short answer may not give, ``excluded_spans``, left out as there)."""
    if not table.spans:
        return NO_SPAN
    _, score, confidence, mass = weights.rate(table.x, table.starts, table.ends, *_excluded(q, table))
    return score, confidence, mass


def best_span(q: Question, sentence: str, weights: ShortAnswerWeights | None = None) -> tuple[str, float]:
    """The best-scoring span and its confidence (``ShortAnswerWeights.best``); ("", 0.0) for a
    sentence without words."""
    span, confidence = _best(q, sentence, weights)
    return (span.text.strip(" ,.;:") if span else ""), confidence


def fits_kind(kind: str, text: str) -> bool:
    """A number answer holds a digit or a numeral word, a date answer a digit or a time or
    numeral word; other kinds take any span. (The scorer only ever saw sentences that hold the
    answer; this keeps it from bolding words of a sentence that has none.)"""
    if kind not in ("number", "date"):
        return True
    if kind == "number":  # a figure or a number in words, not a name ("Quận Ba Đình") or a code ("U23")
        return bool(_NUMBER.search(text) or _numeral_spans(text))
    if any(c.isdigit() for c in text):
        return True
    lex = lexicon()
    allowed = lex.number_words | (lex.date_words if kind == "date" else frozenset())
    return any(fold(w) in allowed for w in _WORD.findall(text))


def with_qualifier(sentence: str, text: str, at: int) -> str:
    """``text`` (found at ``at`` in ``sentence``) with the word that bounds its leading number
    ("hơn 26,2 tỷ đồng", "khoảng 300 người"): without it the answer would claim more than the
    sentence says."""
    if not text[:1].isdigit():
        return text
    words = fold(sentence[:at]).split()
    for n in (2, 1):
        if len(words) >= n and " ".join(words[-n:]) in lexicon().number_qualifiers:
            before = sentence[:at].rstrip()
            start = len(before) - len(" ".join(before.split()[-n:]))
            return sentence[start:at] + text
    return text


def _counted_figure(q: Question, sentence: str) -> Span | None:
    """For "bao nhiêu mã giảm?": the one figure of ``sentence`` written right before the asked
    noun ("118" of "130 mã tăng và 118 mã giảm"; a range "500-600" whole; its units with it);
    None when no figure or more than one is."""
    noun = _asked_noun(q)
    if not noun:
        return None
    found = []
    for m in re.finditer(FIGURE, sentence):
        after = sentence[m.end() :].split()[: len(noun)]
        if tuple(fold(w.strip(".,;:()")) for w in after) == noun:
            start = m.start()
            if r := re.search(r"(\d+(?:[.,]\d+)*)\s*[-–]\s*$", sentence[:start]):
                start = r.start(1)
            end = _unit_after(sentence, m.end())
            found.append(Span(start, end, sentence[start:end]))
    return found[0] if len(found) == 1 else None


def short_answer(q: Question, sentence: str, weights: ShortAnswerWeights | None = None) -> str:
    """The span of ``sentence`` that answers ``q``, or "" when no span is confident enough, the
    best one is not of the asked type, or the question asks why/how/yes-no."""
    if q.kind in NO_SPAN_KINDS:
        return ""
    w = weights or _weights()
    span, confidence = _best(q, sentence, w)
    text = span.text.strip(" ,.;:") if span else ""
    if not text or confidence < w.threshold or not fits_kind(q.kind, text):
        return ""
    sentence = nfc(sentence)
    start = span.start + span.text.index(text)
    counted = _counted_figure(q, sentence) if q.kind == "number" else None
    if counted and not (counted.start < start + len(text) and start < counted.end):
        start, text = counted.start, counted.text  # "130 mã tăng và 118 mã giảm": the one asked
    wholes = _numeral_spans(sentence)  # never half a number: "mươi mốt" is "ba mươi mốt người"
    if q.kind == "date":  # nor half a date: "11 năm 2022" is "ngày 10 tháng 11 năm 2022"
        wholes += [Span(m.start(), m.end(), m.group(0)) for m in _DATE.finditer(sentence)]
    if q.kind == "number":  # nor half a range: "2,504" is "2,504 – 4,407"
        wholes += [Span(m.start(), m.end(), m.group(0)) for m in _RANGE.finditer(sentence)]
    if q.kind in ("number", "date"):
        for whole in wholes:
            if whole.start < start + len(text) and start < whole.end:
                end = max(whole.end, start + len(text))
                start = min(whole.start, start)
                text = sentence[start:end].strip(" ,.;:")
    return with_qualifier(sentence, text, start)

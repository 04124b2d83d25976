"""Reciprocal rank fusion: the joiner between the BM25 and the embedding retriever."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from llama_index.core.schema import NodeWithScore

from indexing.vietnamese import fold_word, syllables

T = TypeVar("T")


def reciprocal_rank_fusion(
    ranked: dict[str, list[NodeWithScore]], k: int = 60, weights: dict[str, float] | None = None
) -> list[tuple[NodeWithScore, dict[str, float]]]:
    """Fuse named rankings; returns nodes best first with each retriever's raw score."""
    fused: dict[str, float] = {}
    nodes: dict[str, NodeWithScore] = {}
    raw: dict[str, dict[str, float]] = {}
    for name, results in ranked.items():
        w = (weights or {}).get(name, 1.0)
        for rank, nws in enumerate(results):
            nid = nws.node.node_id
            fused[nid] = fused.get(nid, 0.0) + w / (k + rank + 1)
            nodes.setdefault(nid, nws)
            raw.setdefault(nid, {})[name] = float(nws.score or 0.0)
    order = sorted(fused, key=lambda nid: fused[nid], reverse=True)
    out = []
    for nid in order:
        nws = NodeWithScore(node=nodes[nid].node, score=fused[nid])
        out.append((nws, raw[nid]))
    return out


def names_first(
    ranked: list[T], texts: Sequence[str], names: Sequence[Sequence[str]], k: int = 60, weight: float = 1.0
) -> list[T]:
    """Fuse a third ranking into ``ranked`` (best first): the items whose text holds every
    name of the question (each name's accent-folded syllables), in their current order.
    "xa Tan Lap co bao nhieu ho ngheo" then puts passages naming Tân Lập above passages
    about poor households elsewhere, without dropping any passage."""
    if not names or not ranked:
        return ranked
    wanted = [set(n) for n in names]
    held = [{fold_word(w) for w in syllables(t)} for t in texts]
    named = [all(n <= words for n in wanted) for words in held]
    if all(named) or not any(named):
        return ranked
    score, seen = [], 0
    for rank, hit in enumerate(named):
        score.append(1 / (k + rank + 1) + (weight / (k + seen + 1) if hit else 0.0))
        seen += hit
    order = sorted(range(len(ranked)), key=lambda i: -score[i])
    return [ranked[i] for i in order]

"""Reciprocal rank fusion: the joiner between the BM25 and the embedding retriever."""

from __future__ import annotations

from llama_index.core.schema import NodeWithScore


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

"""Invariants of the ingest plan (property-based)."""

from hypothesis import given
from hypothesis import strategies as st

from indexing.articles import Article
from indexing.sync import StoredDoc, make_plan

ids = st.sampled_from([f"d{i}.txt" for i in range(8)])
texts = st.sampled_from(["alpha", "beta", "gamma", "delta"])
folder = st.dictionaries(ids, texts, max_size=8)
stored = st.dictionaries(ids, st.tuples(texts, st.booleans()), max_size=8)


def _articles(spec):
    return [Article(doc_id=d, title="t", text=t) for d, t in spec.items()]


def _stored(spec):
    out = {}
    for d, (t, complete) in spec.items():
        h = Article(doc_id=d, title="t", text=t).content_hash
        out[d] = StoredDoc(h, 3, 3 if complete else 1)
    return out


@given(folder, stored)
def test_plan_partitions_the_folder(spec, stored_spec):
    arts, st_docs = _articles(spec), _stored(stored_spec)
    plan = make_plan(arts, st_docs)
    planned = [a.doc_id for a in plan.add + plan.update] + plan.unchanged + [s.name for s in plan.duplicates]
    assert sorted(planned) == sorted(spec)  # every article is handled exactly once
    kept = {a.doc_id for a in plan.add + plan.update} | set(plan.unchanged)
    assert len({a.content_hash for a in arts if a.doc_id in kept}) == len(kept)  # no duplicate content
    assert set(plan.remove) == set(st_docs) - kept
    for a in plan.update:
        assert a.doc_id in st_docs
    for d in plan.unchanged:
        assert st_docs[d].complete


@given(folder)
def test_applying_a_plan_then_replanning_is_a_no_op(spec):
    arts = _articles(spec)
    plan = make_plan(arts, {})
    after = {a.doc_id: StoredDoc(a.content_hash, 2, 2) for a in plan.add}
    again = make_plan(arts, after)
    assert not again.add and not again.update and not again.remove


origins = st.sampled_from(["/a", "/b", "uploads"])
stored_with_origin = st.dictionaries(ids, st.tuples(texts, origins), max_size=8)


@given(folder, stored_with_origin, origins, st.booleans())
def test_a_source_never_touches_another_sources_articles(spec, stored_spec, origin, prune):
    from indexing.sync import assign_ids, plan_source

    stored_docs = {
        d: StoredDoc(Article(doc_id=d, title="t", text=t).content_hash, 2, 2, origin=o, local_id=d)
        for d, (t, o) in stored_spec.items()
    }
    arts = _articles(spec)
    assign_ids(arts, stored_docs, origin, "label")
    plan = plan_source(arts, stored_docs, origin, prune)
    others = {d for d, s in stored_docs.items() if s.origin != origin}
    touched = set(plan.remove) | {a.doc_id for a in plan.update + plan.add}
    assert not touched & others  # nothing of another source is replaced or removed
    assert len({a.doc_id for a in arts}) == len(arts)  # ids stay distinct
    if not prune:
        assert not plan.remove

"""Near-duplicate stories: one dispatch republished by several outlets shows up once, with the
other outlets listed as "cũng đăng tại / also in"."""

import json

import pytest

from assistant.retrieval.passage import Passage
from assistant.retrieval.stories import collapse_duplicates
from indexing.near_duplicates import StoryIndex
from indexing.readers import read_folder
from indexing.settings import BUNDLED_CORPUS


@pytest.fixture(scope="module")
def seeds():
    return {a.doc_id[:3]: a for a in read_folder(BUNDLED_CORPUS)[0]}


def republished(text: str) -> str:
    """The same dispatch as another outlet prints it: a new lead line, one sentence reworded,
    the last paragraph cut."""
    paras = [p for p in text.split("\n") if p.strip()]
    paras[0] = "(TTXVN) " + paras[0].replace("chủ động", "tích cực", 1)
    return "\n\n".join(paras[:-1])


def test_story_index_groups_republished_dispatches(seeds, tmp_path):
    a, b = seeds["000"], seeds["001"]
    stories = StoryIndex()
    assert stories.assign("gialai/a", a.text) == "gialai/a"
    assert stories.assign("ttxvn/a", republished(a.text)) == "gialai/a"
    assert stories.assign("gialai/b", b.text) == "gialai/b"
    stories.save(tmp_path / "stories.pkl")
    again = StoryIndex.load(tmp_path / "stories.pkl")  # a later ingest joins the earlier story
    assert again.assign("vnexpress/a", republished(a.text)) == "gialai/a"
    assert StoryIndex.load(tmp_path / "missing.pkl").story == {}


def _p(doc, chunk, source, story=""):
    return Passage(f"{doc}::h::{chunk}", doc, f"Bài {doc}", "…", 0, 1, source=source, story=story)


def test_collapse_keeps_the_best_ranked_outlet_and_lists_the_others():
    ranked = [
        _p("ttxvn/a", 0, "TTXVN", story="gialai/a"),
        _p("b", 0, "Báo B"),
        _p("gialai/a", 0, "Báo Gia Lai", story="gialai/a"),
        _p("ttxvn/a", 1, "TTXVN", story="gialai/a"),
        _p("vne/a", 3, "VnExpress", story="gialai/a"),
    ]
    kept = collapse_duplicates(ranked)
    assert [p.chunk_id for p in kept] == ["ttxvn/a::h::0", "b::h::0", "ttxvn/a::h::1"]
    assert [o["source"] for o in kept[0].also_in] == ["Báo Gia Lai", "VnExpress"]
    assert kept[0].also_in_label.startswith("cũng đăng tại / also in: Báo Gia Lai")
    assert kept[1].also_in == []


def test_search_shows_a_republished_story_once(tmp_path, seeds, embed_model):
    from assistant.retrieval.hybrid import HybridRetriever
    from indexing import store
    from indexing.pipeline import Indexer
    from indexing.settings import Settings

    a, b = seeds["000"], seeds["001"]
    rows = [
        {"id": "a", "title": a.title, "text": a.text, "source": "Báo Gia Lai"},
        {"id": "a2", "title": a.title, "text": republished(a.text), "source": "TTXVN"},
        {"id": "b", "title": b.title, "text": b.text, "source": "Báo Gia Lai"},
    ]
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "news.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    settings = Settings().with_(index_dir=tmp_path / "index", collection="stories")
    assert Indexer(settings, embed_model=embed_model).ingest(folder).added == 3

    _, metas = store.all_metadata(store.collection(settings))
    story = {m["doc_id"]: m["story"] for m in metas}
    assert story["news.jsonl#a"] == story["news.jsonl#a2"] != story["news.jsonl#b"]

    retriever = HybridRetriever(settings, embed_model=embed_model)
    passages = retriever.retrieve("Xã Vĩnh Quang có bao nhiêu đảng viên?", k=5)
    docs = {p.doc_id for p in passages}
    assert len(docs & {"news.jsonl#a", "news.jsonl#a2"}) == 1
    shown = next(p for p in passages if p.doc_id in {"news.jsonl#a", "news.jsonl#a2"})
    other = ({"news.jsonl#a", "news.jsonl#a2"} - {shown.doc_id}).pop()
    assert [o["doc_id"] for o in shown.also_in] == [other]
    assert "604" in " ".join(p.text for p in passages)

    # removing one outlet's copy forgets its signature and leaves the story with one article
    from indexing import library
    from indexing.near_duplicates import StoryIndex

    library.remove(settings, [e for e in library.entries(settings) if e.id == "news.jsonl#a2"])
    assert set(StoryIndex.load(settings.store_dir / "stories.pkl").story) == {"news.jsonl#a", "news.jsonl#b"}
    retriever.reload()
    again = retriever.retrieve("Xã Vĩnh Quang có bao nhiêu đảng viên?", k=5)
    assert all(p.also_in == [] for p in again) and "news.jsonl#a" in {p.doc_id for p in again}


def test_the_source_card_lists_the_other_outlets():
    from assistant.answering.base import Answer, Citation
    from ui.render import sources_html

    shown = _p("ttxvn/a", 0, "TTXVN", story="gialai/a")
    shown.also_in = [{"doc_id": "gialai/a", "source": "Báo <Gia Lai>", "date": "19/01/2026"}]
    answer = Answer("?", "… [1]", True, "extractive", citations=[Citation(1, shown, (0, 1), "…")], passages=[shown])
    html = sources_html(answer)
    assert "cũng đăng tại / also in: Báo &lt;Gia Lai&gt; 19/01/2026" in html

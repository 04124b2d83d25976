"""Incremental ingest: read folders, plan against Chroma, chunk, embed and write."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from llama_index.core.schema import MetadataMode, TextNode
from tqdm import tqdm

from indexing import chunk_table, lexical_index, store
from indexing.articles import Article, Skipped
from indexing.chunk_table import ChunkTable
from indexing.chunking import chunk_article
from indexing.duplicate_copies import DuplicateCopies
from indexing.embedding_model import load_embed_model, tokenizer_folder
from indexing.latin_tokenizer import FastTokenizer
from indexing.memory import release_memory
from indexing.settings import Settings
from indexing.sources import label_of, origin_of, read_source
from indexing.sync import Plan, assign_ids, plan_source, stored_docs

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]


SHOWN_CHANGES = 10  # article ids named per kind of change in the report


@dataclass
class IngestReport:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    chunks_added: int = 0
    chunks_removed: int = 0
    handed_over: list[str] = field(default_factory=list)  # "doc -> source/file": kept by another source's copy
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # "file: what of it could not be read" (a PDF's scanned pages)
    changed: dict[str, list[str]] = field(default_factory=dict)  # "added"/"updated"/"removed" -> article ids
    seconds: float = 0.0
    total_articles: int = 0
    total_chunks: int = 0

    def summary(self) -> str:
        lines = [
            f"Bài viết / articles: +{self.added} thêm/added, ~{self.updated} cập nhật/updated, "
            f"-{self.removed} xóa/removed, {self.unchanged} không đổi/unchanged, "
            f"{len(self.skipped)} bỏ qua/skipped",
            f"Đoạn / chunks: +{self.chunks_added} thêm/added, -{self.chunks_removed} xóa/removed; "
            f"chỉ mục có / index holds {self.total_articles} bài/articles, {self.total_chunks} đoạn/chunks",
            f"Thời gian / time: {self.seconds:.1f} s",
        ]
        lines += [
            f"  giữ lại / kept {h}: bản trùng ở nguồn khác vẫn còn / its copy in another source is still there"
            for h in self.handed_over
        ]
        for kind, label in (("added", "thêm / added"), ("updated", "cập nhật / updated"), ("removed", "xóa / removed")):
            ids = self.changed.get(kind, [])
            if ids:
                more = f" (+{len(ids) - SHOWN_CHANGES})" if len(ids) > SHOWN_CHANGES else ""
                lines.append(f"  {label}: {', '.join(ids[:SHOWN_CHANGES])}{more}")
        lines += [f"  bỏ qua / skipped {s.name}: {s.reason}" for s in self.skipped]
        lines += [f"  đọc một phần / partly read {note}" for note in self.notes]
        return "\n".join(lines)


class Indexer:
    """Keeps one Chroma collection (and its BM25 twin) in step with its sources (folders, uploads)."""

    def __init__(self, settings: Settings, embed_model=None):
        self.settings = settings
        self._embed_model = embed_model
        self._tokenizer = None

    @property
    def embed_model(self):
        if self._embed_model is None:
            self._embed_model = load_embed_model(self.settings)
        return self._embed_model

    def count_tokens(self, texts: list[str]) -> list[int]:
        if self._tokenizer is None:  # the model's own tokenizer, without transformers
            self._tokenizer = FastTokenizer(tokenizer_folder(self.settings))  # not truncated
        return self._tokenizer.count(texts)

    def ingest(self, source: Path | str, progress: Progress | None = None) -> IngestReport:
        """Mirror one source (a folder or an export file): add and update its articles, remove
        those deleted from it. Articles from other folders and uploads are never touched."""
        return self.mirror(origin_of(source), progress)

    def mirror(self, origin: str, progress: Progress | None = None) -> IngestReport:
        """Make the index hold exactly what source ``origin`` (a path or ``uploads``) holds now."""
        articles, skipped = read_source(origin, self.settings)
        return self.sync(articles, skipped, origin=origin, prune=True, progress=progress)

    def sync(
        self,
        articles: list[Article],
        skipped: list[Skipped],
        *,
        prune: bool,
        origin: str = "",
        progress: Progress | None = None,
    ) -> IngestReport:
        """Write what changed for the articles of ``origin``. ``prune`` removes that source's
        stored articles absent from ``articles``; other sources' articles are left alone."""
        started = time.perf_counter()
        col = store.collection(self.settings)
        vstore = store.vector_store(self.settings)
        table, stored, plan = self._plan(col, articles, origin, prune)
        handed = self._hand_over(plan, stored, origin, prune)
        report = IngestReport(
            added=len(plan.add),
            updated=len(plan.update),
            removed=len(plan.remove),
            unchanged=len(plan.unchanged),
            skipped=skipped + plan.duplicates,
            notes=[f"{a.file or a.doc_id}: {a.extra['note']}" for a in plan.add + plan.update if a.extra.get("note")],
            changed={
                "added": [a.doc_id for a in plan.add],
                "updated": [a.doc_id for a in plan.update],
                "removed": list(plan.remove),
            },
            handed_over=[f"{d} → {label_of(o)}/{local}" for d, (o, local) in handed.items()],
        )
        for doc_id in plan.remove:
            report.chunks_removed += stored[doc_id].present
            vstore.delete(doc_id)
        todo = plan.update + plan.add
        for art in plan.update:  # changed or half-written (killed run): drop the old chunks first
            report.chunks_removed += stored[art.doc_id].present
            vstore.delete(art.doc_id)
        # a new source recorded in place: adopted articles (indexed before sources were recorded)
        # and removed ones whose copy in another source is still on disk (that source keeps them)
        owners = {**{d: (origin, d) for d in plan.adopt}, **handed}
        if owners:
            chunk_table.invalidate(self.lexical_folder)  # its rows of these chunks go stale now
            self._adopt(col, table, owners)
        rewritten = set(plan.remove) | set(owners) | {a.doc_id for a in plan.update}
        table = table.without_docs(rewritten)  # read again from Chroma below
        kept = (set(stored) - set(plan.remove)) | {a.doc_id for a in todo}
        if plan.remove and not todo:  # nothing to write: drop the removed articles' story signatures
            forget_stories(self.settings, removed=set(plan.remove))
        report.chunks_added = self._write(vstore, todo, progress, kept)
        if report.chunks_added:  # what embedding grew, given back before the BM25 build peaks
            release_memory(self._embed_model)
        table = table.synced(col)
        self.refresh_lexical(force=bool(todo or plan.remove or owners), table=table)
        report.total_chunks = len(table)
        report.total_articles = len({f.get("doc_id") for f in table.fields})
        report.seconds = time.perf_counter() - started
        return report

    def _plan(self, col, articles: list[Article], origin: str, prune: bool) -> tuple[ChunkTable, dict, Plan]:
        """The plan for ``origin``'s ``articles``, made from the chunk table's rows. The rows of
        every article it would delete, replace or give a new source are first compared with
        Chroma's: if another process changed them meanwhile (it recorded a source in place), the
        table is dropped and the plan made again from every chunk's metadata in Chroma."""
        table = self.chunk_table(col)
        for fresh in (False, True):
            stored = stored_docs(table.fields)
            assign_ids(articles, stored, origin, label_of(origin))
            plan = plan_source(articles, stored, origin, prune)
            touched = set(plan.remove) | set(plan.adopt) | {a.doc_id for a in plan.update}
            if fresh or table.matches(col, touched):
                break
            log.warning("chunk table out of date with the store: planning again from the store")
            table = ChunkTable().synced(col)
        return table, stored, plan

    def _hand_over(self, plan, stored: dict, origin: str, whole: bool) -> dict[str, tuple[str, str]]:
        """Record ``origin``'s skipped copies (all of them when the ``whole`` source was read),
        and take out of ``plan.remove`` the articles whose copy in another source is still on
        disk: {doc id: (that origin, its local id)}."""
        if not origin:
            return {}
        copies = DuplicateCopies(self.settings)
        copies.record(origin, plan.copies, replace=whole)
        handed = copies.holders({d: stored[d].doc_hash for d in plan.remove}, origin) if plan.remove else {}
        plan.remove = [d for d in plan.remove if d not in handed]
        return handed

    @staticmethod
    def _adopt(col, table: ChunkTable, owners: dict[str, tuple[str, str]]) -> None:
        """Record a new source (origin, local id) for the stored chunks of each doc id, no re-embedding."""
        picked = [i for i, f in zip(table.ids, table.fields) if f.get("doc_id") in owners]
        full = col.get(ids=picked, include=["metadatas"])  # the whole metadata of just these chunks
        col.update(
            ids=full["ids"],
            metadatas=[
                {**m, "origin": owners[m["doc_id"]][0], "local_id": owners[m["doc_id"]][1]} for m in full["metadatas"]
            ],
        )

    def _write(self, vstore, articles: list[Article], progress: Progress | None, kept: set[str]) -> int:
        """Chunk, embed and add articles in batches; an article's chunks go in one add. Each
        chunk carries its article's near-duplicate ``story``. Three batches move at once: one
        is chunked here while the one before is embedded (ONNX Runtime releases the GIL) and
        the one before that is written to Chroma. ``kept``: the articles the index holds
        afterwards (story signatures of any other are dropped)."""
        if not articles:
            return 0
        from indexing.near_duplicates import StoryIndex  # datasketch: only when writing

        stories_path = self.settings.store_dir / "stories.pkl"
        stories = StoryIndex.load(stories_path)
        stories.keep_only(kept)
        written = saved = 0
        batch: list[TextNode] = []
        embedding: tuple[Future[list[TextNode]], int] | None = None  # (batch, articles up to it)
        writing: tuple[Future[int], int] | None = None
        bar = tqdm(total=len(articles), desc="Nhúng / embedding", unit="bài", disable=None, smoothing=0.1)

        def finish_write() -> None:
            nonlocal written, writing, saved
            if writing is None:
                return
            written += writing[0].result()
            log.info("wrote %d/%d articles (%d chunks)", writing[1], len(articles), written)
            bar.update(writing[1] - bar.n)  # progress counts articles written, not queued
            bar.set_postfix(chunks=written, refresh=False)
            if progress:
                progress(writing[1], len(articles))
            if writing[1] - saved >= 2000:
                stories.save(stories_path)  # a killed run keeps most story signatures
                saved = writing[1]
            writing = None

        def start_write() -> None:  # the embedded batch goes to Chroma (one write in flight)
            nonlocal embedding, writing
            assert embedding is not None
            nodes = embedding[0].result()
            finish_write()
            writing, embedding = (writer.submit(self._add, vstore, nodes), embedding[1]), None

        with (
            ThreadPoolExecutor(1, thread_name_prefix="embed") as embedder,
            ThreadPoolExecutor(1, thread_name_prefix="chroma-write") as writer,
        ):
            for i, art in enumerate(articles, 1):
                nodes = chunk_article(
                    art, self.count_tokens, self.settings.chunk_tokens, self.settings.chunk_overlap_tokens
                )
                story = stories.assign(art.doc_id, f"{art.title}\n{art.text}")
                for node in nodes:
                    node.metadata["story"] = story
                    node.excluded_embed_metadata_keys.append("story")
                    node.excluded_llm_metadata_keys.append("story")
                batch += nodes
                if len(batch) >= self.settings.write_batch or i == len(articles):
                    if embedding is not None:
                        start_write()
                    embedding, batch = (embedder.submit(self._embed, batch), i), []
            if embedding is not None:
                start_write()
            finish_write()
        bar.close()
        stories.save(stories_path)
        return written

    def _embed(self, nodes: list[TextNode]) -> list[TextNode]:
        texts = [n.get_content(metadata_mode=MetadataMode.EMBED) for n in nodes]
        vectors = self.embed_model.get_text_embedding_batch(texts)
        for node, vec in zip(nodes, vectors):
            node.embedding = vec
        return nodes

    @staticmethod
    def _add(vstore, nodes: list[TextNode]) -> int:
        vstore.add(nodes)
        return len(nodes)

    @property
    def lexical_folder(self) -> Path:
        return self.settings.store_dir / "lexical"

    def chunk_table(self, col=None) -> ChunkTable:
        """Every chunk's planning fields and BM25 tokens: the saved table, with the chunks it
        lacks read from Chroma (all of them the first time) and those gone dropped."""
        return ChunkTable.load(self.lexical_folder).synced(col if col is not None else store.collection(self.settings))

    def refresh_lexical(self, force: bool = False, table: ChunkTable | None = None) -> lexical_index.LexicalIndex:
        """The BM25 index of the collection as it is now: the saved one when it holds the same
        chunks (and not ``force``), else built from the chunk table (``table``: just synced)."""
        folder = self.lexical_folder
        if table is None:
            col = store.collection(self.settings)
            ids = store.all_ids(col)  # a cache check needs only the ids
            cached = None if force else lexical_index.load(folder, lexical_index.fingerprint(ids))
            if cached is not None:
                return cached
            table = ChunkTable.load(folder).synced(col, ids)
        cached = None if force else lexical_index.load(folder, lexical_index.fingerprint(table.ids))
        if cached is not None:
            if not chunk_table.saved(folder):  # an index from before the table was kept
                try:
                    table.save(folder)
                except OSError as err:  # the folder being replaced by another process's save
                    log.info("chunk table not saved: %s", err)
            return cached
        table = table.compacted()  # tokens only removed chunks used leave the vocabulary
        index = lexical_index.build(table)
        lexical_index.save(index, folder, table)
        return index


def forget_stories(settings: Settings, removed: set[str]) -> None:
    """Drop the story signatures of removed articles."""
    path = settings.store_dir / "stories.pkl"
    if not removed or not path.exists():
        return
    from indexing.near_duplicates import StoryIndex

    stories = StoryIndex.load(path)
    before = len(stories.story)
    for doc_id in removed:
        stories.forget(doc_id)
    if len(stories.story) != before:
        stories.save(path)

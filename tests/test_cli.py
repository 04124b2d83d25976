"""The command line as a user meets it: bad arguments and missing indexes are explained without a
stack trace and create nothing; filters are checked like the chat's; piping into `head` is quiet."""

import os
import subprocess
import sys

import pytest

from assistant.cli import main
from assistant.retrieval.filters import match_outlets
from indexing.metadata import UNKNOWN_OUTLET


@pytest.mark.parametrize("command", [["ask", "Ai là Bí thư?"], ["list"], ["export", "OUT"], ["repair", "--check"]])
def test_a_mistyped_index_folder_is_named_and_not_created(tmp_path, capsys, command):
    missing = tmp_path / "no-such-index"
    command = [str(tmp_path / "out.jsonl") if c == "OUT" else c for c in command]
    assert main(["--index-dir", str(missing), *command]) == 2
    assert "no index at" in capsys.readouterr().err
    assert not missing.exists()


@pytest.mark.parametrize("k", ["0", "-1", "51", "abc"])
def test_passages_outside_one_to_fifty_are_refused(k, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["ask", "Ai là Bí thư?", "--k", k])
    assert exc.value.code == 2
    assert "1 to 50" in capsys.readouterr().err


def test_outlets_match_whatever_the_case_and_accents():
    known = {"Báo Gia Lai", "Tuổi Trẻ", ""}
    assert match_outlets(["bao gia lai", "TUỔI TRẺ", "Tuoi  tre"], known) == ("Báo Gia Lai", "Tuổi Trẻ", "Tuổi Trẻ")
    assert match_outlets(["khong ro"], known) == (UNKNOWN_OUTLET,)
    with pytest.raises(ValueError) as exc:
        match_outlets(["Báo Nhân Dân"], known)
    assert "Báo Gia Lai" in str(exc.value) and "Tuổi Trẻ" in str(exc.value)


def _cli(seed_index, *args, **kw):
    env = {**os.environ, "HOIDAP_COLLECTION": seed_index.collection}
    cmd = [sys.executable, "-m", "assistant.cli", "--index-dir", str(seed_index.store_dir), *args]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, **kw)


def test_filters_are_checked_and_an_empty_result_says_why(seed_index):
    reversed_range = _cli(seed_index, "ask", "Ai là Bí thư?", "--from", "2026-01-01", "--to", "2025-01-01")
    assert reversed_range.returncode == 2 and "reversed" in reversed_range.stderr
    unknown = _cli(seed_index, "ask", "Ai là Bí thư?", "--source", "Báo Nhân Dân")
    assert unknown.returncode == 2 and "Báo Gia Lai" in unknown.stderr  # the outlets there are
    assert "Traceback" not in reversed_range.stderr + unknown.stderr
    nothing = _cli(seed_index, "ask", "Xã Vĩnh Quang có bao nhiêu đảng viên?", "--from", "2099-01-01")
    assert nothing.returncode == 0 and "exclude every article" in nothing.stdout


def test_a_source_that_matches_nothing_is_named(seed_index):
    out = _cli(seed_index, "list", "--source", "no-such-folder")
    assert out.returncode == 1 and "no source matches" in out.stderr and "corpus" in out.stderr


def test_the_library_table_names_an_unknown_outlet_and_marks_cut_paths(seed_index):
    out = _cli(seed_index, "list").stdout
    rows = [line for line in out.splitlines() if line.endswith(".txt") or ".txt " in line]
    assert len(rows) == 5
    assert any("không rõ / unknown" in r for r in rows)  # seeds without an outlet line
    from assistant.cli import _cut

    path = "/home/editor/archives/2017/baomoi-export"
    assert _cut(path, 24, keep_end=True) == "…" + path[-23:]  # the end of a path is what tells it apart
    assert _cut("Báo Sài Gòn Giải Phóng", 18) == "Báo Sài Gòn Giải…"
    assert _cut("Báo Gia Lai", 18) == "Báo Gia Lai"


def test_a_reader_that_stops_early_gets_no_traceback(seed_index):
    env = {**os.environ, "HOIDAP_COLLECTION": seed_index.collection}
    cmd = [sys.executable, "-m", "assistant.cli", "--index-dir", str(seed_index.store_dir), "list"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc.stdout.close()  # like `hoidap list | head -0`: the reader is gone before anything is written
    err = proc.stderr.read()
    proc.wait(timeout=120)
    assert "Traceback" not in err and "BrokenPipe" not in err

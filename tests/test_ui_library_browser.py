"""The "Thư viện" tab in headless Chromium, behind --auth: list, search, delete with confirmation."""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SEEDS

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parent.parent / "reports" / "screenshots"
USER, PASSWORD = "bientap", "mat-khau-9"
ROWS = "#hd-lib-table [role=row]:has([role=gridcell])"
COUNT = "document.querySelectorAll('#hd-lib-table [role=row]:has([role=gridcell])').length === {}"
ODD_TITLE = "Tin thử <b>đậm</b> & <i>nghiêng</i> về hợp tác xã"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium is not installed (make browser)"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory, embed_model):
    from indexing.pipeline import Indexer
    from indexing.settings import Settings

    root = tmp_path_factory.mktemp("lib-ui")
    folder = root / "articles"
    folder.mkdir()
    for seed in SEEDS[:3]:
        shutil.copy(seed, folder / seed.name)
    (folder / "odd.txt").write_text(
        f"{ODD_TITLE}\n\nHợp tác xã thử nghiệm cho biết năm nay sản lượng cà phê tăng mạnh so với năm trước.",
        encoding="utf-8",
    )
    index = root / "index"
    Indexer(Settings().with_(index_dir=index), embed_model=embed_model).ingest(folder)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-m", "assistant.cli", "--index-dir", str(index), "serve", "--port", str(port)]
    proc = subprocess.Popen(
        [*cmd, "--auth", f"{USER}:{PASSWORD}"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    url = f"http://127.0.0.1:{port}/"
    import httpx

    deadline = time.time() + 240
    while time.time() < deadline:
        try:
            httpx.get(url, timeout=2)
            break
        except httpx.HTTPError:
            time.sleep(1)
    else:
        proc.kill()
        pytest.fail("the UI did not start:\n" + proc.stdout.read())
    yield url
    proc.terminate()
    proc.wait(15)


def _rows(page) -> list[str]:
    return [r.inner_text() for r in page.locator(ROWS).all()]


def test_library_tab_lists_searches_and_deletes(server):
    from playwright.sync_api import expect, sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1400, "height": 1400})
        page.goto(server)
        assert "Thư viện" not in page.content()  # the login form first
        assert page.request.post(server + "login", form={"username": USER, "password": PASSWORD}).ok
        page.goto(server)
        # the page is served while the index opens; the table fills by itself once it is open
        expect(page.locator("#hd-lib-totals")).to_contain_text("Chỉ mục: 4 bài viết", timeout=60_000)
        page.get_by_role("tab", name="Thư viện").click()
        page.wait_for_selector(ROWS)
        assert "Chỉ mục: 4 bài viết" in page.inner_text("#hd-lib-totals")
        assert len(_rows(page)) == 4
        table = page.inner_text("#hd-lib-table")
        assert ODD_TITLE in table  # shown as text
        assert page.locator("#hd-lib-table b, #hd-lib-table i").count() == 0  # not rendered as HTML

        page.fill("#hd-lib-search textarea, #hd-lib-search input", "hac thanh")  # accents optional
        page.wait_for_function(  # the table re-renders asynchronously: wait for the filtered row itself
            "(() => { const r = document.querySelectorAll('#hd-lib-table [role=row]:has([role=gridcell])');"
            " return r.length === 1 && r[0].innerText.includes('Hạc Thành'); })()"
        )
        assert "Hạc Thành" in _rows(page)[0]
        assert "tìm thấy 1 bài" in page.inner_text("#hd-lib-totals")

        page.locator(ROWS).first.locator("[role=gridcell]").first.click()
        page.wait_for_function("document.querySelector('#hd-lib-picked').innerText.includes('Đã chọn')")
        page.click("#hd-lib-delete")
        page.wait_for_selector("#hd-lib-confirm", state="visible")
        assert "Không thể hoàn tác" in page.inner_text("#hd-lib-picked")
        page.screenshot(path=str(SHOTS / "library-confirm.png"), full_page=True)
        page.click("#hd-lib-confirm")
        page.wait_for_function("document.querySelector('#hd-lib-picked').innerText.includes('Đã xóa')")
        assert "Chỉ mục: 3 bài viết" in page.inner_text("#hd-lib-totals")
        page.fill("#hd-lib-search textarea, #hd-lib-search input", "")
        page.wait_for_function(COUNT.format(3))
        page.wait_for_timeout(500)
        assert not any(re.search("Hạc Thành", r) for r in _rows(page))
        page.screenshot(path=str(SHOTS / "library.png"), full_page=True)
        browser.close()

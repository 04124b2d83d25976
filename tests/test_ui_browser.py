"""End to end in headless Chromium: the page a user opens, a seed question, the cited passage."""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parent.parent / "reports" / "screenshots"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium is not installed (make browser)"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    index = tmp_path_factory.mktemp("ui-index")
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "--index-dir", str(index), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/"
    import httpx

    deadline = time.time() + 240
    while time.time() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(1)
    else:
        proc.kill()
        pytest.fail("the UI did not start:\n" + proc.stdout.read())
    yield url
    proc.terminate()
    proc.wait(15)


def test_question_in_the_browser_shows_answer_and_cited_passage(server):
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        hosts = set()
        page.on("request", lambda r: hosts.add(r.url.split("/")[2]))
        page.goto(server)
        assert "Hỏi đáp tin tức" in page.content()
        page.fill("#hd-question textarea", "Xã Vĩnh Quang đặt mục tiêu tăng trưởng bao nhiêu?")
        page.keyboard.press("Enter")
        page.wait_for_selector("#hd-sources mark", timeout=90_000)
        assert "8,4%" in page.inner_text("#hd-chat")
        assert "8,4%" in page.inner_text("#hd-sources mark")
        assert "Báo Gia Lai" in page.inner_text("#hd-sources")
        page.click("#hd-sources summary")  # open the full article with the span marked
        assert "Diên Hồng" in page.inner_text("#hd-sources .hd-article")
        page.screenshot(path=str(SHOTS / "answer.png"), full_page=True)
        page.fill("#hd-question textarea", "   ")
        page.keyboard.press("Enter")
        page.wait_for_function("document.querySelector('#hd-chat').innerText.includes('Vui lòng nhập')")
        browser.close()
    assert hosts == {server.split("/")[2]}, f"the page made outside requests: {hosts}"

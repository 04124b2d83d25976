"""End to end in headless Chromium, as a new user would: ask, follow up, reload and find the
conversation, export it, click [1], rate an answer, filter everything out, paste HTML. One server
start, a screenshot per step under reports/screenshots/."""

import json
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
# questions the selector answers well above its threshold (a UI test, not a quality test)
Q1 = "Xã Phú Thiện có bao nhiêu tổ chức đảng?"
A1 = "69 tổ chức đảng"
FOLLOW = "Còn xã Biển Hồ thì sao?"
A2 = "61 tổ chức cơ sở đảng"
XSS = "<img src=x onerror=alert(1)>"

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
    cmd = [sys.executable, "-m", "assistant.cli", "--index-dir", str(index)]
    proc = subprocess.Popen(
        [*cmd, "serve", "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
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
    yield url, cmd
    proc.terminate()
    proc.wait(15)


def _in_view(page, selector: str) -> bool:
    """The element is visible inside the window and inside every scroll box around it."""
    return page.evaluate(
        """(sel) => {
        const el = document.querySelector(sel); if (!el) return false;
        const r = el.getBoundingClientRect();
        if (r.height === 0 || r.top < 0 || r.bottom > window.innerHeight) return false;
        for (let p = el.parentElement; p; p = p.parentElement) {
            const s = getComputedStyle(p);
            if (/(auto|scroll)/.test(s.overflowY)) {
                const b = p.getBoundingClientRect();
                if (r.top < b.top - 1 || r.bottom > b.bottom + 1) return false;
            }
        }
        return true; }""",
        selector,
    )


def _ask(page, question: str) -> None:
    page.fill("#hd-question textarea", question)
    page.keyboard.press("Enter")


def _answers(page) -> int:
    return page.locator("#hd-chat [data-testid='bot']").count()


def test_daily_use_walkthrough(server, tmp_path):
    from playwright.sync_api import sync_playwright

    url, cmd = server
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True, locale="vi-VN")
        page = ctx.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        try:
            _steps(page, url, cmd, tmp_path)
        except Exception:
            page.screenshot(path=str(SHOTS / "failure.png"), full_page=True)
            raise
        finally:
            browser.close()
    host = url.split("/")[2]
    assert {r.split("/")[2] for r in requests} == {host}, "the page made outside requests"
    assert not [r for r in requests if r.rstrip("/").endswith("/x")], "the <img> question was fetched"


def _steps(page, url: str, cmd: list[str], tmp_path: Path) -> None:
    from playwright.sync_api import expect

    page.goto(url)  # the page is served while the index opens: a question typed now waits for it
    expect(page.locator("#hd-question textarea")).to_be_editable(timeout=30_000)
    expect(page.locator("#hd-status")).to_contain_text("5 bài viết", timeout=90_000)

    # 1. ask: answer with a linked [1], the supporting sentence highlighted in the sources panel
    _ask(page, Q1)
    page.wait_for_selector("#hd-sources mark", timeout=90_000)
    expect(page.locator("#hd-chat")).to_contain_text(A1)
    expect(page.locator("#hd-chat a[href='#hd-src-0-1']").first).to_be_visible()
    assert A1 in page.inner_text("#hd-sources mark")
    expect(page.locator("#hd-status")).to_contain_text("Trả lời trong")
    page.screenshot(path=str(SHOTS / "01-answer.png"), full_page=True)

    # 2. follow-up, answered from the conversation
    _ask(page, FOLLOW)
    expect(page.locator("#hd-chat")).to_contain_text(A2, timeout=60_000)
    expect(page.locator("#hd-send")).to_be_enabled()
    page.screenshot(path=str(SHOTS / "02-follow-up.png"), full_page=True)

    # 3. reload: the conversation is in the list and reopened, context included
    page.reload()
    expect(page.locator("#hd-convs")).to_contain_text(Q1, timeout=30_000)
    expect(page.locator("#hd-chat")).to_contain_text(A2)
    page.screenshot(path=str(SHOTS / "03-after-reload.png"), full_page=True)

    # 4. export as Markdown: both questions, answers with citations and quotes
    with page.expect_download() as dl:
        page.click("#hd-export-md")
    md = Path(dl.value.path()).read_text(encoding="utf-8")
    assert f"## 1. {Q1}" in md and f"## 2. {FOLLOW}" in md
    assert A1 in md and A2 in md and "- [1] " in md and "  > " in md
    assert "<a " not in md and "\\." not in md  # plain Markdown, not the chat's HTML
    (SHOTS / "04-export.md").write_text(md, encoding="utf-8")

    # 5. click [1] of the first answer: its card, the full article open, the sentence in view
    page.evaluate("window.scrollTo(0, 0)")
    page.locator("#hd-chat a[href='#hd-src-0-1']").first.click()
    page.wait_for_timeout(800)
    assert page.evaluate("document.querySelector('#hd-src-0-1 details.hd-full').open")
    assert _in_view(page, "#hd-src-0-1 .hd-article mark")
    assert A1 in page.inner_text("#hd-src-0-1 .hd-article mark")
    page.screenshot(path=str(SHOTS / "05-citation-click.png"))

    # 6. 👎 the follow-up's answer with a comment; it comes out of `hoidap feedback export`
    page.locator("#hd-chat button[aria-label='Dislike']").last.click()
    expect(page.locator("#hd-notice")).to_contain_text("Đã ghi nhận")
    page.fill("#hd-comment textarea", "thiếu nguồn thứ hai")
    page.get_by_role("button", name="Gửi góp ý").click()
    expect(page.locator("#hd-notice")).to_contain_text("Đã lưu góp ý")
    page.screenshot(path=str(SHOTS / "06-feedback.png"), full_page=True)
    out = tmp_path / "feedback.jsonl"
    r = subprocess.run([*cmd, "feedback", "export", "--out", str(out)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(i["question"], i["feedback"], i["comment"]) for i in items] == [(FOLLOW, "down", "thiếu nguồn thứ hai")]
    assert items[0]["history"] == [Q1] and A2 in items[0]["answer_given"]

    # 7. dates: an impossible one is refused, a filter that excludes everything is named as the reason
    page.click("#hd-options > button")
    page.fill("#hd-from input", "2026-13-45")
    page.keyboard.press("Tab")
    _ask(page, Q1)
    expect(page.locator("#hd-notice")).to_contain_text("Ngày không tồn tại")
    page.fill("#hd-from input", "2030-01-01")
    page.keyboard.press("Tab")
    n = _answers(page)
    _ask(page, Q1)
    expect(page.locator("#hd-chat")).to_contain_text("Không có bài viết nào khớp bộ lọc", timeout=60_000)
    assert _answers(page) == n + 1
    page.screenshot(path=str(SHOTS / "07-filter-excludes-all.png"), full_page=True)
    page.fill("#hd-from input", "")
    page.keyboard.press("Tab")

    # 8. HTML in a question is shown as text and fetches nothing
    _ask(page, XSS)
    expect(page.locator("#hd-chat")).to_contain_text(XSS, timeout=60_000)
    page.wait_for_timeout(500)
    assert page.locator("#hd-chat img[src='x']").count() == 0
    page.screenshot(path=str(SHOTS / "08-html-as-text.png"), full_page=True)

    # 9. an empty question adds no bubble and keeps the sources
    n, sources = _answers(page), page.inner_html("#hd-sources")
    _ask(page, "   ")
    expect(page.locator("#hd-notice")).to_contain_text("Vui lòng nhập")
    assert _answers(page) == n and page.inner_html("#hd-sources") == sources

    # 10. the chatbot's trash icon forgets the context too: "Ông ấy…" is searched as typed
    n = _answers(page)
    _ask(page, "Xã Vĩnh Quang phấn đấu giảm bao nhiêu hộ nghèo?")
    expect(page.locator("#hd-chat [data-testid='bot']")).to_have_count(n + 1, timeout=60_000)
    expect(page.locator("#hd-chat [data-testid='bot']").last).to_contain_text("46 hộ nghèo", timeout=60_000)
    page.locator("#hd-chat button[aria-label='Clear']").click()
    expect(page.locator("#hd-chat [data-testid='bot']")).to_have_count(0)
    page.wait_for_timeout(1500)  # the clear handler's reply must land before the next question
    _ask(page, "Ông ấy sinh năm nào?")
    if not page.locator("#hd-chat [data-testid='bot']").count():  # a submit raced with the clear: once more
        page.wait_for_timeout(3000)
        if not page.locator("#hd-chat [data-testid='bot']").count():
            _ask(page, "Ông ấy sinh năm nào?")
    expect(page.locator("#hd-chat")).to_contain_text("«Ông ấy sinh năm nào?»", timeout=60_000)
    page.screenshot(path=str(SHOTS / "09-trash-forgets-context.png"), full_page=True)

    # 11. upload: per-file report, file box cleared, status and outlet list refreshed
    article = tmp_path / "tin-ia-hru.txt"
    para = "Hội nghị thống nhất các giải pháp nâng cao chất lượng sinh hoạt chi bộ và phát triển đảng viên mới."
    article.write_text(
        f"Xã Ia Hrú tổ chức hội nghị\n\nNgày 5/3/2026, xã Ia Hrú có 257 đảng viên.\n\n{para}\n\nBáo Nhân Dân"
        "\n\nPhản hồi\n\nCác tin khác\n\nTin A",
        encoding="utf-8",
    )
    page.click("text=Thêm bài viết")
    page.set_input_files("#hd-files input[type=file]", str(article))
    expect(page.locator("#hd-files")).to_contain_text("tin-ia-hru")
    page.click("#hd-add")
    expect(page.locator("#hd-upload-report")).to_contain_text("✓ tin-ia-hru.txt", timeout=120_000)
    expect(page.locator("#hd-upload-report")).to_contain_text("cleaner removed")
    expect(page.locator("#hd-status")).to_contain_text("6 bài viết")
    expect(page.locator("#hd-files")).not_to_contain_text("tin-ia-hru")
    page.click("#hd-outlets input")
    expect(page.get_by_role("option", name="Báo Nhân Dân")).to_be_visible()
    page.screenshot(path=str(SHOTS / "10-upload-report.png"), full_page=True)

    # 12. stop: back to what is saved, buttons enabled
    n = _answers(page)
    page.click("#hd-stop")
    expect(page.locator("#hd-notice")).to_contain_text("Đã dừng")
    assert _answers(page) == n
    expect(page.locator("#hd-send")).to_be_enabled()

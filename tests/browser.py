"""Headless Chromium for the page tests and the screenshots of README.md and docs/manual.md (Debian's /usr/bin/chromium,
driven by Playwright's Python package; Playwright's own browser download is never used)."""

from __future__ import annotations

import shutil
import time
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-quic"]
VIEWPORT = {"width": 1400, "height": 900}


def available() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return Path(CHROMIUM).exists()


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


class OfflinePage:
    """A page opened from disk with every request that is not file:// blocked and recorded."""

    def __init__(self, browser, path: Path):
        self.page = browser.new_page(viewport=VIEWPORT)
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.route("**/*", self._route)
        self.page.goto(path.resolve().as_uri())
        self.wait_until("Boolean(window.kgPage && window.kgPage.ready)", timeout=60)

    def wait_until(self, expression: str, timeout: float = 10) -> None:
        """Poll an expression (the page's CSP forbids the eval that wait_for_function uses)."""
        deadline = time.monotonic() + timeout
        while not self.page.evaluate(expression):
            if time.monotonic() > deadline:
                raise TimeoutError(f"page never reached: {expression}")
            self.page.wait_for_timeout(50)

    def _route(self, route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def evaluate(self, script: str):
        return self.page.evaluate(script)


def screenshot(html_path: Path, png_path: Path, colour: str = "type", size: str = "degree", select: str = "") -> Path:
    """The page as a person sees it, once the network is drawn; coloured and sized as asked,
    with the node of that name selected."""
    with chromium() as browser:
        page = OfflinePage(browser, html_path)
        page.page.select_option("#colour-by", colour)
        page.page.select_option("#size-by", size)
        if select:
            page.page.evaluate("name => kgPage.select(kgPage.data.nodes.find(n => n.name === name).id)", select)
        page.page.wait_for_timeout(700)
        page.page.screenshot(path=str(png_path))
    return png_path


if __name__ == "__main__":
    import sys
    # tests/browser.py PAGE PNG [COLOUR SIZE [NAME]]: the dev-set picture of docs/manual.md (kg viz) is
    # tests/browser.py dev/graph.html docs/dev-graph.png community pagerank
    print(screenshot(Path(sys.argv[1]), Path(sys.argv[2]), *sys.argv[3:6]))

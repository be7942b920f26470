#!/usr/bin/env python
"""Ballots struck through by someone else's program (issue 4, "Done when"): accuracy on pages
that share nothing with the project's own generator.

    python benchmarks/bench_foreign.py                 # 4 lists × 2 captures × 60 ballots
    python benchmarks/bench_foreign.py --per 10        # quicker
    python benchmarks/bench_foreign.py --keep /tmp/fz  # keep the images and truths

The project prints each ballot (`render_machine_ballot_pdf`); from then on only poppler and
plain OpenCV are used, as another team's test program would: `pdftoppm` rasterizes the PDF
(a different renderer from the PDFium the reader's template comes from), `pdftotext
-bbox-layout` says where each name is printed, and OpenCV draws the voter's pen — straight,
tilted, wavy, doubled or crossed lines 0.35–0.9 mm wide in blue, black, red or violet, 1–4 mm
past each end of the name, on about 45 % of the names, with an underline or a tick beside 5 %
of the others — then a scanner (150/200/300/600 dpi, rotation ±3°, scale ±2 %, shift ±4 mm, blur,
noise, JPEG 75–95) or a phone (the sheet on a coloured desk, perspective up to 6 % of the
width, a light gradient, 1,600 px, blur, noise, JPEG). Each page is read by
`daihoi.scanning.read_files` and judged against what was drawn: silent errors (read `ok` but
the kept names differ), review, unreadable. Results go to $BENCH_DIR/foreign-<stamp>.json.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import cv2  # noqa: E402
import numpy as np  # noqa: E402
from scan_elections import SHAPES, election_data  # noqa: E402

from daihoi.printing.election_paper import parse_election_paper  # noqa: E402
from daihoi.printing.machine_ballot import render_machine_ballot_pdf  # noqa: E402
from daihoi.scanning import read_files, template_from_pdf  # noqa: E402

BENCH_DIR = Path(os.environ.get("BENCH_DIR", "/tmp/daihoi-bench"))
INKS = [(160, 50, 20), (30, 30, 30), (40, 40, 190), (120, 30, 90)]  # BGR: blue, black, red, violet
STYLES = ["line", "line", "line", "tilt", "wavy", "double", "x"]


def name_boxes(pdf: Path, names: list[str]) -> dict[str, tuple[float, ...]]:
    """Where poppler says each name is printed: (x0, y0, x1, y1) in points."""
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", "-f", "1", "-l", "1", str(pdf), "-"],
        check=True,
        capture_output=True,
    ).stdout
    xml = xml.replace(b'xmlns="http://www.w3.org/1999/xhtml"', b"")
    boxes = {}
    for line in ET.fromstring(xml).iter("line"):
        text = " ".join(w.text or "" for w in line.iter("word"))
        if text in names:
            boxes[text] = tuple(float(line.get(k, 0)) for k in ("xMin", "yMin", "xMax", "yMax"))
    missing = [n for n in names if n not in boxes]
    if missing:
        raise SystemExit(f"pdftotext did not find {missing}")
    return boxes


def rasterize(pdf: Path, dpi: int) -> np.ndarray:
    with tempfile.TemporaryDirectory() as tmp:
        cmd = ["pdftoppm", "-r", str(dpi), "-png", "-singlefile", "-f", "1", "-l", "1"]
        subprocess.run([*cmd, str(pdf), f"{tmp}/p"], check=True)
        return np.asarray(cv2.imread(f"{tmp}/p.png"))


def strike(
    img: np.ndarray, box: tuple[float, ...], k: float, mm: float, pen: Any, rng: Any
) -> None:
    """One pen stroke through a name box (pixels = points × k; mm pixels per millimetre)."""
    colour, width = pen
    x0, y0, x1, y1 = (v * k for v in box)
    ym = (y0 + y1) / 2 + rng.uniform(-0.12, 0.12) * (y1 - y0)
    a, b = x0 - rng.uniform(1, 4) * mm, x1 + rng.uniform(1, 4) * mm
    style = rng.choice(STYLES)
    if style in ("line", "tilt"):
        dy = 0 if style == "line" else rng.uniform(-0.25, 0.25) * (y1 - y0)
        cv2.line(img, (int(a), int(ym - dy)), (int(b), int(ym + dy)), colour, width, cv2.LINE_AA)
    elif style == "double":
        for off in (-0.15, 0.15):
            y = int(ym + off * (y1 - y0))
            cv2.line(img, (int(a), y), (int(b), y), colour, width, cv2.LINE_AA)
    elif style == "x":
        cv2.line(img, (int(a), int(y0)), (int(b), int(y1)), colour, width, cv2.LINE_AA)
        cv2.line(img, (int(a), int(y1)), (int(b), int(y0)), colour, width, cv2.LINE_AA)
    else:
        xs = np.linspace(a, b, 60)
        ys = ym + np.sin(xs / (1.5 * mm)) * 0.25 * (y1 - y0)
        points = np.stack([xs, ys], 1).astype(np.int32)
        cv2.polylines(img, [points], False, colour, width, cv2.LINE_AA)


def distractor(
    img: np.ndarray, box: tuple[float, ...], k: float, mm: float, pen: Any, rng: Any
) -> None:
    colour, width = pen
    x0, y0, x1, y1 = (v * k for v in box)
    if rng.random() < 0.5:  # underline
        y = int(y1 + 0.8 * mm)
        cv2.line(img, (int(x0), y), (int(x1), y), colour, width, cv2.LINE_AA)
    else:  # a tick after the name
        x, y = int(x1 + 3 * mm), int((y0 + y1) / 2)
        tick = np.array([[x, y], [x + mm, y + 1.2 * mm], [x + 3 * mm, y - 1.8 * mm]], np.int32)
        cv2.polylines(img, [tick], False, colour, width, cv2.LINE_AA)


def capture(img: np.ndarray, dpi: int, kind: str, rng: Any) -> np.ndarray:
    h, w = img.shape[:2]
    if kind == "scan":
        turn = cv2.getRotationMatrix2D((w / 2, h / 2), rng.uniform(-3, 3), rng.uniform(0.98, 1.02))
        turn[:, 2] += rng.uniform(-4, 4, 2) * dpi / 25.4
        img = cv2.warpAffine(img, turn, (w, h), borderValue=(255, 255, 255))
        img = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.3, 1.0))
    else:
        pad = int(0.12 * w)
        desk = tuple(int(v) for v in rng.integers(60, 140, 3))
        canvas = np.full((h + 2 * pad, w + 2 * pad, 3), desk, np.uint8)
        canvas[pad : pad + h, pad : pad + w] = img
        src = np.float32([[pad, pad], [pad + w, pad], [pad + w, pad + h], [pad, pad + h]])
        dst = src + rng.uniform(-0.06, 0.06, (4, 2)).astype(np.float32) * w
        tilt = cv2.getPerspectiveTransform(src, dst)
        img = cv2.warpPerspective(canvas, tilt, canvas.shape[1::-1], borderValue=desk)
        light = np.linspace(rng.uniform(0.7, 0.9), 1.05, img.shape[1])[None, :, None]
        img = np.clip(img * light, 0, 255).astype(np.uint8)
        f = 1600 / max(img.shape[:2])
        img = cv2.resize(img, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
        img = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.5, 1.0))
    noise = rng.normal(0, rng.uniform(1, 4), img.shape)
    return np.clip(img.astype(np.float32) + noise, 0, 255).astype(np.uint8)


def make_ballots(
    pdf: Path, names: list[str], n: int, kind: str, seed: int
) -> list[tuple[str, bytes, list[str]]]:
    """n marked, captured pages: (file name, JPEG bytes, the names left kept)."""
    rng = np.random.default_rng(seed)
    boxes = name_boxes(pdf, names)
    pages: dict[int, np.ndarray] = {}
    out = []
    for i in range(n):
        dpi = int(rng.choice([150, 200, 300, 600])) if kind == "scan" else 200
        if dpi not in pages:
            pages[dpi] = rasterize(pdf, dpi)
        img = pages[dpi].copy()
        k, mm = dpi / 72.0, dpi / 25.4
        pen = (INKS[int(rng.integers(len(INKS)))], max(1, round(rng.uniform(0.35, 0.9) * mm)))
        struck = {name for name in names if rng.random() < 0.45}
        for name in names:
            if name in struck:
                strike(img, boxes[name], k, mm, pen, rng)
            elif rng.random() < 0.05:
                distractor(img, boxes[name], k, mm, pen, rng)
        img = capture(img, dpi, kind, rng)
        ok, data = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(75, 96))])
        assert ok
        out.append((f"{kind}-{i:04d}.jpg", data.tobytes(), [x for x in names if x not in struck]))
    return out


def run(opts: argparse.Namespace) -> dict[str, Any]:
    cv2.setNumThreads(1)
    results: dict[str, Any] = {}
    work = Path(opts.keep or tempfile.mkdtemp(prefix="daihoi-foreign-"))
    for label, n, seats, paper_size, body in SHAPES:
        data = election_data(label, n, seats, body)
        paper = parse_election_paper(data)
        layout = paper.layout(paper_size)
        if layout.style != "strike":
            continue  # agree/disagree boxes: covered by bench_scan.py
        folder = work / label
        folder.mkdir(parents=True, exist_ok=True)
        pdf_bytes = render_machine_ballot_pdf(paper, layout)
        pdf = folder / "ballot.pdf"
        pdf.write_bytes(pdf_bytes)
        template = template_from_pdf(pdf_bytes, layout)
        for kind in ("scan", "phone"):
            ballots = make_ballots(pdf, list(data["candidates"]), opts.per, kind, opts.seed)
            truth = {name: kept for name, _, kept in ballots}
            if opts.keep:
                for name, blob, _ in ballots:
                    (folder / name).write_bytes(blob)
            read = read_files(paper, [(f, b) for f, b, _ in ballots], template, workers=1)
            tally: Counter[str] = Counter()
            for ballot in read["ballots"]:
                tally[ballot["status"]] += 1
                if ballot["status"] == "ok" and set(ballot["kept"]) != set(truth[ballot["file"]]):
                    tally["silent_errors"] += 1
                    print(f"  SILENT ERROR {label} {ballot['file']}", flush=True)
            results[f"{label}|{kind}"] = {"ballots": len(ballots), **tally}
            print(f"  {label} {kind}: {dict(tally)}", flush=True)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per", type=int, default=60, help="ballots per list and capture")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", help="folder to keep the PDFs, images (and so truths) in")
    parser.add_argument(
        "--json", action="store_true", help="print the totals as one JSON line last"
    )
    opts = parser.parse_args(argv)
    results = run(opts)
    total: Counter[str] = Counter()
    for r in results.values():
        total.update(r)
    n = total["ballots"] or 1
    print(
        f"foreign: {total['ballots']} ballots, silent errors {total['silent_errors']}, "
        f"review {total['review']} ({100 * total['review'] / n:.1f} %), "
        f"unreadable {total['unreadable']} ({100 * total['unreadable'] / n:.1f} %)"
    )
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    out = BENCH_DIR / f"foreign-{stamp}.json"
    out.write_text(json.dumps({"seed": opts.seed, "per": opts.per, "results": results}, indent=1))
    print(f"saved {out}")
    if opts.json:
        print(json.dumps({"totals": dict(total), "results": results}))
    return 1 if total["silent_errors"] else 0


if __name__ == "__main__":
    sys.exit(main())

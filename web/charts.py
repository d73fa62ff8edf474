"""Charts drawn on the server as SVG (issue 21): presentation attributes only (no
``style=``, no script, nothing fetched), every text escaped; each chart sits beside the
table that holds its numbers, which is what a screen reader reads."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

PALETTE = ("#2f6db5", "#c0392b", "#8e9aa6", "#d68910", "#6c3483", "#1e8449", "#5d6d7e")
BAR = 18
GAP = 6
LABEL_WIDTH = 150
WIDTH = 560


def bars(title: str, items: Sequence[tuple[str, int]], colour: str = PALETTE[0]) -> Markup:
    """Horizontal bars, one per item, with its label and value."""
    top = max((n for _, n in items), default=0) or 1
    span = WIDTH - LABEL_WIDTH - 50
    height = max(1, len(items)) * (BAR + GAP) + GAP
    parts = [_open(title, height)]
    for i, (label, n) in enumerate(items):
        y = GAP + i * (BAR + GAP)
        w = round(span * n / top)
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + BAR - 5}" text-anchor="end" '
            f'font-size="12" fill="#222">{escape(_short(label))}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{w}" height="{BAR}" fill="{colour}"/>'
            f'<text x="{LABEL_WIDTH + w + 4}" y="{y + BAR - 5}" font-size="12" '
            f'fill="#222">{n}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text in it is escaped above


def columns(
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
) -> Markup:
    """Stacked columns: one per category (e.g. month), one colour per series, a legend."""
    count = max(1, len(categories))
    totals = [sum(values[i] for _, values in series) for i in range(len(categories))]
    top = max(totals, default=0) or 1
    plot_height, left, bottom = 160, 30, 22
    legend_rows = (len(series) + 3) // 4
    height = plot_height + bottom + 10 + legend_rows * 18
    step = (WIDTH - left - 10) / count
    parts = [_open(title, height)]
    parts.append(
        f'<line x1="{left}" y1="{plot_height}" x2="{WIDTH - 10}" y2="{plot_height}" '
        'stroke="#8e9aa6" stroke-width="1"/>'
        f'<text x="{left - 4}" y="12" text-anchor="end" font-size="11" fill="#555">{top}</text>'
    )
    for i, label in enumerate(categories):
        x = left + i * step + step * 0.15
        width = step * 0.7
        y = float(plot_height)
        for s, (_, values) in enumerate(series):
            h = (plot_height - 10) * values[i] / top
            if h > 0:
                y -= h
                parts.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{h:.1f}" '
                    f'fill="{PALETTE[s % len(PALETTE)]}"/>'
                )
        parts.append(
            f'<text x="{x + width / 2:.1f}" y="{plot_height + 15}" text-anchor="middle" '
            f'font-size="11" fill="#222">{escape(_short(label, 6))}</text>'
        )
    for s, (name, _) in enumerate(series):
        lx = left + (s % 4) * 130
        ly = plot_height + bottom + 8 + (s // 4) * 18
        parts.append(
            f'<rect x="{lx}" y="{ly}" width="10" height="10" fill="{PALETTE[s % len(PALETTE)]}"/>'
            f'<text x="{lx + 14}" y="{ly + 9}" font-size="11" fill="#222">'
            f"{escape(_short(name, 10))}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text in it is escaped above


def _open(title: str, height: int) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>"
    )


def _short(text: str, most: int = 12) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"

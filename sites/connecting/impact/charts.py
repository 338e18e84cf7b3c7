"""Bar charts drawn on the server as SVG: no JavaScript, no external library, printable.

Each chart is an image with a title and a description (``role="img"``, ``<title>``,
``<desc>``); its numbers are in the data table printed beside it, which is what screen
reader users read. Colours come from presentation attributes, not inline styles, so the
strict Content-Security-Policy of the console allows them. A hidden value gets no bar,
only its words ("fewer than 5", "not shown").
"""

import textwrap

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from .report import Chart

WIDTH = 640
LABEL_WIDTH = 290
BAR_AREA = 250
ROW_HEIGHT = 40
BAR_HEIGHT = 20
TOP = 8
LABEL_CHARS = 40  # about what fits in LABEL_WIDTH at 13 px
INK = "#0b0c0c"
BAR = "#1d5aa6"  # 6.9:1 on white
MUTED = "#505a5f"  # 7:1 on white


def _label_lines(label: str) -> list[str]:
    lines = textwrap.wrap(label, LABEL_CHARS) or [""]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), LABEL_CHARS, placeholder="…")]
    return lines


def _row(index: int, bar, scale: float) -> SafeString:
    top = TOP + index * ROW_HEIGHT
    middle = top + ROW_HEIGHT / 2
    lines = _label_lines(bar.label)
    first = middle - (len(lines) - 1) * 8 + 4
    label = format_html_join(
        "",
        '<tspan x="{}" y="{}">{}</tspan>',
        ((LABEL_WIDTH - 10, first + 16 * n, line) for n, line in enumerate(lines)),
    )
    parts = [format_html('<text text-anchor="end" font-size="13" fill="{}">{}</text>', INK, label)]
    x = LABEL_WIDTH
    if bar.value is not None and scale > 0:
        width = max(1.0, BAR_AREA * max(0.0, bar.value) / scale) if bar.value else 0.0
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>',
                x,
                middle - BAR_HEIGHT / 2,
                f"{width:.1f}",
                BAR_HEIGHT,
                BAR,
            )
        )
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="13" fill="{}">{}</text>',
                f"{x + width + 6:.1f}",
                middle + 4,
                INK,
                bar.text,
            )
        )
    else:
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="13" font-style="italic" fill="{}">{}</text>',
                x + 6,
                middle + 4,
                MUTED,
                bar.text,
            )
        )
    return mark_safe("".join(parts))  # noqa: S308 -- every part built by format_html


def bar_chart(chart: Chart, slug: str) -> SafeString:
    values = [bar.value for bar in chart.bars if bar.value is not None]
    scale = chart.scale_max or max(values, default=0) or 1
    height = TOP * 2 + ROW_HEIGHT * len(chart.bars)
    rows = mark_safe("".join(_row(i, bar, scale) for i, bar in enumerate(chart.bars)))  # noqa: S308
    return format_html(
        '<svg class="impact-chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'aria-labelledby="chart-{slug}-title chart-{slug}-desc" '
        'font-family="Arial, Helvetica, sans-serif">'
        '<title id="chart-{slug}-title">{title}</title>'
        '<desc id="chart-{slug}-desc">{desc}</desc>'
        '<line x1="{axis}" y1="{top}" x2="{axis}" y2="{bottom}" stroke="{ink}"></line>'
        "{rows}</svg>",
        width=WIDTH,
        height=height,
        slug=slug,
        title=chart.title,
        desc=chart.description,
        axis=LABEL_WIDTH,
        top=TOP,
        bottom=height - TOP,
        ink=INK,
        rows=rows,
    )

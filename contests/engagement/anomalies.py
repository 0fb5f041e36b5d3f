"""Flags for organisers: engagement that grows far faster than the others', or odd like/view ratios.

Plain functions over snapshot series; nothing is excluded automatically — organisers decide.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Point:
    at: float  # unix seconds
    views: int
    likes: int


@dataclass(frozen=True)
class Flag:
    link: int
    kind: str
    message: str


def views_per_hour(series: list[Point]) -> float:
    """Growth over the most recent interval between two snapshots."""
    if len(series) < 2:
        return 0.0
    a, b = series[-2], series[-1]
    hours = max((b.at - a.at) / 3600, 1 / 60)
    return max(0.0, (b.views - a.views) / hours)


def flag_anomalies(series_by_link: dict[int, list[Point]], k: float = 5.0) -> list[Flag]:
    flags = []
    rates = {link: views_per_hour(series) for link, series in series_by_link.items()}
    for link, rate in rates.items():
        others = [r for other, r in rates.items() if other != link]
        median = statistics.median(others) if others else 0.0
        if rate > 0 and len(others) >= 2 and rate > k * max(median, 1.0):
            flags.append(
                Flag(
                    link,
                    "spike",
                    _(
                        "Lượt xem tăng %(rate)s/giờ, gấp hơn %(k)s lần trung vị các bài khác "
                        "(%(median)s/giờ)."
                    )
                    % {"rate": f"{rate:.0f}", "k": f"{k:g}", "median": f"{median:.0f}"},
                )
            )
    ratios = {
        link: series[-1].likes / series[-1].views
        for link, series in series_by_link.items()
        if series and series[-1].views >= 50
    }
    if len(ratios) >= 3:
        median = statistics.median(ratios.values())
        for link, ratio in ratios.items():
            if median > 0 and (ratio > median * k or ratio < median / k):
                flags.append(
                    Flag(
                        link,
                        "ratio",
                        _("Tỉ lệ thích/xem %(ratio)s, khác xa trung vị %(median)s của hội thi.")
                        % {"ratio": f"{ratio:.1%}", "median": f"{median:.1%}"},
                    )
                )
    return flags

"""Evidence from the platform itself, offered to a learner filling a self-assessment.

Apps that keep a learning record register a provider: a function (learner) -> list of dicts with
`source` (a stable key, e.g. "lesson:12"), `label` and `date`. The learners app's record is
registered here (recognition may depend on learners); the events app registers its attendance the
same way. Providers run a fixed number of queries each.
"""

from __future__ import annotations

from collections.abc import Callable

_providers: list[Callable] = []


def register(provider: Callable) -> None:
    if provider not in _providers:
        _providers.append(provider)


def register_builtin_providers() -> None:
    from learners.evidence import platform_evidence

    register(platform_evidence)


def offered(learner) -> list[dict]:
    """Every provider's items for this learner, newest first; sources are unique."""
    items: dict[str, dict] = {}
    for provider in _providers:
        for item in provider(learner):
            items.setdefault(item["source"], item)
    return sorted(items.values(), key=lambda item: item["date"], reverse=True)

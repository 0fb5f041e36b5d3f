"""What each content app wants searched. A leaf module: it imports no project app.

Apps call `register()` in their AppConfig.ready(); search/ never lists content models by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Document:
    """The common fields of the federated index."""

    kind: str
    title: str
    summary: str = ""
    body: str = ""
    extra: str = ""  # e.g. text extracted from a PDF
    field_id: int | None = None
    tags: list[str] = field(default_factory=list)
    year: int | None = None
    thumbnail_url: str = ""


@dataclass(frozen=True)
class Registration:
    model: type
    kind: str
    label: str
    to_document: Callable[[object], Document]


_registry: dict[type, Registration] = {}


def register(
    model: type, *, kind: str, label: str, to_document: Callable[[object], Document]
) -> None:
    _registry[model] = Registration(model, kind, label, to_document)


def registrations() -> list[Registration]:
    return list(_registry.values())


def registration_for(instance) -> Registration | None:
    return _registry.get(type(instance))


def kind_labels() -> dict[str, str]:
    return {r.kind: r.label for r in _registry.values()}

"""Build the project's Vietnamese catalogue of the admin from hub/translations/vi/.

hub/translations/vi/ holds one reviewed Vietnamese catalogue per package, laid out like the
packages themselves (wagtail/admin/django.po is what Wagtail would ship as
wagtail/admin/locale/vi/LC_MESSAGES/django.po), so each can be offered upstream as it is. Terms
follow hub/translations/vi/GLOSSARY.md.

This script joins them into hub/locale/vi/LC_MESSAGES/django.po and djangojs.po (LOCALE_PATHS come
before every app's own catalogue, so these take precedence over Wagtail's partial Vietnamese) and
compiles the .mo files, which are committed:

    .venv/bin/python scripts/build_admin_vi.py            # build
    .venv/bin/python scripts/build_admin_vi.py --check    # list msgids of the installed packages
                                                          # that no catalogue translates; status 1

After upgrading Wagtail, run --check, translate what it lists into the package's file here, build.
tests/test_admin_vietnamese.py fails when a catalogue is behind the installed packages.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "hub/translations/vi"
OUTPUT = ROOT / "hub/locale/vi/LC_MESSAGES"


def site_packages() -> Path:
    import wagtail

    return Path(wagtail.__file__).resolve().parent.parent


def sources(domain: str) -> list[Path]:
    return sorted(SOURCES.rglob(f"{domain}.po"))


def upstream_catalogue(source: Path) -> Path:
    """The installed package's English catalogue that `source` translates."""
    package = source.parent.relative_to(SOURCES)
    # wagtail/core is Wagtail's top-level app; django/core is Django's own catalogue
    package = {Path("wagtail/core"): Path("wagtail"), Path("django/core"): Path("django/conf")}.get(
        package, package
    )
    return site_packages() / package / "locale/en/LC_MESSAGES" / source.name


def msgids(path: Path, *, translated_only: bool = False) -> set[tuple[str, str]]:
    """(msgctxt, msgid) of the entries of a .po file, read from gettext's normalised copy."""
    command = ["msgattrib", "--translated"] if translated_only else ["msgcat"]
    text = subprocess.run(
        [*command, "--no-wrap", "--no-location", str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found, context = set(), ""
    for line in text.splitlines():
        if line.startswith("msgctxt "):
            context = line[8:]
        elif line.startswith("msgid "):
            if line != 'msgid ""':
                found.add((context, line[6:]))
            context = ""
    return found


def missing() -> dict[Path, set[tuple[str, str]]]:
    """Per source catalogue, the entries of the installed package it does not translate."""
    gaps = {}
    for source in [*sources("django"), *sources("djangojs")]:
        if source.parent == SOURCES / "extra":  # our additions, no package's catalogue
            continue
        upstream = upstream_catalogue(source)
        lacking = msgids(upstream) - msgids(source, translated_only=True)
        if lacking:
            gaps[source] = lacking
    return gaps


def build() -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    for domain in ("django", "djangojs"):
        target = OUTPUT / f"{domain}.po"
        # --use-first: a msgid shared by two packages gets the first package's wording (sorted
        # paths: taggit, wagtail/admin, wagtail/contrib/…, wagtail/core, …, wagtailmedia)
        subprocess.run(
            ["msgcat", "--use-first", "--no-wrap", "-o", str(target), *map(str, sources(domain))],
            check=True,
        )
        subprocess.run(
            ["msgfmt", "--check", "-o", str(target.with_suffix(".mo")), str(target)], check=True
        )
        print(f"{target.relative_to(ROOT)}: {len(msgids(target))} entries")


def main(argv: list[str]) -> int:
    if "--check" in argv:
        gaps = missing()
        for source, lacking in gaps.items():
            print(f"{source.relative_to(ROOT)}: {len(lacking)} untranslated")
            for context, msgid in sorted(lacking)[:50]:
                print(f"    {context + ' ' if context else ''}{msgid}")
        return 1 if gaps else 0
    build()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Command line: ``python -m playbook validate|new|schema|render``.

Problems are printed once, here, as text or as GitHub annotations; the exit status is 1 when
anything is wrong (or ``new`` refuses to create a file), 0 when the content is clean, 2 for a usage
error (unknown command or kind, missing folder).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .core import spec
from .core.problems import Severity, format_problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m playbook", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser("validate", help="check every entry file; exit 1 on any problem")
    validate.add_argument("laws", nargs="?", default="laws", type=Path, help="folder of entries (default: laws)")
    validate.add_argument("--format", choices=("text", "github"), default="text",
                          help="github: one ::error annotation per problem, for pull requests")
    validate.add_argument("--no-cache", action="store_true",
                          help="validate everything again; do not read or write .playbook-cache/")
    validate.add_argument("--sources", action="store_true",
                          help="when valid, list each source, what its citation leaves out, and every "
                          "source_note (facts from outside the source), for review")

    new = commands.add_parser("new", help="create a new entry file from a template, valid as created",
                              description="Create laws/<folder>/<id>.yaml for a new entry. KIND is a kind's "
                              "name, French label or folder: " + spec.kinds_help())
    new.add_argument("kind", metavar="KIND", help="law, commandment, procedure, rule, case, question, concept, "
                     "collection or source (or loi, lois, cas...)")
    new.add_argument("title", metavar="TITLE", help="the entry's title, in quotes")
    new.add_argument("--source", metavar="ID", help="the id of the source the content comes from "
                     "(needed when there are several sources)")
    new.add_argument("--id", dest="entry_id", metavar="ID", help="the new entry's id (default: made from the title)")
    new.add_argument("--laws", default="laws", type=Path, help="folder of entries (default: laws)")

    schema = commands.add_parser("schema", help="print, write or check the published JSON Schema")
    mode = schema.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="rewrite plugins/playbook/schema/entry.schema.json")
    mode.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")

    render = commands.add_parser("render", help="write the generated Markdown pages to a folder")
    render.add_argument("laws", nargs="?", default="laws", type=Path)
    render.add_argument("--out", required=True, type=Path, help="an empty or new folder")

    args = parser.parse_args(argv)
    if args.command == "validate":
        status = _validate(args.laws, args.format, use_cache=not args.no_cache)
        return _sources(args.laws) if status == 0 and args.sources else status
    if args.command == "new":
        return _new(args.laws, args.kind, args.title, args.source, args.entry_id)
    if args.command == "schema":
        return _schema(write=args.write, check_only=args.check)
    return _render(args.laws, args.out)


def _validate(laws: Path, fmt: str, *, use_cache: bool = True) -> int:
    from .core.cache import default_cache_dir
    from .core.pipeline import validate_directory

    if not laws.is_dir():
        print(f"{laws}: no such folder", file=sys.stderr)
        return 2
    outcome = validate_directory(laws, cache_dir=default_cache_dir(laws) if use_cache else None)
    if outcome.problems:
        print(format_problems(outcome.problems, fmt))
        errors = sum(1 for p in outcome.problems if p.severity is Severity.ERROR)
        warnings = len(outcome.problems) - errors
        print(f"{laws.as_posix()}: {errors} error(s), {warnings} warning(s) in {outcome.file_count} file(s)",
              file=sys.stderr)
        return 1
    counts = ", ".join(f"{n} {spec.KINDS_BY_NAME[k].plural.lower() if n > 1 else spec.KINDS_BY_NAME[k].label.lower()}"
                       for k, n in outcome.counts.items())
    print(f"{laws.as_posix()}: {sum(outcome.counts.values())} entries, all valid ({counts})")
    return 0


def _sources(laws: Path) -> int:
    from .core.pipeline import check
    from .core.source_report import format_source_report

    result = check(laws)
    if result.playbook is None:  # validate found nothing wrong a moment ago: only a race gets here
        print(format_problems(result.problems))
        return 1
    print()
    print(format_source_report(result.playbook))
    return 0


def _new(laws: Path, kind: str, title: str, source: str | None, entry_id: str | None) -> int:
    from .core.scaffold import ScaffoldError, create_entry, resolve_kind

    try:
        resolve_kind(kind)
    except ScaffoldError as exc:
        _error(exc.message, exc.hint)
        return 2
    try:
        entry = create_entry(laws, kind, title, source=source, entry_id=entry_id)
    except ScaffoldError as exc:
        _error(exc.message, exc.hint)
        return 1
    shown = entry.path.as_posix()
    print(f"created {shown} ({entry.kind.name}, id '{entry.entry_id}')")
    print(f"next: replace the example text in {shown}, then check it with `make validate` "
          "and preview it with `make serve`")
    return 0


def _error(message: str, hint: str) -> None:
    print(f"error: {message}", file=sys.stderr)
    if hint:
        print(f"  hint: {hint}", file=sys.stderr)


def _schema(*, write: bool, check_only: bool) -> int:
    from .core.resources import SCHEMA_PATH
    from .core.schema import schema_text

    target = SCHEMA_PATH
    text = schema_text()
    if write:
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target}")
        return 0
    if check_only:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != text:
            print(f"{target} is out of date: run python -m playbook schema --write", file=sys.stderr)
            return 1
        return 0
    sys.stdout.write(text)
    return 0


def _render(laws: Path, out: Path) -> int:
    from .core.pipeline import check
    from .core.pages import render_all
    from .core.render.renderer import Renderer
    from .core.render.templates import RenderError

    result = check(laws)
    if result.playbook is None:
        print(format_problems(result.problems))
        return 1
    if out.exists() and any(out.iterdir()):
        print(f"{out}: not empty; choose a new folder", file=sys.stderr)
        return 2
    try:
        pages = render_all(Renderer(), result.playbook)
    except RenderError as exc:
        print(exc, file=sys.stderr)
        return 1
    for page in pages:
        target = out / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
    print(f"wrote {len(list(out.rglob('*.md')))} pages to {out}")
    return 0

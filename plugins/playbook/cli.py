"""Command line: ``python -m playbook validate|new|schema|messages|render|review|diff``.

Problems are printed once, here, as text or as GitHub annotations; the exit status is 1 when
anything is wrong (or ``new`` refuses to create a file), 0 when the content is clean, 2 for a usage
error (unknown command or kind, missing folder).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .core import spec
from .core.messages import LANGUAGE_VARIABLE, LANGUAGES, say, use_language
from .core.problems import Severity, format_problems


def main(argv: Sequence[str] | None = None) -> int:
    _printable_anywhere()
    parser = argparse.ArgumentParser(prog="python -m playbook", description=__doc__)
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help=f"the language of messages (default: ${LANGUAGE_VARIABLE}, else fr)",
    )
    # `--lang` is also read after the command (`validate --lang en`)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help="the language of messages")
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser("validate", parents=[common], help="check every entry file; exit 1 on any problem")
    validate.add_argument("laws", nargs="?", default="laws", type=Path, help="folder of entries (default: laws)")
    validate.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="github: one ::error annotation per problem, for pull requests",
    )
    validate.add_argument(
        "--no-cache", action="store_true", help="validate everything again; do not read or write .playbook-cache/"
    )
    validate.add_argument(
        "--sources",
        action="store_true",
        help="when valid, list each source, what its citation leaves out, and every "
        "source_note (facts from outside the source), for review",
    )

    new = commands.add_parser(
        "new",
        parents=[common],
        help="create a new entry file from a template, valid as created",
        description="Create laws/<folder>/<id>.yaml for a new entry. KIND is a kind's "
        "name, French label or folder: " + spec.kinds_help(),
    )
    new.add_argument(
        "kind",
        metavar="KIND",
        help=", ".join(spec.KIND_NAMES) + " (or a French label or folder: loi, lois, cas...)",
    )
    new.add_argument("title", metavar="TITLE", help="the entry's title, in quotes")
    new.add_argument(
        "--source",
        metavar="ID",
        help="the id of the source the content comes from (needed when there are several sources)",
    )
    new.add_argument("--id", dest="entry_id", metavar="ID", help="the new entry's id (default: made from the title)")
    new.add_argument("--laws", default="laws", type=Path, help="folder of entries (default: laws)")

    schema = commands.add_parser("schema", parents=[common], help="print, write or check the published JSON Schema")
    mode = schema.add_mutually_exclusive_group()
    mode.add_argument(
        "--write", action="store_true", help="rewrite the schemas in plugins/playbook/schema/ (entries, thesaurus)"
    )
    mode.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")

    messages = commands.add_parser(
        "messages",
        parents=[common],
        help="print, write or check the table of messages in CONTRIBUTING.md (made from the catalogue)",
    )
    messages_mode = messages.add_mutually_exclusive_group()
    messages_mode.add_argument("--write", action="store_true", help="rewrite the table between its markers")
    messages_mode.add_argument("--check", action="store_true", help="exit 1 if the table is out of date")
    messages.add_argument(
        "--file", default="CONTRIBUTING.md", type=Path, help="the file holding the table (default: CONTRIBUTING.md)"
    )

    render = commands.add_parser("render", parents=[common], help="write the generated Markdown pages to a folder")
    render.add_argument("laws", nargs="?", default="laws", type=Path)
    render.add_argument("--out", required=True, type=Path, help="an empty or new folder")

    review = commands.add_parser(
        "review",
        parents=[common],
        help="list entries overdue or due soon for review, by owner",
        description="List the entries whose review is overdue, that were never "
        "reviewed, or that are due soon, grouped by owner. Exit 0 unless --strict.",
    )
    review.add_argument("laws", nargs="?", default="laws", type=Path, help="folder of entries (default: laws)")
    review.add_argument(
        "--format",
        choices=("text", "github", "issue"),
        default="text",
        help="github: one ::warning annotation per entry; issue: the body of the weekly "
        "review issue (Markdown), with edit links (--edit-base)",
    )
    review.add_argument(
        "--edit-base",
        default="",
        metavar="URL",
        help="with --format issue: the URL a file's path is appended to for editing it, "
        "e.g. https://github.com/org/repo/edit/main/",
    )
    review.add_argument("--today", metavar="YYYY-MM-DD", help="the day to check against (default: today)")
    review.add_argument(
        "--config",
        default="mkdocs.yml",
        type=Path,
        help="where the playbook plugin's 'review' option is read (default: mkdocs.yml)",
    )
    review.add_argument("--strict", action="store_true", help="exit 1 when an entry is overdue or never reviewed")

    diff = commands.add_parser(
        "diff",
        parents=[common],
        help="what a change to the entries shows readers (pages, sheets to reprint, « Nouveautés »), in French",
        description="Compare the entries of two git revisions (or of a revision and the working tree) as "
        "data and list, per entry, what a reader will see change: entries added, removed or renamed, "
        "fields changed, the other pages that change, the sheets and PDFs to reprint, the lines of "
        "« Nouveautés », and what a reviewer should check. Nothing is checked out. Exit 0 when both "
        "sides are valid, 1 when one is not, 2 for a usage error (no such revision, no repository).",
    )
    diff.add_argument("base", metavar="BASE", help="the revision to compare from (main, HEAD~1, a commit)")
    diff.add_argument(
        "head", metavar="HEAD", nargs="?", help="the revision to compare to (default: the working tree, as it is)"
    )
    diff.add_argument("--laws", default="laws", type=Path, help="folder of entries (default: laws)")
    diff.add_argument(
        "--format",
        choices=("text", "markdown"),
        default="text",
        help="markdown: for a pull request's comment (GitHub Markdown, under 60,000 characters)",
    )
    diff.add_argument(
        "--site-url",
        default="",
        metavar="URL",
        help="where HEAD's site is served (a preview): pages named in the report link there",
    )

    args = parser.parse_args(argv)
    try:
        with use_language(args.lang):
            return _run(args)
    except BrokenPipeError:
        # the reader stopped reading (`validate | head`): no traceback, and nothing more to write
        # (Python's own advice: point stdout at devnull so the exit's flush cannot fail again)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


def _run(args: argparse.Namespace) -> int:
    if args.command == "diff":
        return _diff(args.laws, args.base, args.head, args.format, args.site_url)
    if args.command == "review":
        return _review(args.laws, args.format, args.today, args.config, args.edit_base, strict=args.strict)
    if args.command == "validate":
        status = _validate(args.laws, args.format, use_cache=not args.no_cache)
        return _sources(args.laws) if status == 0 and args.sources else status
    if args.command == "new":
        try:
            title, source, entry_id = (_utf8_argument(a) for a in (args.title, args.source, args.entry_id))
        except UnicodeError:
            _error(say("_cli", "not-utf8-argument"), say("_cli", "not-utf8-argument-hint"))
            return 2
        return _new(args.laws, args.kind, title or "", source, entry_id)
    if args.command == "schema":
        return _schema(write=args.write, check_only=args.check)
    if args.command == "messages":
        return _messages(args.file, write=args.write, check_only=args.check)
    return _render(args.laws, args.out)


def _validate(laws: Path, fmt: str, *, use_cache: bool = True) -> int:
    from .core.cache import default_cache_dir
    from .core.corpus import display_prefix, playbook_root
    from .core.pipeline import validate_directory

    if not laws.is_dir():
        print(say("_cli", "no-such-folder", folder=laws), file=sys.stderr)
        return 2
    # A kind's folder (laws/lois) is checked within its whole playbook: its references to other
    # folders are known, and the cache goes where the playbook's goes (never under laws/).
    root = playbook_root(laws)
    outcome = validate_directory(
        root, cache_dir=default_cache_dir(root) if use_cache else None, docs_dir=_docs_dir(root.parent)
    )
    if outcome.cache_refused:
        print(say("_cli", "cache-refused", why=outcome.cache_refused), file=sys.stderr)
    problems = outcome.problems
    shown = laws.as_posix()
    if root != laws:
        inside = display_prefix(root, None) + laws.name + "/"
        elsewhere = [p for p in problems if not p.path.startswith(inside)]
        problems = [p for p in problems if p.path.startswith(inside)]
        print(
            say("_cli", "checked-within", folder=shown, root=root.as_posix())
            + (say("_cli", "others-not-shown", count=len(elsewhere)) if elsewhere else ""),
            file=sys.stderr,
        )
    if problems:
        print(format_problems(problems, fmt))
        errors = sum(1 for p in problems if p.severity is Severity.ERROR)
        warnings = len(problems) - errors
        print(
            say("_cli", "validate-failed", folder=shown, errors=errors, warnings=warnings, files=outcome.file_count),
            file=sys.stderr,
        )
        return 1
    if root != laws:
        print(say("_cli", "no-problem", folder=shown))
        return 0
    counts = ", ".join(
        f"{n} {spec.KINDS_BY_NAME[k].plural.lower() if n > 1 else spec.KINDS_BY_NAME[k].label.lower()}"
        for k, n in outcome.counts.items()
    )
    print(say("_cli", "all-valid", folder=shown, total=sum(outcome.counts.values()), counts=counts))
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
        import datetime as dt

        entry = create_entry(laws, kind, title, source=source, entry_id=entry_id, today=dt.date.today())
    except ScaffoldError as exc:
        _error(exc.message, exc.hint)
        return 1
    except OSError as exc:  # a read-only folder, a full disk: said, never a traceback
        where = exc.filename if exc.filename is not None else laws
        _error(
            say("_cli", "cannot-write-entry", folder=Path(where).as_posix(), why=exc.strerror or exc),
            say("_cli", "cannot-write-entry-hint"),
        )
        return 1
    shown = entry.path.as_posix()
    print(say("_cli", "new-created", path=shown, kind=entry.kind.name, id=entry.entry_id))
    print(say("_cli", "new-next", path=shown))
    return 0


def _review(laws: Path, fmt: str, today_text: str | None, config: Path, edit_base: str, *, strict: bool) -> int:
    import datetime as dt

    from .core.edition import EditionError, parse_date
    from .core.pipeline import check
    from .core.review import (
        NEVER,
        OVERDUE,
        PolicyError,
        ReviewPolicy,
        format_github,
        format_issue,
        format_text,
        to_review,
    )
    from .core.settings import SettingsError, plugin_options

    if not laws.is_dir():
        print(say("_cli", "no-such-folder", folder=laws), file=sys.stderr)
        return 2
    try:
        today = parse_date(today_text, "--today") if today_text else dt.date.today()
        options = plugin_options(config) if config.is_file() else {}
        policy = ReviewPolicy.from_options(options.get("review"), f"{config.as_posix()}: {say('_review', 'option')}")
    except (EditionError, SettingsError, PolicyError) as error:
        _error(str(error), "")
        return 2
    result = check(laws)
    if result.playbook is None:
        print(format_problems(result.problems, "github" if fmt == "github" else "text"))
        print(say("_cli", "review-fix-first", folder=laws.as_posix()), file=sys.stderr)
        return 1
    groups = to_review(result.playbook.entries.values(), policy, today)
    if fmt == "issue":
        sys.stdout.write(format_issue(groups, today, edit_base))
    else:
        sys.stdout.write(format_github(groups, today) if fmt == "github" else format_text(groups, today))
    if fmt != "text":
        print(format_text(groups, today).rstrip("\n").rsplit("\n", 1)[-1], file=sys.stderr)
    late = any(s.state in (OVERDUE, NEVER) for items in groups.values() for s in items)
    return 1 if strict and late else 0


def _printable_anywhere() -> None:
    """Under a locale that cannot write French (``LC_ALL=C`` with Python's UTF-8 coercion off), what
    the terminal cannot show is printed escaped (``\\xe9``) instead of stopping with an error."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        if encoding not in ("utf-8", "utf8") and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def _docs_dir(project: Path) -> Path | None:
    """The site's documentation folder, where the entries' images are: ``docs_dir`` of the
    project's ``mkdocs.yml`` (read as text: a warm ``validate`` does not load a YAML parser), else
    ``docs/``; ``None`` without ``mkdocs.yml`` or that folder (images are then not checked)."""
    import re

    config = project / "mkdocs.yml"
    try:
        text = config.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    found = re.search(r"^docs_dir:[ \t]*['\"]?([^'\"#\r\n]+?)['\"]?[ \t]*(?:#.*)?$", text, re.M)
    folder = project / (found.group(1) if found else "docs")
    return folder if folder.is_dir() else None


def _utf8_argument(value: str | None) -> str | None:
    """A command-line argument as the UTF-8 text it was typed in. Under a locale that is not UTF-8
    (``LC_ALL=C``), Python keeps the bytes it cannot decode as surrogates: they are decoded here."""
    if value is None or value.isascii():
        return value
    return os.fsencode(value).decode("utf-8")


def _diff(laws: Path, base: str, head: str | None, fmt: str, site_url: str) -> int:
    from .core.diff import DiffError, compare_revisions, format_report
    from .core.diff.report import format_failure
    from .core.problems import shown
    from .core.render.urls import SiteInfo

    try:
        result = compare_revisions(laws, base, head, site=SiteInfo(url=site_url))
    except DiffError as error:
        print(f"diff : {shown(error.message)}", file=sys.stderr)
        if error.problems:
            print(format_problems(error.problems), file=sys.stderr)
        if fmt == "markdown":  # the pull request's comment says why there is no summary
            sys.stdout.write(format_failure(error.message, error.problems))
        return 2 if error.usage else 1
    sys.stdout.write(format_report(result, fmt, site_url))
    return 0


def _error(message: str, hint: str) -> None:
    print(say("_cli", "error-line", message=message), file=sys.stderr)
    if hint:
        print(f"  {say('_words', 'hint')} {hint}", file=sys.stderr)


def _schema(*, write: bool, check_only: bool) -> int:
    """The entry schema (printed, written or checked), and with --write or --check the thesaurus's too."""
    from .core import thesaurus
    from .core.resources import SCHEMA_PATH
    from .core.schema import schema_text

    schemas = [(SCHEMA_PATH, schema_text()), (thesaurus.SCHEMA_PATH, thesaurus.schema_text())]
    if write:
        for target, text in schemas:
            target.write_text(text, encoding="utf-8")
            print(say("_cli", "schema-wrote", path=target))
        return 0
    if check_only:
        stale = [t for t, text in schemas if (t.read_text(encoding="utf-8") if t.exists() else "") != text]
        for target in stale:
            print(say("_cli", "schema-stale", path=target), file=sys.stderr)
        return 1 if stale else 0
    sys.stdout.write(schemas[0][1])
    return 0


def _messages(target: Path, *, write: bool, check_only: bool) -> int:
    """The table of messages (printed), or CONTRIBUTING.md's table rewritten or checked."""
    from .core.pages.validator_messages import TABLE_END, TABLE_START, contributing_table, with_table

    if not (write or check_only):
        print(contributing_table())
        return 0
    try:
        document = target.read_text(encoding="utf-8")
    except OSError as error:
        _error(f"{target}: {error.strerror or error}", "")
        return 2
    updated = with_table(document)
    if updated is None:
        print(say("_cli", "messages-no-markers", path=target, start=TABLE_START, end=TABLE_END), file=sys.stderr)
        return 2
    if check_only:
        if updated != document:
            print(say("_cli", "messages-stale", path=target), file=sys.stderr)
            return 1
        return 0
    if updated != document:
        target.write_text(updated, encoding="utf-8")
        print(say("_cli", "messages-wrote", path=target))
    return 0


def _render(laws: Path, out: Path) -> int:
    from .core.build import Options, OutputsError, build_outputs
    from .core.review import PolicyError, ReviewPolicy
    from .core.settings import SettingsError, plugin_options

    project = laws.resolve().parent
    config = project / "mkdocs.yml"
    try:  # the same pages as the site's: its review periods, the history and edition of its project
        options = plugin_options(config) if config.is_file() else {}
        policy = ReviewPolicy.from_options(options.get("review"), f"{config}: {say('_review', 'option')}")
    except (SettingsError, PolicyError) as error:
        _error(str(error), "")
        return 2
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        print(say("_cli", "render-not-a-folder", path=out), file=sys.stderr)
        return 2
    if out.exists() and any(out.iterdir()):
        print(say("_cli", "render-not-empty", path=out), file=sys.stderr)
        return 2
    try:
        outputs = build_outputs(Options(laws.resolve(), project, project / "pdf", review=policy))
    except OutputsError as exc:
        print(exc, file=sys.stderr)
        return 1
    try:
        count = _write_pages(out, {page.src_uri: page.markdown for page in outputs.pages.values()})
    except OSError as exc:  # a read-only folder, a full disk: said, never a traceback
        _error(
            say("_cli", "render-cannot-write", folder=out.as_posix(), why=exc.strerror or exc),
            say("_cli", "render-cannot-write-hint"),
        )
        return 1
    print(say("_cli", "render-wrote", count=count, path=out))
    return 0


def _write_pages(out: Path, pages: dict[str, str]) -> int:
    """Write ``pages`` (path below ``out`` → text) into a new folder beside ``out`` and move it into
    place at the end (over ``out`` when it is an empty folder): a write that fails leaves ``out`` as
    it was, never half-written, and removes what it wrote."""
    import secrets
    import shutil

    out = Path(os.path.abspath(out))
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.with_name(f".{out.name}.{secrets.token_hex(4)}.tmp")
    staging.mkdir()
    try:
        for uri, text in pages.items():
            target = staging / uri
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        os.rename(staging, out)  # POSIX: replaces an empty folder
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return len(pages)

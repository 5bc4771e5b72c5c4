"""Property-based tests: whatever a file contains, loading and validating it ends in success or in
located problems, never in an unhandled exception; what validates also renders.

Inputs: random bytes, YAML-looking text built from a small grammar, random data dumped as YAML,
random mutations of the real (mini corpus) entries, and random valid entries. The runs are
derandomized (the same examples on every run, so CI is stable); raise the number of examples for
a deeper local run with ``PLAYBOOK_FUZZ_EXAMPLES=2000 pytest tests/property``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINI_LAWS
from playbook.core import spec
from playbook.core.loader import LoadedFile, load_bytes
from playbook.core.pages import render_all
from playbook.core.pipeline import check_files, load_directory
from playbook.core.problems import Problem
from playbook.core.render.renderer import Renderer

EXAMPLES = int(os.environ.get("PLAYBOOK_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

CORPUS: list[LoadedFile] = load_directory(MINI_LAWS)
TEXTS = {f.path.relative_to(MINI_LAWS).as_posix(): f.text for f in CORPUS}
RENDERER = Renderer()
FIELD_NAMES = [f.name for f in spec.FIELDS]


def run(rel: str, raw: bytes) -> list[Problem]:
    """The corpus with ``rel`` replaced by ``raw``: check it, render it if it is valid."""
    path = MINI_LAWS / rel
    display = f"laws/{rel}"
    replaced = load_bytes(raw, path, display)
    files = [replaced if f.path == path else f for f in CORPUS]
    if path not in [f.path for f in CORPUS]:
        files.append(replaced)
    result = check_files(files)
    assert_located(result.problems, {display: raw})
    if result.playbook is not None:
        pages = render_all(RENDERER, result.playbook)
        assert pages and all(p.markdown for p in pages)
    return result.problems


def assert_located(problems: list[Problem], raws: dict[str, bytes]) -> None:
    for problem in problems:
        assert problem.line >= 1 and problem.column >= 1, problem.format()
        assert problem.message, problem
        raw = raws.get(problem.path)
        if raw is not None:
            lines = raw.decode("utf-8", "replace").splitlines()
            assert problem.line <= max(len(lines), 1) + 1, (problem.format(), len(lines))


# --- strategies -----------------------------------------------------------------------------

SCALARS = st.one_of(
    st.sampled_from(
        [
            "texte",
            "Non",
            "oui",
            "off",
            "yes",
            "~",
            "null",
            "true",
            "FALSE",
            "0",
            "-7",
            "012",
            "0x1F",
            "1.10",
            "1e3",
            ".inf",
            "2024-01-01",
            "12:30",
            "a: b",
            "# note",
            "- item",
            "[x]",
            "{a: 1}",
            "*gras*",
            "&ancre",
            "!tag",
            "!!python/object/apply:os.system ['true']",
            "@x",
            "%x",
            "`code`",
            "'quoted'",
            '"double"',
            "'L'effet'",
            "|",
            ">",
            "<script>alert(1)</script>",
            "[l](javascript:alert(1))",
            "[[coolblue]]",
            "[[nope]]",
            "é",
            "\t",
            "\u00a0",
            "\u2028",
            "\ufeff",
            "\x7f",
            "\x00",
            "a" * 400,
        ]
    ),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30),
)
KEYS = st.one_of(
    st.sampled_from(
        [
            *FIELD_NAMES,
            "titel",
            "Title",
            "x",
            "",
            "- a",
            "? b",
            "12",
            "null",
            "&a k",
            "*a",
            "!t k",
            "relations.illustrates",
        ]
    ),
    st.text(max_size=8),
)


@st.composite
def yaml_like(draw: st.DrawFn) -> str:
    """Lines of 'key: value', '- item', flow collections, block scalars, anchors, tags, markers."""
    lines = []
    for _ in range(draw(st.integers(0, 14))):
        indent = " " * draw(st.sampled_from([0, 0, 0, 1, 2, 2, 4, 3])) + draw(st.sampled_from(["", "", "", "\t"]))
        shape = draw(st.integers(0, 9))
        key, value = draw(KEYS), draw(SCALARS)
        if shape <= 3:
            lines.append(f"{indent}{key}: {value}")
        elif shape == 4:
            lines.append(f"{indent}- {value}")
        elif shape == 5:
            items = ", ".join(draw(st.lists(SCALARS, max_size=4)))
            lines.append(f"{indent}{key}: [{items}" + draw(st.sampled_from(["]", "]", ""])))
        elif shape == 6:
            lines.append(f"{indent}{key}: |")
            lines.extend(f"{indent}  {draw(SCALARS)}" for _ in range(draw(st.integers(0, 3))))
        elif shape == 7:
            lines.append(
                f"{indent}{key}: " + draw(st.sampled_from(["&a", "*a", "!!str", "!x", "&a [1, *a]", ""])) + f" {value}"
            )
        elif shape == 8:
            lines.append(draw(st.sampled_from(["---", "...", "%YAML 1.1", "# commentaire", ""])))
        else:
            lines.append(indent + "[" * draw(st.integers(0, 40)) + value + "]" * draw(st.integers(0, 40)))
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))


JSONISH = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**6), 10**20),
        st.floats(allow_nan=False),
        st.text(max_size=20),
        SCALARS,
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.one_of(KEYS, st.text(max_size=6)), children, max_size=5)
    ),
    max_leaves=20,
)


@st.composite
def entry_like_data(draw: st.DrawFn) -> dict[str, Any]:
    """A mapping that looks like an entry: real and fake field names, any kind of values."""
    data: dict[str, Any] = {}
    for name in draw(st.lists(st.sampled_from([*FIELD_NAMES, "titel", "x"]), max_size=12, unique=True)):
        data[name] = draw(
            st.one_of(JSONISH, st.sampled_from([k.name for k in spec.KINDS] + list(TEXTS)))
            if name in ("kind", "id")
            else JSONISH
        )
    return data


MUTATIONS = [
    "delete-line",
    "duplicate-line",
    "swap-lines",
    "rename-key",
    "retype-value",
    "insert-tab",
    "insert-char",
    "truncate",
    "indent-line",
    "dedent-line",
    "empty-value",
    "replace-byte",
]


@st.composite
def mutated_entry(draw: st.DrawFn) -> tuple[str, bytes]:
    rel = draw(st.sampled_from(sorted(TEXTS)))
    lines = TEXTS[rel].splitlines()
    for _ in range(draw(st.integers(1, 3))):
        if not lines:
            break
        op = draw(st.sampled_from(MUTATIONS))
        i = draw(st.integers(0, len(lines) - 1))
        line = lines[i]
        if op == "delete-line":
            del lines[i]
        elif op == "duplicate-line":
            lines.insert(i, line)
        elif op == "swap-lines":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "rename-key" and ":" in line:
            lines[i] = draw(KEYS) + ":" + line.split(":", 1)[1]
        elif op == "retype-value" and ":" in line:
            new = draw(st.sampled_from(["[a, b]", "{a: 1}", "12", "true", "~", "Non", "1.10", "- x", "''", "|"]))
            lines[i] = line.split(":", 1)[0] + ": " + new
        elif op == "insert-tab":
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + "\t" + line[at:]
        elif op == "insert-char":
            at = draw(st.integers(0, len(line)))
            char = draw(st.sampled_from(list(":#*&!|>'\"[]{}%@`-?,\u00e9\u2028\ufeff\x0b\x85\u00a0\u00ff")))
            lines[i] = line[:at] + char + line[at:]
        elif op == "truncate":
            at = draw(st.integers(0, len(line)))
            lines = [*lines[:i], line[:at]]
        elif op == "indent-line":
            lines[i] = " " * draw(st.integers(1, 5)) + line
        elif op == "dedent-line":
            lines[i] = line.lstrip()
        elif op == "empty-value" and ":" in line:
            lines[i] = line.split(":", 1)[0] + ":"
        elif op == "replace-byte":
            raw = bytearray(line.encode("utf-8", "surrogateescape") or b" ")
            raw[draw(st.integers(0, len(raw) - 1))] = draw(st.integers(0, 255))
            lines[i] = raw.decode("utf-8", "surrogateescape")
    text = "\n".join(lines) + "\n"
    return rel, text.encode("utf-8", "surrogateescape")


# --- properties -----------------------------------------------------------------------------


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes(raw: bytes) -> None:
    run("notions/paradoxe-reclamation.yaml", raw)


@FUZZ
@given(st.binary(max_size=60), st.sampled_from(sorted(TEXTS)))
def test_random_bytes_inside_a_real_entry(noise: bytes, rel: str) -> None:
    raw = TEXTS[rel].encode("utf-8")
    middle = len(raw) // 2
    run(rel, raw[:middle] + noise + raw[middle:])


@FUZZ
@given(yaml_like())
def test_yaml_looking_text(text: str) -> None:
    run("cas/nouveau.yaml", text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(entry_like_data())
def test_random_data_written_as_yaml(data: dict[str, Any]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    problems = run("notions/paradoxe-reclamation.yaml", text.encode("utf-8"))
    loaded = load_bytes(text.encode("utf-8"), Path("x.yaml"), "x.yaml")
    if loaded.data is not None and not any(p.code == "ambiguous" for p in loaded.problems):
        # what PyYAML wrote as text, our loader reads back as the same text: nothing is coerced
        written = _texts(data) | {str(k) for k in _keys(data)} | {_yaml_text(f) for f in _floats(data)}
        assert _texts(loaded.data) <= written
    assert isinstance(problems, list)


@FUZZ
@given(mutated_entry())
def test_mutations_of_real_entries(case: tuple[str, bytes]) -> None:
    rel, raw = case
    run(rel, raw)


@FUZZ
@given(
    st.one_of(
        yaml_like().map(lambda t: t.encode("utf-8", "surrogatepass")),
        entry_like_data().map(lambda d: yaml.safe_dump(d, allow_unicode=True, sort_keys=False).encode()),
        mutated_entry().map(lambda case: case[1]),
    )
)
def test_the_quick_reader_changes_nothing(raw: bytes) -> None:
    """Whatever the file, the data, problems and refused paths are those of the careful reader alone."""
    from playbook.core import loader

    quick = load_bytes(raw, Path("laws/x.yaml"), "laws/x.yaml")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return  # refused before either reader runs
    careful = loader._read_carefully(LoadedFile(Path("laws/x.yaml"), "laws/x.yaml", None, text=text), text)
    assert (quick.data, quick.problems, quick.refused) == (careful.data, careful.problems, careful.refused)
    assert repr(quick.data) == repr(careful.data)


@st.composite
def valid_entry(draw: st.DrawFn) -> tuple[str, str]:
    """A valid new concept or law with random text (Markdown and HTML specials included)."""
    text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=40)
    line = text.filter(lambda s: s.strip() != "" and "\n" not in s and "\r" not in s)
    kind = draw(st.sampled_from(["law", "concept", "case", "question"]))
    data: dict[str, Any] = {
        "id": "fuzz-entree",
        "kind": kind,
        "title": draw(line),
        "summary": draw(line),
        "body": draw(text.filter(lambda s: "[[" not in s)) + "\n\nVoir [[coolblue]].\n",
        "source": "article-temkin",
    }
    if kind == "law" or draw(st.booleans()):
        data["checklist"] = draw(st.lists(line, min_size=1, max_size=3))
    if draw(st.booleans()):
        data["tags"] = draw(st.lists(line.filter(lambda s: len(s) <= 40), max_size=3, unique=True))
    if draw(st.booleans()):
        data["aliases"] = draw(st.lists(line, max_size=2, unique=True))
    if draw(st.booleans()):
        data["quotes"] = [{"text": draw(line), "author": draw(line)}]
    if draw(st.booleans()):
        data["source_note"] = draw(line)
    if kind == "case" and draw(st.booleans()):
        data["relations"] = {"illustrates": ["loi-temkin-4"]}
    folder = spec.KINDS_BY_NAME[kind].folder
    return f"{folder}/fuzz-entree.yaml", yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


@FUZZ
@given(valid_entry())
def test_valid_entries_validate_and_render(case: tuple[str, str]) -> None:
    rel, text = case
    problems = run(rel, text.encode("utf-8"))
    errors = [p.format() for p in problems if p.severity.value == "error"]
    # PyYAML writes some texts unquoted that YAML 1.1 readers would misread: those are reported
    assert all("may be read as" in e for e in errors), errors


def _texts(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return set().union(*(_texts(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_texts(v) for v in value)) if value else set()
    return set()


def _keys(value: Any) -> set[Any]:
    if isinstance(value, dict):
        return set(value) | set().union(*(_keys(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_keys(v) for v in value)) if value else set()
    return set()


def _floats(value: Any) -> set[float]:
    if isinstance(value, float):
        return {value}
    if isinstance(value, dict):
        return set().union(*(_floats(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_floats(v) for v in value)) if value else set()
    return set()


def _yaml_text(value: float) -> str:
    """How PyYAML writes a float (our loader keeps it as that text, and says so)."""
    return yaml.safe_dump(value).split("\n", 1)[0]


def _open_refs_two_passes(text: str) -> list[int]:
    """``iter_open_refs`` as it was written before the validator's single walk: its own masking and
    a second :func:`iter_refs`, kept here as the reference the single walk must agree with."""
    from playbook.core.markdown_refs import iter_refs, mask_code

    if "[[" not in text:
        return []
    masked, refs, found = mask_code(text), iter_refs(text), []
    ref = next(refs, None)
    at = masked.find("[[")
    while at >= 0:
        while ref is not None and ref.finish <= at:
            ref = next(refs, None)
        if ref is not None and ref.begin <= at:
            at = masked.find("[[", ref.finish)
            continue
        if not masked.startswith("[", at + 2):
            found.append(at)
        at = masked.find("[[", at + 2)
    return found


@FUZZ
@given(st.text(alphabet="[[[]]]|| \n`~ab-", max_size=80))
def test_one_walk_finds_the_references_and_open_brackets_of_two(text: str) -> None:
    """The validator's single walk over a body (code masked once) finds the references and the
    '[[' that open none exactly as iter_refs and the former two-pass iter_open_refs do."""
    from playbook.core.markdown_refs import iter_open_refs, iter_refs, refs_and_open_refs

    refs, open_refs = refs_and_open_refs(text)
    assert refs == list(iter_refs(text))
    assert open_refs == list(iter_open_refs(text)) == _open_refs_two_passes(text)

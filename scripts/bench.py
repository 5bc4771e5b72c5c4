"""Benchmark: the playbook plugin against plain MkDocs, and ``validate`` against bare YAML parsing.

Build benchmark, for each N: a synthetic playbook of N entries (``scripts/synth.py``) is built
with the plugin, and the *same* Markdown pages (rendered by the core, written to ``docs/``) are
built by plain MkDocs with the same theme, extensions, nav and CSS. Builds alternate
(plain, plugin, plain, plugin...), one subprocess each; the table gives medians, min-max, the
ratio, the peak memory of each build (max RSS of the child process) and the mean HTML size of an
entry page. ``ms/entry`` is the marginal cost: (median - median of an empty playbook) / files.

Validate benchmark: ``python -m playbook validate`` on 10,000 entries, cold (no cache) and warm
(nothing changed), against the bare C-loader parse of the same files
(``yaml.load(f, Loader=yaml.CSafeLoader)`` for each file), alternating in the same run.

Serve benchmark: a real ``mkdocs serve`` of N = 1,000 entries; an entry's title is edited several
times, and each time the clock runs until the edited page, a page that shows it as a backlink and
the search index's file of that entry are all served with the new title (HTTP polling).

Search benchmark, for each N: the plugin's site is built and served (uncompressed, like
``python -m http.server``) to headless Chromium; it prints the index's bytes per entry on disk
(and gzipped), the bytes a page view loads for the search before any query (none expected), the
bytes the first query of a page transfers and those of a second, different query, and the query
latency once its files are loaded (median and max over the queries, each run again after its
data arrived).

Usage (from the repository root, after ``make .venv/.installed``)::

    .venv/bin/python scripts/bench.py                 # N = 100 and 1,000, validate 10,000, serve 1,000
    .venv/bin/python scripts/bench.py --large         # adds N = 5,000
    .venv/bin/python scripts/bench.py --sizes 20 --rounds 1 --validate 200 --serve 20 --edits 1  # quick
    .venv/bin/python scripts/bench.py --no-build --validate 0 --serve 0 --search 1000,5000  # search only

Against another commit (``--against REF``): every benchmark above but the search one also runs
on REF, checked out in a git worktree in the working folder (removed at the end), its runs
alternated with this checkout's in the same rounds; the tables get REF's rows and the ratios
this/REF (ratio of the medians, and the min–max of the ratios of the rounds, each pair run back
to back). REF runs with this checkout's interpreter when every pin of its ``requirements.lock`` is
installed here at the same version and it declares the same MkDocs entry point (its ``plugins/``
first on ``PYTHONPATH``); otherwise in a virtual environment of its own, made from its lock file.
When REF's format does not accept the upkeep fields of the synthetic entries (``owner``,
``reviewed``, ``changes``: commits before the living playbook), both sides get entries without them.

    .venv/bin/python scripts/bench.py --against 5b84175 --sizes 0 --validate 10000 --serve 1000

The machine should be otherwise idle; on a shared machine compare only numbers of the same run.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from synth import generate  # noqa: E402

CONFIG = textwrap.dedent(
    """\
    site_name: Playbook benchmark
    docs_dir: docs
    site_dir: site
    repo_url: https://github.com/example/playbook
    edit_uri: edit/main/docs/
    theme:
      name: material
      language: fr
      font: false
      features: [content.action.edit, navigation.top, search.highlight]
      palette: {scheme: default, primary: indigo, accent: indigo}
    plugins:
    {plugin}
    markdown_extensions:
      - toc:
          permalink: true
          permalink_title: Lien vers cette section
      - admonition
      - attr_list
      - md_in_html
      - tables
      - sane_lists
    {extra_css}
    nav:
      - Accueil: index.md
      - Lois: lois/index.md
      - Commandements: commandements/index.md
      - Procédures: procedures/index.md
      - Règles: regles/index.md
      - Cas d'entreprise: cas/index.md
      - Questions: questions/index.md
      - Notions: notions/index.md
      - Collections: collections/index.md
      - Sources: sources/index.md
      - Étiquettes: etiquettes/index.md
    validation:
      nav:
        omitted_files: info
    """
)
HOME = "# Playbook\n\nLes [lois](lois/index.md), les [cas](cas/index.md) et les [étiquettes](etiquettes/index.md).\n"


@dataclass(frozen=True)
class Side:
    """The code a benchmark runs: this checkout, or another commit (``--against``)."""

    name: str  #: "this checkout", or the REF given
    python: str  #: the interpreter of its child processes
    env: tuple[tuple[str, str], ...] = ()  #: its own variables (PYTHONPATH)

    def environ(self, **extra: str) -> dict[str, str]:
        return {**os.environ, "NO_MKDOCS_2_WARNING": "1", **dict(self.env), **extra}

    def label(self, what: str) -> str:
        return what if self is THIS else f"{what} @ {self.name}"


THIS = Side("this checkout", sys.executable)


def unsatisfied_pins(lock_text: str) -> list[str]:
    """The ``name==version`` lines of a lock file that this interpreter's packages do not satisfy."""
    wrong = []
    for raw in lock_text.splitlines():
        name, sep, version = raw.split("#", 1)[0].strip().partition("==")
        if not sep:
            continue
        version = version.split()[0] if version.split() else version  # hashed locks: "1.6.1 \"
        try:
            have = importlib.metadata.version(name.strip())
        except importlib.metadata.PackageNotFoundError:
            have = "none"
        if have != version.strip():
            wrong.append(f"{name.strip()}=={version.strip()} (here: {have})")
    return wrong


def _entry_points(tree: Path) -> object:
    try:
        project = tomllib.loads((tree / "pyproject.toml").read_text(encoding="utf-8")).get("project", {})
    except (OSError, tomllib.TOMLDecodeError):
        return None
    return project.get("entry-points", {}).get("mkdocs.plugins")


def _interpreter_for(tree: Path, work: Path) -> tuple[str, str]:
    """(interpreter, why) for the commit checked out in ``tree``."""
    lock = tree / "requirements.lock"
    wrong = unsatisfied_pins(lock.read_text(encoding="utf-8")) if lock.exists() else ["no requirements.lock"]
    if _entry_points(tree) != _entry_points(REPO):
        wrong.append("another MkDocs entry point")
    if not wrong:
        return sys.executable, (
            f"runs with this checkout's interpreter ({sys.executable}): every pin of its requirements.lock is "
            "installed here at the same version and its MkDocs entry point is the same; its plugins/ comes "
            "first on PYTHONPATH"
        )
    venv = work / f"{tree.name}-venv"
    python = venv / "bin" / "python"
    print(f"making a virtual environment for it in {venv} ({'; '.join(wrong[:4])})...", flush=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "-r", str(lock)], check=True)
    subprocess.run([*pip, "--no-deps", "--no-build-isolation", "-e", str(tree)], check=True)
    return str(python), f"runs in its own virtual environment {venv}: this one differs ({'; '.join(wrong[:4])})"


@contextlib.contextmanager
def against(ref: str, work: Path) -> Iterator[Side]:
    """The commit ``ref`` checked out in a git worktree under ``work``, removed afterwards."""
    found = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"],
        capture_output=True,
        text=True,
        check=False,
    )
    if found.returncode != 0:
        raise SystemExit(f"--against {ref}: not a commit of {REPO}")
    sha = found.stdout.strip()
    tree = work / f"against-{sha[:10]}"
    subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "--quiet", str(tree), sha], check=True)
    try:
        compile_modules(tree / "plugins")
        python, why = _interpreter_for(tree, work)
        print(f"against {ref} = {sha[:10]}, checked out in {tree}; it {why}", flush=True)
        yield Side(ref, python, (("PYTHONPATH", str(tree / "plugins")),))
    finally:
        subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(tree)], check=False)
        subprocess.run(["git", "-C", str(REPO), "worktree", "prune"], check=False)


def compile_modules(plugins: Path) -> None:
    """The plugin's modules compiled to bytecode first, as those of an installed package are:
    with ``PYTHONDONTWRITEBYTECODE`` set (or a read-only checkout), every measured process would
    otherwise compile them from source again, which plain MkDocs and the bare parse never do."""
    import compileall

    compileall.compile_dir(str(plugins), quiet=1)


def accepts_upkeep(side: Side, work: Path) -> bool:
    """Whether ``side``'s format accepts the synthetic entries' upkeep fields (owner, reviewed, changes)."""
    probe = work / "probe"
    shutil.rmtree(probe, ignore_errors=True)
    generate(probe / "laws", 30)
    result = subprocess.run(
        [side.python, "-m", "playbook", "validate", "laws"],
        cwd=probe,
        env=side.environ(PLAYBOOK_CACHE_DIR=str(probe / "cache")),
        capture_output=True,
        check=False,
    )
    shutil.rmtree(probe, ignore_errors=True)
    return result.returncode == 0


def paired(a: list[float], b: list[float]) -> str:
    """``a``/``b``: the ratio of the medians, and the min–max of the ratios of the runs made in turn."""
    pairs = [x / y for x, y in zip(a, b, strict=False) if y]
    if not pairs:
        return "n/a"
    return f"{statistics.median(a) / statistics.median(b):.3f}× (rounds {min(pairs):.3f}–{max(pairs):.3f}×)"


def copy_project(source: Path, target: Path) -> Path:
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, symlinks=True, ignore=shutil.ignore_patterns("site", ".playbook-cache"))
    return target


@dataclass
class Project:
    path: Path
    entry_pages: list[str]  #: site paths of entry pages (folder/id/index.html)
    files: int


def make_projects(work: Path, n: int, upkeep: bool = True) -> tuple[Project, Project]:
    """(plugin project, plain project) for a synthetic playbook of ``n`` entries."""
    from playbook.core.pages import render_all
    from playbook.core.pipeline import check
    from playbook.core.render.html_blocks import HTML_BLOCK_END, HTML_BLOCK_START
    from playbook.core.render.renderer import Renderer
    from playbook.core.resources import ASSETS_DIR
    from playbook.mkdocs_plugin.plugin import ASSET_PREFIX

    plugin, plain = work / f"n{n}-plugin", work / f"n{n}-plain"
    for project in (plugin, plain):
        shutil.rmtree(project, ignore_errors=True)
        (project / "docs").mkdir(parents=True)
        (project / "docs" / "index.md").write_text(HOME, encoding="utf-8")
    count = generate(plugin / "laws", n, upkeep=upkeep)
    # each site with its own search: the plugin's index, material's search for hand-written pages
    plugin_config = CONFIG.replace("{plugin}", "  - playbook").replace("{extra_css}", "")
    (plugin / "mkdocs.yml").write_text(plugin_config, encoding="utf-8")
    result = check(plugin / "laws")
    if result.playbook is None:
        raise SystemExit("the synthetic corpus is invalid:\n" + "\n".join(p.format() for p in result.problems))
    pages = render_all(Renderer(), result.playbook)
    for page in pages:  # the Markdown the core renders, as hand-written files (without our block markers)
        target = plain / "docs" / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        text = page.markdown.replace(f"{HTML_BLOCK_START}\n", "").replace(f"\n{HTML_BLOCK_END}", "")
        target.write_text(text, encoding="utf-8")
    css = []
    for asset in sorted(ASSETS_DIR.iterdir()):
        if asset.is_file():
            target = plain / "docs" / ASSET_PREFIX / asset.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(asset, target)
            if asset.suffix == ".css":
                css.append(ASSET_PREFIX + asset.name)
    extra = "extra_css:\n" + "".join(f"  - {c}\n" for c in css) if css else ""
    plain_config = CONFIG.replace("{plugin}", "  - search:\n      lang: fr").replace("{extra_css}", extra)
    (plain / "mkdocs.yml").write_text(plain_config, encoding="utf-8")
    entries = [p.src_uri[:-3] + "/index.html" for p in pages if p.role == "entry"]
    return Project(plugin, entries, count), Project(plain, entries, count)


@dataclass
class Runs:
    seconds: list[float] = field(default_factory=list)  #: wall time
    cpu: list[float] = field(default_factory=list)  #: user + system CPU time of the child
    rss_kb: list[int] = field(default_factory=list)

    def add(self, timing: tuple[float, float, int]) -> None:
        self.seconds.append(timing[0])
        self.cpu.append(timing[1])
        self.rss_kb.append(timing[2])

    def median(self) -> float:
        return statistics.median(self.seconds)

    def cpu_median(self) -> float:
        return statistics.median(self.cpu)


# Runs the measured command as its own child and reports on it. Measuring from this small process,
# not from the benchmark itself, matters: Linux counts the RSS a process had when it was forked
# (the benchmark's, with a rendered playbook in memory) in its children's ru_maxrss.
_MEASURE = (
    "import os, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "proc = subprocess.Popen(sys.argv[2:])\n"
    "_, status, usage = os.wait4(proc.pid, 0)\n"
    "wall = time.perf_counter() - start\n"
    "with open(sys.argv[1], 'w') as out:\n"
    "    out.write(f'{os.waitstatus_to_exitcode(status)} {wall} {usage.ru_utime + usage.ru_stime} {usage.ru_maxrss}')\n"
)


def run_timed(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """Wall time, CPU time (user + system) and peak RSS (KB) of one child process; fails loudly
    on a non-zero exit. On a shared machine the CPU time is the steadier of the two."""
    with tempfile.TemporaryDirectory() as tmp:
        report, log = Path(tmp) / "report", Path(tmp) / "log"
        with open(log, "wb") as out:
            subprocess.run(
                [sys.executable, "-c", _MEASURE, str(report), *cmd],
                cwd=cwd,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
                check=False,
            )
        fields = report.read_text().split() if report.exists() else ["-1", "0", "0", "0"]
        if fields[0] != "0":
            raise SystemExit(f"{' '.join(cmd)} failed in {cwd}:\n{log.read_text(errors='replace')[-3000:]}")
        return float(fields[1]), float(fields[2]), int(fields[3])


def build(project: Project, side: Side = THIS) -> tuple[float, float, int]:
    return run_timed([side.python, "-m", "mkdocs", "build", "--quiet"], project.path, side.environ())


def html_bytes(project: Project) -> float:
    site = project.path / "site"
    sizes = [(site / page).stat().st_size for page in project.entry_pages]
    return statistics.mean(sizes) if sizes else 0.0


def site_bytes(project: Project) -> int:
    """The bytes of every file of the built site (what a host would store)."""
    return sum(site_parts(project).values())


#: The parts of a built site :func:`site_parts` counts apart, in the order they are printed.
SITE_PARTS = ("entry pages", "other pages", "entries as Markdown", "exports", "search", "assets", "other")


def site_parts(project: Project) -> dict[str, int]:
    """The bytes of the built site by kind of file: where a site's weight goes as N grows."""
    site = project.path / "site"
    entries = set(project.entry_pages)
    parts = dict.fromkeys(SITE_PARTS, 0)
    for folder, _, names in os.walk(site):
        rel = Path(folder).relative_to(site).as_posix()
        top = rel.split("/")[0]
        for name in names:
            path = name if rel == "." else f"{rel}/{name}"
            if path in entries:
                part = "entry pages"
            elif name.endswith(".html"):
                part = "other pages"
            elif top in ("exports", "search", "assets"):
                part = top
            elif name == "index.md":
                part = "entries as Markdown"
            else:
                part = "other"
            parts[part] += os.lstat(os.path.join(folder, name)).st_size
    return parts


def bench_builds(work: Path, sizes: list[int], rounds: int, sides: list[Side], upkeep: bool = True) -> None:
    print(f"\n## Build: plugin vs plain MkDocs on the same Markdown ({rounds} alternated rounds)\n", flush=True)
    baseline: dict[str, float] = {}
    rows = []
    for n in [0, *sizes]:
        plugin, plain = make_projects(work, n, upkeep)
        projects: dict[str, tuple[Project, Side]] = {"plain": (plain, THIS)}
        for index, side in enumerate(sides):
            path = plugin.path if index == 0 else copy_project(plugin.path, work / f"n{n}-plugin-{index}")
            projects[side.label("plugin")] = (Project(path, plugin.entry_pages, plugin.files), side)
        runs = {name: Runs() for name in projects}
        site: dict[str, int] = {}
        parts: dict[str, dict[str, int]] = {}
        for _ in range(rounds):
            for name, (project, side) in projects.items():
                runs[name].add(build(project, side))
                parts[name] = site_parts(project)
                site[name] = sum(parts[name].values())
        if n == 0:
            baseline = {name: r.cpu_median() for name, r in runs.items()}
            plain_cpu = baseline["plain"]
            over = ", ".join(f"{name} +{cpu - plain_cpu:.2f} s" for name, cpu in baseline.items() if name != "plain")
            each = ", ".join(f"{name} {cpu:.2f} s" for name, cpu in baseline.items())
            print(f"empty playbook (fixed cost, CPU median): {each} (over plain: {over})", flush=True)
            _print_against(runs, sides, "empty build")
            continue
        sizes_html = {name: html_bytes(project) for name, (project, _) in projects.items()}
        rows.append((n, plugin.files, runs, sizes_html, baseline))
        _print_row(n, plugin.files, runs, sizes_html, baseline, site)
        _print_parts(n, plugin.files, parts)
        _print_against(runs, sides, f"build at N = {n}")
    if len(rows) > 1:
        print("\nflatness, N = smallest → largest (marginal CPU ms/entry; HTML KB per entry page):")
        for name in rows[0][2]:
            per = [(r[2][name].cpu_median() - r[4][name]) / r[1] * 1000 for r in rows]
            html = [r[3][name] / 1024 for r in rows]
            print(
                f"  {name:6s} ms/entry {' → '.join(f'{x:.2f}' for x in per)} (max/min {max(per) / min(per):.2f}); "
                f"KB/page {' → '.join(f'{x:.1f}' for x in html)} (max/min {max(html) / min(html):.2f})"
            )


def _print_against(runs: dict[str, Runs], sides: list[Side], what: str) -> None:
    """The ratios this/REF of the plugin's runs, for each other side."""
    this = runs[THIS.label("plugin")]
    for side in sides[1:]:
        other = runs[side.label("plugin")]
        print(
            f"ratio this/{side.name}, {what}: CPU time {paired(this.cpu, other.cpu)}, wall time "
            f"{paired(this.seconds, other.seconds)}, peak memory {max(this.rss_kb) / max(other.rss_kb):.2f}×",
            flush=True,
        )


def _print_row(
    n: int, files: int, runs: dict[str, Runs], html: dict[str, float], base: dict[str, float], site: dict[str, int]
) -> None:
    print(f"\nN = {n} ({files} entry files)\n")
    print(
        "| build | wall median s | wall min–max s | CPU median s | CPU min–max s | CPU ms/entry | "
        "peak RSS MB | HTML KB/entry page | site MB |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, r in runs.items():
        per = (r.cpu_median() - base[name]) / files * 1000
        print(
            f"| {name} | {r.median():.2f} | {min(r.seconds):.2f}–{max(r.seconds):.2f} | {r.cpu_median():.2f} | "
            f"{min(r.cpu):.2f}–{max(r.cpu):.2f} | {per:.2f} | {max(r.rss_kb) / 1024:.0f} | "
            f"{html[name] / 1024:.1f} | {site[name] / 1e6:.1f} |"
        )
    plugin, plain = runs["plugin"], runs["plain"]
    wall = plugin.median() / plain.median()
    cpu = plugin.cpu_median() / plain.cpu_median()
    mem = max(plugin.rss_kb) / max(plain.rss_kb)
    size = html["plugin"] / html["plain"] if html["plain"] else 0
    fastest = min(plugin.cpu) / min(plain.cpu)
    print(
        f"\nratio plugin/plain at N = {n}: CPU time {cpu:.3f}×, wall time {wall:.3f}×, peak memory {mem:.2f}×, "
        f"HTML per page {size:.3f}×, site {site['plugin'] / site['plain']:.3f}×; fastest runs' CPU time "
        f"{fastest:.3f}× (steadier on a busy machine)",
        flush=True,
    )


def _print_parts(n: int, files: int, parts: dict[str, dict[str, int]]) -> None:
    """The site's bytes by kind of file, for each build, and per entry file."""
    print(f"\nsite by kind of file at N = {n}, MB (KB per entry file):")
    for name, part in parts.items():
        each = ", ".join(f"{kind} {part[kind] / 1e6:.1f} ({part[kind] / files / 1024:.1f})" for kind in SITE_PARTS)
        print(f"  {name}: {each}", flush=True)


class Served:
    """A real ``mkdocs serve`` of a project, and the time from an edit of an entry's title until
    the pages that show it are served with the new title."""

    def __init__(self, project: Path, side: Side, log: Path) -> None:
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.project, self.side, self.log = project, side, log
        self.out = open(log, "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [side.python, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{self.port}"],
            cwd=project,
            stdout=self.out,
            stderr=subprocess.STDOUT,
            env=side.environ(),
        )
        self.times: list[float] = []
        self.cpu: list[float] = []  #: CPU time the server used for each edit (all its threads)

    def get(self, path: str) -> str:
        import urllib.request

        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=60) as response:
            return str(response.read().decode("utf-8"))

    def serves(self, path: str) -> bool:
        try:
            self.get(path)
        except OSError:
            return False
        return True

    def wait_up(self) -> float:
        start = time.perf_counter()
        while not self.serves(""):
            if self.proc.poll() is not None or time.perf_counter() - start > 1800:
                raise SystemExit(f"mkdocs serve did not start:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.2)
        return time.perf_counter() - start

    def cpu_seconds(self) -> float:
        """User + system CPU time of the server process so far (Linux; 0 elsewhere)."""
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def edit(self, rel: Path, title: str, pages: list[str]) -> float:
        import re

        path = self.project / rel
        text = path.read_text(encoding="utf-8")
        cpu = self.cpu_seconds()
        path.write_text(re.sub(r"^title: .*$", f'title: "{title}"', text, count=1, flags=re.M), encoding="utf-8")
        t0 = time.perf_counter()
        while not all(title in self.get(p) for p in pages):
            if time.perf_counter() - t0 > 120:
                raise SystemExit(f"the edit was not served:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.02)
        self.times.append(time.perf_counter() - t0)
        self.cpu.append(self.cpu_seconds() - cpu)
        return self.times[-1]

    def stop(self) -> str:
        self.proc.terminate()
        self.proc.wait(timeout=30)
        self.out.close()
        return self.log.read_text(encoding="utf-8", errors="replace")


def bench_serve(work: Path, n: int, edits: int, sides: list[Side], upkeep: bool = True) -> None:
    """End to end: a real ``mkdocs serve`` (one per side, edits made in turn), an entry's title
    edited, the time until the edited page, a page showing it as a backlink and the entry's search
    file (where the side has one) are all served with the new title."""
    import re

    from playbook.core.pipeline import check
    from playbook.core.search import DOCS_PER_CHUNK

    plugin, _ = make_projects(work, n, upkeep)
    # The project was written a moment ago; a real one was not. Inputs other than the entries
    # modified less than 2 s before a build always get a full build at the next change (see
    # mkdocs_plugin/serve.py), so date them a minute back, as if written a minute ago.
    old = time.time() - 60
    for path in [plugin.path / "mkdocs.yml", *(plugin.path / "docs").rglob("*")]:
        os.utime(path, (old, old))
    # A real project is a git repository: the entries' history (one `git log`) and the news page
    # are part of what is served.
    env_git = {
        **os.environ,
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.org",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.org",
    }
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "Benchmark entries"]):
        subprocess.run(["git", "-C", str(plugin.path), *args], check=True, capture_output=True, env=env_git)
    result = check(plugin.path / "laws")
    assert result.playbook is not None
    playbook = result.playbook
    targets = [e for e in playbook.entries.values() if e.kind.name in ("law", "concept") and playbook.backlinks(e.id)][
        :edits
    ]
    roots = [plugin.path] + [copy_project(plugin.path, work / f"serve-{n}-{i}") for i in range(1, len(sides))]
    print(f"\n## Serve: real `mkdocs serve` at N = {n}, {len(targets)} edits of one entry's title\n", flush=True)
    servers: list[Served] = []
    logs: list[str] = []
    try:
        for index, (side, root) in enumerate(zip(sides, roots, strict=True)):  # started one after the other
            servers.append(Served(root, side, work / f"serve-{n}-{index}.log"))
            print(f"{side.name}: initial build and start {servers[-1].wait_up():.1f} s", flush=True)
        time.sleep(1.5)  # the file watchers take their first picture
        for k, entry in enumerate(targets):
            neighbour = playbook.backlinks(entry.id)[0].entries[0]
            doc = sorted(playbook.entries).index(entry.id) // DOCS_PER_CHUNK
            for served in servers:  # in turn, the same edit
                pages = [f"{entry.kind.folder}/{entry.id}/", f"{neighbour.kind.folder}/{neighbour.id}/"]
                if served.serves(f"search/d{doc}.js"):  # and the search index's file of the entry
                    pages.append(f"search/d{doc}.js")
                served.edit(entry.path.relative_to(plugin.path), f"Titre modifié numéro {k}", pages)
                time.sleep(1.0)
    finally:
        logs = [served.stop() for served in servers]
    for served, output in zip(servers, logs, strict=True):
        # the serve's line in French (the default) or English (PLAYBOOK_LANG=en): _serve.yaml's "rebuilt"
        rebuilt = re.findall(
            r"(?:rebuilt )?(\d+) page\(s\) (?:reconstruite\(s\) en|in) ([\d.]+) s "
            r"\((?:reconstruction partielle|incremental)\)",
            output,
        )
        print(f"\n{served.side.name}: full builds in the whole session: {output.count('Documentation built in')}")
        print("| edit | edit → both pages served, s | server CPU s | pages rebuilt | incremental builder s |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for k, seconds in enumerate(served.times):
            pages_rebuilt, builder = rebuilt[k] if k < len(rebuilt) else ("?", "?")
            print(f"| {k + 1} | {seconds:.2f} | {served.cpu[k]:.2f} | {pages_rebuilt} | {builder} |")
        if served.times:
            print(
                f"\n{served.side.label('median')} edit → served: {statistics.median(served.times):.2f} s (max "
                f"{max(served.times):.2f} s; includes the file watcher's notice and the server's wait for more "
                f"changes); server CPU per edit: median {statistics.median(served.cpu):.2f} s (all its threads, "
                "steadier on a busy machine)",
                flush=True,
            )
    for served in servers[1:]:
        print(
            f"ratio this/{served.side.name}, edit → served: {paired(servers[0].times, served.times)}; "
            f"server CPU per edit: {paired(servers[0].cpu, served.cpu)}",
            flush=True,
        )


SEARCH_QUERIES = [
    "réclamation",
    "engager",
    "clients fidèles",
    "livraisn",
    "remboursement rapide",
    "l'entreprise",
    "promesses",
    "Satisfaction",
    "écouter conseillère",
    "client mécontent livraison en retard",  # the thesaurus, several words
    "réclamation xylophone",  # a word set aside: partial results
    "loi 5",  # a rank
    "zyxwvu",  # nothing found: suggestions looked for
]  # then an entry's id


def bench_search(work: Path, n: int) -> None:
    """Bytes on disk and transferred, and query latency, of the plugin's search at N entries."""
    import gzip
    import threading
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from playwright.sync_api import sync_playwright

    project = work / f"search-{n}"
    shutil.rmtree(project, ignore_errors=True)
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "index.md").write_text(HOME, encoding="utf-8")
    generate(project / "laws", n)
    shutil.copy(REPO / "thesaurus.yaml", project / "thesaurus.yaml")  # the repository's: realistic expansions
    (project / "mkdocs.yml").write_text(
        CONFIG.replace("{plugin}", "  - playbook").replace("{extra_css}", ""), encoding="utf-8"
    )
    wall, _, _ = build(Project(project, [], n))
    site = project / "site"
    files = sorted((site / "search").glob("*.js"))
    raw = {f.name: f.read_bytes() for f in files}
    zipped = {name: len(gzip.compress(data, 6)) for name, data in raw.items()}
    print(f"\n## Search at N = {n} (build {wall:.1f} s)\n", flush=True)
    print(
        f"index on disk: {len(files)} files, {sum(map(len, raw.values())) / 1024:.0f} KB "
        f"({sum(map(len, raw.values())) / n:.0f} bytes per entry; gzipped {sum(zipped.values()) / n:.0f}); "
        f"largest file {max(map(len, raw.values())) / 1024:.1f} KB",
        flush=True,
    )

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    sizes: list[str] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True)
            page = browser.new_page()
            page.on("request", lambda r: sizes.append(r.url.rsplit("/", 1)[1]) if "/search/" in r.url else None)
            page.goto(url + "cas/", wait_until="networkidle")
            on_view = list(sizes)
            rows = []
            an_id = sorted((project / "laws" / "lois").glob("*.yaml"))[len(SEARCH_QUERIES)].stem
            for query in [*SEARCH_QUERIES, an_id]:
                sizes.clear()
                found = page.evaluate(
                    "q => window.playbookSearch.query(q).then(() => "
                    "document.querySelectorAll('.md-search-result__link').length)",
                    query,
                )
                loaded = list(sizes)
                timings = page.evaluate(
                    """q => {
                    const times = [];
                    let chain = Promise.resolve();
                    for (let i = 0; i < 5; i++) chain = chain.then(() => { const t = performance.now();
                        return window.playbookSearch.query(q).then(() => times.push(performance.now() - t)); });
                    return chain.then(() => times);
                }""",
                    query,
                )
                rows.append((query, found, loaded, statistics.median(timings)))
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    print(f"a page view loads {len(on_view)} search file(s) before any query {on_view}")
    print("| query | results shown | files loaded | KB transferred | KB gzipped | latency ms, data loaded |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for query, found, loaded, latency in rows:
        size = sum(len(raw[f]) for f in loaded) / 1024
        gz = sum(zipped[f] for f in loaded) / 1024
        print(f"| {query} | {found} | {len(loaded)} | {size:.1f} | {gz:.1f} | {latency:.1f} |")
    first, second = rows[0][2], rows[1][2]
    later = [sum(len(raw[f]) for f in r[2]) / 1024 for r in rows[1:]]
    latencies = [r[3] for r in rows]
    print(
        f"\nfirst query {sum(len(raw[f]) for f in first) / 1024:.1f} KB ({sum(zipped[f] for f in first) / 1024:.1f} "
        f"KB gzipped), second {sum(len(raw[f]) for f in second) / 1024:.1f} KB (later queries: median "
        f"{statistics.median(later):.1f} KB, max {max(later):.1f} KB); latency once loaded: median "
        f"{statistics.median(latencies):.1f} ms, max {max(latencies):.1f} ms",
        flush=True,
    )


def bench_relevance(work: Path, site: Path | None) -> None:
    """success@1, success@5 and MRR of the questions of ``tests/relevance/questions.yaml``, asked
    of the repository's own playbook (built here, unless ``site`` is an already built one)."""
    import relevance

    if site is None:
        project = work / "relevance"
        shutil.rmtree(project, ignore_errors=True)
        project.mkdir(parents=True)
        for name in RELEVANCE_PROJECT:
            source = REPO / name
            if source.is_dir():
                shutil.copytree(source, project / name)
            elif source.is_file():
                shutil.copy(source, project / name)
        build(Project(project, [], 0))
        site = project / "site"
    questions, floor = relevance.load()
    answers = relevance.run(site, questions)
    print(f"\n## Relevance: {len(questions)} questions on {site}\n", flush=True)
    print(relevance.report(answers))
    print(f"recorded floor: {floor}", flush=True)


#: What a build of the repository's own playbook needs.
RELEVANCE_PROJECT = ("mkdocs.yml", "docs", "laws", "thesaurus.yaml")


BARE = (
    "import sys, yaml\n"
    "from pathlib import Path\n"
    "files = sorted(p for p in Path(sys.argv[1]).rglob('*') if p.suffix in ('.yaml', '.yml'))\n"
    "for p in files:\n"
    "    with open(p, 'rb') as f:\n"
    "        yaml.load(f, Loader=yaml.CSafeLoader)\n"
)


def bench_validate(work: Path, n: int, rounds: int, sides: list[Side], upkeep: bool = True) -> None:
    root = work / f"validate-{n}"
    shutil.rmtree(root, ignore_errors=True)
    count = generate(root / "laws", n, upkeep=upkeep)
    bare = "bare C-loader parse"
    runs = {bare: Runs()}
    for side in sides:
        runs[side.label("validate, cold")] = Runs()
        runs[side.label("validate, warm")] = Runs()
    print(f"\n## Validate: {count} entry files ({rounds} alternated rounds)\n", flush=True)
    for _ in range(rounds):
        runs[bare].add(run_timed([sys.executable, "-c", BARE, "laws"], root, THIS.environ()))
        for index, side in enumerate(sides):
            cache_dir = root / f".playbook-cache-{index}"
            env = side.environ(PLAYBOOK_CACHE_DIR=str(cache_dir))
            validate = [side.python, "-m", "playbook", "validate", "laws"]
            shutil.rmtree(cache_dir, ignore_errors=True)
            runs[side.label("validate, cold")].add(run_timed(validate, root, env))
            time.sleep(0.1)
            runs[side.label("validate, warm")].add(run_timed(validate, root, env))
    print("| run | wall median s | wall min–max s | CPU median s | CPU min–max s | peak RSS MB |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, r in runs.items():
        print(
            f"| {name} | {r.median():.2f} | {min(r.seconds):.2f}–{max(r.seconds):.2f} | {r.cpu_median():.2f} | "
            f"{min(r.cpu):.2f}–{max(r.cpu):.2f} | {max(r.rss_kb) / 1024:.0f} |"
        )
    print()
    for side in sides:
        cold, warm = runs[side.label("validate, cold")], runs[side.label("validate, warm")]
        print(
            f"{side.label('ratio validate cold / bare parse')}: CPU {paired(cold.cpu, runs[bare].cpu)}, "
            f"wall {paired(cold.seconds, runs[bare].seconds)}; warm validate: wall {warm.median():.2f} s, "
            f"CPU {warm.cpu_median():.2f} s",
            flush=True,
        )
    for side in sides[1:]:
        for what in ("validate, cold", "validate, warm"):
            this, other = runs[THIS.label(what)], runs[side.label(what)]
            print(
                f"ratio this/{side.name}, {what}: CPU {paired(this.cpu, other.cpu)}, "
                f"wall {paired(this.seconds, other.seconds)}",
                flush=True,
            )


def bench_hostile(names: list[str], *, markdown: bool = False) -> int:
    """Adversarial bodies: the CPU time of validating and rendering a 59,000-character body against
    a 5,900-character one, per pattern; linear scans give ×10 or less (the corpus's own cost
    lowers it), quadratic ones ×100 and more."""
    sys.path.insert(0, str(HERE))
    from hostile import ratios

    print("# Adversarial bodies: validate + render (core), CPU time, best of 2-3 runs", flush=True)
    found = ratios(
        REPO / "tests" / "fixtures" / "mini" / "laws",
        names=names or None,
        report=lambda line: print(line, flush=True),
        markdown=markdown,
    )
    worst = max(found, key=lambda n: found[n][2] / max(found[n][1], 1e-9))
    _, small, large = found[worst]
    print(f"worst pattern {worst!r}: ×{large / small:.1f} ({small * 1000:.1f} → {large * 1000:.1f} ms)", flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000", help="comma-separated N (default: 100,1000)")
    parser.add_argument("--large", action="store_true", help="add N = 5,000 (a few minutes per build)")
    parser.add_argument("--rounds", type=int, default=3, help="alternated rounds per variant (default: 3)")
    parser.add_argument("--validate", type=int, default=10_000, help="entries for the validate benchmark; 0: skip")
    parser.add_argument("--serve", type=int, default=1000, help="entries for the serve benchmark; 0: skip")
    parser.add_argument("--edits", type=int, default=5, help="edits in the serve benchmark (default: 5)")
    parser.add_argument("--search", default="", help="comma-separated N for the search benchmark (default: none)")
    parser.add_argument(
        "--relevance",
        action="store_true",
        help="the search's relevance benchmark (tests/relevance/questions.yaml) on the repository's own playbook",
    )
    parser.add_argument("--relevance-site", type=Path, help="with --relevance: an already built site to ask instead")
    parser.add_argument("--no-build", action="store_true", help="skip the build benchmark")
    parser.add_argument("--work", type=Path, help="working folder (default: a temporary one, removed)")
    parser.add_argument(
        "--against",
        metavar="REF",
        help="also run the build, validate and serve benchmarks on the commit REF (a git worktree), "
        "alternated with this checkout's runs, and print the ratios this/REF",
    )
    parser.add_argument(
        "--hostile",
        action="store_true",
        help="only the adversarial bodies: validate + render of 59,000 characters against 5,900, "
        "per pattern (scripts/hostile.py)",
    )
    parser.add_argument("--patterns", default="", help="with --hostile: comma-separated pattern names (default: all)")
    parser.add_argument(
        "--markdown",
        action="store_true",
        help="with --hostile: also time Python-Markdown (MkDocs' converter) on the same bodies",
    )
    args = parser.parse_args(argv)
    if args.hostile:
        return bench_hostile([n for n in args.patterns.split(",") if n], markdown=args.markdown)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip() and int(s) > 0]  # 0: the empty build only
    if args.large and 5000 not in sizes:
        sizes.append(5000)
    work = args.work or Path(tempfile.mkdtemp(prefix="playbook-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(
        f"# Playbook benchmark — Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, work dir {work}, "
        f"load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    compile_modules(REPO / "plugins")
    try:
        with contextlib.ExitStack() as stack:
            sides = [THIS]
            upkeep = True
            if args.against:
                sides.append(stack.enter_context(against(args.against, work)))
                upkeep = accepts_upkeep(sides[1], work)
                if not upkeep:
                    print(
                        f"{args.against} does not accept the entries' upkeep fields (owner, reviewed, changes): "
                        "both sides get synthetic entries without them",
                        flush=True,
                    )
            if not args.no_build:
                bench_builds(work, sorted(sizes), args.rounds, sides, upkeep)
            if args.validate:
                bench_validate(work, args.validate, args.rounds, sides, upkeep)
            if args.serve:
                bench_serve(work, args.serve, args.edits, sides, upkeep)
        for n in [int(s) for s in args.search.split(",") if s.strip()]:
            bench_search(work, n)  # this checkout only
        if args.relevance:
            bench_relevance(work, args.relevance_site)  # this checkout only
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\nload average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Build the playbook with another generator or theme and run the browser smoke tests on it.

Usage: ``python scripts/compat.py [mkdocs] [properdocs] [materialx]`` (``make compat`` runs all
three; the CI runs one per job). Material for MkDocs reaches end of life on 5 May 2027; this is how
we know, every day until we decide (March 2027), what each way out costs:

- ``mkdocs``: MkDocs 1.6 and mkdocs-material, as locked (the reference);
- ``properdocs``: ProperDocs, the maintained drop-in fork of MkDocs 1.x, with mkdocs-material;
- ``materialx``: ProperDocs with MaterialX (``mkdocs-materialx`` on PyPI, a maintained fork of
  Material; its theme is named ``materialx``, its plugins ``materialx/...``). It installs into the
  same ``material`` package as mkdocs-material, so it gets a venv of its own (``.venv-materialx``,
  installed by hash from ``requirements-materialx.lock``: requirements.lock's versions with MaterialX
  in place of mkdocs-material, written by ``make lock``), and the build reads a copy of mkdocs.yml
  with those two names changed. The main lock stays on mkdocs-material.

Each run builds the real playbook strictly into ``site-compat/<name>/``, checks the theme
contract (``mkdocs_plugin/theme_contract.py``) and runs ``tests/browser/test_smoke.py`` on that
site. A clause of the contract that the theme breaks is printed, and written to the GitHub job
summary when there is one: MaterialX's known differences are listed in :data:`KNOWN` (reported,
not failing); any other one fails, like a failed build or smoke test.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATORS = ("mkdocs", "properdocs", "materialx")
MATERIALX_VENV = ROOT / ".venv-materialx"

#: Clauses of the theme contract MaterialX 10.2.2 breaks, and what it costs us.
KNOWN = {
    "materialx": {
        "variable '--md-footer-fg-color'": "MaterialX's footer takes the page's colours (no footer colours): "
        "our contrast fix of the footer's links falls back to the inherited text colour (not checked by axe there)",
        "variable '--md-footer-fg-color--light'": "the same, for the copyright line",
    }
}


def run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], cwd=ROOT, env=env, check=True)


def materialx_install() -> list[str]:
    """The command that makes ``.venv-materialx``: the Makefile's own install rule (build tools, then
    every dependency, all by hash), with the MaterialX lock."""
    venv = MATERIALX_VENV.relative_to(ROOT)
    return [
        "make",
        f"PYTHON={sys.executable}",
        f"VENV={venv}",
        "PYTHON_LOCK=requirements-materialx.lock",
        f"{venv}/.installed",
    ]


def materialx_venv() -> Path:
    """``.venv-materialx``, installed (again, when its lock changed) by :func:`materialx_install`."""
    run(*materialx_install())
    return MATERIALX_VENV / "bin" / "python"


def materialx_config() -> Path:
    """mkdocs.yml with MaterialX's names (theme ``materialx``, plugin ``materialx/offline``), beside it."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    changed = re.sub(r"(?m)^(  name:) material$", r"\1 materialx", text)
    changed = re.sub(r"(?m)^(  - )offline:", r"\1materialx/offline:", changed)
    if changed.count("materialx") != 2:
        raise SystemExit("compat: mkdocs.yml no longer has 'name: material' and '- offline:' where expected")
    config = ROOT / ".mkdocs-materialx.yml"
    config.write_text("# Written by scripts/compat.py: mkdocs.yml for MaterialX.\n" + changed, encoding="utf-8")
    return config


def contract_report(python: Path, name: str) -> list[str]:
    """The clauses the theme breaks that are not known for it; prints all of them."""
    code = (
        "import material, pathlib; from playbook.mkdocs_plugin.theme_contract import check_theme; "
        "print('\\n'.join(map(str, check_theme(pathlib.Path(material.__file__).parent / 'templates'))))"
    )
    output = subprocess.run([python, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    breaches = [line for line in output.splitlines() if line]
    known = KNOWN.get(name, {})
    lines = [f"## Theme contract with {name}", ""]
    unknown = []
    for breach in breaches:
        reason = next((why for key, why in known.items() if breach.startswith(key)), None)
        lines.append(f"- {breach}" + (f" (known: {reason})" if reason else " (NEW)"))
        if reason is None:
            unknown.append(breach)
    if not breaches:
        lines.append("- every clause honoured")
    report = "\n".join(lines) + "\n"
    print(report)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as out:
            out.write(report)
    return unknown


def check(name: str) -> int:
    site = ROOT / "site-compat" / name
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    python = Path(sys.executable)
    if name == "materialx":
        python = materialx_venv()
        config = materialx_config()
        build = [python, "-m", "properdocs", "build", "--strict", "-f", config, "--site-dir", site]
    else:
        build = [python, "-m", name, "build", "--strict", "--site-dir", site]
    run(*build, env=env)
    generator = (site / "index.html").read_text(encoding="utf-8")
    expected = "ProperDocs" if name != "mkdocs" else "mkdocs-"
    if expected not in generator:
        print(f"compat: {site}/index.html was not built by {expected}", file=sys.stderr)
        return 1
    unknown = contract_report(python, name)
    smoke = [python, "-m", "pytest", "-p", "no:cacheprovider", "-q", "tests/browser/test_smoke.py"]
    run(*smoke, env={**env, "PLAYBOOK_SMOKE_SITE": str(site)})
    if unknown:
        print(f"compat: {name} breaks the theme contract in new ways: {unknown}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="compat", description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", metavar="{mkdocs,properdocs,materialx}")
    names = parser.parse_args(argv).names or list(GENERATORS)
    if set(names) - set(GENERATORS):
        parser.error(f"unknown: {', '.join(sorted(set(names) - set(GENERATORS)))}")
    try:
        return max(check(name) for name in names)
    except subprocess.CalledProcessError as error:
        print(f"compat: failed: {' '.join(map(str, error.cmd))}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

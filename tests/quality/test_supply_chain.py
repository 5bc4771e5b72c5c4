"""What the project runs and installs is pinned (issue 27, item 14).

- every action a workflow uses is pinned by a full commit SHA, its tag in a comment;
- no checkout leaves its token in ``.git/config`` (``persist-credentials: false``);
- a job's container image is pinned by digest;
- zizmor (offline, the default persona) finds nothing above "low", and actionlint is clean;
- every Python dependency is installed by hash, the build tools included, from locks that
  ``make lock`` writes from ``pyproject.toml``;
- Dependabot proposes updates for the actions, the Python and the Node dependencies.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent
PINNED_USES = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def steps(workflow: Path) -> list[tuple[str, dict[str, object]]]:
    flow = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    return [(name, step) for name, job in flow["jobs"].items() for step in job.get("steps", [])]


def test_there_are_workflows_to_check() -> None:
    assert {w.name for w in WORKFLOWS} >= {"ci.yml", "review.yml"}


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_by_commit_with_its_tag_in_a_comment(workflow: Path) -> None:
    text = workflow.read_text(encoding="utf-8")
    uses = re.findall(r"^\s*(?:-\s*)?uses:\s*(\S+)(.*)$", text, re.M)
    assert uses
    for reference, rest in uses:
        assert PINNED_USES.match(reference), f"{workflow.name}: {reference} is not pinned by a commit SHA"
        assert re.match(r"\s+#\s*v\d+(\.\d+)*\s*$", rest), f"{workflow.name}: {reference} has no '# vX.Y.Z' comment"


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_no_checkout_keeps_its_token(workflow: Path) -> None:
    checkouts = [step for _, step in steps(workflow) if str(step.get("uses", "")).startswith("actions/checkout@")]
    assert checkouts
    for step in checkouts:
        assert isinstance(step.get("with"), dict) and step["with"].get("persist-credentials") is False, step


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_container_images_are_pinned_by_digest(workflow: Path) -> None:
    flow = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    for name, job in flow["jobs"].items():
        container = job.get("container")
        image = container.get("image") if isinstance(container, dict) else container
        if image is not None:
            assert re.search(r"@sha256:[0-9a-f]{64}$", image), f"{workflow.name}: job {name} uses {image}"


def zizmor(folder: Path) -> subprocess.CompletedProcess[str]:
    """zizmor on ``folder``, offline (no GitHub API), the default persona, findings as JSON."""
    command = [str(BIN / "zizmor"), "--offline", "--format", "json", str(folder)]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)


def test_zizmor_finds_nothing_above_low() -> None:
    result = zizmor(REPO / ".github")
    assert result.stdout.strip().startswith("["), result.stdout[-2000:] + result.stderr[-2000:]
    findings = json.loads(result.stdout)
    serious = [
        f"{f['ident']} ({f['determinations']['severity']}): {f['desc']}"
        for f in findings
        if f["determinations"]["severity"] not in ("Informational", "Low", "Unknown")
    ]
    assert not serious, serious


def test_zizmor_can_fail(tmp_path: Path) -> None:
    bad = tmp_path / ".github" / "workflows"
    bad.mkdir(parents=True)
    (bad / "bad.yml").write_text(
        "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v5\n",
        encoding="utf-8",
    )
    result = zizmor(tmp_path / ".github")
    assert {f["ident"] for f in json.loads(result.stdout)} >= {"unpinned-uses", "artipacked"}


def test_actionlint_is_clean() -> None:
    result = subprocess.run(
        [str(BIN / "actionlint"), *map(str, WORKFLOWS)], capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


LOCKS = [REPO / "requirements.lock", REPO / "requirements-build.lock", REPO / "requirements-materialx.lock"]


@pytest.mark.parametrize("lock", LOCKS, ids=lambda p: p.name)
def test_every_locked_requirement_has_an_exact_version_and_hashes(lock: Path) -> None:
    text = lock.read_text(encoding="utf-8").replace("\\\n", " ")
    requirements = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert requirements
    for line in requirements:
        assert re.match(r"^[A-Za-z0-9_.-]+(\[[\w,]+\])?==\S+( +--hash=sha256:[0-9a-f]{64})+\s*$", line), line
    assert "make lock" in lock.read_text(encoding="utf-8").splitlines()[1]


def test_the_build_tools_are_locked_and_the_lone_sdist_is_known() -> None:
    build = (REPO / "requirements-build.lock").read_text(encoding="utf-8")
    assert re.search(r"^setuptools==", build, re.M) and re.search(r"^wheel==", build, re.M)
    main = (REPO / "requirements.lock").read_text(encoding="utf-8")
    assert re.search(r"^sgmllib3k==1\.0\.0 ", main, re.M)  # built from source with the tools above


def planned(*arguments: str) -> list[str]:
    """The pip and uv commands ``make -n -B ARGUMENTS`` would run, each on one line."""
    result = subprocess.run(
        ["make", "-n", "-B", *arguments], cwd=REPO, capture_output=True, text=True, timeout=60, check=True
    )
    lines = result.stdout.replace("\\\n", " ").splitlines()
    return [" ".join(line.split()) for line in lines if " pip install " in line or "uv pip compile" in line]


def assert_installed_by_hash(installs: list[str], lock: str) -> None:
    assert len(installs) == 3, installs
    build, main, own = installs
    assert "--require-hashes --only-binary :all: --no-deps -r requirements-build.lock" in build
    assert f"--require-hashes --no-build-isolation -r {lock}" in main
    assert own.endswith("--no-deps --no-build-isolation -e .")  # the project itself, from this checkout


def test_make_installs_every_dependency_by_hash_and_locks_from_pyproject() -> None:
    assert_installed_by_hash(planned(".venv/.installed"), "requirements.lock")
    lock = [line for line in planned("lock") if "uv pip compile" in line]
    assert len(lock) == 3 and all("--generate-hashes" in line for line in lock)
    assert "pyproject.toml --extra pdf --extra test --extra lint -o requirements.lock" in lock[0]
    assert "requirements-build.in -c requirements.lock -o requirements-build.lock" in lock[1]
    assert (
        "pyproject.toml --extra pdf --extra test --extra lint requirements-materialx.in "
        "--excludes .venv/materialx-excludes.txt -c requirements.lock -o requirements-materialx.lock"
    ) in lock[2]
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert set(project["optional-dependencies"]) == {"pdf", "test", "lint"}  # every extra is in the lock


def test_make_compat_installs_materialx_by_hash_at_the_main_locks_versions() -> None:
    """The CI job « compat (materialx) » installs .venv-materialx with the Makefile's hashed rule,
    from a lock that is requirements.lock with MaterialX (and what it needs) in place of
    mkdocs-material, at the same versions for everything else."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("compat", REPO / "scripts" / "compat.py")
    assert spec is not None and spec.loader is not None
    compat = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(compat)
    command = compat.materialx_install()
    assert command[0] == "make"
    assert_installed_by_hash(planned(*command[1:]), "requirements-materialx.lock")

    def pins(lock: str) -> dict[str, str]:
        text = (REPO / lock).read_text(encoding="utf-8")
        return dict(re.findall(r"(?m)^([A-Za-z0-9_.-]+)==(\S+)", text))

    main, materialx = pins("requirements.lock"), pins("requirements-materialx.lock")
    assert "mkdocs-material" not in materialx and "mkdocs-materialx" in materialx
    asked = (REPO / "requirements-materialx.in").read_text(encoding="utf-8")
    wanted = re.search(r"(?m)^mkdocs-materialx==(\S+)", asked)
    assert wanted and materialx["mkdocs-materialx"] == wanted.group(1), "run make lock after changing the .in"
    assert {name: materialx[name] for name in main.keys() & materialx.keys()} == {
        name: main[name] for name in main.keys() & materialx.keys()
    }
    assert set(main) - set(materialx) == {"mkdocs-material"}


def test_dependabot_updates_actions_python_and_node() -> None:
    config = yaml.safe_load((REPO / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert {u["package-ecosystem"] for u in config["updates"]} == {"github-actions", "pip", "npm"}


def test_the_security_policy_says_where_to_report_how_fast_and_the_plan() -> None:
    text = (REPO / "SECURITY.md").read_text(encoding="utf-8")
    for promise in ("Report a vulnerability", "3 business days", "Supported versions", "5 May 2027", "in scope"):
        assert promise in text, promise


def test_the_security_policy_names_every_lock_and_the_workflow_linter_the_lock_installs() -> None:
    """SECURITY.md says how dependencies are pinned: it names every hashed lock, and the package
    the workflows are linted with as the lock pins it (a new lock or another linter changes the
    policy too)."""
    text = (REPO / "SECURITY.md").read_text(encoding="utf-8")
    locks = sorted(REPO.glob("requirements*.lock"))
    assert len(locks) >= 3
    for lock in locks:
        assert f"`{lock.name}`" in text, lock.name
    linters = re.findall(r"(?m)^(actionlint[\w.-]*)==", (REPO / "requirements.lock").read_text(encoding="utf-8"))
    assert len(linters) == 1 and f"`{linters[0]}`" in text, linters

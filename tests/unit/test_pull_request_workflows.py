"""The pull request shows what it changes: the workflows, their scripts and the template.

- ``pr-summary.yml`` (``pull_request``, read-only) computes the summary and builds the site, and
  uploads both; ``pr-comment.yml`` (``workflow_run``) posts the summary as one comment and
  publishes the preview, from the default branch's scripts, reading the artefacts as data.
- Every workflow passes actionlint and zizmor (offline, default persona), and pins its actions by
  commit; the checks here are the ones a linter cannot know (which job may write, what runs where).
- ``scripts/pages.py`` (the gh-pages branch: site at the root, previews under pr-previews/) runs
  here against a local bare repository; ``scripts/pr_comment.py`` on hostile summaries.
"""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))

import pages
import pr_comment

WORKFLOWS = REPO / ".github" / "workflows"
ZIZMOR = Path(sys.executable).with_name("zizmor")
ACTIONLINT = Path(sys.executable).with_name("actionlint")


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def triggers(flow: dict) -> dict:
    return flow.get(True, flow.get("on"))  # YAML 1.1 reads the key 'on' as true


def steps(flow: dict) -> list[dict]:
    return [step for job in flow["jobs"].values() for step in job.get("steps", [])]


def zizmor(folder: Path) -> subprocess.CompletedProcess[str]:
    assert ZIZMOR.is_file(), f"{ZIZMOR} is missing: it comes from requirements.lock (zizmor)"
    return subprocess.run(
        [str(ZIZMOR), "--offline", "--no-progress", "--format", "plain", str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )


# --- the linters --------------------------------------------------------------------------------


def test_the_workflows_pass_actionlint_and_zizmor() -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert {f.name for f in files} >= {"ci.yml", "pr-summary.yml", "pr-comment.yml", "review.yml"}
    linted = subprocess.run(
        [str(ACTIONLINT), "-no-color", *map(str, files)], capture_output=True, text=True, timeout=120, check=False
    )
    assert linted.returncode == 0, linted.stdout + linted.stderr
    audited = zizmor(WORKFLOWS)
    assert audited.returncode == 0, audited.stdout + audited.stderr
    assert "No findings to report" in audited.stdout


def test_zizmor_does_catch_an_unsafe_workflow(tmp_path: Path) -> None:
    """So the test above can fail: a pull_request_target that checks out and runs the pull
    request's code with its credentials kept, an unpinned action and an injected title are reported."""
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "unsafe.yml").write_text(
        "on: pull_request_target\npermissions: write-all\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v5\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n"
        '      - run: echo "${{ github.event.pull_request.title }}" && make\n',
        encoding="utf-8",
    )
    audited = zizmor(folder)
    assert audited.returncode != 0
    for audit in ("dangerous-triggers", "unpinned-uses", "template-injection", "artipacked"):
        assert audit in audited.stdout, audit


def test_every_action_is_pinned_by_commit_with_its_tag() -> None:
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.match(r"\s*(-\s+)?uses:", line):
                assert re.search(r"uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+){2}$", line), f"{path.name}: {line}"


# --- who may write, what runs where --------------------------------------------------------------


def test_the_pull_request_workflow_runs_its_code_read_only_and_uploads_the_results() -> None:
    flow = load("pr-summary.yml")
    assert set(triggers(flow)) == {"pull_request"}
    assert flow["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in flow["jobs"].values())
    text = (WORKFLOWS / "pr-summary.yml").read_text(encoding="utf-8")
    assert "secrets." not in text and "github.token" not in text
    summary = flow["jobs"]["summary"]["steps"]
    assert summary[0]["with"]["persist-credentials"] is False
    runs = "\n".join(step.get("run", "") for step in summary)
    assert "python -m playbook diff" in runs and "--format markdown" in runs and "make build" in runs
    uploads = {
        step["with"]["name"]: step["with"]["path"] for step in summary if "upload-artifact" in step.get("uses", "")
    }
    assert uploads == {"pr-summary": "pr-summary/summary.md", "pr-site": "site"}


def test_the_comment_workflow_writes_without_running_the_pull_requests_code() -> None:
    flow = load("pr-comment.yml")
    assert triggers(flow)["workflow_run"] == {"workflows": ["Pull request summary"], "types": ["completed"]}
    assert load("pr-summary.yml")["name"] == "Pull request summary"
    assert flow["permissions"] == {}
    jobs = flow["jobs"]
    assert jobs["find"]["permissions"] == {"pull-requests": "read"}
    assert jobs["preview"]["permissions"] == {"contents": "write", "actions": "read"}
    assert jobs["comment"]["permissions"] == {"pull-requests": "write", "actions": "read"}
    assert "same-repository == 'true'" in jobs["preview"]["if"]  # no preview for a fork
    for step in steps(flow):
        if "actions/checkout" in step.get("uses", ""):
            # the default branch only: no ref, no repository of the pull request, no token left behind
            assert set(step.get("with", {})) == {"persist-credentials"} and step["with"]["persist-credentials"] is False
        # values of the event and of the artefacts reach commands through the environment only
        assert "${{" not in step.get("run", ""), step.get("name")
    runs = "\n".join(step.get("run", "") for step in steps(flow))
    assert "scripts/pages.py publish" in runs and "scripts/pages.py remove" in runs
    assert "scripts/pr_comment.py body" in runs and "gh api -X PATCH" in runs
    assert "eval" not in runs and "source " not in runs and "bash pr-" not in runs
    downloads = [s for s in steps(flow) if "download-artifact" in s.get("uses", "")]
    assert {s["with"]["run-id"] for s in downloads} == {"${{ github.event.workflow_run.id }}"}


def test_main_and_the_previews_share_the_gh_pages_branch_one_push_at_a_time() -> None:
    deploy = load("ci.yml")["jobs"]["deploy"]
    assert deploy["permissions"] == {"contents": "write"}
    assert deploy["concurrency"] == {"group": "gh-pages", "cancel-in-progress": False}
    assert load("pr-comment.yml")["jobs"]["preview"]["concurrency"] == deploy["concurrency"]
    runs = [s.get("run", "") for s in deploy["steps"]]
    assert 'python3 scripts/pages.py publish "$RUNNER_TEMP/site"' in runs


def test_the_pull_request_template_asks_for_what_reviewers_need() -> None:
    template = (REPO / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    for asked in ("## Sources", "source_note", "changes:", "Nouveautés", "former_ids", "python -m playbook diff"):
        assert asked in template, asked
    assert template.count("- [ ]") >= 5


# --- scripts/pages.py ---------------------------------------------------------------------------


def test_the_site_address_comes_from_the_repository_or_the_variable() -> None:
    assert pages.site_url({"GITHUB_REPOSITORY": "Org/Playbook"}) == "https://org.github.io/Playbook/"
    assert pages.site_url({"GITHUB_REPOSITORY": "Org/org.GitHub.io"}) == "https://org.github.io/"
    assert pages.site_url({"GITHUB_REPOSITORY": "org/p"}, preview=12) == "https://org.github.io/p/pr-previews/12/"
    custom = {"GITHUB_REPOSITORY": "org/p", "PLAYBOOK_SITE_URL": "https://playbook.example/"}
    assert pages.site_url(custom, preview=3) == "https://playbook.example/pr-previews/3/"
    with pytest.raises(pages.PagesError):
        pages.site_url({"PLAYBOOK_SITE_URL": "javascript:alert(1)"})
    with pytest.raises(pages.PagesError):
        pages.site_url({})


def site(folder: Path, text: str) -> Path:
    (folder / "lois").mkdir(parents=True)
    (folder / "index.html").write_text(text, encoding="utf-8")
    (folder / "lois" / "index.html").write_text(text + " (lois)", encoding="utf-8")
    return folder


def branch_files(remote: Path) -> dict[str, str]:
    listing = subprocess.run(
        ["git", "-C", str(remote), "ls-tree", "-r", "--name-only", "gh-pages"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    show = ["git", "-C", str(remote), "show"]
    return {
        name: subprocess.run([*show, f"gh-pages:{name}"], capture_output=True, text=True, check=False).stdout
        for name in listing
    }


@pytest.fixture
def remote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("GH_TOKEN", raising=False)
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    return bare


def test_publishing_keeps_the_previews_and_a_preview_touches_only_its_folder(tmp_path: Path, remote: Path) -> None:
    url = str(remote)
    assert pages.main(["publish", str(site(tmp_path / "main1", "main 1")), "--remote", url]) == 0  # a new branch
    assert pages.main(["publish", str(site(tmp_path / "pr7", "pr 7")), "--preview", "7", "--remote", url]) == 0
    assert pages.main(["publish", str(site(tmp_path / "pr8", "pr 8")), "--preview", "8", "--remote", url]) == 0
    assert pages.main(["publish", str(site(tmp_path / "main2", "main 2")), "--remote", url]) == 0
    files = branch_files(remote)
    assert files["index.html"] == "main 2" and files["lois/index.html"] == "main 2 (lois)"
    assert files["pr-previews/7/index.html"] == "pr 7" and files["pr-previews/8/lois/index.html"] == "pr 8 (lois)"
    assert ".nojekyll" in files
    assert pages.main(["remove", "--preview", "7", "--remote", url]) == 0
    files = branch_files(remote)
    assert not any(name.startswith("pr-previews/7/") for name in files)
    assert files["pr-previews/8/index.html"] == "pr 8" and files["index.html"] == "main 2"


def test_publishing_the_same_site_again_changes_nothing(
    tmp_path: Path, remote: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    built = site(tmp_path / "s", "same")
    assert pages.main(["publish", str(built), "--remote", str(remote)]) == 0
    count = subprocess.run(
        ["git", "-C", str(remote), "rev-list", "--count", "gh-pages"], capture_output=True, text=True, check=False
    )
    assert pages.main(["publish", str(built), "--remote", str(remote)]) == 0
    again = subprocess.run(
        ["git", "-C", str(remote), "rev-list", "--count", "gh-pages"], capture_output=True, text=True, check=False
    )
    assert count.stdout == again.stdout
    assert "already up to date" in capsys.readouterr().out


def test_a_push_refused_because_another_job_pushed_is_tried_again(
    tmp_path: Path, remote: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert pages.main(["publish", str(site(tmp_path / "main", "main")), "--remote", str(remote)]) == 0
    replace = pages._replace
    calls = []

    def racing(work: Path, folder: str, built: Path | None) -> None:
        calls.append(folder)
        if len(calls) == 1:  # another job publishes its preview between our clone and our push
            assert pages.update(str(remote), "pr-previews/9", site(tmp_path / "pr9", "pr 9"), "other job")
        replace(work, folder, built)

    monkeypatch.setattr(pages, "_replace", racing)
    assert pages.main(["publish", str(site(tmp_path / "pr5", "pr 5")), "--preview", "5", "--remote", str(remote)]) == 0
    files = branch_files(remote)
    assert files["pr-previews/9/index.html"] == "pr 9" and files["pr-previews/5/index.html"] == "pr 5"
    assert calls == ["pr-previews/5", "pr-previews/9", "pr-previews/5"]


@pytest.mark.parametrize("bad", ["link", "git", "no-index"])
def test_a_site_artefact_that_no_build_makes_is_refused(tmp_path: Path, remote: Path, bad: str) -> None:
    built = site(tmp_path / "s", "x")
    if bad == "link":
        os.symlink("/etc/passwd", built / "lois" / "passwd")
    elif bad == "git":
        (built / "lois" / ".git").mkdir()
    else:
        (built / "index.html").unlink()
    assert pages.main(["publish", str(built), "--preview", "4", "--remote", str(remote)]) == 1
    listed = subprocess.run(["git", "-C", str(remote), "branch", "--list"], capture_output=True, text=True, check=False)
    assert listed.stdout == ""  # nothing pushed


def test_the_token_reaches_git_through_its_environment_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GH_TOKEN", "secret-token")
    environment = pages._git_environment()
    assert environment["GIT_CONFIG_KEY_0"] == "http.https://github.com/.extraheader"
    header = environment["GIT_CONFIG_VALUE_0"]
    assert header.startswith("AUTHORIZATION: basic ") and "secret-token" not in header
    assert base64.b64decode(header.split()[-1]) == b"x-access-token:secret-token"
    assert environment["GIT_CONFIG_GLOBAL"] == os.devnull and environment["GIT_TERMINAL_PROMPT"] == "0"


# --- scripts/pr_comment.py ----------------------------------------------------------------------

RUN = "https://github.com/org/playbook/actions/runs/42"
SHA = "0123456789abcdef0123456789abcdef01234567"


def test_the_comment_starts_with_its_marker_and_gives_the_preview(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("## Ce que ces changements montrent aux lecteurs\n\nAucun changement.\n", encoding="utf-8")
    body = pr_comment.comment_body(pr_comment.read_summary(summary), RUN, SHA, "https://org.github.io/p/pr-previews/3/")
    assert body.startswith(pr_comment.MARKER + "\n")
    assert "**Aperçu du site :** https://org.github.io/p/pr-previews/3/" in body
    assert "Aucun changement." in body and f"`{SHA[:10]}`" in body and f"({RUN})" in body
    fork = pr_comment.comment_body("x", RUN, SHA, no_preview="fork")
    assert "vient d'un fork" in fork and "pr-site" in fork


def test_an_untrusted_summary_is_bounded_and_cleaned(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_bytes(
        (pr_comment.MARKER + "\n@everyone @org/team\n").encode() + b"\xff\xfe" + ("ligne\n" * 20_000).encode()
    )
    text = pr_comment.read_summary(summary)
    assert pr_comment.MARKER not in text and "@" not in text and "＠everyone" in text
    assert "\ufffd" in text  # bytes that are not UTF-8 are shown as such, not refused silently
    assert len(text) <= pr_comment.MAX_CHARS + 200 and text.endswith("dépassait la taille d'un commentaire._")
    assert pr_comment.read_summary(tmp_path / "missing.md").startswith("Le résumé n'a pas été produit")


def test_the_comment_refuses_addresses_and_commits_it_cannot_vouch_for() -> None:
    for url in ("javascript:alert(1)", "https://x.example/a b", "http://x.example/"):
        with pytest.raises(ValueError):
            pr_comment.comment_body("x", url, SHA, no_preview="failed")
        with pytest.raises(ValueError):
            pr_comment.comment_body("x", RUN, SHA, preview_url=url)
    with pytest.raises(ValueError):
        pr_comment.comment_body("x", RUN, "main; rm -rf /", no_preview="failed")
    assert (
        pr_comment.main(["body", "--summary", "x", "--run-url", "nope", "--head-sha", SHA, "--no-preview", "fork"]) == 1
    )

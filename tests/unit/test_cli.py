"""``python -m playbook validate``: a one-line summary when clean, every problem otherwise."""

from __future__ import annotations

from conftest import MINI_LAWS, run_cli


def test_validate_clean_corpus_prints_counts_per_kind() -> None:
    result = run_cli("validate", str(MINI_LAWS))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith(
        "6 entries, all valid (1 loi, 1 cas, 1 question, 1 notion, 1 collection, 1 source)"
    )


def test_validate_missing_folder_is_a_usage_error(tmp_path) -> None:
    result = run_cli("validate", str(tmp_path / "nope"))
    assert result.returncode == 2
    assert "no such folder" in result.stderr


def test_schema_check_passes_on_the_committed_file() -> None:
    assert run_cli("schema", "--check").returncode == 0


def test_render_writes_every_page_the_build_generates(tmp_path) -> None:
    """`playbook render --out` and the site build both go through core/pages: same pages, same text."""
    from playbook.core.build import Options, build_outputs

    out = tmp_path / "rendered"
    assert run_cli("render", str(MINI_LAWS), "--out", str(out)).returncode == 0
    written = {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in out.rglob("*.md")}
    project = MINI_LAWS.parent  # the command renders with the history and edition of the folder's project
    outputs = build_outputs(Options(MINI_LAWS, project, project / "pdf"))
    assert written == {uri: page.markdown for uri, page in outputs.pages.items()}
    assert {"reference/format.md", "vues/matrice.md", "vues/carte.md", "imprimables/index.md"} <= written.keys()

#!/usr/bin/env python3
"""The body of the one comment that tells a pull request's reviewers what it changes for readers.

``.github/workflows/pr-comment.yml`` runs it from the default branch, after the pull request's
own workflow (``pr-summary.yml``) computed the summary (``python -m playbook diff --format
markdown``) and uploaded it. That file comes from code the pull request could change: it is read
as untrusted data, never run or put in a shell command. Here it is:

- read as at most :data:`MAX_BYTES` bytes of UTF-8 (anything else is said, not shown);
- cut at a line under :data:`MAX_CHARS` characters (a comment holds 65,536), saying so;
- stripped of the comment's hidden :data:`MARKER` (only the workflow's own comment carries it) and
  of every ``@`` that could notify someone (made the full-width ``＠``).

Then the preview's address (or why there is none) and a link to the run are added. Standard
library only. Usage::

    python3 scripts/pr_comment.py body --summary FILE --run-url URL --head-sha SHA \\
        [--preview-url URL | --no-preview fork|failed|closed] > comment.md
    python3 scripts/pr_comment.py marker     # the hidden marker, to find the comment again
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

MARKER = "<!-- playbook-pr-summary -->"
MAX_BYTES = 256 * 1024
MAX_CHARS = 60_000
_URL = re.compile(r"https://[A-Za-z0-9.-]+(?::[0-9]+)?/[A-Za-z0-9._~/%+-]*")
_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
_NO_PREVIEW = {
    "fork": (
        "Pas d'aperçu en ligne : cette pull request vient d'un fork, et le site du projet ne publie que "
        "le contenu de ses propres branches. Le site construit est dans les artefacts de la vérification "
        "(`pr-site`) : téléchargez-le et ouvrez `index.html`."
    ),
    "failed": "Pas d'aperçu : le site n'a pas pu être construit (voir la vérification).",
    "closed": "Pull request fermée : son aperçu est retiré.",
}


def read_summary(path: Path) -> str:
    """The summary's text, bounded and made harmless (see the module's docstring)."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError:
        return "Le résumé n'a pas été produit : voir la vérification de la pull request."
    if len(raw) > MAX_BYTES:
        raw = raw[:MAX_BYTES]
    text = raw.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\x00", "")
    text = text.replace(MARKER, "").replace("@", "＠")
    if len(text) > MAX_CHARS:
        cut = text.rfind("\n", 0, MAX_CHARS)
        text = (
            text[: cut if cut > 0 else MAX_CHARS] + "\n\n_… résumé tronqué : il dépassait la taille d'un commentaire._"
        )
    return text.strip("\n")


def comment_body(summary: str, run_url: str, head_sha: str, preview_url: str = "", no_preview: str = "") -> str:
    if not _URL.fullmatch(run_url):
        raise ValueError(f"--run-url: not an https address: {run_url!r}")
    if not _SHA.fullmatch(head_sha):
        raise ValueError(f"--head-sha: not a commit: {head_sha!r}")
    if preview_url:
        if not _URL.fullmatch(preview_url):
            raise ValueError(f"--preview-url: not an https address: {preview_url!r}")
        preview = f"**Aperçu du site :** {preview_url} (mis à jour à chaque push, retiré à la fermeture)."
    else:
        preview = _NO_PREVIEW[no_preview or "failed"]
    footer = (
        f"<sub>Résumé du commit `{head_sha[:10]}`, calculé par la vérification de la pull request "
        f"([journal]({run_url})) ; ce commentaire est mis à jour à chaque push.</sub>"
    )
    return "\n\n".join([MARKER, preview, summary, "---", footer]) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/pr_comment.py", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("marker", help="print the hidden marker of the comment")
    body = commands.add_parser("body", help="print the comment's body")
    body.add_argument("--summary", type=Path, required=True)
    body.add_argument("--run-url", required=True)
    body.add_argument("--head-sha", required=True)
    where = body.add_mutually_exclusive_group(required=True)
    where.add_argument("--preview-url", default="")
    where.add_argument("--no-preview", choices=sorted(_NO_PREVIEW), default="")
    args = parser.parse_args(argv)
    if args.command == "marker":
        print(MARKER)
        return 0
    try:
        text = comment_body(read_summary(args.summary), args.run_url, args.head_sha, args.preview_url, args.no_preview)
    except ValueError as error:
        print(f"::error::{error}".replace("\n", "%0A"), file=sys.stderr)
        return 1
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

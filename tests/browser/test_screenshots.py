"""Screenshots of every kind of page, at phone and desktop size, compared with approved images.

The site is built from a frozen corpus (``tests/fixtures/screens/``: the entries and the home page
of 24 November 2026, with the timed séance and one entry of each training kind of 6 December),
not from ``laws/``, so that editing the content does not change the pictures;
its git history (two commits) and its edition date are fixed too, and the printed-only version is
never on screen. What changes a picture is a change of the templates, the styles, the scripts,
the theme or the navigation: exactly what a reviewer should look at.

- The approved images are ``tests/screenshots/<page>-<size>.png``. A picture that differs by more
  than anti-aliasing (:func:`compare`) fails the test; the new picture and a map of the differences
  are written to ``tests/screenshots/_new/`` (not committed) to be looked at.
- ``make screenshots`` takes every picture again and writes it as the approved one: run it after
  looking at the new pictures, then look at ``git diff --stat tests/screenshots`` and commit.

Pillow compares the pictures (a maintained, compiled image library: per-pixel differences of two
million pixels in a few milliseconds, and PNG writing with the same library).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO

from .conftest import build
from .reading import open_search, settle, tap
from .support import Site, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FIXTURE = REPO / "tests" / "fixtures" / "screens"
APPROVED = REPO / "tests" / "screenshots"
NEW = APPROVED / "_new"
#: ``make screenshots`` sets it: every picture taken becomes the approved one.
UPDATE = os.environ.get("PLAYBOOK_SCREENSHOTS") == "update"
#: The corpus's day: its commits and its edition (SOURCE_DATE_EPOCH).
FIRST_DAY = "2026-11-22T09:00:00+00:00"
LAST_DAY = "2026-11-24T09:00:00+00:00"
REPO_URL = "https://github.com/example/playbook"

#: A pixel differs when a colour channel moves by more than this (anti-aliasing moves less)...
CHANNEL_TOLERANCE = 48
#: ... and a picture differs when more than this share of its pixels do.
PIXEL_SHARE = 0.002


def git(project: Path, *args: str, date: str = FIRST_DAY) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_AUTHOR_NAME": "Équipe contenu",
        "GIT_AUTHOR_EMAIL": "contenu@example.org",
        "GIT_COMMITTER_NAME": "Équipe contenu",
        "GIT_COMMITTER_EMAIL": "contenu@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    subprocess.run(["git", "-C", str(project), *args], check=True, capture_output=True, env=env)


@pytest.fixture(scope="module")
def screens_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The frozen corpus with the repository's mkdocs.yml, docs/ and plugin, built as GitHub
    publishes it (report and edit links), in a repository of two dated commits."""
    project = tmp_path_factory.mktemp("screens") / "project"
    project.mkdir()
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(REPO / "docs", project / "docs")
    shutil.copy(FIXTURE / "home.md", project / "docs" / "index.md")
    shutil.copytree(FIXTURE / "laws", project / "laws")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "Corpus des captures d'écran")
    law = project / "laws" / "lois" / "loi-temkin-5.yaml"
    law.write_text(
        law.read_text(encoding="utf-8")
        + 'changes:\n  - {date: 2026-11-24, note: "Exemple de la prime sur la durée des appels précisé"}\n',
        encoding="utf-8",
    )
    git(project, "commit", "-qam", "Loi 5 : une note de changement", date=LAST_DAY)
    epoch = int(dt.datetime.fromisoformat(LAST_DAY).timestamp())
    build(
        project,
        SOURCE_DATE_EPOCH=str(epoch),
        PLAYBOOK_REPO_URL=REPO_URL,
        PLAYBOOK_EDIT_URI="edit/main/docs/",
        PLAYBOOK_SITE_URL=None,
    )
    with serve(project / "site") as site:
        yield site


@pytest.fixture(scope="module")
def chromium(sized_browser: Callable[[str], Any]) -> Callable[[str], Any]:
    return sized_browser


# -- what a reader does before looking ----------------------------------------------------------
def search_results(page: Any, site: Site, tmp: Path) -> None:
    open_search(page, "livraison")


def search_nothing(page: Any, site: Site, tmp: Path) -> None:
    open_search(page, "rekkamation")
    page.locator(".pb-search__again").wait_for()


def search_filters(page: Any, site: Site, tmp: Path) -> None:
    open_search(page, "client")
    tap(page.get_by_text("Filtrer les résultats"))
    page.get_by_role("combobox", name="Type", exact=True).select_option(label="Loi")


def session_filled(page: Any, site: Site, tmp: Path) -> None:
    """Three laws added from their list, then « Ma séance » opened from the menu's address."""
    page.goto(site.url + "lois/")
    buttons = page.get_by_role("button", name="Ajouter à ma séance")
    for _ in range(3):
        tap(buttons.first)  # the button becomes « Retirer de ma séance »
    page.goto(site.url + "ma-seance/")
    page.locator(".pb-builder__list li").nth(2).wait_for()


def team_loaded(page: Any, site: Site, tmp: Path) -> None:
    """Two participants' exports of the six laws' self-assessment, loaded as the trainer does."""
    page.goto(site.url + "auto-diagnostic/lois-temkin/")
    selects = page.locator("select.pb-diagnostic__select")
    files = []
    for who, scores in enumerate(([3, 7, 5, 8, 2, 6], [6, 9, 4, 7, 5, 3])):
        for i, score in enumerate(scores):
            selects.nth(i).select_option(str(score))
        tap(page.get_by_role("button", name="Exporter mes notes (CSV)"))
        ask = page.get_by_role("dialog", name="Exporter mes notes")  # who exports: named in the file
        ask.get_by_label("Votre nom ou vos initiales").fill(f"Participant {who + 1}")
        with page.expect_download() as download:
            tap(ask.get_by_role("button", name="Exporter", exact=True))
        files.append(tmp / f"participant-{who + 1}.csv")
        download.value.save_as(files[-1])
    with page.expect_file_chooser() as chooser:
        tap(page.get_by_text("Charger des exports (CSV)"))
    chooser.value.set_files([str(f) for f in files])
    page.locator(".pb-diagnostic__team table, .pb-diagnostic__team-table").first.wait_for()


def path_followed(page: Any, site: Site, tmp: Path) -> None:
    page.goto(site.url + "parcours/parcours-manager/")
    tap(page.locator(".pb-path__steps a").nth(1))
    page.wait_for_url("**/lois/loi-temkin-5/")


def menu_open(page: Any, site: Site, tmp: Path) -> None:
    tap(page.locator("label.md-header__button[for=__drawer]"))


def citation_open(page: Any, site: Site, tmp: Path) -> None:
    tap(page.get_by_text("Citer cette entrée"))


@dataclass(frozen=True)
class Shot:
    name: str
    path: str
    prepare: Callable[..., None] | None = None
    part: str | None = None  #: a part of the page (CSS selector) instead of the first screen
    scroll_to: str | None = None  #: the screen that starts at this element (under the header)
    sizes: tuple[str, ...] = ("phone", "desktop")


SHOTS = [
    Shot("accueil", ""),
    Shot("loi", "lois/loi-temkin-5/"),
    Shot("commandement", "commandements/commandement-1-marque/"),
    Shot("procedure", "procedures/procedure-1-vision-confiance/"),
    Shot("regle", "regles/regle-temkin-1-lois-sacrees/"),
    Shot("cas", "cas/coolblue-retard-livraison/"),
    Shot("question", "questions/question-resoudre-ou-enqueter/"),
    Shot("notion", "notions/paradoxe-reclamation/"),
    Shot("collection", "collections/lois-temkin/"),
    Shot("source", "sources/schwab-revolution-relation-client/"),
    Shot("seance", "seances/seance-accueil-reclamation/"),
    Shot("parcours", "parcours/parcours-manager/"),
    Shot("mise-en-situation", "mises-en-situation/mise-en-situation-machine-a-cafe/"),
    Shot("guide", "guides/guide-coolblue-retard-livraison/"),
    Shot("quiz", "quiz/quiz-lois-temkin/"),
    Shot("terme", "glossaire/paradoxe-de-la-reclamation/"),
    Shot("historique", "lois/loi-temkin-5/", citation_open, part=".pb-history"),
    Shot("etape-de-parcours-suivi", "", path_followed),
    Shot("index-lois", "lois/"),
    Shot("index-cas", "cas/"),
    Shot("glossaire", "glossaire/"),
    Shot("etiquettes", "etiquettes/"),
    Shot("etiquette", "etiquettes/reclamations/"),
    Shot("recherche-resultats", "", search_results),
    Shot("recherche-aucun-resultat", "", search_nothing),
    Shot("recherche-filtres", "", search_filters),
    Shot("menu", "", menu_open, sizes=("phone",)),
    Shot("ma-seance-remplie", "", session_filled, scroll_to=".pb-builder__sheet-title"),
    Shot("auto-diagnostic-graphique", "", team_loaded, scroll_to=".pb-diagnostic__results"),
    Shot("auto-diagnostic-equipe", "", team_loaded, scroll_to=".pb-diagnostic__team-help"),
    Shot("nouveautes", "nouveautes/"),
    Shot("matrice", "vues/matrice/"),
    Shot("page-introuvable", "404.html"),
    Shot("imprimables", "imprimables/"),
    Shot("liste-de-controle", "listes/lois-temkin/"),
    Shot("kit-du-formateur", "kits/lois-temkin/"),
    Shot("feuille-de-seance", "kits/seance-accueil-reclamation/"),
    Shot("support-participant", "kits/seance-accueil-reclamation/support/"),
    Shot("contribuer", "contribuer/"),
    Shot("messages-du-validateur", "reference/messages/"),
]
CASES = [pytest.param(shot, size, id=f"{shot.name}-{size}") for shot in SHOTS for size in shot.sizes]


#: Every document the picture's page loads gets no CSS transitions and no tap highlight. A picture
#: is of the page at rest, and Chromium may keep a layer's raster from the middle of a transition:
#: the search results, drawn while Material widens the search box, came out with their glyphs
#: placed a fraction of a pixel off in five runs of six (0.7–0.9 % of the picture), however long
#: the test waited. A tap's highlight fades by itself, out of the page's sight (no animation to
#: wait for), so a picture taken just after a tap would depend on how soon it is taken.
STILL_JS = """document.addEventListener('DOMContentLoaded', () => {
  const style = document.createElement('style');
  style.textContent = '*, *::before, *::after { transition: none !important;'
    + ' -webkit-tap-highlight-color: transparent !important; }';
  document.head.append(style);
});"""
#: True once :data:`STILL_JS`'s style applies (a policy could refuse it): Material's header has
#: transitions of its own.
STILL_APPLIED_JS = """() => getComputedStyle(document.querySelector('.md-header')).transitionDuration
  .split(',').every(d => d.trim() === '0s')"""


#: True when the header shows what the scroll position asks for: the page's title once its heading
#: is out of sight, the site's name while the heading is clearly in sight (in between: either).
HEADER_MATCHES_SCROLL = """() => {
  const heading = document.querySelector('.md-content h1');
  const title = document.querySelector('.md-header__title');
  if (!heading || !title) return true;
  const box = heading.getBoundingClientRect();
  const active = title.classList.contains('md-header__title--active');
  if (box.bottom < 0) return active;
  if (box.top > document.querySelector('.md-header').offsetHeight + 16) return !active;
  return true;
}"""


def take(page: Any, shot: Shot) -> bytes:
    settle(page)
    if not getattr(page.context, "pb_touch", False):
        page.mouse.move(0, 0)  # no hover left behind
    settle(page)
    if shot.part:
        return page.locator(shot.part).first.screenshot(animations="disabled", caret="hide")
    if shot.scroll_to:
        page.locator(shot.scroll_to).first.evaluate(
            "e => window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY"
            " - document.querySelector('.md-header').offsetHeight - 8)"
        )
        settle(page)
        # the header shows the page's title once its heading has scrolled away (Material swaps it
        # when it sees the scroll, later on a busy machine): wait for the header the reader sees
        page.wait_for_function(HEADER_MATCHES_SCROLL)
    return page.screenshot(animations="disabled", caret="hide")


def compare(approved: Path, taken: bytes) -> str | None:
    """``None`` when the pictures are the same but for anti-aliasing; else what differs."""
    import io

    from PIL import Image, ImageChops

    old = Image.open(approved).convert("RGB")
    new = Image.open(io.BytesIO(taken)).convert("RGB")
    if old.size != new.size:
        return f"size {new.size[0]}×{new.size[1]} instead of {old.size[0]}×{old.size[1]}"
    diff = ImageChops.difference(old, new)
    channels = diff.split()
    worst = ImageChops.lighter(ImageChops.lighter(channels[0], channels[1]), channels[2])
    changed = worst.point(lambda v: 255 if v > CHANNEL_TOLERANCE else 0)
    count = changed.histogram()[255]
    share = count / (old.size[0] * old.size[1])
    if share <= PIXEL_SHARE:
        return None
    box = changed.getbbox()
    return f"{count} pixels differ ({share:.2%}), within {box}"


def difference_map(approved: Path, taken: bytes, target: Path) -> None:
    """The new picture, greyed, with what changed in red: where to look."""
    import io

    from PIL import Image, ImageChops, ImageOps

    old = Image.open(approved).convert("RGB")
    new = Image.open(io.BytesIO(taken)).convert("RGB")
    worst = ImageChops.difference(old, new).convert("L").point(lambda v: 255 if v > CHANNEL_TOLERANCE // 3 else 0)
    base = ImageOps.grayscale(new).convert("RGB")
    red = Image.new("RGB", new.size, (220, 0, 0))
    Image.composite(red, base, worst).save(target, optimize=True)


def save_png(data: bytes, target: Path) -> None:
    """The picture as a compact PNG (Pillow's optimizer: the approved images are committed)."""
    import io

    from PIL import Image

    target.parent.mkdir(parents=True, exist_ok=True)
    Image.open(io.BytesIO(data)).convert("RGB").save(target, optimize=True)


@pytest.mark.parametrize(("shot", "size"), CASES)
def test_every_page_looks_as_approved(
    screens_site: Site, chromium: Callable[[str], Any], shot: Shot, size: str, tmp_path: Path
) -> None:
    page = chromium(size).new_page()
    page.add_init_script(STILL_JS)
    page.goto(screens_site.url + shot.path)
    settle(page)
    if shot.prepare is not None:
        shot.prepare(page, screens_site, tmp_path)
    assert page.evaluate(STILL_APPLIED_JS), "the page still has its CSS transitions: its picture would depend on timing"
    taken = take(page, shot)
    name = f"{shot.name}-{size}.png"
    approved = APPROVED / name
    if UPDATE:
        save_png(taken, approved)
        return
    if not approved.is_file():
        save_png(taken, NEW / name)
        pytest.fail(
            f"no approved picture {approved.relative_to(REPO)}: look at {NEW.relative_to(REPO)}/{name}, "
            "then `make screenshots`",
            pytrace=False,
        )
    problem = compare(approved, taken)
    if problem is not None:
        save_png(taken, NEW / name)
        difference_map(approved, taken, NEW / name.replace(".png", ".diff.png"))
        pytest.fail(
            f"{name}: {problem}. Look at {NEW.relative_to(REPO)}/{name} and its .diff.png; if the change is "
            "wanted, `make screenshots` approves it",
            pytrace=False,
        )


def test_the_comparison_sees_a_change_and_forgives_anti_aliasing(tmp_path: Path) -> None:
    """The check can fail: a moved block is seen; a one-pixel shade of grey on glyph edges is not."""
    import io

    from PIL import Image, ImageDraw

    def picture(draw: Callable[[Any], None]) -> bytes:
        image = Image.new("RGB", (390, 844), "white")
        draw(ImageDraw.Draw(image))
        out = io.BytesIO()
        image.save(out, format="PNG")
        return out.getvalue()

    approved = tmp_path / "approved.png"
    approved.write_bytes(picture(lambda d: d.rectangle((20, 100, 370, 160), fill="black")))
    same_but_edges = picture(
        lambda d: (d.rectangle((20, 100, 370, 160), fill="black"), d.line((20, 99, 370, 99), fill=(225, 225, 225)))
    )
    moved = picture(lambda d: d.rectangle((20, 130, 370, 190), fill="black"))
    assert compare(approved, same_but_edges) is None
    assert compare(approved, moved) is not None

    taller = io.BytesIO()
    Image.new("RGB", (390, 900), "white").save(taller, format="PNG")
    assert "size 390×900" in (compare(approved, taller.getvalue()) or "")

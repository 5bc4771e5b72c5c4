"""The lock and the install never take a pre-release, above all not MkDocs "2.0" (2.0.dev0-dev6 on
PyPI: no plugin system, no licence, and they refuse to build a site that has a ``mkdocs.yml``).

A resolver told to allow pre-releases (``pip install --pre``, ``uv --prerelease allow``) would take
one wherever a requirement lets it: each requirement on MkDocs, ours and every installed
distribution's, must exclude them by itself (PEP 440: ``<2`` excludes ``2.0.devN``)."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import distributions

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from conftest import REPO

MKDOCS_2_PRERELEASES = [Version(f"2.0.dev{n}") for n in range(7)]
LOCK = REPO / "requirements.lock"


def locked() -> dict[str, Version]:
    pins: dict[str, Version] = {}
    for number, line in enumerate(LOCK.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith(("#", "--hash")):
            continue  # blank, a comment (uv's "# via" lines too), or a hash continuing the line above
        match = re.fullmatch(r"([A-Za-z0-9._-]+)==([^\s;]+)(?:\s*--hash=\S+)*\s*\\?", line.strip())
        assert match, f"requirements.lock:{number}: not an exact pin: {line!r}"
        pins[match[1].lower().replace("_", "-")] = Version(match[2])
    return pins


def test_the_lock_pins_final_releases_only_and_mkdocs_1_x() -> None:
    pins = locked()
    assert [f"{name}=={v}" for name, v in pins.items() if v.is_prerelease or v.is_devrelease] == []
    assert Version("1.6") <= pins["mkdocs"] < Version("2")
    assert pins["mkdocs-material"] == Version("9.8.2")  # the privacy plugin's path-traversal fix


def our_requirements() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = [r for group in project["optional-dependencies"].values() for r in group]
    return [Requirement(r) for r in [*project["dependencies"], *extras]]


def refuses_mkdocs_2(requirement: Requirement) -> bool:
    return not any(requirement.specifier.contains(v, prereleases=True) for v in MKDOCS_2_PRERELEASES)


def test_our_requirement_on_mkdocs_refuses_its_prereleases_even_when_they_are_allowed() -> None:
    on_mkdocs = [r for r in our_requirements() if r.name.lower() == "mkdocs"]
    assert on_mkdocs, "pyproject.toml must require mkdocs"
    assert [str(r) for r in on_mkdocs if not refuses_mkdocs_2(r)] == []
    assert refuses_mkdocs_2(Requirement("mkdocs>=1.6,<2"))
    assert not refuses_mkdocs_2(Requirement("mkdocs>=1.6"))  # what the check catches


def test_no_installed_distribution_lets_a_resolver_take_mkdocs_2() -> None:
    """mkdocs-material, properdocs' plugins, the project itself: every one that requires MkDocs."""
    loose = []
    for dist in distributions():
        for text in dist.requires or []:
            requirement = Requirement(text)
            if requirement.name.lower() == "mkdocs" and not refuses_mkdocs_2(requirement):
                loose.append(f"{dist.metadata['Name']}: {text}")
    assert loose == []


#: The Makefile's recipe lines that install with pip (directly or through $(PIP_INSTALL)).
PIP_LINES = [
    line
    for line in (REPO / "Makefile").read_text(encoding="utf-8").splitlines()
    if line.startswith("\t") and ("pip install" in line or "$(PIP_INSTALL)" in line)
]


@pytest.mark.parametrize("makefile_line", PIP_LINES)
def test_the_install_never_asks_for_prereleases(makefile_line: str) -> None:
    assert "--pre" not in makefile_line.split()
    assert (
        re.search(r"-r (requirements(-build)?\.lock\b|\$\(PYTHON_LOCK\))", makefile_line)
        or "--no-deps" in makefile_line
    )
    # $(PYTHON_LOCK): requirements.lock, or (make compat's MaterialX venv) requirements-materialx.lock
    assert "\nPYTHON_LOCK ?= requirements.lock\n" in (REPO / "Makefile").read_text(encoding="utf-8")

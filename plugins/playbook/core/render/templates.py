"""The Jinja templates: one loader (theme overrides first, then the built-in templates) and one
environment factory, shared by the pages (:mod:`.renderer`) and by ``playbook new``
(:mod:`playbook.core.scaffold`).

Templates live in ``plugins/playbook/templates/playbook/``; a site overrides any of them by
putting a file of the same name under its theme's ``custom_dir`` (``overrides/playbook/...``).
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache

from ..cache import salt_dir
from ..resources import TEMPLATE_PACKAGE_DIR


class RenderError(Exception):
    """A template failed (usually an override in the theme's custom_dir); names file and line."""


def template_loader(override_dirs: Sequence[Path | str] = ()) -> jinja2.BaseLoader:
    """The templates of ``override_dirs`` (searched first, in order), then the built-in ones."""
    return jinja2.ChoiceLoader(
        [
            *(jinja2.FileSystemLoader(str(d)) for d in override_dirs),
            jinja2.FileSystemLoader(str(TEMPLATE_PACKAGE_DIR)),
        ]
    )


def environment(loader: jinja2.BaseLoader, **options: Any) -> jinja2.Environment:
    """A Jinja environment with the options every template of the project is written for (its
    compiled templates kept across builds: :class:`CompiledTemplates`)."""
    return jinja2.Environment(
        loader=loader,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        bytecode_cache=CompiledTemplates(),
        **options,
    )


#: What a compiled template depends on besides its source (which Jinja checks itself, by digest):
#: two environments that differ in any of these never share compiled code.
_COMPILE_OPTIONS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
    "is_async",
)


class CompiledTemplates(jinja2.BytecodeCache):
    """The compiled templates of one environment, kept between processes, so that a build does
    not compile every template again (most of the fixed cost of a small build).

    They live in a folder of the user's cache (``~/.cache/playbook/jinja/<key>/``, never a
    repository's), one per Jinja and Python version and per way the environment compiles: its
    options, autoescape, finalize, extensions, and the names of its filters and tests with how
    each is called (the compiled code depends on all of these). The folder is chosen at the first
    template, when the environment has all its filters. A template whose source changed is
    compiled again (Jinja compares digests). Nothing is cached (every build compiles, as without
    this class) when the folder is not private to this user or cannot be made or written."""

    def __init__(self) -> None:
        self._store: jinja2.FileSystemBytecodeCache | None = None
        self._chosen = False

    def _folder_for(self, env: jinja2.Environment) -> jinja2.FileSystemBytecodeCache | None:
        if not self._chosen:
            self._chosen = True
            self._store = _private_store(_compile_key(env))
        return self._store

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        store = self._folder_for(bucket.environment)
        if store is not None:
            try:
                store.load_bytecode(bucket)
            except OSError:
                bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        store = self._folder_for(bucket.environment)
        if store is not None:
            try:
                store.dump_bytecode(bucket)
            except OSError:
                self._store = None  # a full disk, a folder gone: compile as usual from now on


def _compile_key(env: jinja2.Environment) -> str:
    signature = [jinja2.__version__, sys.version, *(repr(getattr(env, name, None)) for name in _COMPILE_OPTIONS)]
    signature += [_qualname(env.autoescape), _qualname(env.finalize), *sorted(env.extensions)]
    for kind, table in (("filter", env.filters), ("test", env.tests)):
        signature += sorted(f"{kind}:{name}:{getattr(f, 'jinja_pass_arg', None)}" for name, f in table.items())
    return hashlib.blake2b("\0".join(signature).encode(), digest_size=12).hexdigest()


def _private_store(key: str) -> jinja2.FileSystemBytecodeCache | None:
    folder = salt_dir() / "jinja" / key
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        infos = [os.lstat(folder), os.lstat(folder.parent)]
    except OSError:
        return None
    for info in infos:
        if info.st_uid != os.getuid() or info.st_mode & 0o022 or not stat.S_ISDIR(info.st_mode):
            return None  # a link, or a folder another user could write code into
    return jinja2.FileSystemBytecodeCache(str(folder))


def _qualname(value: Any) -> str:
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', repr(value))}"
    return repr(value)


def template_location(exc: BaseException, name: str) -> str:
    """The innermost template frame of a Jinja error, as path:line."""
    tb = exc.__traceback__
    location = name
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            location = f"{filename}:{tb.tb_lineno}"
        tb = tb.tb_next
    return location

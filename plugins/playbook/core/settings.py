"""The ``playbook`` plugin's options read from ``mkdocs.yml`` without MkDocs (for the command line).

``python -m playbook review`` needs the review policy the site uses (plugin option ``review``).
MkDocs' tags are read as MkDocs reads them where it matters (``!ENV [NAME, default]``: the
variable, else the default) and ignored elsewhere (``!!python/name:...`` is never imported).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml


class SettingsError(ValueError):
    """``mkdocs.yml`` cannot be read; the message says which file and why."""


class _Loader(yaml.SafeLoader):
    """Safe YAML plus MkDocs' ``!ENV``; any other tag reads as ``None`` (nothing is executed)."""


def _env(loader: _Loader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        names: list[Any] = [loader.construct_scalar(node)]
    elif isinstance(node, yaml.SequenceNode):
        names = loader.construct_sequence(node)
    else:
        return None
    *variables, default = names if len(names) > 1 else [*names, None]
    for name in variables:
        if isinstance(name, str) and name in os.environ:
            return yaml.safe_load(os.environ[name])
    return default


def _other(loader: _Loader, suffix: str, node: yaml.Node) -> None:
    return None


_Loader.add_constructor("!ENV", _env)
_Loader.add_multi_constructor("!", _other)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _other)


def plugin_options(config_file: Path, plugin: str = "playbook") -> dict[str, Any]:
    """The options of ``plugin`` in ``config_file`` (``{}`` when it has none)."""
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise SettingsError(f"{config_file}: cannot be read ({error})") from None
    plugins = data.get("plugins") if isinstance(data, dict) else None
    for item in plugins or []:
        if isinstance(item, dict) and plugin in item:
            return dict(item[plugin] or {})
        if item == plugin:
            return {}
    if isinstance(plugins, dict) and plugin in plugins:
        return dict(plugins[plugin] or {})
    return {}

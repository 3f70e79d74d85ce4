"""Imports one version of a module from a file, under a name of its own, so an A/B script can hold the old
(`git show main:path > /tmp/old.py`) and the new version side by side in one process."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Union


def load(path: Union[str, Path], name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses and pickling look the module up by name
    spec.loader.exec_module(module)
    return module

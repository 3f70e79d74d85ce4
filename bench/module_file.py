"""Imports one version of a module from a file, under a name of its own, so an A/B script can hold the old
(`git show main:path > /tmp/old.py`) and the new version side by side in one process."""

from __future__ import annotations

import argparse
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


def ab_parser(rounds: int) -> argparse.ArgumentParser:
    """The arguments every A/B script takes: the old and the new file, and how many rounds the two alternate."""
    parser = argparse.ArgumentParser()
    parser.add_argument("old", help="the old version's file (git show main:path > /tmp/old.py)")
    parser.add_argument("new", help="the new version's file")
    parser.add_argument("--rounds", type=int, default=rounds)
    return parser

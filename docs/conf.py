"""Sphinx configuration for simple-workflow's documentation."""

from __future__ import annotations

import swf

project = "simple-workflow"
author = "simple-workflow developers"
copyright = "2026, simple-workflow developers"
release = swf.__version__
version = swf.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.intersphinx",
    "sphinx.ext.viewcode",
]
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": True}
nitpicky = False
intersphinx_mapping: dict[str, tuple[str, str | None]] = {}
exclude_patterns = ["_build"]
html_theme = "alabaster"
html_static_path: list[str] = []

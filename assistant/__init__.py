"""Answering Vietnamese questions over the indexed articles, with checked citations."""

import indexing  # noqa: F401  (applies the offline environment defaults first)

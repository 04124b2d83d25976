"""Turning article files into cleaned, chunked, embedded passages in Chroma."""

from indexing import offline

offline.apply()

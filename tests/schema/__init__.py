"""Tests of the schema: the spec and what derives from it."""

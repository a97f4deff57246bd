"""Tests of the release store: versions, history, changes between releases."""

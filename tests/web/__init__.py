"""Tests of the SQLite export and the web view."""

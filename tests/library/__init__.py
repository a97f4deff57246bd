"""Tests of the reading library: loading, Dataset, queries, time, the public names."""

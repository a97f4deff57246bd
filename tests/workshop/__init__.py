"""Tests of the maintainers' workshop: record files, build, release, scaffold, review, reliability, codebook."""

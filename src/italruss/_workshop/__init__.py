"""The maintainers' workshop: reading record files, build, release, scaffold, review, reliability, codebook."""

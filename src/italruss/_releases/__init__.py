"""The release store: dataset versions and their files, revision history, changes between releases, manifest."""

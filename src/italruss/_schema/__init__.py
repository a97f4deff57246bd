"""The schema: the one spec (`spec`) and everything derived from it (dtypes and checks, pandera models, descriptors).

Imports nothing of italruss but `italruss._errors`.
"""

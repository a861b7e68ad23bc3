"""The stand-in's tables, shared by the tests (they live beside the stand-in, for the demo)."""

from sandbox.statbank import AGES, LAST, add_tables

__all__ = ["AGES", "LAST", "add_tables"]

"""amc-assess: measure, score, benchmark and report Alliance Management Capability."""

__version__ = "0.1.0"

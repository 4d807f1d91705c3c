"""nrkb: a structured, sourced knowledge base of NATO-Russia relations since 1991."""

# Kept free of imports: `nrkb --version` and every query import this package first.
__version__ = "0.1.0"

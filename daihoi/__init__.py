"""daihoi — congresses across a hierarchy of units."""

__version__ = "0.1.0"

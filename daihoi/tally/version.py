"""The engine's version, stored with every frozen count (issue 3, item 4)."""

ENGINE_VERSION = "1.0"
ENGINE = f"daihoi-tally {ENGINE_VERSION}"

"""pchain: a guided posterior-chain workout timer for the terminal."""

__version__ = "0.1.0"

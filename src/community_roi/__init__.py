"""community-roi: what community management earns, measured nightly."""
__version__ = "0.1.0"

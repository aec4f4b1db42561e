"""Moved to `community_roi.formatting` (the PDF board pack formats figures the same way); this
re-export keeps `import formatting` working for the app's modules and tests."""

from community_roi.formatting import *

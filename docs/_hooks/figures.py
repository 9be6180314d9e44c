"""MkDocs hook: SVG figures drawn from real scratchnet runs during the build. (STUB: being written.)"""

"""MkDocs hook: The PyTorch cross-check table, computed during the build. (STUB: being written.)"""

"""MkDocs hook: Trace JSON files for the step-through player, written during the build. (STUB: being written.)"""

"""Editors' tools that compare two versions of the handbook; neither built nor shipped.

``decision_diff`` lists every tool answer a change alters. It sits above both halves of tools_py:
it compiles each version's data (the build-time half) and asks its tools (the run-time half), and
neither half imports it.
"""

"""The attendance handbook's decision tools.

Modules directly in this package are the decision logic: pure functions from answers and compiled
policy data to an outcome, standard library only, so the very same files run in CPython (tests,
command line, page macros) and in the reader's browser (Pyodide). ``compile/`` (reading and checking
the YAML) and ``site/`` (MkDocs glue) are build-time only.
"""

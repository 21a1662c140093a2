"""Build-time glue between the compiled policy data and MkDocs: macros, hooks, assets, the wheel."""

"""Build-time half of tools_py: reads policy_data/ (YAML), checks it, compiles it to plain data.

Needs PyYAML and jsonschema; nothing here is shipped to the browser. Importing it makes the YAML the
run-time half's data source in a source checkout (``tools_py.api.load_data``); the run-time half
never imports this package, so the two halves import in one direction only.
"""

from tools_py import api as _api

from .errors import DataError, PolicyDataInvalid
from .policy import POLICY_DATA, compile_policy, parse_date

_api.use_source(compile_policy)

__all__ = ["DataError", "PolicyDataInvalid", "POLICY_DATA", "compile_policy", "parse_date"]

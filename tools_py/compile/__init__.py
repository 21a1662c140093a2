"""Build-time half of tools_py: reads policy_data/ (YAML), checks it, compiles it to plain data.

Needs PyYAML and jsonschema; nothing here is shipped to the browser.
"""

from .errors import DataError, PolicyDataInvalid
from .policy import POLICY_DATA, compile_policy, parse_date

__all__ = ["DataError", "PolicyDataInvalid", "POLICY_DATA", "compile_policy", "parse_date"]

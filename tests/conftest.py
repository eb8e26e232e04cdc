import sys
from pathlib import Path

# `helpers` sits beside the tests; make it importable however pytest is invoked.
sys.path.insert(0, str(Path(__file__).parent))

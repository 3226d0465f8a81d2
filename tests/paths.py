"""Where the project and the reference material are, for tests in any folder under tests/."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]          # the project root
SHARED = ROOT.parent / "shared"                      # ../shared: reference material beside the project
APP = ROOT / "dashboard" / "app.py"                  # the Streamlit entry point

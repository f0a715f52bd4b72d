"""The desktop app's window fixtures (from the UI tests) for the statements tab's tests."""

from tests.ui.conftest import controller, window  # noqa: F401 - fixtures, found by pytest

"""portal."""

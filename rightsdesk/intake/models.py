"""Report data arrives with the secure-reporting issue."""

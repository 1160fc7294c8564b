"""Case data arrives with the casework issue; the app is wired so the staff side has a home."""

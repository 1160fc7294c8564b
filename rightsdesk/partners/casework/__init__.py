"""casework."""

"""pledges stage."""

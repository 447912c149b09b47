"""Files → clean documents → passages."""

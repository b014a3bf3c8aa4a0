"""API Lab services: one domain layer, one thin adapter per protocol."""

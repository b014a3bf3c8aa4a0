"""Pieces shared by the adapters: settings, command line, HTTP problem details."""

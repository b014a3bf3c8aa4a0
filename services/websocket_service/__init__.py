"""WebSocket: predictions and token streaming over one long-lived, two-way connection."""

"""One module per area of the API; each route is one service call."""

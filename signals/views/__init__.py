"""HTML pages of the signals app, one module per part of the domain."""

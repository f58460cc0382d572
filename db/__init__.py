"""The SQLite database: schema, idempotent build and Datasette metadata."""

"""The web view: the dataset exported to SQLite and browsed with Datasette (imported only when asked for)."""

"""Database layer: models, engine/session helpers, SQL views and migrations."""

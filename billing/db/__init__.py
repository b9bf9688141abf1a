"""Persistence: SQLAlchemy models, the database connection, Alembic migrations."""

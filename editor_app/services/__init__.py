"""Use cases: one module per capability. They take the database and the acting user, enforce
permissions and return plain results or raise typed errors. No Qt."""

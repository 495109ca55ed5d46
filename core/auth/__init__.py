"""Users, passwords (argon2id) and API tokens."""

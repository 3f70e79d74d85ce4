"""Tenancy data: schema, demo seed and read functions (the back-office boundary)."""

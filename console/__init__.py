"""Staff console: a web page where a corporation's staff curate the knowledge base and see how
the assistant does (python -m console)."""

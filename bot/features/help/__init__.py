"""/help: what songbot does, every command and button, and this server's limits for you."""

"""Usage limits: what a server allows, and whether one more song fits. Pure logic."""

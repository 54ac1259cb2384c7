"""``/songadmin``: a server's limits, channels, blocks and time zone, set by its moderators."""

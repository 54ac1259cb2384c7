"""/challenge: song challenges. A theme, entries (a finished song, or one made for it), one
fair vote per member with the counts hidden, a podium, and a season leaderboard."""

"""The buttons under every finished song (Regenerate, Remix, Lyrics, Delete): the custom ids
that survive restarts, what each does, the Remix form and what they show."""

"""/jam: collaborative lyric sessions. A server writes lyrics together on a live lyric sheet
in a thread (open, approve, turns or hidden mode), then makes the song, credited to all."""

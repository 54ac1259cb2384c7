"""What the parties' use cases say to a member (English; the front end says it in their
words)."""

NOT_IN_VOICE = "Join a voice channel first: the party plays where you are."
ELSEWHERE = "A party is playing in {channel} now: join it there (one party per server)."
BLOCKED = "A moderator has paused your song-making on this server, so you can't start a party."
CHANNEL = "Songs are played from {channels} on this server."
NO_SONG = "I have no finished song with that job id (or name) here."
BAD_VERSION = "The version is 1 or 2."
NO_VERSION = "That song has no version {version}."
NO_SESSION_SONGS = "That session has no finished song to play yet."
NO_ENTRIES = "That challenge has no entries to play yet."
NO_RECENT = "This server has no finished songs to play yet."
ENDED = "This party has ended."
NOT_YOURS = (
    "Only the member who started this party, members in its voice channel and moderators"
    " can do that."
)
FULL = "The party's line is full: wait for a few songs to play first."
NOTHING_AFTER = "Nothing was left to play after the song that was playing."

"""The fair queue between members and the API: songs beyond the caps wait in line, in a fair
order, visible on their messages, cancellable, and kept in the database across restarts."""

"""The dashboard's forms, as a table: each names its fields (with the bounds ``/songadmin``'s
options have, so a value the command refuses is refused here too) and the use case it calls
(:mod:`.dashboard_actions`). A new setting is a new row here; the page draws it."""

from __future__ import annotations

from bot.features.jam.rules import MAX_SHEET_CHARS
from bot.features.moderation.limits import Limit
from bot.features.moderation.service import GALLERY_VISIBILITIES
from bot.store.records import DEFAULT_ESTIMATE, PERIODS, WEEKDAYS
from bot.web import dashboard_actions as do
from bot.web.form_fields import Field, Form

TOKENS_MAX = 1_000_000_000  # as /songadmin budget's and estimate's tokens option
BUDGET_SCOPES = ("server", "member", "role")


def _limit(limit: Limit) -> Field:
    return Field(
        limit.value, limit.label.capitalize(), now=lambda o: getattr(o.policy, limit.column)
    )


def _rule(name: str, label: str, high: float, kind: str = "whole") -> Field:
    """A rule for lyric sessions (as ``/songadmin jam``'s option of the same name)."""
    return Field(
        name, label, kind, high=high, empty="default", now=lambda o: getattr(o.sessions_rules, name)
    )


FORMS: tuple[Form, ...] = (
    Form(
        "limits",
        "Song limits",
        tuple(
            _limit(limit)
            for limit in (
                Limit.MEMBER_DAILY,
                Limit.MEMBER_WEEKLY,
                Limit.MEMBER_MONTHLY,
                Limit.COOLDOWN,
                Limit.MEMBER_CONCURRENT,
                Limit.SERVER_CONCURRENT,
                Limit.SERVER_DAILY,
                Limit.SERVER_WEEKLY,
                Limit.SERVER_MONTHLY,
            )
        ),
        do.limits,
        only_changes=True,
    ),
    Form(
        "queue",
        "The queue beyond the caps",
        (
            Field(
                "mode",
                "Beyond the caps",
                "choice",
                choices=("queue", "refuse"),
                now=lambda o: o.policy.queue_mode,
            ),
            _limit(Limit.MEMBER_WAITING),
            _limit(Limit.SERVER_WAITING),
        ),
        do.queue,
        only_changes=True,
    ),
    Form(
        "pause",
        "Pause or resume the queue",
        (Field("paused", "Pause", "choice", choices=("pause", "resume"), hidden=True),),
        do.pause,
    ),
    Form(
        "cancel",
        "Cancel a waiting song",
        (Field("song", "Song", high=2**62, hidden=True),),
        do.cancel,
        submit="Cancel",
    ),
    Form(
        "role",
        "A role's daily limit",
        (
            Field("role", "Role", "id", empty="", role=True),
            Field("daily", "Songs a day per member", empty="unlimited"),
        ),
        do.role,
    ),
    Form(
        "role_clear",
        "Back to the server's limit",
        (Field("role", "Role id", "id", hidden=True),),
        do.role_clear,
        submit="Clear",
    ),
    Form(
        "channel",
        "Where /song works",
        (
            Field("channel", "Channel id", "id", empty=""),
            Field("allowed", "Songs there", "choice", choices=("allow", "remove")),
        ),
        do.channel,
    ),
    Form(
        "block",
        "Pause a member's song-making",
        (
            Field("member", "Member id", "id", empty=""),
            Field("reason", "Reason", "text", high=200, empty="(optional)"),
        ),
        do.block,
        submit="Block",
    ),
    Form(
        "unblock",
        "Resume a member",
        (Field("member", "Member id", "id", hidden=True),),
        do.unblock,
        submit="Unblock",
    ),
    Form(
        "timezone",
        "Time zone and week",
        (
            Field("name", "IANA name", "text", high=64, empty="", now=lambda o: o.policy.timezone),
            Field(
                "week_start",
                "The week starts on",
                "choice",
                choices=WEEKDAYS,
                now=lambda o: WEEKDAYS[o.policy.week_start],
            ),
        ),
        do.timezone,
        only_changes=True,
    ),
    Form(
        "budget",
        "Set a token budget",
        (
            Field("scope", "Scope", "choice", choices=BUDGET_SCOPES),
            Field("period", "Period", "choice", choices=PERIODS),
            Field("role", "Role (scope role)", "id", empty="no role", role=True),
            Field("tokens", "Tokens", high=TOKENS_MAX, empty=""),
        ),
        do.budget,
    ),
    Form(
        "budget_clear",
        "Remove a token budget",
        (
            Field("scope", "Scope", "choice", choices=BUDGET_SCOPES, hidden=True),
            Field("period", "Period", "choice", choices=PERIODS, hidden=True),
            Field("role", "Role id", high=2**64, hidden=True),  # 0: not a role's
        ),
        do.budget_clear,
        submit="Remove",
    ),
    Form(
        "estimate",
        "A song's tokens before there is history",
        (
            Field(
                "tokens",
                "Tokens a song is reckoned at",
                high=TOKENS_MAX,
                empty=f"the default, {DEFAULT_ESTIMATE}",
                now=lambda o: o.policy.token_estimate,
            ),
        ),
        do.estimate,
        only_changes=True,
    ),
    Form(
        "gallery",
        "Who sees it",
        (
            Field(
                "visibility",
                "Visibility",
                "choice",
                choices=GALLERY_VISIBILITIES,
                now=lambda o: o.visibility,
            ),
        ),
        do.gallery,
    ),
    Form(
        "log_channel",
        "Choose its channel",
        (
            Field(
                "channel",
                "Channel",
                "id",
                empty="",
                channel=True,
                now=lambda o: o.log_channel.channel_id if o.log_channel else None,
            ),
        ),
        do.log_channel,
        posts_in="channel",
    ),
    Form("log_off", "Turn the log off", (), do.log_off, submit="Turn off"),
    Form(
        "sessions",
        "Rules for sessions",
        (
            Field(
                "starter_role",
                "Who may start",
                "id",
                empty="everyone",
                role=True,
                now=lambda o: o.sessions_rules.starter_role_id,
            ),
            _rule("max_open", "Open sessions at once", 50),
            _rule("lines_per_member", "Lines per member per session", 500),
            _rule("line_chars", "Characters per line", 500),
            _rule("sheet_chars", "Characters per sheet", MAX_SHEET_CHARS),
            _rule("lines_per_minute", "Lines per member per minute", 60),
            _rule("idle_hours", "Idle hours before a session ends", 720, "number"),
            _rule("turn_minutes", "Minutes per turn", 1440, "number"),
        ),
        do.sessions,
        only_changes=True,
    ),
    Form(
        "challenges",
        "Rules for challenges",
        (
            Field(
                "starter_role",
                "Who may start besides moderators",
                "id",
                empty="moderators only",
                role=True,
                now=lambda o: o.challenge_rules.starter_role_id,
            ),
            Field(
                "min_member_days",
                "Days on the server before voting",
                "number",
                high=365,
                empty="1",
                now=lambda o: o.challenge_rules.min_member_days,
            ),
        ),
        do.challenges,
        only_changes=True,
    ),
)
BY_NAME = {form.name: form for form in FORMS}

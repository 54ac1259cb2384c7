"""What the Discord stand-in knows: one guild, its channels and members, the messages and
files in it, the interactions members have started, and a log of every REST call. Nothing here
speaks HTTP or the gateway: the REST routes and the gateway read and change it, and the test
driver looks into it."""

from __future__ import annotations

import secrets
import time
from typing import Any

from tests.standin.discord import payloads as p
from tests.standin.discord.records import EPHEMERAL, Call, Interaction, Refusal, UploadedFile


class World:
    """The guild, its channels, members and messages; uploaded files; interactions."""

    def __init__(
        self, *, channels: int, token_lifetime: float, guilds: int = 1, shards: int = 1
    ) -> None:
        """``guilds=2`` (or more) adds servers (the bot is in all) with one channel each, the
        last of ``channel_ids``; the same members are in all. With ``shards``, server ``n``
        has an id that Discord's rule, ``(id >> 22) % shards``, puts on shard ``n % shards``."""
        self.token_lifetime = token_lifetime
        self.base = ""  # where the CDN is, once the server listens
        self.calls: list[Call] = []
        self.rate_limited: list[Call] = []
        self.messages: dict[str, dict[str, Any]] = {}
        self.deleted: list[dict[str, Any]] = []
        self.message_events: list[tuple[str, dict[str, Any]]] = []  # for message_events.py
        self.files: dict[str, UploadedFile] = {}
        self.interactions: dict[str, Interaction] = {}
        self.commands: dict[str, list[dict[str, Any]]] = {}  # "global" or a guild id
        self.threads: dict[str, dict[str, Any]] = {}
        self.clock_offset = 0.0  # seconds Discord's clock is ahead (tests age messages so)
        # A server's language (Community servers set it in their settings); Discord sends it
        # in GUILD_CREATE and as every interaction's guild_locale. Set before the bot connects.
        self.guild_locales: dict[str, str] = {}
        self.joined_at: dict[str, str] = {}  # a member's joined_at (ISO), when not "now"
        # Voice channels and who is in them, by guild (kept by the voice part, voice.py)
        self.voice_channels: dict[str, list[dict[str, Any]]] = {}
        self.voice_states: dict[str, list[dict[str, Any]]] = {}

        self.app_id = p.snowflake()
        self.bot_user = p.user(self.app_id, "songbot", bot=True)
        self.shards = shards
        self.guild_id = p.snowflake_on(0, shards)
        self.owner = p.user(p.snowflake(), "owner")
        self.member = p.user(p.snowflake(), "member")
        self.channel_ids = [p.snowflake() for _ in range(channels)]
        self.dj_role = p.role(p.snowflake(), "DJ", 0, position=1)
        # A role that manages the server (the web dashboard's moderators), and each member's
        # roles on every server (a test moves a member in or out of it, as a server owner does)
        self.moderator_role = p.role(p.snowflake(), "Moderators", p.MANAGE_GUILD, position=2)
        self.member_roles: dict[str, list[str]] = {}
        self.overwrites: dict[str, list[dict[str, Any]]] = {}  # a text channel's, set by a test
        self.extra_members: list[dict[str, Any]] = []  # members beyond the owner and member
        self.guild_channels = {self.guild_id: list(self.channel_ids)}
        for number in range(1, guilds):
            other, channel_id = p.snowflake_on(number % shards, shards), p.snowflake()
            self.guild_channels[other] = [channel_id]
            self.channel_ids.append(channel_id)

    def shard_of(self, guild_id: str | None, shards: int) -> int:
        """Which shard hears a server's events (direct messages: shard 0), by Discord's rule."""
        return (int(guild_id) >> 22) % shards if guild_id else 0

    def age(self, message_id: str) -> float:
        """Seconds since the message was posted, by the timestamp in its id."""
        try:
            posted = ((int(message_id) >> 22) + p.DISCORD_EPOCH_MS) / 1000
        except ValueError:
            return 0.0
        return time.time() + self.clock_offset - posted

    # --- the guild -------------------------------------------------------------------------

    def guilds(self) -> list[dict[str, Any]]:
        """Every server the bot is in, as GUILD_CREATE sends it."""
        members = [p.member(self.bot_user), p.member(self.owner), p.member(self.member)]
        return [
            p.guild(
                guild_id=guild_id,
                name="Stand-in Server" if guild_id == self.guild_id else "Other Server",
                owner_id=self.owner["id"],
                channels=[self.channel(cid) for cid in channel_ids]
                + self.voice_channels.get(guild_id, []),
                roles=self.roles(guild_id),
                members=members,
                preferred_locale=self.guild_locale(guild_id),
            )
            | {"voice_states": self.voice_states.get(guild_id, [])}
            for guild_id, channel_ids in self.guild_channels.items()
        ]

    def roles(self, guild_id: str) -> list[dict[str, Any]]:
        return [p.role(guild_id, "@everyone", p.MEMBER_PERMISSIONS), self.dj_role,
                self.moderator_role]  # fmt: skip

    def guild_locale(self, guild_id: str) -> str:
        return self.guild_locales.get(guild_id, "en-US")

    def guild_of(self, channel_id: str) -> str:
        """The server a channel (or a thread's channel) is in."""
        parent = self.threads.get(channel_id, {}).get("parent_id", channel_id)
        return next(
            (g for g, channel_ids in self.guild_channels.items() if parent in channel_ids),
            self.guild_id,
        )

    def channel(self, channel_id: str) -> dict[str, Any]:
        """A text channel or a thread, as Discord sends it."""
        if channel_id in self.threads:
            return self.threads[channel_id]
        if channel_id not in self.channel_ids:
            raise Refusal(404, 10003, "Unknown Channel")
        index = self.channel_ids.index(channel_id)
        found = p.text_channel(channel_id, self.guild_of(channel_id), f"songs-{index}", index)
        return found | {"permission_overwrites": self.overwrites.get(channel_id, [])}

    # --- threads ---------------------------------------------------------------------------

    def start_thread(self, message: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        """A public thread on ``message``: as on Discord, it has the message's id."""
        if message["id"] in self.threads:
            raise Refusal(400, 160004, "A thread has already been created for this message")
        name = str(body.get("name") or "")
        if not 1 <= len(name) <= 100:  # Discord's limit for a thread's name
            raise Refusal(400, 50035, "Invalid Form Body", ["name: must be 1 to 100 characters"])
        thread = {
            "id": message["id"], "type": 11, "guild_id": self.guild_of(message["channel_id"]),
            "parent_id": message["channel_id"], "name": name, "owner_id": self.app_id,
            "last_message_id": None, "message_count": 0, "member_count": 1,
            "rate_limit_per_user": 0, "flags": 0, "total_message_sent": 0,
            "thread_metadata": {
                "archived": False, "locked": False,
                "auto_archive_duration": int(body.get("auto_archive_duration") or 4320),
                "archive_timestamp": p.now_iso(),
            },
        }  # fmt: skip
        self.threads[thread["id"]] = thread
        message["thread"] = thread
        message["flags"] = message.get("flags", 0) | 32  # HAS_THREAD
        return thread

    def can_post(self, channel_id: str) -> None:
        """Discord's rule for a message in a thread: a locked, archived one refuses it, an
        archived one opens again."""
        thread = self.threads.get(channel_id)
        if thread is None:
            return
        meta = thread["thread_metadata"]
        if meta["archived"] and meta["locked"]:
            raise Refusal(400, 50083, "Thread is archived")
        meta["archived"] = False

    # --- interactions ----------------------------------------------------------------------

    def begin_interaction(
        self,
        kind: int,
        user: dict[str, Any],
        channel_id: str,
        message_id: str | None = None,
        trigger: Interaction | None = None,
    ) -> Interaction:
        interaction = Interaction(
            id=p.snowflake(),
            token=f"itok-{secrets.token_hex(16)}",
            kind=kind,
            channel_id=channel_id,
            created=time.monotonic(),
            user=user,
            message_id=message_id,
            trigger=trigger,
        )
        self.interactions[interaction.token] = interaction
        return interaction

    def live_interaction(self, token: str) -> Interaction:
        """The interaction whose webhook ``token`` names, while that token lives."""
        interaction = self.interactions.get(token)
        if interaction is None or time.monotonic() - interaction.created > self.token_lifetime:
            raise Refusal(401, 50027, "Invalid Webhook Token")
        return interaction

    # --- messages --------------------------------------------------------------------------

    def message(self, message_id: str, channel_id: str | None = None) -> dict[str, Any]:
        message = self.messages.get(message_id)
        if message is None or (channel_id is not None and message["channel_id"] != channel_id):
            raise Refusal(404, 10008, "Unknown Message")
        return message

    def post(
        self,
        channel_id: str,
        body: dict[str, Any],
        files: list[UploadedFile],
        interaction: Interaction | None,
    ) -> dict[str, Any]:
        """Store a new message from the bot, as Discord shapes it."""
        self.can_post(channel_id)
        reference = self._referenced(channel_id, body.get("message_reference"))
        meta = self._metadata(interaction) if interaction else None
        message = p.message(
            p.snowflake(), channel_id, self.bot_user, body, self.save_files(files),
            guild_id=self.guild_of(channel_id), interaction=meta,
        )  # fmt: skip
        message["allowed_mentions"] = body.get("allowed_mentions")
        if reference is not None:
            message["type"] = 19  # a reply
            message["message_reference"] = {
                "type": 0, "message_id": reference["id"], "channel_id": channel_id,
                "guild_id": self.guild_of(channel_id),
            }  # fmt: skip
            message["referenced_message"] = reference
        self.messages[message["id"]] = message
        self.message_events.append(("MESSAGE_CREATE", message))
        return message

    def _metadata(self, interaction: Interaction) -> dict[str, Any]:
        """What a message says of the interaction it answers, as Discord shapes it: the
        message clicked, for a component; the interaction that opened it, for a modal."""
        meta: dict[str, Any] = {
            "id": interaction.id,
            "type": interaction.kind,
            "user": interaction.user,
            "authorizing_integration_owners": {"0": self.guild_of(interaction.channel_id)},
        }
        if interaction.kind == 3 and interaction.message_id:
            meta["interacted_message_id"] = interaction.message_id
        if interaction.trigger is not None:
            meta["triggering_interaction_metadata"] = self._metadata(interaction.trigger)
        return meta

    def _referenced(self, channel_id: str, reference: Any) -> dict[str, Any] | None:
        """The message a reply points at; Discord refuses a reply to one that is not there
        unless the reference says ``fail_if_not_exists: false``."""
        if not reference:
            return None
        message_id = str(reference.get("message_id") or "")
        found = self.messages.get(message_id)
        if found is not None and found["channel_id"] == str(
            reference.get("channel_id") or channel_id
        ):
            return found
        if reference.get("fail_if_not_exists", True):
            raise Refusal(
                400, 50035, "Invalid Form Body",
                ["message_reference: Unknown message"],
            )  # fmt: skip
        return None

    def edit(
        self, message: dict[str, Any], body: dict[str, Any], files: list[UploadedFile]
    ) -> dict[str, Any]:
        for key in ("content", "embeds", "components", "flags"):
            if key in body:
                message[key] = body[key] if body[key] is not None else _EMPTY[key]
        message["components"] = p.components(message["components"])
        if "attachments" in body:
            keep = {str(a.get("id")) for a in body["attachments"]}
            message["attachments"] = [a for a in message["attachments"] if a["id"] in keep]
        message["attachments"] += self.save_files(files)
        message["edited_timestamp"] = p.now_iso()
        self.message_events.append(("MESSAGE_UPDATE", message))
        return message

    def delete(self, message: dict[str, Any]) -> None:
        del self.messages[message["id"]]
        self.deleted.append(message)
        self.message_events.append(("MESSAGE_DELETE", message))

    def save_files(self, files: list[UploadedFile]) -> list[dict[str, Any]]:
        saved = []
        for upload in files:
            attachment_id = p.snowflake()
            self.files[attachment_id] = upload
            url = f"{self.base}/cdn/{attachment_id}/{upload.filename}"
            saved.append(
                {
                    "id": attachment_id,
                    "filename": upload.filename,
                    "size": len(upload.data),
                    "url": url,
                    "proxy_url": url,
                    "content_type": upload.content_type,
                }
            )
        return saved

    def in_channel(self, channel_id: str) -> list[dict[str, Any]]:
        """The channel's messages everyone can see (ephemeral ones are not in a channel)."""
        shown = (m for m in self.messages.values() if not m["flags"] & EPHEMERAL)
        return [m for m in shown if m["channel_id"] == channel_id]


_EMPTY: dict[str, Any] = {"content": "", "embeds": [], "components": [], "flags": 0}

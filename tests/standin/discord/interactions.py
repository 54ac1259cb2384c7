"""The stand-in's interaction routes: the callback that answers an interaction (within
Discord's three seconds, once), follow-ups, and the interaction's webhook messages."""

from __future__ import annotations

import time
from typing import Any

from aiohttp import web

from tests.standin.discord.answers import FILES, json_answer, json_body
from tests.standin.discord.channels import ChannelRoutes
from tests.standin.discord.records import EPHEMERAL, Interaction, Refusal
from tests.standin.discord.validation import modal_errors


class InteractionRoutes(ChannelRoutes):
    """Set up by :class:`~tests.standin.discord.rest.Rest`, which lists the routes."""

    async def _callback(self, request: web.Request) -> web.Response:
        interaction = self.world.interactions.get(request.match_info["token"])
        if interaction is None or interaction.id != request.match_info["id"]:
            raise Refusal(404, 10062, "Unknown interaction")
        if interaction.responded:
            raise Refusal(400, 40060, "Interaction has already been acknowledged.")
        if time.monotonic() - interaction.created > 3.0:
            raise Refusal(404, 10062, "Unknown interaction")  # Discord's 3-second rule
        body, files = json_body(request), request[FILES]
        kind, data = body["type"], body.get("data") or {}
        _check_callback_type(interaction, kind)
        # Only a message sent or updated (4 and 7) is a resource of the answer, as Discord
        # describes it; a deferred answer's loading message is only named by its id.
        resource: dict[str, Any] = {"type": kind}
        if kind == 8:
            choices = data.get("choices") or []
            if len(choices) > 25 or any(len(c["name"]) > 100 for c in choices):
                raise Refusal(
                    400, 50035, "Invalid Form Body", ["data.choices: too many or too long"]
                )
            interaction.choices = choices
        elif kind == 9:
            errors = modal_errors(data)
            if errors:
                raise Refusal(400, 50035, "Invalid Form Body", errors)
            interaction.modal = data
        elif kind in (4, 5):
            self._check_body(data, files)
            message = self.world.post(interaction.channel_id, data, files, interaction)
            interaction.original_id = message["id"]
            if kind == 4:
                resource["message"] = message
        elif kind in (6, 7):  # the clicked message becomes the interaction's original
            message = self.world.message(interaction.message_id or "")
            interaction.original_id = message["id"]
            if kind == 7:
                self._check_body(data, files)
                resource["message"] = self.world.edit(message, data, files)
        interaction.responded = True
        answered: dict[str, Any] = {"id": interaction.id, "type": interaction.kind}
        if interaction.original_id is not None:
            answered |= {
                "response_message_id": interaction.original_id,
                "response_message_loading": kind == 5,
                "response_message_ephemeral": bool((data.get("flags") or 0) & EPHEMERAL),
            }
        return json_answer(
            {"interaction": answered} | ({"resource": resource} if "message" in resource else {})
        )

    async def _followup(self, request: web.Request) -> web.Response:
        interaction = self.world.live_interaction(request.match_info["token"])
        if not interaction.responded:
            raise Refusal(404, 10015, "Unknown Webhook")  # no follow-up before an answer
        body, files = json_body(request), request[FILES]
        self._check_body(body, files)
        message = self.world.post(interaction.channel_id, body, files, interaction)
        interaction.followups.append(message["id"])
        return json_answer(message)

    async def _webhook_message(self, request: web.Request) -> web.StreamResponse:
        interaction = self.world.live_interaction(request.match_info["token"])
        message_id = request.match_info["message"]
        if message_id == "@original":
            message_id = interaction.original_id or ""
        elif message_id not in interaction.followups:  # a webhook reaches only its own
            raise Refusal(404, 10008, "Unknown Message")
        return await self._message_op(request, self.world.message(message_id))


def _check_callback_type(interaction: Interaction, kind: int) -> None:
    """Discord's refusals of a callback type the interaction cannot take."""
    problem = None
    if (kind == 8) != (interaction.kind == 4):  # autocomplete answers only that
        problem = "an autocomplete is answered with choices, and only it"
    elif kind == 9 and interaction.kind == 5:
        problem = "a modal cannot answer a modal"
    elif kind in (6, 7) and interaction.message_id is None:
        problem = "only a component's interaction can update its message"
    elif kind not in (4, 5, 6, 7, 8, 9):
        problem = f"unknown interaction callback type {kind}"
    if problem is not None:
        raise Refusal(400, 50035, "Invalid Form Body", [f"type: {problem}"])

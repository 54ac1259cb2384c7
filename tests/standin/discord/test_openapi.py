"""The check of bodies against Discord's OpenAPI description, on a small document shaped like
Discord's (components, ``$ref``s, a union of message components, shared responses)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.standin.discord.openapi import Description

SNOWFLAKE = {"$ref": "#/components/schemas/SnowflakeType"}
MESSAGE_PATH = "/channels/{channel_id}/messages/{message_id}"


def json_body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


def document() -> dict[str, Any]:
    message = {"$ref": "#/components/schemas/MessageRequest"}
    return {
        "openapi": "3.1.0",
        "paths": {
            "/channels/{channel_id}/messages": {
                "post": {
                    "requestBody": {
                        **json_body(message),
                        "content": {
                            **json_body(message)["content"],
                            "multipart/form-data": {"schema": {"allOf": [message]}},
                        },
                    },
                    "responses": {
                        "200": json_body({"$ref": "#/components/schemas/MessageResponse"}),
                        "4XX": {"$ref": "#/components/responses/ClientErrorResponse"},
                    },
                }
            },
            MESSAGE_PATH: {"delete": {"responses": {"204": {"description": "gone"}}}},
            "/users/@me": {"get": {"responses": {"200": json_body({"type": "object"})}}},
            "/users/{user_id}": {"get": {"responses": {"200": json_body({"type": "array"})}}},
        },
        "components": {
            "schemas": {
                "SnowflakeType": {
                    "type": "string",
                    "pattern": "^(0|[1-9][0-9]*)$",
                    "format": "snowflake",
                },
                "MessageRequest": {
                    "type": "object",
                    "properties": {
                        "content": {"type": ["string", "null"], "maxLength": 20},
                        "allowed_mentions": {
                            "type": "object",
                            "properties": {"users": {"type": "array", "items": SNOWFLAKE}},
                        },
                        "components": {
                            "type": "array",
                            "items": {
                                "oneOf": [
                                    {"$ref": "#/components/schemas/Button"},
                                    {"$ref": "#/components/schemas/TextDisplay"},
                                ]
                            },
                        },
                    },
                },
                "Button": {
                    "type": "object",
                    "required": ["type", "label"],
                    "properties": {
                        "type": {"const": 2},
                        "label": {"type": "string", "maxLength": 5},
                        "style": {"$ref": "#/components/schemas/ButtonStyle"},
                    },
                },
                "ButtonStyle": {
                    "type": "integer",
                    "oneOf": [
                        {"title": "PRIMARY", "const": 1},
                        {"title": "SECONDARY", "const": 2},
                    ],
                },
                "TextDisplay": {
                    "type": "object",
                    "required": ["type"],
                    "properties": {"type": {"const": 10}, "content": {"type": "string"}},
                },
                "MessageResponse": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {"id": SNOWFLAKE},
                },
                "ErrorResponse": {"type": "object", "required": ["code", "message"]},
            },
            "responses": {
                "ClientErrorResponse": json_body({"$ref": "#/components/schemas/ErrorResponse"})
            },
        },
    }


@pytest.fixture
def description() -> Description:
    return Description(document())


def test_paths_find_their_template_literal_segments_first(description: Description) -> None:
    assert description.template("/channels/1/messages/2") == MESSAGE_PATH
    assert description.template("/users/@me") == "/users/@me"
    assert description.template("/users/42") == "/users/{user_id}"
    assert description.template("/channels/1/nothing") is None


def test_a_body_on_spec_has_no_problems(description: Description) -> None:
    body = {"content": "hi", "components": [{"type": 2, "label": "Go"}]}
    assert description.request_problems("POST", "/channels/1/messages", False, body) == []


def test_a_body_off_spec_is_reported_with_its_path_and_rule(description: Description) -> None:
    body = {"content": "x" * 21}
    [problem] = description.request_problems("POST", "/channels/1/messages", False, body)
    assert problem.startswith("POST /channels/1/messages request body: $.content breaks")
    assert "maxLength 20" in problem


def test_inside_a_union_the_alternative_of_the_same_type_is_the_one_named(
    description: Description,
) -> None:
    body = {"components": [{"type": 10, "content": "ok"}, {"type": 2, "label": "too long"}]}
    [problem] = description.request_problems("POST", "/channels/1/messages", True, body)
    assert "$.components[1].label breaks maxLength 5" in problem


def test_a_value_seen_before_is_reported_again_at_its_own_path(
    description: Description,
) -> None:
    button = {"type": 2, "label": "too long"}
    body = {"components": [button, button]}
    problems = description.request_problems("POST", "/channels/1/messages", False, body)
    assert [p.split(" breaks")[0].rsplit(" ", 1)[1] for p in problems] == [
        "$.components[0].label",
        "$.components[1].label",
    ]
    again = description.request_problems("POST", "/channels/2/messages", False, body)
    assert [p.replace("/2/", "/1/") for p in again] == problems


def test_a_named_constant_outside_its_list_is_reported(description: Description) -> None:
    body = {"components": [{"type": 2, "label": "Go", "style": 2}]}
    assert description.request_problems("POST", "/channels/1/messages", False, body) == []
    body["components"][0]["style"] = 7
    [problem] = description.request_problems("POST", "/channels/1/messages", False, body)
    assert "$.components[0].style breaks enum" in problem


def test_a_component_of_no_known_type_is_reported(description: Description) -> None:
    body = {"components": [{"type": 99}]}
    [problem] = description.request_problems("POST", "/channels/1/messages", False, body)
    assert "$.components[0].type breaks enum" in problem


def test_snowflakes_may_be_integers_as_discord_accepts(description: Description) -> None:
    ids = {"allowed_mentions": {"users": [123, "456"]}}
    assert description.request_problems("POST", "/channels/1/messages", False, ids) == []
    for wrong in ("12a", -1, 1.5):
        body = {"allowed_mentions": {"users": [wrong]}}
        assert description.request_problems("POST", "/channels/1/messages", False, body)


def test_an_unknown_route_or_method_is_reported(description: Description) -> None:
    assert description.request_problems("POST", "/guilds/1/bans", False, {}) == [
        "POST /guilds/1/bans: no such operation in Discord's description"
    ]
    assert description.answer_problems("PATCH", "/users/@me", 200, {}) == [
        "PATCH /users/@me: no such operation in Discord's description"
    ]


def test_a_body_where_the_operation_takes_none_is_reported(description: Description) -> None:
    [problem] = description.request_problems("DELETE", "/channels/1/messages/2", False, {})
    assert "has no JSON schema" in problem


def test_answers_are_checked_by_status_with_shared_responses(description: Description) -> None:
    send = ("POST", "/channels/1/messages")
    assert description.answer_problems(*send, 200, {"id": "1"}) == []
    assert "$.id breaks type" in description.answer_problems(*send, 200, {"id": None})[0]
    assert description.answer_problems(*send, 404, {"code": 10003, "message": "Unknown"}) == []
    assert "'code' is a required" in description.answer_problems(*send, 400, {})[0]
    assert description.answer_problems("DELETE", "/channels/1/messages/2", 204, None) == []
    assert description.answer_problems("DELETE", "/channels/1/messages/2", 200, None) == [
        "DELETE /channels/1/messages/2 answered 200, which the description does not list"
    ]

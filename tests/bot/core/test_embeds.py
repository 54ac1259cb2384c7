"""The last line of defence: whatever a renderer built, Discord accepts its shape."""

from __future__ import annotations

import discord
from hypothesis import given
from hypothesis import strategies as st

from bot.core.embeds import bounded
from tests.standin.discord.validation import body_errors

texts = st.text(min_size=0, max_size=3000)


@given(
    title=texts,
    description=st.text(max_size=6000),
    fields=st.lists(st.tuples(texts, texts), max_size=30),
    footer=texts,
    author=texts,
    image=st.text(max_size=50),
    count=st.integers(min_value=1, max_value=12),
)
def test_any_embeds_are_made_to_fit(  # noqa: PLR0917 - one argument per embed part
    title: str,
    description: str,
    fields: list[tuple[str, str]],
    footer: str,
    author: str,
    image: str,
    count: int,
) -> None:
    embeds = []
    for _ in range(count):
        embed = discord.Embed(title=title, description=description)
        for name, value in fields:
            embed.add_field(name=name, value=value)
        embed.set_footer(text=footer).set_author(name=author).set_image(url=image)
        embeds.append(embed)
    fitted = bounded(embeds)
    assert body_errors({"embeds": [e.to_dict() for e in fitted]}) == []


def test_an_embed_that_fits_is_left_alone() -> None:
    embed = discord.Embed(title="t", description="d").add_field(name="n", value="v")
    embed.set_image(url="attachment://cover.png")
    assert bounded([embed])[0].to_dict() == embed.to_dict()

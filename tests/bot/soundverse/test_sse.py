"""The SSE decoder, on the standard's examples and on byte streams split anywhere."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.soundverse.sse import EventTooLargeError, ServerSentEvent, SSEDecoder


def decode(*chunks: bytes) -> list[ServerSentEvent]:
    decoder = SSEDecoder()
    events = [event for chunk in chunks for event in decoder.feed(chunk)]
    return events + decoder.close()


def test_standard_example_stock_ticker() -> None:
    stream = b"data: YHOO\ndata: +2\ndata: 10\n\n"
    assert decode(stream) == [ServerSentEvent(data="YHOO\n+2\n10")]


def test_standard_example_comments_and_ids() -> None:
    stream = (
        b": test stream\n\n"
        b"data: first event\nid: 1\n\n"
        b"data:second event\nid\n\n"
        b"data:  third event\n\n"
    )
    events = decode(stream)
    assert [e.data for e in events] == ["first event", "second event", " third event"]
    assert [e.id for e in events] == ["1", "", ""]


def test_standard_example_empty_data_lines() -> None:
    events = decode(b"data\n\ndata\ndata\n\ndata:\n")
    assert [e.data for e in events] == ["", "\n"]  # the last one never ends: dropped


def test_standard_example_space_after_colon_is_optional() -> None:
    assert [e.data for e in decode(b"data:test\n\ndata: test\n\n")] == ["test", "test"]


def test_event_type_and_retry() -> None:
    [event] = decode(b"event: stage\nretry: 1500\ndata: {}\n\n")
    assert event.event == "stage"
    assert event.retry == 1500


def test_bad_retry_and_id_with_nul_are_ignored() -> None:
    [event] = decode(b"retry: soon\nid: a\x00b\ndata: x\n\n")
    assert event.retry is None
    assert event.id == ""


def test_unknown_fields_and_lines_without_colon() -> None:
    assert [e.data for e in decode(b"foo: bar\ndata\nnonsense\n\n")] == [""]


def test_blank_line_without_data_dispatches_nothing() -> None:
    assert decode(b"event: ping\n\n: keep-alive\n\n") == []


def test_event_type_resets_after_dispatch() -> None:
    events = decode(b"event: a\ndata: 1\n\ndata: 2\n\n")
    assert [e.event for e in events] == ["a", "message"]


def test_cr_and_crlf_line_ends() -> None:
    assert [e.data for e in decode(b"data: a\r\rdata: b\r\n\r\n")] == ["a", "b"]


def test_crlf_split_between_chunks_is_one_line_end() -> None:
    assert [e.data for e in decode(b"data: a\r", b"\n\r", b"\n")] == ["a"]


def test_leading_bom_is_dropped_once() -> None:
    events = decode("\ufeffdata: a\n\n".encode(), "\ufeffdata: b\n\n".encode())
    assert [e.data for e in events] == ["a"]  # a second BOM makes an unknown field name


def test_multibyte_character_split_inside() -> None:
    data = "data: Café “Nights” 🎵\n\n".encode()
    cut = data.index("🎵".encode()) + 2
    assert [e.data for e in decode(data[:cut], data[cut:])] == ["Café “Nights” 🎵"]


def test_unterminated_event_at_end_is_dropped() -> None:
    assert decode(b"data: done\n\ndata: half") == [ServerSentEvent(data="done")]


def test_json_helper() -> None:
    [event] = decode(b'data: {"status": "validated"}\n\n')
    assert event.json() == {"status": "validated"}


def test_last_event_id_persists() -> None:
    decoder = SSEDecoder()
    decoder.feed(b"id: 7\ndata: a\n\ndata: b\n\n")
    assert decoder.last_event_id == "7"


_LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r"])
_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\r\n"), max_size=20)


@st.composite
def streams(draw: st.DrawFn) -> bytes:
    """A plausible stream: events with data, comments, ids, in any line-end style."""
    end = draw(_LINE_ENDS)
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        for _ in range(draw(st.integers(0, 3))):
            kind = draw(st.sampled_from(["data", "data", ":", "id", "event", "retry"]))
            parts.append(f"{kind}: {draw(_TEXT)}{end}")
        parts.append(end)
    return "".join(parts).encode()


@given(stream=streams(), cuts=st.lists(st.integers(min_value=0), max_size=12))
def test_any_split_gives_the_same_events(stream: bytes, cuts: list[int]) -> None:
    expected = decode(stream)
    points = sorted({cut % (len(stream) + 1) for cut in cuts})
    chunks = [stream[a:b] for a, b in zip([0, *points], [*points, len(stream)], strict=True)]
    assert decode(*chunks) == expected


@given(stream=streams())
def test_byte_at_a_time_gives_the_same_events(stream: bytes) -> None:
    assert decode(*(stream[i : i + 1] for i in range(len(stream)))) == decode(stream)


def test_an_endless_event_is_refused_not_buffered() -> None:
    decoder = SSEDecoder(max_size=100)
    decoder.feed(b"data: " + b"x" * 50 + b"\n")
    with pytest.raises(EventTooLargeError):
        decoder.feed(b"data: " + b"x" * 60 + b"\n")
    with pytest.raises(EventTooLargeError):
        SSEDecoder(max_size=100).feed(b"data: " + b"y" * 200)  # one line with no end
    fresh = SSEDecoder(max_size=100)
    for _ in range(10):  # many small events are fine
        assert len(fresh.feed(b"data: " + b"z" * 60 + b"\n\n")) == 1


def test_bom_split_across_chunks_is_still_dropped() -> None:
    assert [e.data for e in decode(b"\xef", b"\xbb", b"\xbfdata: a\n\n")] == ["a"]
    assert [e.data for e in decode(b"\xef\xbb", b"data: b\n\n")] == []  # not a BOM: a bad name


def test_invalid_utf8_becomes_replacement_characters() -> None:
    assert [e.data for e in decode(b"data: a\xffb\xe2\x80\n\n")] == ["a\ufffdb\ufffd"]


def test_the_size_limit_counts_characters_not_bytes() -> None:
    decoder = SSEDecoder(max_size=12)
    assert decoder.feed("data: ééééé".encode()) == []  # 16 bytes, 11 characters
    assert [e.data for e in decoder.feed(b"\n\n")] == ["é" * 5]
    with pytest.raises(EventTooLargeError):
        decoder.feed(b"data: " + "é".encode() * 7)

"""Verification codes: format, check symbols, normalisation and entropy."""

import re
from collections import Counter

import pytest

from courseware.domain import certificate_codes as codes
from courseware.domain.certificate_codes import ALPHABET, InvalidCode, new_code, parse_code

FORMAT = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}-[0-9A-HJKMNP-TV-Z]{2}$")


def test_new_codes_are_grouped_and_use_no_ambiguous_letters():
    for _ in range(200):
        code = new_code()
        assert FORMAT.match(code), code
        assert not set("ILOU") & set(code)
        assert parse_code(code) == code


def test_alphabet_is_crockford_base32():
    assert len(ALPHABET) == 32 == len(set(ALPHABET))
    assert not set("ILOU") & set(ALPHABET)


def test_codes_carry_at_least_80_random_bits_spread_over_every_symbol():
    assert codes.ENTROPY_BITS >= 80
    assert codes.DATA_SYMBOLS * 5 == codes.ENTROPY_BITS
    sample = [parse_code(new_code()).replace("-", "") for _ in range(4000)]
    assert len(set(sample)) == len(sample)
    for position in range(codes.DATA_SYMBOLS):
        counts = Counter(code[position] for code in sample)
        # Every symbol appears in every position, none far from its share of 125.
        assert set(counts) == set(ALPHABET), position
        assert max(counts.values()) < 200 and min(counts.values()) > 60, (position, counts)


def test_every_single_typo_is_caught():
    for _ in range(40):
        raw = new_code().replace("-", "")
        for position in range(len(raw)):
            for symbol in ALPHABET:
                if symbol == raw[position]:
                    continue
                typo = raw[:position] + symbol + raw[position + 1 :]
                with pytest.raises(InvalidCode, match="typing mistake"):
                    parse_code(typo)


def test_every_swap_of_neighbouring_symbols_is_caught():
    for _ in range(300):
        raw = new_code().replace("-", "")
        for position in range(len(raw) - 1):
            a, b = raw[position], raw[position + 1]
            if a == b:
                continue
            swapped = raw[:position] + b + a + raw[position + 2 :]
            assert not codes.is_valid(swapped), (raw, position)


def test_typed_codes_are_normalised():
    code = new_code()
    raw = code.replace("-", "")
    assert parse_code(raw.lower()) == code
    assert parse_code(" ".join(raw[i : i + 4] for i in range(0, 18, 4))) == code
    assert parse_code(f"  {code.lower()}  ") == code
    assert parse_code(code.replace("-", "\u2013")) == code  # an en dash from a word processor
    # O for zero, I and L for one: what people type when they misread.
    zeros_and_ones = next(
        c for c in (new_code() for _ in range(10000)) if "0" in c[:19] and "1" in c[:19]
    )
    misread = zeros_and_ones.replace("0", "O").replace("1", "l")
    assert parse_code(misread) == zeros_and_ones


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter the code"),
        ("   --  ", "Enter the code"),
        ("ABCD-EFGH", "should have 18"),
        ("ABCD-EFGH-JKMN-PQRS-TVWX", "should have 18"),
        ("ABCD-EFGH-JKMN-PQRS-U0", "never used in codes (U)"),
        ("ABCD-EFGH-JKMN-PQRS-#!", "never used in codes (! #)"),
    ],
)
def test_wrong_codes_say_what_to_check(text, message):
    with pytest.raises(InvalidCode, match=re.escape(message)):
        parse_code(text)


def test_check_symbols_match_a_worked_example():
    # 16 zeros then the check of 0; and the number 1 gives check 01.
    assert parse_code("0000-0000-0000-0000-00") == "0000-0000-0000-0000-00"
    assert parse_code("0000-0000-0000-0001-01") == "0000-0000-0000-0001-01"
    # 32**16 - 1 modulo 1021 = 434 = 13 * 32 + 18: symbols D and J.
    assert (32**16 - 1) % 1021 == 434
    assert parse_code("ZZZZ-ZZZZ-ZZZZ-ZZZZ-DJ") == "ZZZZ-ZZZZ-ZZZZ-ZZZZ-DJ"

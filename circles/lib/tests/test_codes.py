"""Short codes: one alphabet, forgiving typing, groups for reading out."""

import math

from circles.lib import codes


def test_the_alphabet_has_no_look_alikes_and_five_bits_a_character() -> None:
    assert len(codes.ALPHABET) == 32 == 2**5
    assert not set("O0I1") & set(codes.ALPHABET)
    assert len(set(codes.ALPHABET)) == len(codes.ALPHABET)


def test_generated_codes_use_the_whole_alphabet_and_differ() -> None:
    made = [codes.generate(10) for _ in range(2000)]
    assert len(set(made)) == len(made)
    assert all(len(c) == 10 and codes.is_well_formed(c, 10) for c in made)
    assert set("".join(made)) == set(codes.ALPHABET)
    assert 10 * math.log2(len(codes.ALPHABET)) == 50


def test_typing_forgives_spaces_dashes_and_small_letters() -> None:
    assert codes.normalise(" ab3d-efg4\thj ") == "AB3DEFG4HJ"
    assert codes.normalise("ABCD-EFGH-JKLM") == "ABCDEFGHJKLM"
    assert codes.normalise("") == ""


def test_well_formed_means_the_right_length_from_the_alphabet() -> None:
    assert codes.is_well_formed("ABCDEF", 6)
    assert not codes.is_well_formed("ABCDE", 6)
    assert not codes.is_well_formed("ABCDE0", 6)  # zero is not in the alphabet
    assert not codes.is_well_formed("abcdef", 6)  # normalise first


def test_groups_for_reading_out() -> None:
    assert codes.grouped("ABCDEFGHJK", 5, " ") == "ABCDE FGHJK"
    assert codes.grouped("ABCDEFGHJKLMNPQRSTUV", 4, "-") == "ABCD-EFGH-JKLM-NPQR-STUV"
    assert codes.normalise(codes.grouped("ABCDEFGHJK", 5, " ")) == "ABCDEFGHJK"

"""The optimisation behind proposals: room is respected, needs are needs, reasons are plain."""

from circles.peerwork.matching import FORBIDDEN, Offer, Seeker, propose, reasons, score

HMONG = {"languages": ["hmn"], "days": ["tue"], "parts": ["evening"], "ways": ["phone"]}
ANYONE: dict[str, object] = {}


def test_a_language_asked_for_is_a_need() -> None:
    assert score(HMONG, {"languages": ["en"], "ways": ["phone"]}) == FORBIDDEN
    assert score(HMONG, {"languages": ["hmn", "en"], "ways": ["phone"]}) > 0


def test_a_way_to_meet_nobody_offers_is_a_need() -> None:
    assert score({"ways": ["phone"]}, {"ways": ["in_person"]}) == FORBIDDEN


def test_reasons_name_what_the_person_asked_for_in_plain_words() -> None:
    facts = {"languages": ["hmn", "en"], "days": ["tue", "sat"], "parts": ["evening"]}
    said = reasons(HMONG, facts)
    assert said[0] == "speaks Hmong"
    assert "available Tuesday, evenings" in said


def test_nothing_in_common_still_gives_a_kind_reason() -> None:
    assert reasons(ANYONE, {"languages": ["en"]}) == ["has room to support you now"]


def test_the_only_hmong_speaker_goes_to_the_person_who_needs_one() -> None:
    # A greedy match taking the first person first would give Pa Houa to Sam, who
    # fits her a little better on days, and leave Mai with nobody.
    sam = Seeker(id=1, prefs={"days": ["tue"], "parts": ["evening"], "languages": ["en"]})
    mai = Seeker(id=2, prefs={"languages": ["hmn"]})
    pahoua = Offer(
        id=10, facts={"languages": ["hmn", "en"], "days": ["tue"], "parts": ["evening"]}, room=1
    )
    jordan = Offer(id=11, facts={"languages": ["en"]}, room=1)
    proposed = propose([sam, mai], [pahoua, jordan], rounds=1)
    assert proposed == {1: [11], 2: [10]}


def test_no_round_proposes_a_specialist_to_more_people_than_they_have_room_for() -> None:
    seekers = [Seeker(id=i, prefs={}) for i in range(10)]
    offers = [Offer(id=100, facts={}, room=2), Offer(id=101, facts={}, room=3)]
    proposed = propose(seekers, offers, rounds=1)
    firsts = [ids[0] for ids in proposed.values() if ids]
    assert firsts.count(100) == 2 and firsts.count(101) == 3
    assert sum(1 for ids in proposed.values() if not ids) == 5


def test_up_to_three_different_specialists_each() -> None:
    offers = [Offer(id=100 + j, facts={}, room=5) for j in range(4)]
    proposed = propose([Seeker(id=1, prefs={}), Seeker(id=2, prefs={})], offers)
    for ids in proposed.values():
        assert len(ids) == 3 and len(set(ids)) == 3


def test_people_kept_apart_are_never_proposed() -> None:
    offers = [
        Offer(id=100, facts={}, room=5, kept_apart=frozenset({1})),
        Offer(id=101, facts={}, room=5),
    ]
    proposed = propose([Seeker(id=1, prefs={})], offers)
    assert proposed == {1: [101]}


def test_nobody_with_room_means_no_proposals() -> None:
    assert propose([Seeker(id=1, prefs={})], [Offer(id=100, facts={}, room=0)]) == {1: []}


def test_longer_waits_weigh_more_when_room_is_short() -> None:
    new = Seeker(id=1, prefs={}, waited_days=0)
    long = Seeker(id=2, prefs={}, waited_days=40)
    assert propose([new, long], [Offer(id=100, facts={}, room=1)], rounds=1) == {1: [], 2: [100]}


def test_the_matrix_gives_the_same_scores_as_one_pair_at_a_time() -> None:
    import random

    from circles.peerwork.matching import score_matrix

    rng = random.Random(5)
    pool = {
        "languages": ["en", "es", "hmn"],
        "ways": ["phone", "online", "in_person"],
        "areas": ["Grief", "Parenting", "Mental health"],
        "identities": ["lgbtq", "parent"],
        "days": ["mon", "tue", "wed", "thu"],
        "parts": ["morning", "evening"],
    }

    def some() -> dict[str, object]:
        facts: dict[str, object] = {k: rng.sample(v, rng.randint(0, 2)) for k, v in pool.items()}
        facts["gender"] = rng.choice(["", "woman", "man"])
        facts["age_range"] = rng.choice(["", "18-29"])
        return facts

    seekers = [Seeker(id=i, prefs=some()) for i in range(30)]
    offers = [Offer(id=100 + j, facts=some(), room=1) for j in range(12)]
    matrix = score_matrix(seekers, offers)
    for i, seeker in enumerate(seekers):
        for j, offer in enumerate(offers):
            assert matrix[i, j] == score(seeker.prefs, offer.facts)

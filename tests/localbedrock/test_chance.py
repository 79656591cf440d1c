from localbedrock.chance import draw, happens


def test_a_draw_is_fixed_by_its_key():
    assert draw("model", "hallucinate", "What is the return window?") == draw(
        "model", "hallucinate", "What is the return window?"
    )
    assert draw("a") != draw("b")


def test_draws_are_in_the_unit_interval_and_rates_emerge_over_many_keys():
    values = [draw("rate", i) for i in range(20_000)]
    assert all(0 <= v < 1 for v in values)
    share = sum(happens(0.3, "rate", i) for i in range(20_000)) / 20_000
    assert 0.28 < share < 0.32


def test_a_draw_hashes_the_repr_of_its_key():
    import hashlib

    long_text = "How do I descale the Foundry? 'quoted' \\ \n ünïcödé " * 20
    for key in [(), ("a",), (long_text,), ("m", long_text, 3), (long_text, long_text, 2.5, None, ("x", 1)), (7,)]:
        digest = hashlib.blake2b(repr(key).encode(), digest_size=8).digest()
        assert draw(*key) == int.from_bytes(digest, "big") / 2**64

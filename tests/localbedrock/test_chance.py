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

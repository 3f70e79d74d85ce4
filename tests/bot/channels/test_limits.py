from bot.channels.limits import SenderLimit


def test_limit_per_sender_and_window() -> None:
    now = [0.0]
    limit = SenderLimit(3, clock=lambda: now[0])
    assert [limit.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limit.allow("b")  # others are not affected
    now[0] = 10.0
    assert limit.allow("a")  # the window has passed
    assert all(SenderLimit(0).allow("x") for _ in range(100))  # 0 = off

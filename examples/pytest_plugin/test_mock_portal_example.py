"""Another team's test with a live mock portal: the `mock_portal` fixture needs no import."""

import httpx


def test_a_fresh_portal_with_its_clock_under_control(mock_portal):
    login = httpx.get(f"{mock_portal.url}/login")
    assert "用户登录" in login.text and "模拟环境 · 仅供测试与培训" in login.text
    assert all(c["status"] != "待审核" for c in mock_portal.cases())  # reset before each test
    before = mock_portal.clock()
    assert mock_portal.clock(advance_days=30) > before

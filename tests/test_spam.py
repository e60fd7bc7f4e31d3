"""The injected-spam guard on texts: gambling spam is caught in every spelling; news about gambling is not."""

from __future__ import annotations

import pytest

from crawler.monitors.spam import gambling_hosts, judge

POLICE_RAID = (
    "Công an huyện Tuy Phong triệt phá đường dây đánh bạc qua mạng",
    "Ngày 12/3, Công an huyện Tuy Phong đã bắt quả tang 12 đối tượng đang đánh bạc dưới hình thức xóc đĩa, "
    "cá cược bóng đá và ghi lô đề, thu giữ tang vật 80 triệu đồng. Cơ quan Cảnh sát điều tra đã khởi tố vụ án, "
    "tạm giữ các đối tượng để tiếp tục điều tra, xử lý theo quy định của pháp luật. Đây là kết quả của đợt cao "
    "điểm phòng, chống tội phạm và tệ nạn xã hội dịp Tết.",
)


@pytest.mark.parametrize(
    ("title", "text", "links"),
    [
        (
            "Nhà cái uy tín nhất 2025 – đăng ký nhận thưởng 100K",
            "Casino trực tuyến, nổ hũ, bắn cá đổi thưởng, tài xỉu online. Nạp tiền nhanh, rút tiền nhanh.",
            [],
        ),
        ("Tai xiu online uy tin", "top nha cai uy tin, no hu doi thuong, game bai, xoc dia truc tuyen", []),
        ("Nhà cái uy tín", "Soi kèo hôm nay.", ["https://fb88.example/dang-ky", "https://jun88.example/"]),
        (
            "Best online casino 2025",
            "Play slot game and win the jackpot with free spins at the best sports betting site. " * 5,
            [],
        ),
        ("NHÀ CÁI UỶ TÍN", "Nổ hũ, tài xỉu: đăng ký nhận code", []),  # capitals and the old tone placement
    ],
)
def test_gambling_spam_is_quarantined(title: str, text: str, links: list[str]) -> None:
    verdict = judge(title, text, links, "tuyphong.binhthuan.gov.vn")
    assert verdict is not None
    assert verdict.reason.startswith("gambling spam")


def test_a_police_report_about_a_gambling_ring_is_not_quarantined() -> None:
    assert judge(*POLICE_RAID) is None


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("Chợ cá Phan Rí Cửa nhộn nhịp", "Bà con ngư dân bán cá, mua bán hải sản tấp nập từ sáng sớm."),
        ("Khuyến mãi tháng 3", "Nhà mạng khuyến mãi nạp tiền điện thoại, đăng ký nhận ưu đãi tại điểm giao dịch."),
        ("Lịch tiếp công dân", "Mỗi khung giờ (slot) tiếp công dân kéo dài 30 phút tại trụ sở UBND xã."),
        (
            "Tuyên truyền phòng, chống cá độ bóng đá",
            "Công an xã tuyên truyền cho học sinh về tác hại của cá độ, cá cược bóng đá qua mạng và game bài.",
        ),
    ],
)
def test_ordinary_news_is_not_quarantined(title: str, text: str) -> None:
    assert judge(title, text) is None


def test_betting_hosts_are_told_from_other_links() -> None:
    links = ["https://fb88.example/a", "https://binhthuan.gov.vn/tin", "https://casino-vip.example/", "/local"]
    assert gambling_hosts(links, "binhthuan.gov.vn") == ["fb88.example", "casino-vip.example"]

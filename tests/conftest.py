"""Shared fixtures: the real bundled embedder, the real corpus, files written by the tests."""

from __future__ import annotations

import socket
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"


class CountingEmbedder:
    """Wraps a real embedder and records which passages it was asked to embed."""

    def __init__(self, inner):
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.passages: list[str] = []

    def embed_queries(self, texts):
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts):
        self.passages.extend(texts)
        return self.inner.embed_passages(texts)


@pytest.fixture(scope="session")
def e5():
    from index.embedders import make_embedder

    return make_embedder("e5-small-q4")


@pytest.fixture
def counting(e5):
    return CountingEmbedder(e5)


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory, e5) -> Path:
    """The real corpus ingested once with the default embedder."""
    from index.build import ingest_corpus

    store = tmp_path_factory.mktemp("corpus-store")
    report = ingest_corpus(CORPUS, store, e5)
    assert not report.errors, report.errors
    return store


@pytest.fixture(scope="session")
def corpus_searcher(corpus_store, e5):
    from index.search import Searcher
    from index.store import load_store

    return Searcher(load_store(corpus_store), e5)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_app(library, users=None, build_page=None, page: bool = True, port: int | None = None):
    """The real server (JSON API and page) on loopback (a free port unless given), in a thread;
    `.close()` it."""
    import app
    from vanban.server import Server

    port = port or free_port()
    build = build_page or (lambda lib: app.page(lib, users, port=port))
    return Server(library, build, port=port, users=users).start(page=page)


def write_small_corpus(folder: Path) -> Path:
    """Three short Vietnamese documents on different subjects."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.txt").write_text(
        "KẾ HOẠCH\nTuyên truyền biển đảo năm 2024\n"
        "I. MỤC ĐÍCH\nNâng cao nhận thức về chủ quyền biển, đảo Việt Nam.\n"
        "II. NHIỆM VỤ\n1. Tổ chức trưng bày sách về biển đảo tại thư viện.\n",
        encoding="utf-8",
    )
    (folder / "b.txt").write_text(
        "BÁO CÁO\nKết quả đào tạo ngoại ngữ cho cán bộ\nI. KẾT QUẢ\nMở ba lớp tiếng Anh cho công chức cấp huyện.\n",
        encoding="utf-8",
    )
    (folder / "c.txt").write_text(
        "HƯỚNG DẪN\nPhát ngôn và cung cấp thông tin cho báo chí\n"
        "I. YÊU CẦU\nNgười phát ngôn cung cấp thông tin kịp thời, chính xác.\n",
        encoding="utf-8",
    )
    return folder


@pytest.fixture
def small_corpus(tmp_path) -> Path:
    return write_small_corpus(tmp_path / "corpus")


@pytest.fixture
def library(small_corpus, tmp_path):
    """The small corpus as the app holds it: a Library whose store is built and open."""
    from vanban.library import Library

    lib = Library(tmp_path / "store", small_corpus)
    lib.start()
    assert lib.wait(180), lib.status
    return lib


def unicode_font() -> str:
    """A TrueType font with Vietnamese glyphs: DejaVu Sans, which matplotlib ships."""
    from eval.scans import vietnamese_font

    return vietnamese_font()


def unit_rows(n: int, dim: int, seed: int = 0) -> np.ndarray:
    rows = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


# Three documents in the standard layout, written for the answer tests: a district plan with a
# signer and a code, a report that cites that plan's date and has a "Tồn tại, hạn chế" section,
# and a second plan with another signer. The names and numbers are made up.
OFFICE_PLAN = """HUYỆN ỦY TÂN LẬP
BAN THƯỜNG VỤ
*
Số 12-KH/HU
ĐẢNG CỘNG SẢN VIỆT NAM
Tân Lập, ngày 05 tháng 3 năm 2024
KẾ HOẠCH
Tuyên truyền đối ngoại về du lịch cộng đồng năm 2024
Thực hiện chỉ đạo của Ban Thường vụ Tỉnh ủy, Ban Thường vụ Huyện ủy xây dựng kế hoạch tuyên truyền đối ngoại về du lịch cộng đồng năm 2024 như sau:
I. MỤC ĐÍCH, YÊU CẦU
Giới thiệu hình ảnh, con người và sản phẩm du lịch cộng đồng của huyện tới du khách quốc tế; thu hút các công ty lữ hành nước ngoài đưa khách về các bản làng, góp phần tăng thu nhập cho đồng bào các dân tộc.
II. NỘI DUNG
1. Xây dựng trang thông tin du lịch của huyện. Trang được làm bằng ba thứ tiếng: tiếng Việt, tiếng Anh và tiếng Hàn.
2. Tổ chức hội chợ sản phẩm làng nghề. Hội chợ kéo dài 3 ngày tại Quảng trường trung tâm huyện.
3. Biên soạn tài liệu giới thiệu huyện. Tài liệu phải hoàn thành trước ngày 30/6/2024 để phát cho các đoàn khách.
III. TỔ CHỨC THỰC HIỆN
1. Ban Tuyên giáo Huyện ủy
- Chủ trì tham mưu nội dung tuyên truyền, hướng dẫn các xã triển khai kế hoạch.
- Tổng hợp kết quả, báo cáo Ban Thường vụ Huyện ủy vào cuối năm.
2. Đài Truyền thanh huyện
- Mở chuyên mục du lịch cộng đồng phát sóng hằng tuần trên sóng phát thanh.
- Đưa tin về hội chợ sản phẩm làng nghề.
Nơi nhận:
- Ban Thường vụ Tỉnh ủy (b/c),
- Các xã, thị trấn,
- Lưu Văn phòng Huyện ủy.
T/M BAN THƯỜNG VỤ
PHÓ BÍ THƯ
Trần Văn Bình
"""
OFFICE_REPORT = """HUYỆN ỦY TÂN LẬP
Số 45-BC/HU
ĐẢNG CỘNG SẢN VIỆT NAM
Tân Lập, ngày 20 tháng 12 năm 2024
BÁO CÁO
Kết quả tuyên truyền đối ngoại về du lịch cộng đồng năm 2024
Thực hiện Kế hoạch số 12-KH/HU, ngày 05/3/2024 của Ban Thường vụ Huyện ủy, Huyện ủy báo cáo kết quả như sau:
I. KẾT QUẢ ĐẠT ĐƯỢC
Trang thông tin du lịch của huyện đã đi vào hoạt động với 120 bài viết. Hội chợ sản phẩm làng nghề đón 5.000 lượt khách.
II. ĐÁNH GIÁ CHUNG
1. Ưu điểm
Các xã đã chủ động phối hợp, nhiều hộ dân tham gia làm du lịch cộng đồng.
2. Tồn tại, hạn chế
Kinh phí cho hoạt động tuyên truyền đối ngoại còn thấp, chưa đáp ứng yêu cầu.
Cán bộ làm công tác đối ngoại ở cấp xã còn thiếu và chưa được bồi dưỡng ngoại ngữ.
III. ĐỀ XUẤT, KIẾN NGHỊ
Đề nghị Tỉnh ủy hỗ trợ kinh phí in tài liệu giới thiệu bằng tiếng nước ngoài.
Nơi nhận:
- Ban Thường vụ Tỉnh ủy,
- Lưu Văn phòng Huyện ủy.
T/M HUYỆN ỦY
BÍ THƯ
Nguyễn Thị Hạnh
"""
OFFICE_OTHER_PLAN = """ỦY BAN NHÂN DÂN HUYỆN TÂN LẬP
Số 30-KH/UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Tân Lập, ngày 10 tháng 4 năm 2024
KẾ HOẠCH
Bảo vệ môi trường tại các điểm du lịch năm 2024
I. NỘI DUNG
1. Thu gom rác thải tại các điểm du lịch cộng đồng mỗi tuần một lần.
2. Trồng cây xanh dọc tuyến đường vào khu du lịch.
Nơi nhận:
- Các xã, thị trấn,
- Lưu VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Phạm Quốc Dũng
"""

# A guidance of a neighbouring district: it gives its own Đài Truyền thanh huyện other duties, names a
# body the Tân Lập plan never names, and cites a conclusion that is not stored.
OFFICE_NEIGHBOUR = """HUYỆN ỦY PHÚ BÌNH
BAN TUYÊN GIÁO
Số 08-HD/BTGHU
ĐẢNG CỘNG SẢN VIỆT NAM
Phú Bình, ngày 02 tháng 5 năm 2024
HƯỚNG DẪN
Tuyên truyền đối ngoại về lễ hội văn hóa các dân tộc huyện Phú Bình năm 2024
Thực hiện Kết luận số 99-KL/TU, ngày 10/01/2024 của Ban Thường vụ Tỉnh ủy về thông tin đối ngoại, Ban Tuyên giáo Huyện ủy hướng dẫn như sau:
I. NỘI DUNG TUYÊN TRUYỀN
1. Giới thiệu lễ hội văn hóa các dân tộc huyện Phú Bình tới bạn bè quốc tế.
2. Quảng bá các món ăn truyền thống của đồng bào các dân tộc.
II. TỔ CHỨC THỰC HIỆN
1. Đài Truyền thanh huyện
- Phát sóng phóng sự về lễ hội văn hóa các dân tộc trong tháng 5.
2. Sở Ngoại vụ
- Giới thiệu lễ hội tới các đoàn khách nước ngoài đến tỉnh.
Nơi nhận:
- Ban Thường vụ Huyện ủy,
- Lưu BTG.
K/T TRƯỞNG BAN
PHÓ TRƯỞNG BAN
Lò Thị Mai
"""


def write_office_corpus(folder: Path) -> Path:
    """The office documents above as text files."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (
        ("ke-hoach-12.txt", OFFICE_PLAN),
        ("bao-cao-45.txt", OFFICE_REPORT),
        ("ke-hoach-30.txt", OFFICE_OTHER_PLAN),
        ("huong-dan-08-phu-binh.txt", OFFICE_NEIGHBOUR),
    ):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def office_documents(tmp_path_factory):
    """The office documents read and cleaned as ingest reads them."""
    from ingest.pipeline import discover, load_documents, relative_source

    folder = write_office_corpus(tmp_path_factory.mktemp("office"))
    return [d for path in discover(folder) for d in load_documents(path, relative_source(path, folder), "-")]


@pytest.fixture(scope="session")
def office_store(tmp_path_factory, e5) -> Path:
    """The office documents ingested once with the default embedder."""
    from index.build import ingest_corpus

    corpus = write_office_corpus(tmp_path_factory.mktemp("office-corpus"))
    store = tmp_path_factory.mktemp("office-store")
    report = ingest_corpus(corpus, store, e5)
    assert not report.errors, report.errors
    return store

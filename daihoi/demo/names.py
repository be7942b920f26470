"""Word lists for the synthetic Bắc Giang province: units, places and people (all invented)."""

import random

# (code, name, kind, number of grassroots organizations, share of ethnic minorities)
# kind: "rural" districts and the city have communes/wards; "bloc" units have agencies.
DISTRICTS: tuple[tuple[str, str, str, int, float], ...] = (
    ("YDU", "Đảng bộ huyện Yên Dũng", "rural", 40, 0.03),
    ("LGI", "Đảng bộ huyện Lạng Giang", "rural", 48, 0.04),
    ("LNA", "Đảng bộ huyện Lục Nam", "rural", 55, 0.25),
    ("LNG", "Đảng bộ huyện Lục Ngạn", "rural", 58, 0.40),
    ("SDO", "Đảng bộ huyện Sơn Động", "rural", 38, 0.55),
    ("YTH", "Đảng bộ huyện Yên Thế", "rural", 42, 0.20),
    ("TYE", "Đảng bộ huyện Tân Yên", "rural", 46, 0.05),
    ("HHO", "Đảng bộ huyện Hiệp Hòa", "rural", 54, 0.02),
    ("VYE", "Đảng bộ huyện Việt Yên", "rural", 45, 0.03),
    ("TPBG", "Đảng bộ thành phố Bắc Giang", "city", 52, 0.03),
    ("KCQ", "Đảng bộ Khối các cơ quan tỉnh", "bloc", 70, 0.05),
    ("KDN", "Đảng bộ Khối doanh nghiệp tỉnh", "bloc", 60, 0.04),
    ("QST", "Đảng bộ Quân sự tỉnh", "bloc", 18, 0.08),
    ("CAT", "Đảng bộ Công an tỉnh", "bloc", 22, 0.08),
    ("DHNL", "Đảng bộ Trường Đại học Nông - Lâm Bắc Giang", "bloc", 10, 0.06),
)

PLACE_FIRST = (
    "Tân",
    "Đồng",
    "Hương",
    "Quang",
    "Xuân",
    "Tiến",
    "Hồng",
    "Nghĩa",
    "Phúc",
    "Hòa",
    "Thái",
    "Bình",
    "An",
    "Trung",
    "Cẩm",
    "Nham",
    "Lam",
    "Đức",
    "Ngọc",
    "Mỹ",
    "Vân",
    "Song",
    "Liên",
    "Hợp",
    "Thanh",
    "Phồn",
    "Tam",
    "Đông",
    "Nội",
    "Quỳnh",
    "Cảnh",
    "Tư",
    "Lãng",
    "Nội",
)
PLACE_SECOND = (
    "Sơn",
    "Lâm",
    "Hòa",
    "Thịnh",
    "Tiến",
    "Phong",
    "Xương",
    "Yên",
    "Lạc",
    "Hưng",
    "Mỹ",
    "Bình",
    "Thành",
    "Lộc",
    "Trung",
    "Vân",
    "Đức",
    "Khê",
    "Dương",
    "Phú",
    "Thụy",
    "Mạc",
    "Quang",
    "Hà",
)
AGENCY_TEMPLATES = (
    "Trường THPT {p}",
    "Trường THCS {p}",
    "Trường Tiểu học {p}",
    "Trường Mầm non {p}",
    "Trạm Y tế {p}",
    "Quỹ Tín dụng nhân dân {p}",
    "Hợp tác xã {p}",
    "Bưu điện {p}",
)
BLOC_TEMPLATES = (
    "Sở {p}",
    "Ban {p}",
    "Trung tâm {p}",
    "Công ty Cổ phần {p}",
    "Công ty TNHH {p}",
    "Phòng {p}",
    "Tiểu đoàn {p}",
    "Khoa {p}",
    "Chi nhánh {p}",
)

FAMILY = (
    ("Nguyễn", 30),
    ("Trần", 8),
    ("Lê", 7),
    ("Phạm", 6),
    ("Hoàng", 5),
    ("Vũ", 4),
    ("Đỗ", 4),
    ("Ngô", 3),
    ("Dương", 3),
    ("Đặng", 3),
    ("Bùi", 3),
    ("Giáp", 3),
    ("Thân", 3),
    ("Hà", 2),
    ("Lương", 2),
    ("Chu", 2),
    ("Đào", 2),
    ("Trịnh", 2),
    ("Phan", 2),
    ("Mai", 1),
    ("Lưu", 1),
)
MINORITY_FAMILY = ("Hoàng", "Nông", "Lương", "Vi", "Hà", "Lục", "Triệu", "Lý", "Dương", "Bế")
MIDDLE_MALE = ("Văn", "Đức", "Hữu", "Quang", "Minh", "Xuân", "Đình", "Công", "Mạnh", "Thành")
MIDDLE_FEMALE = ("Thị", "Thị", "Thị", "Thu", "Ngọc", "Thanh", "Minh", "Hồng", "Kim", "Phương")
GIVEN_MALE = (
    "Hùng",
    "Dũng",
    "Tuấn",
    "Minh",
    "Hải",
    "Nam",
    "Thắng",
    "Long",
    "Quân",
    "Sơn",
    "Cường",
    "Hòa",
    "Bình",
    "Trung",
    "Tiến",
    "Phong",
    "Khánh",
    "Thành",
    "Hưng",
    "Việt",
    "Toàn",
    "Đạt",
    "Huy",
)
GIVEN_FEMALE = (
    "Lan",
    "Hương",
    "Hoa",
    "Mai",
    "Hạnh",
    "Thảo",
    "Nga",
    "Hằng",
    "Huyền",
    "Trang",
    "Linh",
    "Phương",
    "Yến",
    "Dung",
    "Hà",
    "Hồng",
    "Thúy",
    "Loan",
    "Vân",
    "Nhung",
)
MINORITIES = (("Nùng", 35), ("Tày", 30), ("Sán Chay", 15), ("Dao", 10), ("Hoa", 10))

_FAMILY_NAMES = tuple(name for name, _ in FAMILY)
_FAMILY_WEIGHTS = tuple(weight for _, weight in FAMILY)
_MINORITY_NAMES = tuple(name for name, _ in MINORITIES)
_MINORITY_WEIGHTS = tuple(weight for _, weight in MINORITIES)


def place(rng: random.Random) -> str:
    first = rng.choice(PLACE_FIRST)
    second = rng.choice(PLACE_SECOND)
    return f"{first} {second}" if first != second else first


def ethnicity(rng: random.Random, minority_share: float) -> str:
    if rng.random() >= minority_share:
        return "Kinh"
    return rng.choices(_MINORITY_NAMES, _MINORITY_WEIGHTS)[0]


def person_name(rng: random.Random, female: bool, ethnic: str) -> str:
    """Family + middle + given name, e.g. Nguyễn Thị Thu Hằng or Giáp Văn Hùng."""
    if ethnic != "Kinh" and rng.random() < 0.7:
        family = rng.choice(MINORITY_FAMILY)
    else:
        family = rng.choices(_FAMILY_NAMES, _FAMILY_WEIGHTS)[0]
    middle = rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)
    given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
    if rng.random() < 0.3:
        extra = rng.choice(MIDDLE_FEMALE[3:] if female else MIDDLE_MALE)
        if extra != middle:
            middle = f"{middle} {extra}"
    return f"{family} {middle} {given}"

from hub.text import fold_vietnamese, vietnamese_slug


def test_fold_strips_every_vietnamese_diacritic_and_maps_d_bar():
    assert fold_vietnamese("Tủ sách cộng đồng") == "tu sach cong dong"
    assert fold_vietnamese("ĐƯỜNG Lê Hồng Phong") == "duong le hong phong"
    assert fold_vietnamese("Ấp Ửng Ỹ ỵ") == "ap ung y y"


def test_slug_is_ascii_and_readable():
    assert vietnamese_slug("Phường Hai Bà Trưng") == "phuong-hai-ba-trung"
    assert vietnamese_slug("  Xã Tiên Tân!!  ") == "xa-tien-tan"
    assert vietnamese_slug("Đồng") == "dong"

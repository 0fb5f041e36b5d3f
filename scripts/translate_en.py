"""Fill the English catalogue from the table below (the Vietnamese source strings are the msgids).

Run after `manage.py makemessages -l en`; then `manage.py compilemessages`.
"""

import re
import sys
from pathlib import Path

EN = {
    "Tên miền": "Hostname",
    "Ví dụ: lam-ha.phuly.edu.vn (chữ không dấu, số, dấu “-” và “.”)": "For example lam-ha.phuly.edu.vn (letters without accents, digits, “-” and “.”)",
    "lời giới thiệu": "introduction",
    "nội dung": "content",
    "trang chủ Ban chỉ đạo": "committee home page",
    "trang chủ trung tâm": "centre home page",
    "giới thiệu": "introduction",
    "trang tin tức": "news index",
    "Tin tức": "News",
    "Thông báo": "Announcement",
    "ngày đăng": "date",
    "loại tin": "kind",
    "tóm tắt": "summary",
    "ảnh đại diện": "image",
    "Thông tin": "Details",
    "tin bài": "news item",
    "trang nội dung": "standard page",
    "danh bạ trung tâm": "centre directory",
    "Trung tâm": "Centre",
    "Địa chỉ, liên hệ": "Address, contact",
    "Bài giảng": "Lessons",
    "Tài liệu": "Documents",
    "Tin bài": "News",
    "Cập nhật": "Updated",
    "Chưa có trung tâm nào trong mạng lưới.": "No centres in the network yet.",
    "Địa chỉ:": "Address:",
    "Điện thoại:": "Phone:",
    "Tin tức – Thông báo": "News and announcements",
    "Trung tâm chưa đăng tin nào.": "This centre has not posted any news yet.",
    "Về trang liên thông của Ban chỉ đạo": "Back to the committee's network site",
    "Tin mới từ các trung tâm": "Latest news from the centres",
    "Chưa có tin bài nào.": "No news yet.",
    "%(n)s trung tâm học tập cộng đồng": "%(n)s community learning centres",
    "Ban chỉ đạo": "Steering committee",
    "Lọc theo loại tin": "Filter by kind",
    "Tất cả": "All",
    "Tất cả tin tức": "All news",
    "Thêm trung tâm": "Add a centre",
    "Đã tạo %(object)s với trang con, thư mục tài liệu và nhóm quyền.": "Created %(object)s with its subsite, media collection and staff groups.",
    "kho bài giảng": "lesson repository",
    "Kho bài giảng đang được xây dựng; bài giảng sẽ sớm có ở đây.": "The lesson repository is being built; lessons will appear here soon.",
    "thư viện số": "digital library",
    "Thư viện đang được số hoá; tài liệu sẽ sớm có ở đây.": "The library is being digitised; items will appear here soon.",
    "Tiêu đề": "Title",
    "Nội dung": "Text",
    "Khung lưu ý": "Callout",
    "Tên hiển thị": "Display name",
    "Tài liệu đính kèm": "Attached document",
    "Tiêu đề mục": "Heading",
    "Đoạn văn": "Paragraph",
    "Hình ảnh": "Image",
    "Nhúng (YouTube, Facebook)": "Embed (YouTube, Facebook)",
    "Trích dẫn": "Quote",
    "Phường": "Ward",
    "Xã": "Commune",
    "Thị trấn": "Township",
    "tên phường/xã": "ward/commune name",
    "Ví dụ: Phường Lam Hạ": "For example: Phường Lam Hạ",
    "loại": "kind",
    "địa chỉ": "address",
    "điện thoại": "phone",
    "thư điện tử": "email",
    "giám đốc trung tâm": "director",
    "thư mục tài liệu": "media collection",
    "nhóm biên tập": "editors group",
    "nhóm cộng tác": "contributors group",
    "ngày tạo": "created",
    "trung tâm học tập cộng đồng": "community learning centre",
    "Tên": "Name",
    "Địa chỉ": "URL",
    "Liên kết": "Links",
    "tên ban chỉ đạo": "committee name",
    "trang Facebook": "Facebook page",
    "kênh YouTube": "YouTube channel",
    "cổng thông tin liên kết": "linked portals",
    "Ví dụ: Hội Khuyến học Việt Nam, Bộ Giáo dục và Đào tạo": "For example: Vietnam Association for Promoting Education, Ministry of Education and Training",
    "Mạng xã hội": "Social media",
    "cài đặt mạng lưới": "network settings",
    "logo": "logo",
    "màu chủ đạo": "brand colour",
    "Mã màu dạng #RRGGBB": "Colour as #RRGGBB",
    "khẩu hiệu": "tagline",
    "nhận diện trang": "site branding",
    "Mã màu phải có dạng #RRGGBB, ví dụ #0b6e4f.": "The colour must look like #RRGGBB, for example #0b6e4f.",
    "Bỏ qua, đến nội dung chính": "Skip to main content",
    "Tải về:": "Download:",
    "Mạng lưới trung tâm học tập cộng đồng": "Network of community learning centres",
    "Trang Ban chỉ đạo (liên thông)": "Steering committee (network site)",
    "Ngôn ngữ": "Language",
    "Đổi": "Change",
    "Liên thông:": "Network:",
    "Cỡ chữ": "Text size",
    "Chữ nhỏ hơn": "Smaller text",
    "Cỡ chữ mặc định": "Default text size",
    "Chữ lớn hơn": "Larger text",
    "Mục chính": "Main menu",
    "Phân trang": "Pages",
    "Trang trước": "Previous",
    "Trang %(n)s/%(total)s": "Page %(n)s of %(total)s",
    "Trang sau": "Next",
}


def fill(po_path: Path) -> int:
    text = po_path.read_text(encoding="utf-8")
    filled = 0

    def replace(match: re.Match) -> str:
        nonlocal filled
        msgid = match.group(1)
        if msgid in EN:
            filled += 1
            english = EN[msgid].replace('"', '\\"')
            return f'msgid "{msgid}"\nmsgstr "{english}"'
        return match.group(0)

    text = re.sub(r'msgid "(.+)"\nmsgstr ""', replace, text)
    text = text.replace("#, fuzzy\n", "", 1)
    po_path.write_text(text, encoding="utf-8")
    return filled


if __name__ == "__main__":
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "hub/locale/en/LC_MESSAGES/django.po")
    print(f"{fill(path)} strings translated")

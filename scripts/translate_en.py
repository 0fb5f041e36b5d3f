"""Fill the English catalogue from the EN table below (the Vietnamese source strings are the msgids).

Refresh the catalogue after wrapping strings in gettext, from the repository root, in one command:

    .venv/bin/python scripts/translate_en.py --refresh

which runs these three steps (run them one by one if you prefer):

    export DJANGO_SETTINGS_MODULE=hub.settings.dev
    .venv/bin/python manage.py makemessages -l en --no-wrap --no-obsolete \
        --ignore=.venv --ignore=var --ignore=bench --ignore=tests --ignore=static_collected \
        --ignore=media --ignore=build --ignore='*.egg-info'
    .venv/bin/python scripts/translate_en.py
    .venv/bin/python manage.py compilemessages -l en \
        --ignore=.venv --ignore=var --ignore=bench --ignore=tests --ignore=static_collected \
        --ignore=media --ignore=build --ignore='*.egg-info'

makemessages collects every msgid of the project's own code (the apps have no locale folder, so
all of it lands in hub/locale/en) and merges it into the .po; this script then writes each msgstr
from EN (plural entries take a (singular, plural) pair), clears msgmerge's fuzzy guesses, and
exits with status 1 listing every msgid the table lacks: add those to EN and run it again.
compilemessages writes the .mo, which is committed with the .po; without the --ignore options it
would also recompile every installed package's catalogue inside .venv.
tests/test_translations.py fails when the committed catalogue is behind the code.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PO_PATH = ROOT / "hub/locale/en/LC_MESSAGES/django.po"
# Folders that hold no code of ours (the virtualenv, run-time data, tests, benchmarks, build output);
# both commands skip a folder whose name or path matches one of these.
IGNORE = [
    ".venv",
    "var",
    "bench",
    "tests",
    "static_collected",
    "media",
    "build",
    "*.egg-info",
    # copies of Wagtail's templates (hub/templates/wagtailadmin/README.md): English msgids of
    # Wagtail's own, translated by hub/translations/vi, not by this catalogue
    "hub/templates/wagtailadmin",
    "hub/templates/wagtailusers",
]
MAKEMESSAGES_ARGS = [
    "makemessages",
    "-l",
    "en",
    "--no-wrap",
    "--no-obsolete",
    *(f"--ignore={pattern}" for pattern in IGNORE),
]
COMPILEMESSAGES_ARGS = ["compilemessages", "-l", "en", *(f"--ignore={p}" for p in IGNORE)]

EN = {
    "Không nạp dữ liệu mẫu trên máy chủ thật (DEBUG tắt): nó tạo tài khoản quản trị, biên tập viên và giám khảo với mật khẩu công khai. Dùng setup_network và add_centre; nếu thật sự muốn, thêm --allow-production.": "Not loading the demo on a real server (DEBUG is off): it creates admin, editor and judge accounts with published passwords. Use setup_network and add_centre; if you really want it, add --allow-production.",
    "Tệp gửi lên quá lớn (tối đa %(mb)s MB); chưa có gì được lưu. Hãy chọn tệp nhỏ hơn.": "The upload is too large (at most %(mb)s MB); nothing was saved. Choose a smaller file.",
    "Tệp quá lớn": "File too large",
    "Liên thông trung tâm": "Centre network",
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
    "%(n)s trung tâm học tập cộng đồng": (
        "%(n)s community learning centre",
        "%(n)s community learning centres",
    ),
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
    "Liên thông:": "Network:",
    "Cỡ chữ": "Text size",
    "Cỡ chữ mặc định": "Default text size",
    "Chữ lớn hơn": "Larger text",
    "Mục chính": "Main menu",
    "Phân trang": "Pages",
    "Trang trước": "Previous",
    "Trang %(n)s/%(total)s": "Page %(n)s of %(total)s",
    "Trang sau": "Next",
    "centre directory column: library items\x04Tài liệu": "Library items",
    # hub: frame, errors, offline page, shared models and blocks
    "Trang chủ": "Home",
    "Tìm kiếm": "Search",
    "Về trang chủ": "Back to the home page",
    "Tải lại trang": "Reload the page",
    "Không có kết nối mạng": "No internet connection",
    "Trang này chưa được lưu trên máy. Những bài giảng bạn đã bấm “Lưu để xem khi không có mạng” vẫn mở được.": "This page has not been saved on this device. Lessons you saved with “Save to read offline” still open.",
    "Hệ thống đang bảo trì trong giây lát": "Brief maintenance under way",
    "Máy chủ dữ liệu đang khởi động lại. Nội dung của bạn không bị mất; hãy thử lại sau khoảng nửa phút.": "The database server is restarting. Nothing you saved is lost; please try again in about half a minute.",
    "Đã có lỗi xảy ra": "Something went wrong",
    "Trang này gặp lỗi ngoài ý muốn và đội kỹ thuật đã được báo. Hãy thử lại sau ít phút.": "This page hit an unexpected error and the technical team has been told. Please try again in a few minutes.",
    "Tệp PDF có mật khẩu nên không đọc được; hãy gỡ mật khẩu rồi tải lên lại.": "The PDF is password-protected and cannot be read; remove the password and upload it again.",
    "Tệp PDF bị hỏng hoặc tải lên dở dang; hãy kiểm tra rồi tải lên lại.": "The PDF is damaged or was only partly uploaded; check it and upload it again.",
    "Lọc và sắp xếp": "Filter and sort",
    "Lĩnh vực": "Subject",
    "Mọi lĩnh vực": "All subjects",
    "Mọi trung tâm": "All centres",
    "Sắp xếp": "Sort",
    "Trình duyệt không phát được video.": "Your browser cannot play this video.",
    "Tải video về máy": "Download the video",
    "Tải bản nhẹ (MP4) để xem khi không có mạng": "Download a light copy (MP4) to watch offline",
    "Video này chưa xem được.": "This video cannot be watched yet.",
    "Video đang được xử lý, mời bạn quay lại sau ít phút.": "The video is being processed; please come back in a few minutes.",
    "Video": "Video",
    "Chú thích": "Caption",
    "site": "site",
    "lĩnh vực": "subject",
    "tên lĩnh vực": "subject name",
    "đường dẫn": "slug",
    "mô tả": "description",
    "thứ tự": "order",
    # hub: video processing (hub/video/, hub/templates/hub/admin/video_status.html)
    "Xử lý video": "Video processing",
    "Video tải lên được kiểm tra, tạo ảnh đại diện và chuyển sang các mức chất lượng 360p/480p/720p để xem mượt trên mạng yếu.": "Uploaded videos are checked, given a poster image and converted to 360p/480p/720p so that they play smoothly on weak connections.",
    "Thư mục": "Collection",
    "Trạng thái": "Status",
    "Chi tiết": "Details",
    "Đã xử lý %(n)s lần": "Processed %(n)s times",
    "%(width)s×%(height)s, %(seconds)s giây": "%(width)s×%(height)s, %(seconds)s s",
    "Thử lại": "Retry",
    "Chưa có video nào.": "No videos yet.",
    "Đang chờ xử lý": "Queued",
    "Đang xử lý": "Processing",
    "Sẵn sàng": "Ready",
    "Lỗi": "Failed",
    "trạng thái": "status",
    "tiến độ (%)": "progress (%)",
    "lý do lỗi": "error",
    "số lần xử lý": "attempts",
    "lần cập nhật cuối": "last heartbeat",
    "dung lượng (byte)": "size (bytes)",
    "thông số": "probe data",
    "danh sách HLS": "HLS playlist",
    "bản MP4 dự phòng": "fallback MP4",
    "video": "video",
    "Video bị hỏng hoặc không đầy đủ (tải lên dở dang?): không giải mã được đến hết tệp.": "The video is damaged or incomplete (a partial upload?): it cannot be decoded to the end.",
    "Lỗi hệ thống khi xử lý video. Hãy bấm “Thử lại”; nếu vẫn lỗi, báo quản trị.": "A system error stopped the video processing. Press “Retry”; if it fails again, tell the administrator.",
    "Tệp rỗng (0 byte). Hãy chọn lại tệp video rồi tải lên lần nữa.": "The file is empty (0 bytes). Choose the video file again and upload it once more.",
    "Tệp nặng %(size)s, vượt giới hạn %(limit)s. Hãy cắt ngắn hoặc nén video.": "The file is %(size)s, over the %(limit)s limit. Shorten or compress the video.",
    "Máy chủ chưa cài ffmpeg nên chưa xử lý được video; hãy báo quản trị rồi bấm “Thử lại”.": "ffmpeg is not installed on the server, so videos cannot be processed; tell the administrator, then press “Retry”.",
    "Không đọc được tệp: đây không phải video hoặc tệp đã bị hỏng, tải lên dở dang.": "The file cannot be read: it is not a video, or it is damaged or only partly uploaded.",
    "Tệp không có hình ảnh (chỉ có âm thanh hoặc dữ liệu khác), không phải video.": "The file has no picture (only sound or other data); it is not a video.",
    "Không xác định được thời lượng video: tệp có thể bị hỏng hoặc dở dang.": "The video's length cannot be determined: the file may be damaged or incomplete.",
    "Video dài %(duration)s, vượt giới hạn %(limit)s.": "The video lasts %(duration)s, over the %(limit)s limit.",
    "Không đọc được kích thước khung hình: tệp video bị hỏng.": "The frame size cannot be read: the video file is damaged.",
    "Đã đưa “%(title)s” vào hàng đợi xử lý lại.": "“%(title)s” is queued to be processed again.",
    "“%(title)s” đang được xử lý hoặc đã sẵn sàng; không cần thử lại lúc này.": "“%(title)s” is being processed or is ready; there is no need to retry now.",
    "Đã đưa lại %(count)d video vào hàng đợi.": (
        "Put %(count)d video back in the queue.",
        "Put %(count)d videos back in the queue.",
    ),
    # home
    "Trang chủ và tin tức": "Home pages and news",
    "Không tạo được trung tâm:": "Could not create the centre:",
    "Đã tạo %(centre)s tại %(url)s": "Created %(centre)s at %(url)s",
    "Nhóm biên tập: %(group)s": "Editors group: %(group)s",
    "Nhóm cộng tác: %(group)s": "Contributors group: %(group)s",
    "Đã nạp mạng lưới mẫu Phủ Lý.": "Loaded the Phủ Lý demo network.",
    "Trang liên thông: %(url)s": "Network site: %(url)s",
    # lessons
    "Kho bài giảng": "Lesson repository",
    "Liên kết YouTube": "YouTube link",
    "Video YouTube": "YouTube video",
    "Đây không phải liên kết video YouTube (youtube.com/watch?v=… hoặc youtu.be/…).": "This is not a YouTube video link (youtube.com/watch?v=… or youtu.be/…).",
    "Phương án": "Answer",
    "Đúng": "Correct",
    "Câu hỏi": "Question",
    "Phương án trả lời": "Answers",
    "Giải thích (hiện sau khi trả lời)": "Explanation (shown after answering)",
    "Câu hỏi ôn tập": "Review question",
    "Hãy đánh dấu ít nhất một phương án đúng.": "Mark at least one answer as correct.",
    "Họ và tên": "Full name",
    "Số điện thoại hoặc thư điện tử": "Phone number or email",
    "Để trung tâm liên hệ khi cần; không hiển thị công khai.": "So that the centre can contact you if needed; never shown publicly.",
    "Tên bài giảng": "Lesson title",
    "– Chọn lĩnh vực –": "– Choose a subject –",
    "Mô tả ngắn": "Short description",
    "Liên kết video (YouTube) hoặc tài liệu": "Link to a video (YouTube) or document",
    "Hoặc tải tệp lên (video, PDF, Word, PowerPoint)": "Or upload a file (video, PDF, Word, PowerPoint)",
    "Tôi là tác giả hoặc được phép chia sẻ nội dung này, và đồng ý để trung tâm đăng công khai.": "I am the author or have permission to share this content, and I agree that the centre may publish it.",
    "Hãy xác nhận bạn có quyền chia sẻ nội dung này.": "Please confirm that you have the right to share this content.",
    "Để trống ô này": "Leave this field empty",
    "Hãy nhập số điện thoại (8–20 chữ số) hoặc địa chỉ thư điện tử.": "Enter a phone number (8–20 digits) or an email address.",
    "Mô tả có quá nhiều liên kết; hãy chỉ giữ tối đa 2 liên kết.": "The description has too many links; keep at most 2.",
    "Chỉ nhận video (mp4, mov, 3gp, webm, mkv) hoặc tài liệu (pdf, doc, docx, ppt, pptx, odt).": "Only videos (mp4, mov, 3gp, webm, mkv) or documents (pdf, doc, docx, ppt, pptx, odt) are accepted.",
    "Tệp rỗng (0 byte); hãy chọn lại tệp.": "The file is empty (0 bytes); choose the file again.",
    "Tệp lớn hơn %(limit)s MB; hãy cắt ngắn video hoặc gửi liên kết YouTube.": "The file is larger than %(limit)s MB; shorten the video or send a YouTube link.",
    "Không gửi được bài (bị nghi là tin rác).": "The lesson could not be sent (it looks like spam).",
    "Biểu mẫu đã hết hạn; hãy tải lại trang rồi gửi lại.": "The form has expired; reload the page and send it again.",
    "Bạn gửi nhanh quá; hãy kiểm tra lại nội dung rồi gửi.": "You sent that very quickly; check the content, then send it.",
    "Hãy tải tệp lên hoặc dán liên kết tới video, tài liệu.": "Upload a file or paste a link to a video or document.",
    "Chỉ gửi một trong hai: tệp hoặc liên kết.": "Send only one of the two: a file or a link.",
    "Liên kết phải bắt đầu bằng http:// hoặc https://": "The link must start with http:// or https://",
    "Mọi người": "Everyone",
    "Người cao tuổi": "Older people",
    "Phụ nữ": "Women",
    "Thanh thiếu niên": "Young people",
    "Nông dân": "Farmers",
    "Người lao động": "Workers",
    "Cơ bản": "Basic",
    "Trung bình": "Intermediate",
    "Nâng cao": "Advanced",
    "Mới nhất": "Newest",
    "Xem nhiều": "Most viewed",
    "Theo tên": "By title",
    "đối tượng": "audience",
    "trình độ": "level",
    "thời lượng (phút)": "duration (minutes)",
    "người dạy": "teacher",
    "từ khóa": "tags",
    "nội dung bài giảng": "lesson content",
    "người chia sẻ": "shared by",
    "Tên người học đã gửi bài qua trang web": "Name of the learner who sent the lesson through the website",
    "liên hệ người chia sẻ": "sharer's contact",
    "Thông tin bài giảng": "Lesson details",
    "Bài do người học gửi": "Sent by a learner",
    "bài giảng": "lesson",
    "lượt xem": "views",
    "lượt xem bài giảng": "lesson views",
    "Tệp PDF có mật khẩu nên không đọc được; hãy gỡ mật khẩu rồi gửi lại.": "The PDF is password-protected and cannot be read; remove the password and send it again.",
    "Tệp PDF bị hỏng hoặc tải lên dở dang; hãy kiểm tra rồi gửi lại.": "The PDF is damaged or was only partly uploaded; check it and send it again.",
    "Hãy chọn một phương án.": "Choose an answer.",
    "Chính xác!": "Correct!",
    "Chưa đúng, bạn thử lại nhé.": "Not quite; try again.",
    "Kiểm tra": "Check",
    "Bấm để xem video trên YouTube": "Tap to watch the video on YouTube",
    "phút": "min",
    "%(n)s lượt xem": ("%(n)s view", "%(n)s views"),
    "Chia sẻ bài giảng của bạn": "Share your lesson",
    "Không có bài giảng nào khớp bộ lọc.": "No lessons match these filters.",
    "Bỏ lọc": "Clear filters",
    "Người dạy:": "Teacher:",
    "Chia sẻ bởi": "Shared by",
    "Chưa lưu được, hãy thử lại khi có mạng": "Not saved; try again when you are online",
    "Lưu để xem khi không có mạng": "Save to read offline",
    "Đã lưu trên máy này": "Saved on this device",
    "Chia sẻ": "Share",
    "Chia sẻ bài giảng": "Share a lesson",
    "Sao chép liên kết": "Copy link",
    "Sao chép liên kết:": "Copy the link:",
    "In bài": "Print",
    "Đã sao chép liên kết.": "Link copied.",
    "Mã QR mở bài giảng này": "QR code opening this lesson",
    "Quét mã để mở bài giảng trên điện thoại": "Scan the code to open the lesson on a phone",
    "Bài giảng liên quan": "Related lessons",
    "Bạn đã gửi nhiều bài trong một giờ qua. Mời bạn quay lại sau, hoặc liên hệ trung tâm.": "You have sent many lessons in the past hour. Please come back later, or contact the centre.",
    "Gửi bài": "Send",
    "Cảm ơn bạn đã chia sẻ!": "Thank you for sharing!",
    "Bài “%(title)s” đã được gửi tới cán bộ trung tâm. Bài sẽ hiện trên trang sau khi được duyệt.": "“%(title)s” has been sent to the centre's staff. It will appear on the site once approved.",
    "Về kho bài giảng": "Back to the lessons",
    "Kho lưu trữ tệp đang gián đoạn nên bài chưa được gửi (chưa có gì được lưu). Vui lòng thử lại sau ít phút.": "File storage is unavailable, so the lesson was not sent (nothing was saved). Please try again in a few minutes.",
    # library
    "Thư viện": "Library",
    "Thư viện số": "Digital library",
    "Tệp danh mục (.csv UTF-8 hoặc .xlsx)": "Catalogue file (.csv in UTF-8, or .xlsx)",
    "Tệp lớn quá 10 MB; hãy chia thành nhiều tệp nhỏ hơn.": "The file is over 10 MB; split it into smaller files.",
    "Chỉ nhận tệp .csv (UTF-8) hoặc .xlsx.": "Only .csv (UTF-8) or .xlsx files are accepted.",
    "Tệp không còn hợp lệ (%(error)s); chưa nhập dòng nào.": "The file is no longer valid (%(error)s); no row was imported.",
    "Đã nhập %(count)s tài liệu và xuất bản vào %(library)s.": (
        "Imported and published %(count)s item in %(library)s.",
        "Imported and published %(count)s items in %(library)s.",
    ),
    "Đã nhập %(count)s tài liệu dưới dạng bản nháp chờ duyệt vào %(library)s.": (
        "Imported %(count)s item into %(library)s as a draft awaiting approval.",
        "Imported %(count)s items into %(library)s as drafts awaiting approval.",
    ),
    "Dòng %(row)s, cột “%(column)s”: %(message)s": "Row %(row)s, column “%(column)s”: %(message)s",
    "Dòng %(row)s: %(message)s": "Row %(row)s: %(message)s",
    "Chỉ nhận tệp .csv (mã hoá UTF-8) hoặc .xlsx (Excel).": "Only .csv (UTF-8 encoded) or .xlsx (Excel) files are accepted.",
    "Tệp CSV không dùng mã hoá UTF-8 (lỗi ở dòng %(line)s). Trong Excel hãy chọn “Lưu thành… CSV UTF-8 (phân cách bằng dấu phẩy)” rồi tải lên lại.": "The CSV file is not UTF-8 encoded (error on line %(line)s). In Excel choose “Save as… CSV UTF-8 (comma delimited)”, then upload it again.",
    "Tệp chứa ký tự lạ (có thể là tệp nhị phân hoặc UTF-16); hãy lưu lại dạng CSV UTF-8.": "The file contains unexpected characters (it may be binary or UTF-16); save it again as CSV UTF-8.",
    "Tệp trống: không có dòng tiêu đề cột.": "The file is empty: there is no header row.",
    "Không mở được tệp Excel: tệp hỏng hoặc không phải định dạng .xlsx.": "The Excel file cannot be opened: it is damaged or not in .xlsx format.",
    "Trang tính đầu tiên trống: không có dòng tiêu đề cột.": "The first worksheet is empty: there is no header row.",
    "thiếu cột bắt buộc: %(columns)s": "required columns missing: %(columns)s",
    "cột không nhận ra: %(columns)s": "unknown columns: %(columns)s",
    "cột bị lặp: %(columns)s": "repeated columns: %(columns)s",
    "Dòng tiêu đề chưa đúng (%(problems)s). Các cột dùng được: %(expected)s.": "The header row is not right (%(problems)s). Columns you can use: %(expected)s.",
    "Tệp có %(rows)s dòng, quá giới hạn %(limit)s dòng mỗi lần nhập; hãy chia nhỏ tệp.": "The file has %(rows)s rows, over the limit of %(limit)s rows per import; split the file.",
    "ô chứa công thức (bắt đầu bằng =, +, -, @); hãy nhập giá trị thuần.": "the cell holds a formula (starts with =, +, -, @); enter a plain value.",
    "bắt buộc, đang để trống.": "required, but empty.",
    "dài quá 255 ký tự.": "longer than 255 characters.",
    "không có lĩnh vực “%(field)s” (có: %(names)s).": "there is no subject “%(field)s” (there are: %(names)s).",
    "giá trị “%(value)s” không hợp lệ (dùng: %(allowed)s).": "the value “%(value)s” is not valid (use: %(allowed)s).",
    "video được thêm trong trang quản trị, không nhập từ bảng.": "videos are added in the admin, not imported from a spreadsheet.",
    "“%(year)s” không phải năm hợp lệ (1800–%(max_year)s).": "“%(year)s” is not a valid year (1800–%(max_year)s).",
    "không tìm thấy tệp “%(file)s” trong các tệp kèm theo.": "the file “%(file)s” is not among the attached files.",
    "trùng với dòng %(row)s (cùng tiêu đề, tác giả, năm).": "same as row %(row)s (same title, authors and year).",
    "tài liệu này đã có trong thư viện (cùng tiêu đề, tác giả, năm).": "this item is already in the library (same title, authors and year).",
    "tệp chỉ có dòng tiêu đề, chưa có tài liệu nào.": "the file has only a header row and no items.",
    "Không có trung tâm “%(centre)s”. Các trung tâm: %(names)s": "There is no centre “%(centre)s”. The centres are: %(names)s",
    "%(centre)s chưa có trang thư viện số.": "%(centre)s has no digital library page yet.",
    "Không đọc được tệp %(path)s: %(reason)s": "Cannot read the file %(path)s: %(reason)s",
    "Tệp có %(count)s lỗi, chưa nhập dòng nào:": (
        "The file has %(count)s error; no row was imported:",
        "The file has %(count)s errors; no row was imported:",
    ),
    "… và %(count)s lỗi khác": ("… and %(count)s more error", "… and %(count)s more errors"),
    "Tệp hợp lệ: %(count)s tài liệu cho %(centre)s.": (
        "The file is valid: %(count)s item for %(centre)s.",
        "The file is valid: %(count)s items for %(centre)s.",
    ),
    "Đã nhập %(count)s tài liệu vào %(library)s – %(centre)s.": (
        "Imported %(count)s item into %(library)s – %(centre)s.",
        "Imported %(count)s items into %(library)s – %(centre)s.",
    ),
    "Đọc nhiều": "Most read",
    "Sách": "Book",
    "Tài liệu": "Document",
    "Âm thanh": "Audio",
    "Trung tâm tự biên soạn": "Written by the centre",
    "Đã được tác giả/nhà xuất bản cho phép": "Used with the author's or publisher's permission",
    "Phạm vi công cộng (hết thời hạn bảo hộ)": "Public domain (copyright expired)",
    "Tiếng Việt": "Vietnamese",
    "Tiếng Anh": "English",
    "Ngôn ngữ khác": "Other language",
    "tác giả": "authors",
    "Nhiều tác giả cách nhau bằng dấu ;": "Separate several authors with ;",
    "nhà xuất bản": "publisher",
    "năm xuất bản": "year of publication",
    "ngôn ngữ": "language",
    "ảnh bìa": "cover image",
    "Để trống: lấy trang đầu của tệp PDF.": "Leave empty to use the first page of the PDF.",
    "tệp tài liệu": "document file",
    "PDF, EPUB hoặc tệp âm thanh": "PDF, EPUB or an audio file",
    "bản quyền": "licence",
    "nguồn": "source",
    "Thông tin thư mục": "Catalogue details",
    "Tệp": "Files",
    "Bản quyền và nguồn": "Licence and source",
    "tài liệu thư viện": "library item",
    "Tài liệu loại video cần chọn một video.": "A video item needs a video.",
    "lượt đọc": "reads",
    "lượt tải": "downloads",
    "lượt đọc và tải": "reads and downloads",
    "%(page)s: %(reads)s đọc, %(downloads)s tải": "%(page)s: %(reads)s reads, %(downloads)s downloads",
    "phân tích tệp PDF": "PDF analysis",
    "%(file)s (%(pages)s trang)": ("%(file)s (%(pages)s page)", "%(file)s (%(pages)s pages)"),
    "Tệp PDF không có trang nào.": "The PDF has no pages.",
    "Không vẽ được trang đầu của tệp PDF: tệp bị hỏng.": "The first page of the PDF cannot be drawn: the file is damaged.",
    "Tài liệu không có trang %(number)s.": "The document has no page %(number)s.",
    "Nhập danh mục thư viện": "Import a library catalogue",
    "Tệp .csv (UTF-8) hoặc .xlsx, dòng đầu là tên cột. Bắt buộc: <strong>Tiêu đề</strong>, <strong>Lĩnh vực</strong>, <strong>Bản quyền</strong>. Có thể thêm: Tác giả (cách nhau bằng ;), Nhà xuất bản, Năm, Ngôn ngữ, Loại, Từ khóa, Tóm tắt, Nguồn, ISBN. Mọi dòng được kiểm tra trước; nếu có lỗi, không dòng nào được nhập.": "A .csv (UTF-8) or .xlsx file whose first row names the columns, in Vietnamese or English. Required: <strong>Tiêu đề</strong> (title), <strong>Lĩnh vực</strong> (field), <strong>Bản quyền</strong> (licence). Optional: Tác giả (authors, separated by ;), Nhà xuất bản (publisher), Năm (year), Ngôn ngữ (language), Loại (kind), Từ khóa (tags), Tóm tắt (summary), Nguồn (source), ISBN. Every row is checked first; if any has an error, no row is imported.",
    "Xem trước: %(n)s tài liệu hợp lệ cho %(library)s": (
        "Preview: %(n)s valid item for %(library)s",
        "Preview: %(n)s valid items for %(library)s",
    ),
    "Dòng": "Row",
    "Tác giả": "Authors",
    "Năm": "Year",
    "Bản quyền": "Licence",
    "… và %(n)s tài liệu khác.": ("… and %(n)s more item.", "… and %(n)s more items."),
    "Xác nhận nhập %(n)s tài liệu": ("Import %(n)s item", "Import %(n)s items"),
    "Huỷ": "Cancel",
    "Tệp có %(n)s lỗi, chưa nhập dòng nào. Sửa rồi tải lên lại:": (
        "The file has %(n)s error, so no row was imported. Fix it and upload the file again:",
        "The file has %(n)s errors, so no row was imported. Fix them and upload the file again:",
    ),
    "… và %(n)s lỗi khác.": ("… and %(n)s more error.", "… and %(n)s more errors."),
    "Kiểm tra và xem trước": "Check and preview",
    "%(n)s lượt đọc": ("%(n)s read", "%(n)s reads"),
    "Không có tài liệu nào khớp bộ lọc.": "No items match these filters.",
    "Nhà xuất bản": "Publisher",
    "Số trang": "Pages",
    "Nguồn": "Source",
    "Lượt đọc / tải": "Reads / downloads",
    "Đọc trực tuyến": "Read online",
    "Tải về": "Download",
    "Tệp này chưa đọc trực tuyến được; bạn vẫn có thể tải về.": "This file cannot be read online yet; you can still download it.",
    "Về thư viện": "Back to the library",
    "Đọc:": "Read:",
    "%(n)s trang – trang tải dần khi bạn cuộn xuống.": "%(n)s pages – they load as you scroll down.",
    "Tải cả tệp PDF": "Download the whole PDF",
    "Trang %(number)s": "Page %(number)s",
    "Thông tin tài liệu": "About this item",
    "Không có trang này.": "There is no such page.",
    # search
    "Máy tìm kiếm đang bận; kết quả dưới đây lấy trực tiếp từ cơ sở dữ liệu, có thể kém chính xác hơn.": "The search engine is busy; the results below come straight from the database and may be less precise.",
    "Đã đưa %(count)s trang vào chỉ mục tìm kiếm.": (
        "Indexed %(count)s page for search.",
        "Indexed %(count)s pages for search.",
    ),
    "cơ sở dữ liệu": "database",
    "Máy tìm kiếm: %(engine)s (dự phòng: %(fallback)s)": "Search engine: %(engine)s (fallback: %(fallback)s)",
    "%(indexed)s trong chỉ mục / %(live)s đang xuất bản": "%(indexed)s in the index / %(live)s published",
    "Chỉ mục khớp dữ liệu.": "The index matches the data.",
    "Chỉ mục lệch; chạy: %(command)s": "The index is out of step; run: %(command)s",
    "mục tìm kiếm": "search entry",
    "Tìm trong trung tâm và cả mạng lưới (gõ có dấu hay không dấu đều được)": "Search this centre and the whole network (with or without Vietnamese accents)",
    "Tìm trong mọi trung tâm (gõ có dấu hay không dấu đều được)": "Search every centre (with or without Vietnamese accents)",
    "Tìm": "Search",
    "Từ khoá dài quá nên chỉ dùng 200 ký tự đầu.": "The search was too long, so only its first 200 characters were used.",
    "%(n)s kết quả": ("%(n)s result", "%(n)s results"),
    "Loại nội dung": "Content type",
    "Không tìm thấy kết quả. Hãy thử từ khoá ngắn hơn hoặc khác đi.": "Nothing found. Try shorter or different words.",
    "Không tìm thấy kết quả.": "Nothing found.",
    "Từ khoá chỉ có ký hiệu; hãy nhập chữ hoặc số.": "The search has only symbols; type letters or digits.",
    # contests
    "trang hội thi": "contests page",
    "Theo logarit, so với bài cao nhất (mặc định)": "Logarithmic, relative to the top entry (default)",
    "Tuyến tính, so với bài cao nhất": "Linear, relative to the top entry",
    "Theo thứ hạng": "By rank",
    "thể lệ": "rules",
    "mở nhận bài": "submissions open",
    "hạn nộp bài": "submission deadline",
    "bắt đầu chấm": "judging starts",
    "kết thúc chấm": "judging ends",
    "chốt số liệu tương tác": "engagement cut-off",
    "công bố kết quả": "results published",
    "chấm ẩn danh (giấu tên trung tâm)": "blind judging (centre names hidden)",
    "chuẩn hoá điểm từng giám khảo (z-score)": "normalise each judge's scores (z-score)",
    "trọng số phần tương tác": "engagement weight",
    "0–1; ví dụ 0,2 = 20% điểm cuối cùng từ lượt xem, thích, chia sẻ": "0–1; for example 0.2 = 20% of the final score from views, likes and shares",
    "trọng số lượt xem": "views weight",
    "trọng số lượt thích": "likes weight",
    "trọng số lượt chia sẻ": "shares weight",
    "trọng số bình luận": "comments weight",
    "cách chuẩn hoá": "normalisation",
    "Thời gian": "Timeline",
    "Phần thi": "Parts",
    "Phần tương tác (lượt xem, thích, chia sẻ)": "Engagement (views, likes, shares)",
    "Giám khảo": "Judges",
    "Chấm thi": "Judging",
    "hội thi": "contest",
    "Hạn nộp bài phải sau ngày mở nhận bài.": "The submission deadline must come after submissions open.",
    "Kết thúc chấm phải sau khi bắt đầu chấm.": "Judging must end after it starts.",
    "Chỉ bắt đầu chấm sau hạn nộp bài.": "Judging can only start after the submission deadline.",
    "Trọng số không được âm.": "Weights cannot be negative.",
    "Có phần tương tác thì tổng trọng số các chỉ số phải lớn hơn 0.": "With an engagement part, the metric weights must add up to more than 0.",
    "tên phần thi": "part name",
    "trọng số": "weight",
    "Tiêu chí": "Criteria",
    "phần thi": "contest part",
    "tiêu chí": "criterion",
    "điểm tối đa": "maximum points",
    "trọng số trong phần thi": "weight within the part",
    "tài khoản": "account",
    "thuộc trung tâm": "centre",
    "Giám khảo không chấm bài của trung tâm mình.": "Judges do not score their own centre's entries.",
    "giám khảo": "judge",
    "trung tâm": "centre",
    "người dự thi": "participants",
    "video dự thi": "entry video",
    "liên kết YouTube": "YouTube link",
    "liên kết Facebook": "Facebook link",
    "Video trên mạng xã hội": "Video on social media",
    "bài dự thi": "contest entry",
    "Trang web": "Website",
    "Chưa đồng bộ": "Not synced yet",
    "Bình thường": "OK",
    "Video đã bị gỡ / không tìm thấy": "Video removed / not found",
    "Hết thời gian chờ": "Timed out",
    "Máy chủ nền tảng lỗi": "Platform server error",
    "Dữ liệu trả về không đọc được": "Unreadable response",
    "Số liệu giảm so với lần trước": "Figures dropped since the last sync",
    "Hết hạn mức gọi API hôm nay": "Today's API quota is used up",
    "Nền tảng yêu cầu giảm tần suất": "Rate limited by the platform",
    "Liên kết không nhận dạng được": "Unrecognised link",
    "loại khỏi tính điểm": "excluded from scoring",
    "lý do loại": "reason for exclusion",
    "Nhận bài": "Submissions",
    "Chưa có hội thi nào.": "No contests yet.",
    "Cơ cấu điểm": "Scoring",
    "Tương tác trên trang web, YouTube, Facebook": "Engagement on the website, YouTube and Facebook",
    "điểm tổng": "of the total score",
    "Thể lệ": "Rules",
    "Xem kết quả": "See the results",
    "Bài dự thi": "Entries",
    "Chưa có bài dự thi.": "No entries yet.",
    "Thích": "Like",
    "lượt xem trên trang": "views on the site",
    "Kết quả": "Results",
    "Hạng": "Rank",
    "Điểm giám khảo": "Judges' score",
    "Điểm tương tác": "Engagement score",
    "Tổng": "Total",
    "Hội thi": "Contests",
    "%(points)sđ": "%(points)s pts",
    "Kết quả chưa được công bố.": "The results have not been published yet.",
    "Chỉ nhận yêu cầu POST.": "Only POST requests are accepted.",
    "Không tính lượt từ máy tự động.": "Automated clients are not counted.",
    "Bạn thao tác quá nhiều; hãy thử lại sau ít phút.": "Too many actions; try again in a few minutes.",
    "Nơi chia sẻ không hợp lệ.": "Unknown share target.",
    # contests: who may score and enter (contests/permissions.py, contests/wagtail_hooks.py)
    "Bạn không phải giám khảo của hội thi này.": "You are not a judge of this contest.",
    "Bài này của trung tâm bạn, bạn không chấm được (tránh xung đột lợi ích).": "This entry is from your own centre, so you cannot score it (conflict of interest).",
    "Chưa đến thời gian chấm (bắt đầu %(start)s).": "Judging has not started yet (it starts at %(start)s).",
    "Đã hết thời gian chấm; điểm đã được khoá.": "Judging is over; the scores are locked.",
    "Hội thi đã hết hạn nộp bài (hoặc chưa mở); không thể thêm hay sửa bài dự thi.": "The contest is closed for submissions (or not open yet); entries cannot be added or edited.",
    "Bạn chỉ sửa được bài dự thi của trung tâm mình.": "You can only edit your own centre's entries.",
    "Chỉ Ban chỉ đạo tạo và sửa hội thi.": "Only the steering committee creates and edits contests.",
    "Chỉ Ban chỉ đạo xoá, chuyển hay sao chép hội thi và bài dự thi.": "Only the steering committee deletes, moves or copies contests and entries.",
    # contests: the judging screens
    "Thời gian chấm": "Judging period",
    "Xếp hạng": "Ranking",
    "Tương tác": "Engagement",
    "Đang trong thời gian chấm, đến %(end)s. Điểm sửa được đến khi hết thời gian chấm.": "Judging is open until %(end)s. Scores can be changed until judging closes.",
    "Ngoài thời gian chấm (%(start)s – %(end)s): điểm chỉ xem, không sửa.": "Outside the judging period (%(start)s – %(end)s): scores can be viewed, not changed.",
    "Xem xếp hạng": "See the ranking",
    "Đã chấm": "Scored",
    "Bài của trung tâm bạn – không chấm": "Your centre's entry – not for you to score",
    "Xem/sửa điểm": "View/edit scores",
    "Chấm bài": "Score entry",
    "Chưa có bài dự thi nào được duyệt.": "No approved entries yet.",
    "Trung tâm:": "Centre:",
    "Người dự thi:": "Participants:",
    "Xem video trên YouTube": "Watch the video on YouTube",
    "Điểm (0 – tối đa)": "Points (0 – maximum)",
    "Nhận xét": "Comment",
    "Quay lại": "Back",
    "Lịch sử chỉnh sửa": "Change history",
    "(chưa có)": "(none)",
    "Hãy nhập điểm.": "Enter the points.",
    "“%(raw)s” không phải là số.": "“%(raw)s” is not a number.",
    "Điểm phải từ 0 đến %(maximum)s.": "Points must be from 0 to %(maximum)s.",
    "Điểm chỉ lấy tối đa 2 chữ số thập phân.": "Points take at most 2 decimal places.",
    "Đã lưu điểm bài “%(title)s”.": "Saved the scores of “%(title)s”.",
    "Điểm chưa hợp lệ; chưa lưu gì. Hãy sửa các ô được đánh dấu.": "Some points are not valid; nothing was saved. Correct the marked fields.",
    # contests: ranking, exports and one entry's breakdown
    "Điểm tổng = (1 − %(weight)s) × điểm giám khảo + %(weight)s × điểm tương tác.": "Total score = (1 − %(weight)s) × judges' score + %(weight)s × engagement score.",
    "Số liệu tương tác chốt lúc %(cutoff)s; chuẩn hoá: %(normalisation)s; điểm từng giám khảo được chuẩn hoá (z-score).": "Engagement figures cut off at %(cutoff)s; normalisation: %(normalisation)s; each judge's scores are normalised (z-score).",
    "Số liệu tương tác chốt lúc %(cutoff)s; chuẩn hoá: %(normalisation)s.": "Engagement figures cut off at %(cutoff)s; normalisation: %(normalisation)s.",
    "Tải CSV": "Download CSV",
    "Tải Excel": "Download Excel",
    "Lượt xem / thích / chia sẻ": "Views / likes / shares",
    "Thiếu điểm %(missing)s tiêu chí": (
        "Missing scores for %(missing)s criterion",
        "Missing scores for %(missing)s criteria",
    ),
    "Chưa có bài dự thi hoặc chưa có tiêu chí.": "No entries or no criteria yet.",
    "Bằng điểm tổng; xếp sau vì điểm giám khảo thấp hơn.": "Same total score; ranked lower for a lower judges' score.",
    "Bằng điểm tổng và điểm giám khảo; xếp sau vì nộp bài muộn hơn.": "Same total and judges' scores; ranked lower for submitting later.",
    "Bằng điểm hoàn toàn; xếp theo thứ tự nộp trong hệ thống.": "Exactly the same scores; ranked in the order of submission.",
    "Điểm tổng": "Total score",
    "Lượt xem": "Views",
    "Lượt thích": "Likes",
    "Lượt chia sẻ": "Shares",
    "Bình luận": "Comments",
    "Ghi chú xếp hạng": "Ranking note",
    "Định dạng không hỗ trợ.": "Unsupported format.",
    "chi tiết điểm": "score details",
    "Chi tiết điểm": "Score details",
    "Hạng %(rank)s · giám khảo %(judges)s · tương tác %(engagement)s · tổng <strong>%(total)s</strong>": "Rank %(rank)s · judges %(judges)s · engagement %(engagement)s · total <strong>%(total)s</strong>",
    "Điểm theo tiêu chí": "Scores by criterion",
    "Điểm": "Points",
    "Chưa có điểm.": "No scores yet.",
    "Tương tác theo thời gian (lượt xem, mọi nền tảng)": "Engagement over time (views, all platforms)",
    "Biểu đồ lượt xem": "Chart of views",
    "%(first)s → %(last)s, cao nhất %(peak)s lượt xem": (
        "%(first)s → %(last)s, peak of %(peak)s view",
        "%(first)s → %(last)s, peak of %(peak)s views",
    ),
    "Chưa đủ số liệu để vẽ biểu đồ.": "Not enough data for a chart yet.",
    "Lúc": "Time",
    "Nền tảng": "Platform",
    "snapshot column\x04Xem": "Views",
    "snapshot column\x04Thích": "Likes",
    "snapshot column\x04Chia sẻ": "Shares",
    "snapshot column\x04Bình luận": "Comments",
    "Về bảng xếp hạng": "Back to the ranking",
    # contests: the engagement screen, its flags and the sync_engagement command
    "Số liệu tương tác": "Engagement figures",
    "engagement column\x04Mới nhất": "Latest figures",
    "Cảnh báo": "Warnings",
    "Loại khỏi tính điểm": "Exclude from scoring",
    "liên kết": "link",
    "%(views)s xem / %(likes)s thích": "%(views)s views / %(likes)s likes",
    "Đã loại: %(reason)s (%(by)s, %(at)s)": "Excluded: %(reason)s (%(by)s, %(at)s)",
    "Tính lại": "Count again",
    "Lý do": "Reason",
    "Loại": "Exclude",
    "Chưa có liên kết nào; chạy đồng bộ một lần để tạo.": "No links yet; run a sync once to create them.",
    "Đã tính lại số liệu của liên kết này.": "This link's figures count again.",
    "Hãy ghi lý do loại (ít nhất 5 ký tự); chưa thay đổi gì.": "Give a reason for excluding it (at least 5 characters); nothing was changed.",
    "Đã loại số liệu của liên kết này khỏi tính điểm (có ghi lý do).": "This link's figures are excluded from scoring (the reason is recorded).",
    "Lượt xem tăng %(rate)s/giờ, gấp hơn %(k)s lần trung vị các bài khác (%(median)s/giờ).": "Views growing at %(rate)s an hour, more than %(k)s times the median of the other entries (%(median)s an hour).",
    "Tỉ lệ thích/xem %(ratio)s, khác xa trung vị %(median)s của hội thi.": "Likes per view %(ratio)s, far from the contest's median of %(median)s.",
    "Không có hội thi “%(contest)s”. Các hội thi: %(slugs)s": "No contest “%(contest)s”. Contests: %(slugs)s",
    "%(platform)s: %(total)s liên kết": (
        "%(platform)s: %(total)s link",
        "%(platform)s: %(total)s links",
    ),
    "%(count)s bản ghi số liệu": ("%(count)s snapshot", "%(count)s snapshots"),
    "%(count)s lần gọi API": ("%(count)s API call", "%(count)s API calls"),
    "%(count)s đơn vị hạn mức": ("%(count)s quota unit", "%(count)s quota units"),
    "%(figures)s; trạng thái liên kết – %(statuses)s": "%(figures)s; link statuses – %(statuses)s",
    "không có": "none",
    "Dừng sớm: %(reason)s": "Stopped early: %(reason)s",
    # hub: provisioning a centre (hub/provisioning.py), durations of videos (hub/video/probe.py)
    "Hãy nhập tên miền, ví dụ “lam-ha.phuly.edu.vn”.": "Enter a hostname, for example “lam-ha.phuly.edu.vn”.",
    "Chỉ nhập tên miền, không kèm “http://”, cổng hay đường dẫn (ví dụ “lam-ha.localhost”).": "Enter the hostname only, without “http://”, a port or a path (for example “lam-ha.localhost”).",
    "“%(hostname)s” không phải tên miền hợp lệ: chỉ dùng chữ a–z không dấu, số, dấu “-” và “.”.": "“%(hostname)s” is not a valid hostname: use only the letters a–z without accents, digits, “-” and “.”.",
    "Tên miền “%(hostname)s” đã được dùng cho một trang khác.": "The hostname “%(hostname)s” is already used by another site.",
    "Hãy nhập tên phường/xã, ví dụ “Phường Lam Hạ”.": "Enter the ward/commune name, for example “Phường Lam Hạ”.",
    "Tên phường/xã dài quá 120 ký tự.": "The ward/commune name is longer than 120 characters.",
    "Đã có trung tâm “%(name)s”. Không tạo lại lần hai.": "The centre “%(name)s” already exists; it is not created twice.",
    "Nhóm hoặc thư mục của “%(centre)s” đã tồn tại; hãy kiểm tra lại.": "Groups or a collection for “%(centre)s” already exist; check them first.",
    "%(n)d giờ": ("%(n)d hour", "%(n)d hours"),
    "%(n)d phút": ("%(n)d minute", "%(n)d minutes"),
    "%(n)d giây": ("%(n)d second", "%(n)d seconds"),
    # home: the setup_network command
    "không có (đã đủ)": "none (all there already)",
    "Mục mới: %(sections)s": "New sections: %(sections)s",
    "Nhóm “%(group)s”: thêm tài khoản cán bộ Ban chỉ đạo vào nhóm này (Quản trị → Tài khoản) để họ duyệt bài dự thi và quản lý mọi trung tâm.": "Group “%(group)s”: add the steering committee's staff accounts to this group (Admin → Users) so that they approve contest entries and manage every centre.",
    "Tiếp theo: %(command)s": "Next: %(command)s",
    "Quá nhiều trình duyệt mới từ cùng một mạng trong giờ này; hãy thử lại sau, hoặc bật cookie cho trang này.": "Too many new browsers from the same network this hour; try again later, or allow cookies for this site.",
    "Trình duyệt không giữ cookie của trang nên không gửi được; hãy bật cookie rồi tải lại trang.": "Your browser does not keep this site's cookies, so the form cannot be sent; allow cookies and reload the page.",
    "Bài này đã được gửi rồi; muốn gửi bài khác, hãy tải lại trang.": "This lesson has already been sent; to send another, reload the page.",
    "Không vẽ được trang %(number)s của tệp PDF: tệp bị hỏng.": "Could not draw page %(number)s of the PDF: the file is damaged.",
    "Tệp PDF có %(count)s trang, quá giới hạn %(limit)s trang; hãy tách thành nhiều tệp nhỏ hơn rồi tải lên lại.": "The PDF has %(count)s pages, over the limit of %(limit)s pages; split it into smaller files and upload them again.",
    "Trang %(number)s của tệp PDF có khổ bất thường (%(width)s × %(height)s mm). Chỉ nhận trang có mỗi cạnh từ %(min)s mm đến %(max)s mm và cạnh dài không quá %(aspect)s lần cạnh ngắn; hãy xuất lại tệp với khổ giấy thông thường (ví dụ A4) rồi tải lên lại.": "Page %(number)s of the PDF has an unusual size (%(width)s × %(height)s mm). Each side of a page must be between %(min)s mm and %(max)s mm, and the long side at most %(aspect)s times the short side; export the file again with a normal paper size (for example A4) and upload it again.",
    "Xử lý tệp PDF cần hơn %(limit)s MB bộ nhớ nên đã dừng giữa chừng; hãy xuất lại tệp PDF (ví dụ in ra PDF khổ A4, giảm độ phân giải ảnh) rồi tải lên lại.": "Processing the PDF needed more than %(limit)s MB of memory, so it was stopped; export the PDF again (for example print it to PDF at A4 size, with lower image resolution) and upload it again.",
    "Xử lý tệp PDF mất hơn %(seconds)s giây nên đã dừng giữa chừng; tệp có thể quá phức tạp. Hãy xuất lại tệp PDF (ví dụ in ra PDF khổ A4, giảm độ phân giải ảnh) rồi tải lên lại.": "Processing the PDF took more than %(seconds)s seconds, so it was stopped; the file may be too complex. Export the PDF again (for example print it to PDF at A4 size, with lower image resolution) and upload it again.",
    "Máy chủ chưa khởi động được trình đọc PDF nên chưa xử lý được tệp này; hãy thử lại sau ít phút, nếu vẫn lỗi hãy báo quản trị viên.": "The server could not start the PDF reader, so this file has not been processed; try again in a few minutes, and tell the administrator if it still fails.",
    "Trình đọc PDF dừng bất thường khi xử lý tệp này; tệp có thể bị hỏng hoặc quá phức tạp. Hãy xuất lại tệp PDF rồi tải lên lại.": "The PDF reader stopped unexpectedly on this file; the file may be damaged or too complex. Export the PDF again and upload it again.",
    "Máy chủ gặp lỗi (%(error)s) nên chưa phân tích được tệp PDF; hãy tải tệp lên lại sau ít phút, nếu vẫn lỗi hãy báo quản trị viên.": "A server error (%(error)s) stopped the analysis of the PDF; upload the file again in a few minutes, and tell the administrator if it still fails.",
    "Khung hình %(size)s quá lớn: tối đa %(limit)s (video dọc %(portrait)s). Hãy xuất lại video ở độ phân giải thấp hơn, ví dụ 1920×1080.": "The frame size %(size)s is too large: the maximum is %(limit)s (%(portrait)s for portrait video). Export the video again at a lower resolution, for example 1920×1080.",
    "Video có %(fps)d khung hình/giây, vượt giới hạn %(limit)d. Hãy xuất lại video ở 30 khung hình/giây.": "The video has %(fps)d frames per second, over the limit of %(limit)d. Export the video again at 30 frames per second.",
    "Video thực tế dài hơn giới hạn %(limit)s (tệp chỉ ghi %(declared)s) nên đã dừng xử lý. Hãy cắt ngắn video rồi tải lên lại.": "The video is actually longer than the limit of %(limit)s (the file states only %(declared)s), so processing was stopped. Shorten the video and upload it again.",
    "Video có nhiều khung hình hơn giới hạn (tối đa %(fps)d khung hình/giây trong %(limit)s) nên đã dừng xử lý. Hãy xuất lại video ở 30 khung hình/giây.": "The video has more frames than allowed (at most %(fps)d frames per second for %(limit)s), so processing was stopped. Export the video again at 30 frames per second.",
    "Giữa chừng video có khung hình lớn hơn giới hạn %(limit)s nên đã dừng xử lý. Hãy xuất lại video ở độ phân giải thấp hơn, ví dụ 1920×1080.": "Part way through, the video has frames larger than the limit of %(limit)s, so processing was stopped. Export the video again at a lower resolution, for example 1920×1080.",
    "Nội dung tệp không phải tài liệu %(kind)s như phần đuôi “%(suffix)s” của tên tệp; hãy mở tệp trên máy để kiểm tra rồi gửi lại.": "The file's content is not a %(kind)s document as its “%(suffix)s” extension says; open the file on your device to check it, then send it again.",
    "Tệp nén bên trong quá lớn bất thường; không nhận tệp này.": "The file unpacks to an abnormally large size; it is not accepted.",
    "“%(title)s” thuộc kho tệp của trung tâm khác; hãy chọn ảnh, tài liệu hoặc video của trung tâm mình.": "“%(title)s” belongs to another centre's files; choose an image, document or video of your own centre.",
    "Tạm khóa đăng nhập": "Sign-in paused",
    "Bạn đã nhập sai mật khẩu quá nhiều lần. Để giữ an toàn cho tài khoản, việc đăng nhập bằng tài khoản này từ máy này tạm dừng 15 phút; hãy thử lại sau, hoặc nhờ quản trị viên đặt lại mật khẩu.": "You entered a wrong password too many times. To keep the account safe, signing in to it from this device is paused for 15 minutes; try again later, or ask an administrator to reset the password.",
    "tệp chờ duyệt": "file awaiting review",
    "tên tệp người học gửi": "learner's file name",
    "công khai lúc": "made public at",
    "tệp người học gửi": "learner's file",
    "tài liệu": "document",
    "Tệp “%(name)s” của người học đã được công khai cùng bài giảng.": "The learner's file “%(name)s” was made public with the lesson.",
    "Mở video": "Open the video",
    "Mở tài liệu": "Open the document",
    "Người học gửi kèm tệp “%(name)s” (%(size)s). Tệp được giữ kín, chỉ cán bộ trung tâm mở được, và tự động công khai cùng bài giảng khi bài được xuất bản.": "The learner sent the file “%(name)s” (%(size)s) with this lesson. It is kept private, only the centre's staff can open it, and it becomes public with the lesson when the lesson is published.",
    "Xem video người học gửi": "Watch the learner's video",
    "Tải tệp người học gửi": "Download the learner's file",
    "Tệp người học gửi (“%(name)s”) đang được giữ kín; nó hiện ở đây khi bài được xuất bản.": "The learner's file (“%(name)s”) is kept private; it appears here when the lesson is published.",
    "Dòng tiêu đề có hơn %(limit)s cột; hãy xoá các cột thừa.": "The header row has more than %(limit)s columns; delete the extra columns.",
    "Tệp có hơn %(limit)s dòng tài liệu, quá giới hạn mỗi lần nhập; hãy chia thành nhiều tệp nhỏ hơn.": "The file has more than %(limit)s item rows, over the limit for one import; split it into smaller files.",
    "Tệp CSV sai định dạng ở dòng %(line)s (thường do dấu ngoặc kép không đóng); hãy lưu lại từ Excel dạng CSV UTF-8.": "The CSV file is malformed at line %(line)s (usually an unclosed quote); save it again from Excel as CSV UTF-8.",
    "Dòng %(line)s của tệp CSV dài quá %(limit)s ký tự (thường do dấu ngoặc kép không đóng); hãy kiểm tra lại tệp.": "Line %(line)s of the CSV file is longer than %(limit)s characters (usually an unclosed quote); check the file.",
    "Tệp Excel khi giải nén lớn quá %(limit)s MB; hãy chia thành nhiều tệp nhỏ hơn hoặc lưu dạng CSV UTF-8.": "Unpacked, the Excel file is larger than %(limit)s MB; split it into smaller files or save it as CSV UTF-8.",
    "Tệp Excel có cấu trúc bất thường (nén quá mức hoặc có phần phụ quá lớn); hãy mở bằng Excel, lưu lại rồi tải lên lại.": "The Excel file has an unusual structure (over-compressed or an oversized part); open it in Excel, save it and upload it again.",
    "Trang tính có quá nhiều ô (kể cả ô trống đã định dạng); hãy xoá các dòng, cột thừa hoặc lưu dạng CSV UTF-8.": "The sheet has too many cells (including formatted empty ones); delete extra rows and columns or save it as CSV UTF-8.",
    "Tài khoản không còn quyền thêm tài liệu vào thư viện này; chưa nhập dòng nào.": "This account may no longer add items to this library; no rows were imported.",
    "Lỗi ngoài dự kiến khi xử lý tệp; chưa nhập dòng nào. Hãy thử lại hoặc báo quản trị viên.": "Unexpected error while processing the file; no rows were imported. Try again or tell an administrator.",
    "Đã huỷ lần nhập “%(file)s”; tệp đã được xoá.": "Import of “%(file)s” cancelled; the file has been deleted.",
    "Việc nhập đã bắt đầu nên không huỷ được nữa.": "The import has already started and can no longer be cancelled.",
    "Lần nhập này không còn chờ xác nhận; xem trạng thái của nó bên dưới.": "This import is no longer waiting for confirmation; see its status below.",
    "Chờ kiểm tra": "Waiting to be checked",
    "Đang kiểm tra": "Checking",
    "Chờ xác nhận": "Waiting for confirmation",
    "Chờ nhập": "Waiting to import",
    "Đang nhập": "Importing",
    "Đã nhập": "Imported",
    "Không nhập được": "Not imported",
    "lần nhập danh mục": "catalogue import",
    "Đã xoá %(jobs)s lần nhập quá hạn và %(files)s tệp xem trước cũ.": "Deleted %(jobs)s expired imports and %(files)s old preview files.",
    "Các lần nhập gần đây": "Recent imports",
    "Thư viện: %(library)s. Trạng thái: <strong>%(status)s</strong>.": "Library: %(library)s. Status: <strong>%(status)s</strong>.",
    "Xem thư viện": "View the library",
    "Nhập tệp khác": "Import another file",
    "Đang kiểm tra tệp: đã đọc %(n)s dòng…": (
        "Checking the file: %(n)s row read…",
        "Checking the file: %(n)s rows read…",
    ),
    "Đang nhập: %(done)s/%(total)s tài liệu…": (
        "Importing: %(done)s/%(total)s item…",
        "Importing: %(done)s/%(total)s items…",
    ),
    "Không tìm thấy trang": "Page not found",
    "Trang bạn tìm không có ở đây. Có thể địa chỉ bị gõ sai, hoặc trang đã được chuyển đi hay gỡ xuống.": "The page you are looking for is not here. The address may have been mistyped, or the page may have been moved or taken down.",
    "Hãy thử tìm nội dung bạn cần, hoặc về trang chủ.": "Try searching for what you need, or go back to the home page.",
    "Bạn không có quyền xem trang này": "You do not have permission to view this page",
    "Trang này chỉ dành cho những người đã được cấp quyền. Nếu bạn cần xem, hãy liên hệ trung tâm học tập của bạn.": "This page is only for people who have been given access. If you need to see it, contact your learning centre.",
    "Yêu cầu không hợp lệ": "Bad request",
    "Máy chủ không hiểu yêu cầu vừa gửi, có thể vì đường dẫn bị hỏng hoặc bị cắt mất một phần. Hãy mở lại trang từ trang chủ hoặc tìm nội dung bạn cần.": "The server could not understand the request, perhaps because the link is broken or was cut short. Open the page again from the home page, or search for what you need.",
    "Biểu mẫu đã hết hạn": "The form has expired",
    "Để giữ an toàn, mỗi biểu mẫu chỉ gửi được trong một thời gian. Biểu mẫu bạn vừa gửi đã mở quá lâu, hoặc trình duyệt đã xoá cookie của trang, nên hệ thống chưa nhận được nội dung.": "For safety, a form can only be sent for a limited time. The form you just sent was open too long, or your browser deleted this site's cookies, so nothing was received.",
    "Rất tiếc, những gì bạn đã nhập không được giữ lại ở đây. Hãy quay lại trang trước, tải lại trang rồi nhập và gửi lại.": "Sorry, what you typed could not be kept here. Go back to the previous page, reload it, then fill it in and send it again.",
    "Mẹo: nếu bấm nút quay lại của trình duyệt mà chữ bạn đã nhập vẫn còn, hãy sao chép chúng trước khi tải lại trang.": "Tip: if your browser's Back button still shows what you typed, copy it before you reload the page.",
    "Nếu lỗi này lặp lại, hãy bật cookie cho trang này trong trình duyệt.": "If this keeps happening, allow cookies for this site in your browser.",
    "Mở lại biểu mẫu": "Open the form again",
    "Bạn đang ở": "You are here",
    "Loại tài liệu": "Type",
    "Đối tượng": "Audience",
    "Trình độ": "Level",
    "Lọc thêm": "More filters",
    "Danh mục": "Menu",
    "Chữ lớn nhất": "Largest text",
    "Nhập từ khoá": "Enter a search term",
    "Trước khi gửi": "Before you send",
    "Video: mp4, mov, 3gp, webm hoặc mkv, tối đa %(mb)s MB và %(hours)s giờ. Video dài nên đăng lên YouTube rồi dán liên kết.": "Video: mp4, mov, 3gp, webm or mkv, up to %(mb)s MB and %(hours)s hours. Put long videos on YouTube and paste the link.",
    "Tài liệu: pdf, doc, docx, ppt, pptx, odt hoặc odp, tối đa %(mb)s MB.": "Documents: pdf, doc, docx, ppt, pptx, odt or odp, up to %(mb)s MB.",
    "Hoặc chỉ dán liên kết YouTube hay liên kết tới tài liệu.": "Or just paste a YouTube link or a link to a document.",
    "Sau khi gửi: cán bộ trung tâm xem bài trước khi đăng; tệp của bạn được giữ kín cho đến lúc đó. Trung tâm có thể gọi điện hoặc nhắn cho bạn nếu cần sửa.": "After you send it: the centre's staff look at the lesson before it is published; your file stays private until then. The centre may call or message you if something needs changing.",
    "Đã giữ tệp “%(name)s” (%(size)s) từ lần gửi trước: bạn không cần chọn lại.": "Your file “%(name)s” (%(size)s) from the last try is kept: you do not need to choose it again.",
    "Bỏ tệp đã chọn, chọn tệp khác": "Drop the kept file and choose another",
    "Địa chỉ bài giảng": "Address of the lesson",
    "Bài giảng đã lưu": "Saved lessons",
    "Bài giảng đã lưu trên máy này": "Lessons saved on this device",
    "Những bài bạn đã bấm “Lưu để xem khi không có mạng” trên máy này. Bấm vào một bài để đọc, kể cả khi mất mạng.": "The lessons you saved with “Save to read offline” on this device. Tap one to read it, even without a connection.",
    "Xoá khỏi máy": "Remove from this device",
    "Chưa có bài nào được lưu. Mở một bài giảng rồi bấm “Lưu để xem khi không có mạng”.": "No lesson saved yet. Open a lesson and tap “Save to read offline”.",
    "Cần bật JavaScript để xem danh sách bài đã lưu.": "JavaScript is needed to show the saved lessons.",
    "Xem các bài đã lưu": "See the saved lessons",
    "Chưa gửi được: còn %(n)s chỗ cần sửa.": (
        "Not sent yet: %(n)s thing to fix.",
        "Not sent yet: %(n)s things to fix.",
    ),
    "tên trang liên thông": "network site name",
    "Hiện ở đầu trang liên thông và là tên ứng dụng khi cài trang lên điện thoại.": "Shown at the top of the network site and as the app's name when the site is installed on a phone.",
    "Liên thông và cỡ chữ": "Network and text size",
    "Nhận bài từ %(date)s": "Entries from %(date)s",
    "Nhận bài đến %(date)s": "Entries until %(date)s",
    "Đang chấm thi, đến %(date)s": "Judging until %(date)s",
    "Xem tất cả tin": "All news",
    "Bài giảng mới": "New lessons",
    "Xem tất cả bài giảng": "All lessons",
    "Tài liệu mới trong thư viện": "New in the library",
    "Xem cả thư viện": "The whole library",
    "Hội thi đang diễn ra": "Contests on now",
    "%(counter)s tin bài": ("%(counter)s news item", "%(counter)s news items"),
    "%(counter)s bài giảng": ("%(counter)s lesson", "%(counter)s lessons"),
    "%(counter)s tài liệu": ("%(counter)s document", "%(counter)s documents"),
    "tên tiếng Anh": "English name",
    "Hiện thay cho tên tiếng Việt khi người xem chọn giao diện tiếng Anh.": "Shown instead of the Vietnamese name when the visitor chooses the English interface.",
    "Menu, nút và thông báo có hai ngôn ngữ; bài viết, bài giảng và tài liệu do các trung tâm soạn bằng tiếng Việt.": "Menus, buttons and messages come in two languages; articles, lessons and documents are written in Vietnamese by the centres.",
    # Wagtail's own msgids, reused by hub/admin_labels.py (Vietnamese in hub/translations/vi)
    "Password": "Password",
    "Page": "Page",
    'Địa chỉ “{slug}” đã thuộc về trang “{title}” trong cùng mục. Hãy đổi tiêu đề hoặc đường dẫn, hoặc <a href="{url}">mở trang đó</a> nếu đó là bản nháp bạn bỏ dở.': 'The address “{slug}” already belongs to the page “{title}” in the same section. Change the title or the slug, or <a href="{url}">open that page</a> if it is a draft you left unfinished.',
    "Quản trị toàn hệ thống (superuser)": "Superuser: the whole system",
    "Ban chỉ đạo: mọi trung tâm, hội thi, cài đặt": "Steering committee: every centre, contests, settings",
    "Biên tập viên, mỗi người một trung tâm": "Editors, one centre each",
    "Cộng tác viên TTHTCĐ phường Lam Hạ (viết, chờ duyệt)": "Contributor of the Lam Hạ centre (writes, awaits approval)",
    "Giám khảo hội thi": "Contest judges",
    "Quản trị: %(url)s": "Admin: %(url)s",
    "Tài khoản mẫu (vai trò: tên đăng nhập / mật khẩu):": "Demo accounts (role: username / password):",
    "Video “%(title)s” xử lý bị lỗi nên không phát được: %(error)s Hãy chọn video khác, hoặc sửa lỗi rồi bấm “Thử lại” trong mục Xử lý video.": "Video “%(title)s” failed processing and cannot play: %(error)s Choose another video, or fix the problem and press “Retry” under Video processing.",
    "(không có ghi chú)": "(no note)",
    "Bài “%(title)s” cần sửa trước khi đăng": "“%(title)s” needs changes before it is published",
    "Chào %(name)s,\n\nCán bộ trung tâm đã xem bài “%(title)s” bạn chia sẻ và đề nghị sửa trước khi đăng:\n\n%(comment)s\n\nXem tình trạng bài: %(url)s\n\nBạn có thể gửi lại bài đã sửa bằng mẫu chia sẻ trên trang kho bài giảng. Cảm ơn bạn!": "Hello %(name)s,\n\nThe centre's staff read “%(title)s”, the lesson you shared, and ask for changes before publishing it:\n\n%(comment)s\n\nSee where it stands: %(url)s\n\nYou can send the corrected lesson again with the sharing form of the lesson repository. Thank you!",
    "Bài “%(title)s” đã được đăng": "“%(title)s” is published",
    "Chào %(name)s,\n\nBài “%(title)s” bạn chia sẻ đã được trung tâm duyệt và đăng tại:\n%(url)s\n\nCảm ơn bạn đã góp bài cho kho bài giảng!": "Hello %(name)s,\n\n“%(title)s”, the lesson you shared, was approved by the centre and is published at:\n%(url)s\n\nThank you for adding to the lesson repository!",
    "Xem kết quả duyệt bất cứ lúc nào tại đường dẫn này (hãy lưu lại hoặc chụp màn hình):": "See the outcome at any time at this address (save it or take a screenshot):",
    "Chúng tôi cũng sẽ báo kết quả qua e-mail %(email)s.": "We will also send the outcome to %(email)s.",
    "Tình trạng bài bạn chia sẻ": "Your shared lesson",
    "Tình trạng bài chia sẻ": "Shared lesson status",
    "Bài “%(title)s”, gửi ngày %(date)s.": "“%(title)s”, sent on %(date)s.",
    "Đã được duyệt và đăng.": "Approved and published.",
    "Mở bài giảng": "Open the lesson",
    "Trung tâm đề nghị sửa trước khi đăng.": "The centre asks for changes before publishing.",
    "Bạn có thể gửi lại bài đã sửa:": "You can send the corrected lesson again:",
    "Bài không được đăng.": "The lesson was not published.",
    "Nếu cần, hãy liên hệ trung tâm.": "Contact the centre if you need to.",
    "Đang chờ cán bộ trung tâm duyệt.": "Waiting for the centre's staff to review it.",
    "Trang này sẽ cho biết khi có kết quả; hãy giữ lại đường dẫn.": "This page will show the outcome; keep its address.",
    "E-mail của biên tập viên đầu tiên": "First editor's e-mail",
    "Không bắt buộc. Người này nhận thư mời với đường dẫn đặt mật khẩu và vào nhóm biên tập của trung tâm (người đã có tài khoản chỉ được thêm vào nhóm).": "Optional. This person gets an invitation with a link to set a password and joins the centre's editors group (someone who already has an account is only added to the group).",
    "Tên biên tập viên": "Editor's name",
    "Mời làm biên tập viên %(centre)s": "Invitation to edit %(centre)s",
    "Chào %(name)s,\n\nBạn được mời làm biên tập viên trang %(centre)s (%(site)s): đăng tin, bài giảng, tài liệu của trung tâm.\n\n%(step)s\n%(link)s\n\nTên đăng nhập: %(username)s\n\nNếu bạn không chờ thư này, hãy bỏ qua.": "Hello %(name)s,\n\nYou are invited to edit the site of %(centre)s (%(site)s): the centre's news, lessons and documents.\n\n%(step)s\n%(link)s\n\nUsername: %(username)s\n\nIf you were not expecting this e-mail, ignore it.",
    "Đặt mật khẩu của bạn tại đường dẫn dưới đây (dùng được một lần):": "Set your password at this address (it works once):",
    "Đăng nhập bằng tài khoản bạn đang có:": "Sign in with the account you already have:",
    "E-mail biên tập viên không hợp lệ: %(email)s; chưa tạo gì.": "The editor's e-mail is not valid: %(email)s; nothing was created.",
    "Đã gửi thư mời biên tập viên tới %(email)s.": "An invitation was sent to the editor at %(email)s.",
    "Đang xử lý: %(progress)s%%": "Processing: %(progress)s%%",
    # issue #18: the staff dashboards
    "Sắp mở nhận bài": "Opens for entries soon",
    "Đang nhận bài": "Taking entries",
    "Chờ chấm": "Waiting for judging",
    "Đang chấm": "Judging",
    "Chờ công bố kết quả": "Results to publish",
    "Đã công bố kết quả": "Results published",
    "Hội thi bạn chấm": "Contests you judge",
    "Giai đoạn": "Stage",
    "Tiến độ chấm của bạn": "Your scoring progress",
    "Chấm đến %(end)s": "Judging until %(end)s",
    "Bắt đầu chấm %(start)s": "Judging starts %(start)s",
    "Điểm đã khoá": "Scores locked",
    "Tiến độ chấm %(title)s": "Scoring progress of %(title)s",
    "Xong %(done)s/%(total)s bài": "%(done)s of %(total)s entries done",
    "%(counter)s bài đang dở": ("%(counter)s entry half done", "%(counter)s entries half done"),
    "Chấm tiếp": "Continue scoring",
    "Xem bài": "See entries",
    "Hội thi theo giai đoạn": "Contests by stage",
    "Chấm xong": "Scored",
    "Mở nhận bài %(day)s": "Opens for entries %(day)s",
    "Hạn nộp %(day)s": "Entries close %(day)s",
    "Bắt đầu chấm %(day)s": "Judging starts %(day)s",
    "Chấm đến %(day)s": "Judging until %(day)s",
    "Công bố %(day)s": "Results %(day)s",
    "Chưa đặt ngày công bố": "No results date set",
    "%(counter)s bài, %(centres)s trung tâm": (
        "%(counter)s entry, %(centres)s centres",
        "%(counter)s entries, %(centres)s centres",
    ),
    "%(counter)s giám khảo": ("%(counter)s judge", "%(counter)s judges"),
    "Chưa có giám khảo": "No judges yet",
    "Bài và điểm": "Entries and scores",
    "Toàn mạng lưới: việc cần làm và lượt xem": "The whole network: work to do and views",
    "%(centres)s: việc cần làm và lượt xem": "%(centres)s: work to do and views",
    "%(counter)s bản nháp chưa xuất bản": (
        "%(counter)s unpublished draft",
        "%(counter)s unpublished drafts",
    ),
    "%(counter)s trang chờ duyệt": (
        "%(counter)s page waiting for approval",
        "%(counter)s pages waiting for approval",
    ),
    "%(counter)s video lỗi": ("%(counter)s failed video", "%(counter)s failed videos"),
    "%(counter)s chưa sẵn sàng": ("%(counter)s not ready", "%(counter)s not ready"),
    "%(counter)s lượt xem, đọc và tải trong 7 ngày qua": (
        "%(counter)s view, read or download in the last 7 days",
        "%(counter)s views, reads and downloads in the last 7 days",
    ),
    "tăng %(n)s so với 7 ngày trước": "%(n)s more than the 7 days before",
    "giảm %(n)s so với 7 ngày trước": "%(n)s fewer than the 7 days before",
    "bằng 7 ngày trước": "the same as the 7 days before",
    "Bản nháp chưa xuất bản": "Unpublished drafts",
    "Sửa lần cuối": "Last edited",
    "chưa từng xuất bản": "never published",
    "Đang hiện %(shown)s bản nháp mới nhất trong %(total)s.": (
        "Showing the %(shown)s newest drafts of %(total)s."
    ),
    "Không có bản nháp nào đang dở.": "No unfinished drafts.",
    "Chờ duyệt": "Waiting for approval",
    "Người gửi": "Submitted by",
    "Bước duyệt": "Approval step",
    "Gửi lúc": "Submitted",
    "Người học (gửi qua trang chia sẻ)": "A learner (through the sharing page)",
    "Đang hiện %(shown)s trang mới gửi nhất trong %(total)s.": (
        "Showing the %(shown)s most recently submitted pages of %(total)s."
    ),
    "Không có trang nào chờ duyệt.": "No pages waiting for approval.",
    "Video chưa sẵn sàng": "Videos not ready",
    "Tải lên": "Uploaded",
    "Xem tất cả và xử lý lại video lỗi": "See all and retry failed videos",
    "Mọi video đều đã sẵn sàng.": "Every video is ready.",
    "Được xem nhiều nhất trong 7 ngày qua": "Most viewed in the last 7 days",
    "%(counter)s lượt": ("%(counter)s time", "%(counter)s times"),
    "Chưa có lượt xem nào trong 7 ngày qua.": "No views in the last 7 days.",
    "ngày": "day",
    "số lượt": "count",
    "số lượt trong ngày": "daily count",
    # issue #19: search
    "từ khoá": "query",
    "số lần": "times",
    "tìm kiếm không có kết quả": "search without results",
    "Tìm kiếm không có kết quả": "Searches without results",
    "Những gì người học đã tìm trong %(counter)s ngày qua mà không thấy kết quả nào": (
        "What learners searched for in the last %(counter)s day and did not find",
        "What learners searched for in the last %(counter)s days and did not find",
    ),
    "(trên trang của trung tâm bạn)": "(on your centre's site)",
    "Mỗi người chỉ được tính một lần mỗi ngày cho một từ khoá; không lưu ai đã tìm.": (
        "Each person counts once a day per query; who searched is not kept."
    ),
    "Từ khoá": "Query",
    "Số lần": "Times",
    "Lần cuối": "Last",
    "Chưa có lượt tìm kiếm nào không có kết quả.": "No searches without results yet.",
    "Có phải bạn muốn tìm:": "Did you mean:",
    "(kết quả dưới đây đã tính cả từ này)": "(the results below include it)",
    "Không có kết quả chứa đủ mọi từ; đây là kết quả gần nhất.": (
        "No result has every word; these are the closest."
    ),
    "Lọc kết quả": "Filter the results",
    "Không có kết quả với các bộ lọc đã chọn.": "No results with the chosen filters.",
    "Bỏ mọi bộ lọc": "Clear all filters",
    # issue #20: learners' phones and text messages
    "Người học": "Learners",
    "Hãy nhập số điện thoại di động.": "Please enter a mobile number.",
    "“%(value)s” không phải là số điện thoại. Hãy nhập như %(example)s.": (
        "“%(value)s” is not a phone number. Type it like %(example)s."
    ),
    "Chỉ nhận số di động Việt Nam (bắt đầu bằng 0 hoặc +84).": (
        "Only Vietnamese mobile numbers (starting with 0 or +84)."
    ),
    "Số %(value)s không đúng: số di động có 10 chữ số, ví dụ %(example)s.": (
        "%(value)s is not right: a mobile number has 10 digits, e.g. %(example)s."
    ),
    "Đây là số máy bàn; hãy nhập số di động để nhận mã xác minh qua tin nhắn.": (
        "This is a landline; enter a mobile number to receive the code by text message."
    ),
    "Chưa gửi được tin nhắn. Vui lòng thử lại sau ít phút.": (
        "The message could not be sent yet. Please try again in a few minutes."
    ),
    "Nhà mạng không nhận số điện thoại này. Hãy kiểm tra lại số di động.": (
        "The carrier does not accept this number. Please check the mobile number."
    ),
    "Hôm nay hệ thống đã gửi hết số tin nhắn cho phép. Vui lòng thử lại sau, hoặc nhờ cán bộ trung tâm xác nhận tài khoản cho bạn.": (
        "Today's allowance of text messages is used up. Please try again later, or ask the "
        "centre's staff to confirm your account."
    ),
    "HocTap Hub: ma xac minh cua ban la %(code)s, dung trong %(minutes)s phut. Khong dua ma nay cho ai.": (
        "HocTap Hub: your verification code is %(code)s, valid for %(minutes)s minutes. Do not "
        "share it with anyone."
    ),
    # learner accounts, progress, courses and certificates
    "Số điện thoại di động": "Mobile number",
    "Tài khoản này đang bị khoá. Hãy liên hệ trung tâm.": "This account is locked. Please contact the centre.",
    "Số điện thoại hoặc mật khẩu chưa đúng.": "Wrong phone number or password.",
    "Số điện thoại này đã có tài khoản. Hãy đăng nhập, hoặc chọn “Quên mật khẩu”.": "This phone number already has an account. Sign in, or choose “Forgot your password”.",
    "Mã chưa đúng. Hãy xem lại tin nhắn và nhập đủ 6 chữ số.": "Wrong code. Check the text message and enter all 6 digits.",
    "Mật khẩu chưa đúng.": "Wrong password.",
    "Hãy nhập mật khẩu hiện tại.": "Please enter your current password.",
    "Bạn đã nhập sai nhiều lần. Để giữ an toàn, hãy đợi 5 phút rồi thử lại, hoặc chọn “Quên mật khẩu”.": "Too many wrong attempts. For safety, wait 5 minutes and try again, or choose “Forgot your password”.",
    "Chưa có tài khoản nào với số điện thoại này. Hãy đăng ký.": "There is no account with this phone number yet. Please sign up.",
    "Bạn thao tác nhanh quá. Hãy đợi một chút rồi thử lại.": "You are going too fast. Wait a moment and try again.",
    "Giá trị mới phải khác giá trị hiện tại.": "The new value must be different from the current one.",
    "Tôi đồng ý để trung tâm lưu họ tên, năm sinh (nếu nhập), số điện thoại, trung tâm của tôi và quá trình học của tôi, chỉ để ghi nhận việc học, cấp chứng nhận và liên hệ khi cần (Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân). Tôi có thể tải về hoặc xoá dữ liệu này bất cứ lúc nào.": "I agree that the centre may keep my full name, year of birth (if given), phone number, centre and learning record, only to record my learning, issue certificates and contact me when needed (Decree 13/2023/NĐ-CP on personal data protection). I can download or delete this data at any time.",
    "Mật khẩu": "Password",
    "Ít nhất 8 ký tự, không toàn chữ số, dễ nhớ với bạn.": "At least 8 characters, not all digits, and easy for you to remember.",
    "Hãy đặt mật khẩu.": "Please choose a password.",
    "Nhập lại mật khẩu": "Password again",
    "Hãy nhập lại mật khẩu.": "Please enter the password again.",
    "Hãy nhập họ và tên.": "Please enter your full name.",
    "Năm sinh (không bắt buộc)": "Year of birth (optional)",
    "Trung tâm học tập cộng đồng của bạn": "Your community learning centre",
    "— Chọn trung tâm —": "— Choose a centre —",
    "Hãy chọn trung tâm của bạn.": "Please choose your centre.",
    "Trung tâm này không có trong danh sách; hãy chọn lại.": "This centre is not in the list; please choose again.",
    "Hãy đánh dấu đồng ý để tạo tài khoản.": "Tick the box to agree before creating the account.",
    "— Không nhập —": "— Not given —",
    "Hai lần nhập mật khẩu chưa giống nhau.": "The two passwords do not match.",
    "Hãy nhập mật khẩu.": "Please enter your password.",
    "Mã 6 chữ số": "6-digit code",
    "Hãy nhập mã trong tin nhắn.": "Please enter the code from the text message.",
    "Mật khẩu hiện tại": "Current password",
    "Mật khẩu mới": "New password",
    "Nhập lại mật khẩu mới": "New password again",
    "Hãy đặt mật khẩu mới.": "Please choose a new password.",
    "Hãy nhập lại mật khẩu mới.": "Please enter the new password again.",
    "Mật khẩu của bạn": "Your password",
    "Hãy nhập mật khẩu để xác nhận xoá tài khoản.": "Enter your password to confirm deleting the account.",
    "Mật khẩu chưa đúng; tài khoản chưa bị xoá.": "Wrong password; the account has not been deleted.",
    "số điện thoại": "phone number",
    "họ và tên": "full name",
    "năm sinh": "year of birth",
    "đã xác nhận số lúc": "phone number confirmed at",
    "cán bộ xác nhận": "confirmed by (staff)",
    "Trống khi người học tự xác nhận bằng mã gửi qua tin nhắn": "Empty when the learner confirmed the number with a code sent by text message",
    "đồng ý điều khoản lúc": "terms accepted at",
    "ngày đăng ký": "signed up on",
    "người học": "learner",
    "bấm “Đã học xong”": "pressed “I've finished”",
    "xem hết video": "watched the whole video",
    "đọc đến cuối bài": "read to the end of the lesson",
    "thời gian học (giây)": "learning time (seconds)",
    "học xong lúc": "finished at",
    "ngày đăng ký học": "enrolled on",
    "hoàn thành lúc": "completed at",
    "đăng ký khoá học": "course enrolment",
    "số hiệu": "serial number",
    "khoá học": "course",
    "đơn vị tổ chức": "organiser",
    "ngày cấp": "issued on",
    "chứng nhận": "certificate",
    "Tài khoản đang bị khoá": "Account locked",
    "Tài khoản này đang bị khoá. Hãy liên hệ trung tâm học tập cộng đồng của bạn.": "This account is locked. Please contact your community learning centre.",
    "Nhập mã": "Enter the code",
    "Nhập mã vừa nhận": "Enter the code you received",
    "Nếu số này có tài khoản, chúng tôi vừa gửi một mã 6 chữ số qua tin nhắn tới <strong>%(phone)s</strong>. Mã dùng được trong 10 phút.": "If this number has an account, we have just sent a 6-digit code by text message to <strong>%(phone)s</strong>. The code is valid for 10 minutes.",
    "Xác nhận": "Confirm",
    "Xác nhận số điện thoại": "Confirm your phone number",
    "Chúng tôi vừa gửi một mã 6 chữ số qua tin nhắn tới số <strong>%(phone)s</strong>. Mã dùng được trong 10 phút.": "We have just sent a 6-digit code by text message to <strong>%(phone)s</strong>. The code is valid for 10 minutes.",
    "Gửi lại mã": "Send the code again",
    "Nhập nhầm số? Đổi số điện thoại": "Wrong number? Change the phone number",
    "Đổi số và gửi mã": "Change the number and send the code",
    "Huỷ, để sau": "Cancel, do it later",
    "Đăng nhập": "Sign in",
    "Đăng nhập bằng số điện thoại di động và mật khẩu. Một tài khoản dùng được ở mọi trung tâm của mạng lưới.": "Sign in with your mobile number and password. One account works at every centre of the network.",
    "Quên mật khẩu? Nhận mã qua tin nhắn": "Forgot your password? Get a code by text message",
    "Quên mật khẩu? Hãy nhờ cán bộ trung tâm của bạn đặt lại.": "Forgot your password? Ask your centre's staff to reset it.",
    "Chưa có tài khoản?": "No account yet?",
    "Đăng ký": "Sign up",
    "Đăng xuất": "Sign out",
    "Bạn muốn đăng xuất khỏi máy này? Bài đã lưu để xem khi không có mạng vẫn còn trên máy.": "Sign out on this device? Lessons saved to read offline stay on the device.",
    "Xin chào %(name)s, bạn đã đăng nhập.": "Hello %(name)s, you are signed in.",
    "Bạn đã đăng xuất.": "You have signed out.",
    "Đã gửi mã qua tin nhắn.": "Code sent by text message.",
    "Đã đổi mật khẩu.": "Password changed.",
    "Đã đặt mật khẩu.": "Password set.",
    "Đã gửi mã xác nhận qua tin nhắn.": "Confirmation code sent by text message.",
    "Đã xác nhận số điện thoại của bạn.": "Your phone number is confirmed.",
    "Đổi mật khẩu": "Change password",
    "Quay lại trang của tôi": "Back to my page",
    "Quên mật khẩu": "Forgot your password",
    "Nhập số điện thoại của tài khoản. Chúng tôi gửi một mã qua tin nhắn; nhập mã để vào tài khoản rồi đặt mật khẩu mới.": "Enter the account's phone number. We will send a code by text message; enter it to get into the account, then choose a new password.",
    "Gửi mã cho tôi": "Send me a code",
    "Quay lại đăng nhập": "Back to sign in",
    "Đăng ký tài khoản người học": "Sign up for a learner account",
    "Với tài khoản, trang web nhớ bài bạn đã học, kết quả câu hỏi ôn tập, bài đã lưu và khoá học bạn theo, trên mọi máy. Chỉ cần số điện thoại di động.": "With an account, the site remembers the lessons you have studied, your review question results, your saved lessons and the courses you follow, on every device. All you need is a mobile number.",
    "Tạo tài khoản": "Create account",
    "Đã có tài khoản?": "Already have an account?",
    "Giấy chứng nhận hoàn thành khoá học": "Course completion certificate",
    "certificate: before the learner's name\x04Chứng nhận": "This is to certify that",
    "đã hoàn thành khoá học": "has completed the course",
    "do %(centre)s tổ chức": "organised by %(centre)s",
    "ngày %(day)s tháng %(month)s năm %(year)s": "%(day)s/%(month)s/%(year)s",
    "Số hiệu: %(serial)s": "Serial no.: %(serial)s",
    "Mã QR kiểm tra chứng nhận": "QR code to verify the certificate",
    "Quét mã để kiểm tra chứng nhận": "Scan the code to verify this certificate",
    "Dữ liệu học tập của tôi": "My learning data",
    "Tài khoản": "Account",
    "Số điện thoại": "Phone number",
    "Năm sinh": "Year of birth",
    "Ngày đăng ký": "Signed up on",
    "Đã xác nhận số": "Phone number confirmed",
    "Đồng ý điều khoản lúc": "Terms accepted at",
    "Bài học": "Lessons",
    "Bài": "Lesson",
    "Mở gần nhất": "Last opened",
    "Thời gian học (giây)": "Learning time (seconds)",
    "Học xong lúc": "Finished at",
    "Chưa có.": "None yet.",
    "Đạt": "Passed",
    "có,không": "yes,no",
    "Khoá học": "Courses",
    "Khoá": "Course",
    "Đăng ký lúc": "Enrolled at",
    "Hoàn thành lúc": "Completed at",
    "Giấy chứng nhận": "Certificates",
    "Số hiệu": "Serial no.",
    "Đơn vị": "Organiser",
    "Ngày cấp": "Issued on",
    "Bài đã lưu": "Saved lessons",
    "Trang của tôi": "My page",
    "Xin chào, %(name)s": "Hello, %(name)s",
    "số điện thoại chưa được xác nhận": "phone number not confirmed yet",
    "Bạn đã học xong %(n)s bài": (
        "You have finished %(n)s lesson",
        "You have finished %(n)s lessons",
    ),
    "khoảng %(m)s phút học": ("about %(m)s minute of learning", "about %(m)s minutes of learning"),
    "Tiếp tục học": "Continue learning",
    "Mở lần cuối %(when)s trước": "Last opened %(when)s ago",
    "Chưa có bài nào đang học dở. Hãy mở một bài giảng để bắt đầu.": "No lesson in progress. Open a lesson to start.",
    "Xem kho bài giảng": "Browse the lesson repository",
    "Khoá học của tôi": "My courses",
    "Đã hoàn thành": "Completed",
    "Tải giấy chứng nhận (PDF)": "Download the certificate (PDF)",
    "Tiến độ khoá học": "Course progress",
    "Đã học %(done)s/%(total)s bài": "%(done)s/%(total)s lessons done",
    "Bạn chưa đăng ký khoá học nào.": "You have not enrolled in any course yet.",
    "Chưa có bài nào được lưu.": "No saved lessons yet.",
    "Dữ liệu của tôi: tải về hoặc xoá tài khoản": "My data: download it or delete the account",
    "Còn %(n)s chỗ cần sửa.": ("%(n)s thing to fix.", "%(n)s things to fix."),
    "Dữ liệu của tôi": "My data",
    "Chúng tôi lưu gì về bạn": "What we keep about you",
    "Họ và tên, năm sinh (nếu bạn nhập), số điện thoại, trung tâm của bạn, ngày đăng ký và lúc bạn đồng ý điều khoản.": "Your full name, year of birth (if you gave it), phone number, centre, sign-up date and when you accepted the terms.",
    "Quá trình học: bài đã mở và đã học xong, thời gian học, kết quả câu hỏi ôn tập, bài đã lưu, khoá học và giấy chứng nhận.": "Your learning record: lessons opened and finished, learning time, review question results, saved lessons, courses and certificates.",
    "Chỉ để ghi nhận việc học, cấp chứng nhận và để trung tâm liên hệ khi cần. Cán bộ trung tâm của bạn xem được tên, số điện thoại và quá trình học; không ai khác.": "It is used only to record your learning, issue certificates and let the centre contact you when needed. Your centre's staff can see your name, phone number and learning record; nobody else can.",
    "Tải dữ liệu về máy": "Download your data",
    "Tải về (trang đọc được)": "Download (readable page)",
    "Tải về (JSON, cho máy tính)": "Download (JSON, for computers)",
    "Xoá tài khoản": "Delete the account",
    "Xoá tài khoản sẽ xoá hẳn thông tin của bạn và toàn bộ quá trình học, kết quả và giấy chứng nhận (mã kiểm tra chứng nhận sẽ không còn hiệu lực). Số lượt xem, lượt thích chung của các bài vẫn giữ như con số, không gắn với bạn. Không thể hoàn tác.": "Deleting the account permanently erases your details and your whole learning record, results and certificates (their verification codes will stop working). The lessons' overall view and like counts stay as numbers, not linked to you. This cannot be undone.",
    "Xoá tài khoản của tôi": "Delete my account",
    "Đặt mật khẩu mới": "Choose a new password",
    "Lưu mật khẩu mới": "Save the new password",
    "Tài khoản cán bộ": "Staff account",
    "Đây là tài khoản cán bộ": "This is a staff account",
    "Tài khoản cán bộ làm việc trong trang quản trị, không có trang người học. Để theo dõi việc học của mình, hãy đăng ký một tài khoản người học bằng số điện thoại.": "Staff accounts work in the admin and have no learner's page. To keep track of your own learning, sign up for a learner account with your phone number.",
    "Vào trang quản trị": "Go to the admin",
    "Đã đặt mật khẩu mới. Lần sau bạn đăng nhập bằng mật khẩu này.": "New password set. Use it the next time you sign in.",
    "Tài khoản và toàn bộ dữ liệu học tập của bạn đã được xoá.": "Your account and all your learning data have been deleted.",
    "Tôi xác nhận số điện thoại này đúng là của người học": "I confirm that this phone number belongs to the learner",
    "Dùng khi trung tâm không gửi được mã qua tin nhắn: cán bộ biết người học và đã kiểm tra số (gọi điện, gặp trực tiếp).": "For when the centre cannot send the code by text message: the staff member knows the learner and has checked the number (by phone call or in person).",
    "đã xác nhận số": "phone confirmed",
    "Số điện thoại do người học tự nhập và chỉ người học đổi được. Người học tự tải về hoặc xoá dữ liệu của mình trên trang “Dữ liệu của tôi”.": "Learners enter the phone number themselves, and only they can change it. Learners download or delete their own data on their “Account” page.",
    "điểm đạt (%)": "pass mark (%)",
    "Người học “đạt” bài khi trả lời đúng từ tỉ lệ này các câu hỏi ôn tập": "A learner “passes” the lesson by answering at least this share of its review questions correctly",
    "giới thiệu ngắn": "summary",
    "phải đạt các câu hỏi ôn tập": "review questions must be passed",
    "Khoá học hoàn thành khi người học đã học xong mọi bài và đạt mọi bài có câu hỏi": "The course is completed when the learner has finished every lesson and passed every lesson that has questions",
    "đơn vị cấp chứng nhận": "certificate issuer",
    "Để trống: tên trung tâm (hoặc ban chỉ đạo) của trang này": "Leave empty to use the name of the centre (or steering committee) this page belongs to",
    "Hoàn thành và chứng nhận": "Completion and certificate",
    "bài học": "lesson",
    "bài học của khoá": "course lesson",
    "Hãy đăng nhập để lưu quá trình học.": "Sign in to save your progress.",
    "Không tìm thấy bài học này.": "This lesson was not found.",
    "Số giây không hợp lệ.": "Invalid number of seconds.",
    "Cách hoàn thành không hợp lệ.": "Invalid way of completing the lesson.",
    "Đã ghi nhận: bạn đã học xong bài này.": "Noted: you have finished this lesson.",
    "Bài này không có câu hỏi ôn tập.": "This lesson has no review questions.",
    "Hãy chọn câu trả lời trước khi nộp.": "Choose your answers before submitting.",
    "Hãy đăng nhập để đồng bộ bài đã lưu.": "Sign in to sync your saved lessons.",
    "Danh sách bài đã lưu không hợp lệ.": "Invalid list of saved lessons.",
    "Hãy đăng nhập để lưu bài.": "Sign in to save lessons.",
    "Bạn đã học xong mọi bài của khoá này: khoá học hoàn thành.": "You have already finished every lesson of this course: the course is completed.",
    "Đã đăng ký khoá học. Chúc bạn học tốt!": "You are enrolled in the course. Enjoy your learning!",
    "Khoá học này chưa mở đăng ký.": "This course is not open for enrolment yet.",
    "Khoá học này chưa có bài học nào.": "This course has no lessons yet.",
    "Bạn đã hoàn thành khoá học ngày %(d)s.": "You completed the course on %(d)s.",
    "Đã xong %(done)s/%(total)s bài": "%(done)s/%(total)s lessons done",
    "Đăng ký học khoá này": "Enrol in this course",
    "Đăng nhập để đăng ký khoá học, theo dõi tiến độ và nhận giấy chứng nhận khi hoàn thành.": "Sign in to enrol in the course, follow your progress and get a certificate when you complete it.",
    "Đăng ký tài khoản": "Create an account",
    "%(n)s bài học": ("%(n)s lesson", "%(n)s lessons"),
    "Xong": "Done",
    "Đã học, còn câu hỏi ôn tập cần đạt": "Studied; review questions still to pass",
    "Chưa học xong": "Not finished yet",
    "Đúng %%(correct)s/%%(total)s câu.": "%%(correct)s/%%(total)s correct.",
    "Chưa đạt (cần đúng %(p)s%%). Bạn thử lại nhé.": "Not passed yet (you need %(p)s%% correct). Try again!",
    "Kết quả đã được lưu vào tài khoản của bạn.": "The result has been saved to your account.",
    "Chưa lưu được, hãy thử lại khi có mạng.": "Could not save yet; try again when you are online.",
    "Đã học xong bài này": "You have finished this lesson",
    "Việc học của bạn": "Your learning",
    "Đã học xong": "I've finished",
    "Điểm cao nhất: đúng %(c)s/%(t)s câu": "Best score: %(c)s/%(t)s correct",
    "Đăng nhập để trang web nhớ bài bạn đã học xong và kết quả câu hỏi ôn tập, trên mọi máy.": "Sign in so that the site remembers the lessons you have finished and your review question results, on every device.",
    "Nộp bài ôn tập": "Submit the review answers",
    "Kiểm tra giấy chứng nhận": "Verify a certificate",
    "Giấy chứng nhận này là thật": "This certificate is genuine",
    "Do hệ thống cấp và còn hiệu lực.": "It was issued by this system and is still valid.",
    "Cấp cho": "Issued to",
    "Đơn vị tổ chức": "Organiser",
    "Không tìm thấy giấy chứng nhận này": "Certificate not found",
    "Mã kiểm tra không đúng, hoặc người học đã xoá tài khoản. Hãy quét lại mã QR trên giấy, hoặc liên hệ đơn vị đã cấp.": "The verification code is wrong, or the learner has deleted their account. Scan the QR code on the certificate again, or contact the organisation that issued it.",
    "Hoàn thành khi bạn học xong mọi bài và đạt câu hỏi ôn tập của các bài có câu hỏi. Khi hoàn thành, bạn nhận giấy chứng nhận.": "You complete the course when you have finished every lesson and passed the review questions of the lessons that have them. On completion you get a certificate.",
    "Hoàn thành khi bạn học xong mọi bài. Khi hoàn thành, bạn nhận giấy chứng nhận.": "You complete the course when you have finished every lesson. On completion you get a certificate.",
    # learners' report (admin)
    "Người học và khoá học": "Learners and courses",
    "Lọc báo cáo": "Filter the report",
    "Khoảng thời gian": "Period",
    "%(days)s ngày qua": "last %(days)s days",
    "Cả mạng lưới": "The whole network",
    "Xem": "Show",
    "Tải về Excel (XLSX)": "Download as Excel (XLSX)",
    "%(total)s người học (%(new)s đăng ký mới trong kỳ); %(enrolled)s lượt đăng ký khoá học, %(completed)s lượt hoàn thành; %(done)s lượt học xong bài.": (
        "%(total)s learners (%(new)s new in the period); %(enrolled)s course enrolments, "
        "%(completed)s completions; %(done)s lessons finished."
    ),
    "Theo tuần": "By week",
    "Biểu đồ theo tuần: người học mới, bài học xong, khoá hoàn thành": "Chart by week: new learners, lessons finished, courses completed",
    "người học mới": "new learners",
    "bài học xong": "lessons finished",
    "khoá hoàn thành": "courses completed",
    "Tuần bắt đầu": "Week starting",
    "Người học mới": "New learners",
    "Bài học xong": "Lessons finished",
    "Khoá hoàn thành": "Courses completed",
    "Người học theo trung tâm": "Learners by centre",
    "Tổng số": "Total",
    "Mới trong kỳ": "New in the period",
    "Đăng ký trong kỳ": "Enrolled in the period",
    "Hoàn thành trong kỳ": "Completed in the period",
    "Tổng số đăng ký": "Total enrolments",
    "chưa xuất bản": "not published",
    "Chưa có khoá học nào.": "No courses yet.",
    "Câu hỏi ôn tập theo bài": "Review questions by lesson",
    "Lượt làm": "Attempts",
    "Người làm": "Learners who tried",
    "Người đạt": "Learners who passed",
    "Tỉ lệ đạt": "Pass rate",
    "Lượt học xong": "Lessons finished",
    "Chưa có ai làm câu hỏi ôn tập trong kỳ này.": "Nobody answered review questions in this period.",
    "Người học và khoá học, %(days)s ngày qua": "Learners and courses, last %(days)s days",
    "Tài khoản người học dùng số điện thoại, không dùng thư điện tử.": "Learner accounts use a phone number, not e-mail.",
    "Nhận mã qua tin nhắn": "Get a code by text message",
    "Đổi số điện thoại": "Change phone number",
    "Số hiện tại: <strong>%(phone)s</strong>.": "Current number: <strong>%(phone)s</strong>.",
    "Nhập số mới. Chúng tôi gửi một mã tới số mới; số chỉ được đổi khi bạn nhập đúng mã.": (
        "Enter the new number. We send a code to it; the number changes only once you enter "
        "the right code."
    ),
    "Gửi mã tới số mới": "Send a code to the new number",
    "Đặt mật khẩu tạm cho người học": "Set a temporary password for the learner",
    "Khi người học quên mật khẩu mà trung tâm không gửi được mã qua tin nhắn: đặt một mật khẩu tạm, đưa tận tay người học, và nhắc họ đổi lại trên trang “Trang của tôi”.": (
        "When a learner forgot their password and the centre cannot send codes by text "
        "message: set a temporary password, hand it to the learner in person, and remind them "
        "to change it on “My page”."
    ),
    # contests: who may like, the voting deadline, derived conflicts (issue #21)
    "Mọi người (mỗi trình duyệt một lượt)": "Anyone (one like per browser)",
    "Chỉ người học đã đăng nhập, số điện thoại đã xác nhận": "Only signed-in learners with a confirmed phone number",
    "ai được thích bài dự thi": "who may like entries",
    "Người học: mỗi người một lượt thích, giữ nguyên trên mọi máy. Lượt xem và chia sẻ vẫn tính cho mọi người.": (
        "Learners: one like per person, the same on every device. Views and shares still "
        "count for everyone."
    ),
    "Xung đột lợi ích": "Conflicts of interest",
    "Những giám khảo này thuộc trung tâm có bài dự thi: họ không chấm được bài của trung tâm mình, và điểm của những bài đó không được chờ từ họ.": (
        "These judges belong to a centre with an entry: they cannot score their own centre's "
        "entry, and no score is expected from them for it."
    ),
    "nhận ra từ nhóm cán bộ của trung tâm, chưa khai “thuộc trung tâm”": "found from the centre's staff groups, not declared as “belongs to centre”",
    "Đã hết hạn bình chọn.": "Voting has closed.",
    "Số điện thoại của bạn chưa được xác nhận; hãy nhờ trung tâm xác nhận để bình chọn.": (
        "Your phone number is not confirmed yet; ask your centre to confirm it to vote."
    ),
    "Đăng nhập để thích": "Sign in to like",
    "Đã hết hạn bình chọn của hội thi này; lượt thích không còn được tính.": (
        "Voting for this contest has closed; likes no longer count."
    ),
    "Số điện thoại của bạn chưa được xác nhận; hãy xác nhận để bình chọn.": (
        "Your phone number is not confirmed yet; confirm it to vote."
    ),
    "Hội thi này chỉ nhận lượt thích của người học đã đăng nhập.": "This contest only takes likes from signed-in learners.",
    # contests: judging progress, reminders, locking and publishing (issue #21)
    "Công bố kết quả": "Publish results",
    "Khoá điểm": "Lock scores",
    "Công bố kết quả ngay bây giờ: điểm bị khoá, bảng kết quả hiện trên trang công khai của hội thi.": (
        "Publish the results now: scores are locked and the results table appears on the "
        "contest's public page."
    ),
    "Khoá điểm ngay bây giờ: giám khảo không sửa điểm được nữa; kết quả chưa công bố.": (
        "Lock the scores now: judges can no longer change them; results are not published yet."
    ),
    "Đủ điểm: %(done)s lượt chấm, không thiếu lượt nào.": "All scores are in: %(done)s scorings, none missing.",
    "Còn thiếu điểm: mới chấm xong %(done)s/%(missing)s lượt.": "Scores are missing: %(done)s/%(missing)s scorings done.",
    "%(name)s: xong %(done)s/%(expected)s bài": "%(name)s: %(done)s/%(expected)s entries done",
    "Điểm trung bình của những bài thiếu sẽ chỉ tính từ các giám khảo đã chấm.": (
        "The average of an entry with missing scores counts only the judges who scored it."
    ),
    "Vẫn tiếp tục dù còn thiếu điểm": "Go ahead although scores are missing",
    "Xác nhận công bố kết quả": "Confirm: publish the results",
    "Xác nhận khoá điểm": "Confirm: lock the scores",
    "Tiến độ chấm": "Judging progress",
    "Giám khảo đã chấm xong": "Judges done",
    "Đã chấm xong %(done)s/%(expected)s lượt (mỗi lượt: một giám khảo chấm đủ %(criteria)s tiêu chí của một bài).": (
        "%(done)s/%(expected)s scorings done (one scoring: one judge scoring all %(criteria)s "
        "criteria of one entry)."
    ),
    "Đủ điểm.": "All scores are in.",
    "%(n)s giám khảo còn thiếu điểm.": (
        "%(n)s judge still has scores missing.",
        "%(n)s judges still have scores missing.",
    ),
    "Gửi thư nhắc giám khảo còn thiếu": "E-mail a reminder to late judges",
    "Khoá điểm…": "Lock scores…",
    "Công bố kết quả…": "Publish results…",
    "Đang dở": "Started",
    "Chưa chấm": "Not scored",
    "Thư điện tử": "E-mail",
    "chưa có": "none",
    "Bài × giám khảo": "Entries × judges",
    "xong": "done",
    "đang dở": "started",
    "chưa chấm": "not scored",
    "xung đột lợi ích (không chấm)": "conflict of interest (not scored)",
    "Đủ": "Done",
    "xung đột lợi ích": "conflict of interest",
    "Đã gửi thư nhắc tới %(n)s giám khảo còn thiếu điểm.": "Reminder e-mailed to %(n)s late judge(s).",
    "Chưa có địa chỉ thư, hãy liên hệ trực tiếp: %(names)s.": "No e-mail address, contact them directly: %(names)s.",
    "Mọi giám khảo đã chấm xong; không cần nhắc.": "Every judge is done; no reminder needed.",
    "Kính gửi %(name)s,\n\nHội thi “%(contest)s” còn %(missing)s bài bạn chưa chấm xong (đã xong %(done)s/%(expected)s). Thời gian chấm kết thúc lúc %(end)s.\n\nChấm tiếp tại: %(link)s\n\nBan tổ chức": (
        "Dear %(name)s,\n\nThe contest “%(contest)s” has %(missing)s entries you have not "
        "finished scoring (%(done)s/%(expected)s done). Judging ends at %(end)s.\n\n"
        "Continue at: %(link)s\n\nThe organisers"
    ),
    "Nhắc chấm bài: %(contest)s": "Reminder to score: %(contest)s",
    "Chưa đến thời gian chấm; chưa thể khoá điểm hay công bố kết quả.": (
        "Judging has not started; scores cannot be locked or results published yet."
    ),
    "Kết quả đã được công bố.": "The results are already published.",
    "Điểm đã được khoá (thời gian chấm đã kết thúc).": "Scores are already locked (judging has ended).",
    "Còn thiếu điểm: hãy đánh dấu “Vẫn tiếp tục dù còn thiếu điểm” để làm tiếp.": (
        "Scores are missing: tick “Go ahead although scores are missing” to continue."
    ),
    "Đã công bố kết quả.": "Results published.",
    "Đã khoá điểm.": "Scores locked.",
    # contests: engagement sync from the admin and on a schedule (issue #21)
    "Đồng bộ tự động đã được bật.": "Automatic sync is already on.",
    "Đã bật đồng bộ tự động.": "Automatic sync turned on.",
    "Hàng đợi nền chạy việc ngay, không hẹn giờ được.": "The task backend runs tasks at once; nothing can be scheduled.",
    "Chưa cấu hình khoá API của nền tảng": "The platform's API key is not configured",
    "Đồng bộ ngay": "Sync now",
    "Số liệu được đồng bộ tự động mỗi giờ khi máy chủ chạy hàng đợi nền; nút trên đồng bộ ngay. Số liệu dùng để chấm là bản ghi cuối cùng trước %(cutoff)s.": (
        "Counts are synced every hour while the server runs its task worker; the button above "
        "syncs now. Scoring uses the last record before %(cutoff)s."
    ),
    "Chưa cấu hình khoá API: %(keys)s. Số liệu YouTube/Facebook không lấy được cho đến khi quản trị kỹ thuật đặt khoá (docs/CONFIGURATION.md); số liệu trên trang web vẫn được tính.": (
        "API keys not configured: %(keys)s. YouTube/Facebook counts cannot be fetched until the "
        "technical administrator sets them (docs/CONFIGURATION.md); the site's own counts still "
        "count."
    ),
    "Đã đồng bộ số liệu tương tác của hội thi.": "The contest's engagement counts are synced.",
    "Đồng bộ không chạy được; xem nhật ký máy chủ.": "The sync failed; see the server log.",
    "Đã xếp lịch đồng bộ; số liệu cập nhật sau ít phút (tải lại trang).": (
        "Sync queued; the counts update in a few minutes (reload the page)."
    ),
    # contests: prizes and their certificates (issue #21)
    "tên giải": "prize name",
    "Ví dụ: Giải Nhất": "E.g. First prize",
    "số giải": "number of prizes",
    "giải thưởng": "prize",
    "hạng": "rank",
    "người nhận": "recipient",
    "giải đã trao": "awarded prize",
    "Giải thưởng (theo thứ tự từ cao xuống)": "Prizes (highest first)",
    "Đã trao giải cho hội thi này; giải đã xác nhận không đổi được.": (
        "Prizes are already awarded for this contest; confirmed prizes cannot change."
    ),
    "Hãy khoá điểm (kết thúc chấm) trước khi trao giải.": "Lock the scores (end judging) before awarding prizes.",
    "đạt %(prize)s hội thi": "won %(prize)s in the contest",
    "đã tham gia hội thi": "took part in the contest",
    "Trao giải": "Award prizes",
    "Giải đã được xác nhận. Giấy chứng nhận có mã QR mở trang kiểm tra công khai.": (
        "Prizes are confirmed. Certificates carry a QR code to a public check."
    ),
    "Giải": "Prize",
    "Chứng nhận tham gia": "Participation certificate",
    "Giấy chứng nhận (PDF)": "Certificate (PDF)",
    "Hội thi chưa có giải thưởng nào: thêm ở trang sửa hội thi, mục “Giải thưởng”. Mọi bài sẽ nhận giấy chứng nhận tham gia.": (
        "The contest has no prizes yet: add them on the contest's edit page, under “Prizes”. "
        "Every entry will get a participation certificate."
    ),
    "Đề xuất theo bảng xếp hạng cuối cùng: các giải lần lượt từ cao xuống; bài bằng điểm tuyệt đối với bài trước (sau mọi tiêu chí phụ) được cùng giải; các bài còn lại nhận giấy chứng nhận tham gia.": (
        "Proposed from the final ranking: prizes in order from the highest; an entry exactly "
        "level with the one before (after every tie-break) shares its prize; the other entries "
        "get a participation certificate."
    ),
    "Đề xuất": "Proposed",
    "đồng hạng": "level",
    "Sau khi xác nhận, giải không đổi được nữa và được công bố cùng kết quả.": (
        "Once confirmed, prizes cannot change and are published with the results."
    ),
    "Xác nhận trao giải": "Confirm the prizes",
    "Do ban tổ chức hội thi cấp qua hệ thống.": "Issued by the contest's organisers through this system.",
    "Đơn vị cấp": "Issued by",
    "Đã trao %(won)s giải và %(others)s giấy chứng nhận tham gia.": (
        "%(won)s prizes and %(others)s participation certificates awarded."
    ),
    # contests: scoring drafts and the final check (issue #21)
    "Hãy đánh dấu “Tôi đã xem lại điểm” trước khi nộp; chưa lưu gì.": (
        "Tick “I have checked the scores” before submitting; nothing was saved."
    ),
    "Lưu nháp (chấm tiếp sau)": "Save a draft (finish later)",
    "Nộp điểm": "Submit scores",
    "Tôi đã xem lại điểm": "I have checked the scores",
    "Đã lưu nháp %(n)s/%(total)s tiêu chí; bài này chưa tính là chấm xong.": (
        "Draft saved: %(n)s/%(total)s criteria; this entry does not count as scored yet."
    ),
    "Theo tiêu chí": "By criterion",
    "Theo giám khảo": "By judge",
    "Lúc chấm": "Scored at",
    "Chưa nhận ra liên kết Facebook này. Hãy dán liên kết của video hoặc bài viết, ví dụ: %(shapes)s.": (
        "This Facebook link is not recognised. Paste the link of a video or post, for example: "
        "%(shapes)s."
    ),
    "Chưa nhận ra liên kết YouTube này. Hãy dán liên kết của video, ví dụ https://www.youtube.com/watch?v=… hoặc https://youtu.be/…": (
        "This YouTube link is not recognised. Paste the link of a video, e.g. "
        "https://www.youtube.com/watch?v=… or https://youtu.be/…"
    ),
    "Video dự thi trên Facebook": "The entry's video on Facebook",
    "Xem trên Facebook": "Watch on Facebook",
    # public contest pages: status, timeline, entry page
    "Sắp diễn ra": "Coming up",
    "Đã có kết quả": "Results are out",
    "Chốt bình chọn": "Public vote closes",
    "contest timeline\x04Công bố kết quả": "Results announced",
    "Chưa định ngày": "Date not set yet",
    "Đã xong": "Done",
    "Hiện tại": "Now",
    "Sắp tới": "Coming",
    "Trạng thái:": "Status:",
    "Lịch trình": "Timeline",
    "Hội thi chấm ẩn danh: tên trung tâm dự thi được ẩn cho đến khi chấm xong.": (
        "This contest is judged anonymously: the entrants' centres are hidden until judging ends."
    ),
    "Bài dự thi trong hội thi “%(contest)s”": "An entry in the contest “%(contest)s”",
    "Được ẩn trong thời gian chấm (hội thi chấm ẩn danh)": "Hidden during judging (anonymous judging)",
    "Người dự thi": "Participants",
    "Video dự thi trên YouTube": "The entry's video on YouTube",
    "Bình chọn và chia sẻ": "Vote and share",
    "lượt chia sẻ": "shares",
    "Liên kết đã được chọn trong ô bên dưới: hãy sao chép (nhấn giữ trên điện thoại).": (
        "The link is selected in the box below: copy it (on a phone, press and hold)."
    ),
    # contests: written and link entries, blind-judging check (issue #21)
    "Liên kết phải bắt đầu bằng https:// (hoặc http://).": "The link must start with https:// (or http://).",
    "Hội thi chấm ẩn danh: phần này không được nêu tên trung tâm (“%(centre)s”), vì giám khảo sẽ đọc nó.": (
        "This contest is judged blind: this field must not name the centre (“%(centre)s”), "
        "because the judges will read it."
    ),
    "Bài viết / tệp PDF": "Written entry / PDF file",
    "Liên kết (trang web, bài trình chiếu …)": "Link (website, slideshow …)",
    "loại bài dự thi": "entry type",
    "tệp PDF bài dự thi": "entry PDF file",
    "Cho bài viết: tệp PDF, đọc được ngay trên điện thoại.": "For a written entry: a PDF file, readable straight away on a phone.",
    "liên kết bài dự thi": "entry link",
    "Cho bài dạng liên kết: địa chỉ bắt đầu bằng https://": "For a link entry: an address starting with https://",
    "Bài viết cần một tệp PDF.": "A written entry needs a PDF file.",
    "Chỉ nhận tệp PDF (tệp này là .%(ext)s).": "Only PDF files are accepted (this file is .%(ext)s).",
    "Bài dạng liên kết cần địa chỉ liên kết.": "A link entry needs a link address.",
    "Bài viết dự thi": "Written entry",
    "%(n)s trang – trang tải dần khi cuộn xuống.": (
        "%(n)s page – pages load as you scroll down.",
        "%(n)s pages – pages load as you scroll down.",
    ),
    "Tải tệp PDF": "Download the PDF",
    "Bản đọc trực tuyến đang được chuẩn bị.": "The online reading copy is being prepared.",
    "Bài dự thi dạng liên kết:": "Link entry:",
    "Mở liên kết bài dự thi": "Open the entry's link",
    "Bài dự thi này không có tệp để tải.": "This entry has no file to download.",
    # contests: judging rounds and advancing entries (issue #21)
    "Vòng “%(after)s” phải bắt đầu sau khi vòng “%(before)s” kết thúc.": "Round “%(after)s” must start after round “%(before)s” ends.",
    "Có phần thi ghi vòng %(n)s nhưng hội thi chỉ có %(count)s vòng.": "A part is set to round %(n)s but the contest has only %(count)s round(s).",
    "Vòng “%(name)s” chưa có phần thi nào để chấm.": "Round “%(name)s” has no parts to score yet.",
    "tên vòng": "round name",
    "Ví dụ: Chung khảo": "E.g. Final round",
    "bắt đầu chấm vòng này": "judging of this round starts",
    "kết thúc chấm vòng này": "judging of this round ends",
    "chốt số liệu tương tác của vòng": "engagement cut-off for this round",
    "Lượt xem, thích, chia sẻ tính đến thời điểm này cho điểm của vòng.": "Views, likes and shares up to this time count towards the round's score.",
    "vòng chấm": "judging round",
    "Theo điểm sàn": "By minimum score",
    "Chọn tay": "By hand",
    "giám khảo xem điểm của giám khảo khác": "judges see the other judges' scores",
    "Chỉ sau khi đã nộp điểm của mình cho bài đó.": "Only once they have submitted their own scores for that entry.",
    "gửi nhận xét của giám khảo cho trung tâm dự thi sau khi công bố kết quả": "send the judges' feedback to the entering centres once the results are published",
    "tên vòng chấm đầu": "name of the first round",
    "Dùng khi hội thi có nhiều vòng.": "Used when the contest has several rounds.",
    "Vòng chấm tiếp theo": "Next judging round",
    "Các vòng chấm (sơ khảo → chung khảo)": "Judging rounds (preliminary → final)",
    "Vòng 1 dùng thời gian chấm ở trên. Mỗi phần thi và giám khảo ghi số vòng của mình; vòng sau chỉ gồm các bài được chuyển vòng.": (
        "Round 1 uses the judging period above. Each part and each judge has its round number; "
        "a later round has only the entries advanced to it."
    ),
    "vòng": "round",
    "1 = vòng đầu (sơ khảo); 2 = vòng tiếp theo …": "1 = the first round (preliminary); 2 = the next round …",
    "chấm vòng": "judges round",
    "Để trống: chấm mọi vòng.": "Leave empty to judge every round.",
    "tổ chấm": "panel",
    "Ví dụ: Tổ 1. Phân công tự động chia bài theo tổ.": "E.g. Panel 1. Automatic assignment shares the entries out by panel.",
    "Bạn không chấm vòng “%(name)s”.": "You do not judge round “%(name)s”.",
    "“%(name)s” là vòng cuối; không có vòng sau để chuyển bài.": "“%(name)s” is the last round; there is no next round to advance entries to.",
    "Hãy khoá điểm vòng “%(name)s” trước khi chuyển bài sang vòng sau.": "Lock the scores of round “%(name)s” before advancing entries to the next round.",
    "Vòng “%(name)s” đã bắt đầu chấm; danh sách bài không đổi được nữa.": "Judging of round “%(name)s” has started; its list of entries can no longer change.",
    "Chưa chọn bài nào để chuyển vòng.": "No entries chosen to advance.",
    "Bài này không vào vòng “%(name)s”.": "This entry is not in round “%(name)s”.",
    "Bài này không được phân công cho bạn ở vòng “%(name)s”.": "This entry is not assigned to you in round “%(name)s”.",
    "Vòng chấm": "Judging rounds",
    "Vòng:": "Rounds:",
    "Chuyển vòng": "Advance entries",
    "Chuyển bài sang vòng sau": "Advance entries to the next round",
    "Xếp hạng vòng “%(name)s”; các bài được chọn vào vòng “%(next)s”.": "Ranking of round “%(name)s”; the chosen entries go through to round “%(next)s”.",
    "Hiện đã có %(n)s bài ở vòng sau; chọn lại sẽ thay danh sách này.": (
        "%(n)s entry is already in the next round; choosing again replaces this list.",
        "%(n)s entries are already in the next round; choosing again replaces this list.",
    ),
    "Cách chọn": "How to choose",
    "Theo thứ hạng: lấy": "By rank: take the",
    "Số bài đầu bảng": "Number of top entries",
    "bài đầu (bài bằng điểm bài cuối cũng vào)": "top entries (entries level with the last one go through too)",
    "Theo điểm sàn: điểm tổng từ": "By minimum score: a total score of at least",
    "Điểm sàn": "Minimum score",
    "Chọn tay các bài đánh dấu trong bảng": "By hand: the entries ticked in the table",
    "Sẽ chuyển %(n)s bài vào vòng “%(next)s” (đánh dấu ✓ trong bảng). Kiểm tra rồi xác nhận.": (
        "%(n)s entry will go through to round “%(next)s” (marked ✓ in the table). Check, then confirm.",
        "%(n)s entries will go through to round “%(next)s” (marked ✓ in the table). Check, then confirm.",
    ),
    "Xác nhận chuyển vòng": "Confirm: advance the entries",
    "Xem trước danh sách": "Preview the list",
    "Chọn": "Select",
    "Vào vòng sau": "Goes through",
    "Vòng này chưa có điểm.": "No scores in this round yet.",
    "Khoá điểm vòng “%(name)s”…": "Lock the scores of round “%(name)s”…",
    "Chuyển bài sang vòng sau…": "Advance entries to the next round…",
    "Đang ở vòng “%(name)s”; chỉ công bố kết quả sau vòng cuối. Hãy khoá điểm vòng này rồi chuyển bài sang vòng sau.": (
        "The contest is in round “%(name)s”; results are published only after the last round. "
        "Lock this round's scores, then advance entries to the next round."
    ),
    "Số bài vào vòng sau phải từ 1 đến %(n)s.": "The number of entries going through must be from 1 to %(n)s.",
    "Điểm sàn “%(raw)s” không phải là số.": "The minimum score “%(raw)s” is not a number.",
    "Điểm sàn phải từ 0 đến 100.": "The minimum score must be from 0 to 100.",
    "Cách chọn không hợp lệ.": "That way of choosing is not valid.",
    "Không có bài nào thoả điều kiện; chưa chuyển bài nào.": "No entry meets the condition; no entries were advanced.",
    "Đã chuyển %(n)s bài vào vòng “%(name)s”.": "Entries advanced to round “%(name)s”: %(n)s.",
    # contests: assigning entries to judges and panels (issue #21)
    "Phân công chấm": "Assign judges",
    "Vòng “%(name)s” chấm theo phân công: mỗi giám khảo chỉ thấy và chấm các bài được giao.": "Round “%(name)s” is judged by assignment: each judge sees and scores only the entries assigned to them.",
    "Vòng “%(name)s” chưa phân công: mọi giám khảo của vòng chấm mọi bài (trừ bài của trung tâm mình).": "Round “%(name)s” has no assignments: every judge of the round scores every entry (except their own centre's).",
    "Phân công tự động": "Assign automatically",
    "Giám khảo được chia tổ (%(panels)s): mỗi bài giao cho một tổ không có thành viên cùng trung tâm với bài, chia đều giữa các tổ.": (
        "The judges are split into panels (%(panels)s): each entry goes to a panel with no member "
        "from the entry's centre, shared evenly between the panels."
    ),
    "Số giám khảo chấm mỗi bài": "Judges per entry",
    "Chia đều số bài cho các giám khảo; không giao bài cho giám khảo cùng trung tâm (xung đột lợi ích). Phân công cũ của vòng này được thay thế.": (
        "Shares the entries evenly between the judges; no entry goes to a judge from the same "
        "centre (conflict of interest). This round's earlier assignments are replaced."
    ),
    "Bỏ phân công (mọi giám khảo chấm mọi bài)": "Clear the assignments (every judge scores every entry)",
    "Giám khảo của vòng": "Judges of the round",
    "Tổ chấm": "Panel",
    "Số bài được giao": "Entries assigned",
    "Vòng này chưa có giám khảo.": "This round has no judges yet.",
    "Phân công tay": "Assign by hand",
    "Lưu phân công": "Save the assignments",
    "%(n)s bài: quá nhiều để phân công tay trên một bảng; hãy dùng phân công tự động.": (
        "%(n)s entry: too many to assign by hand in one table; assign automatically instead.",
        "%(n)s entries: too many to assign by hand in one table; assign automatically instead.",
    ),
    "ô trống: không được phân công": "empty cell: not assigned",
    "không được phân công": "not assigned",
    "Số giám khảo mỗi bài phải từ 1 đến %(n)s; chưa thay đổi gì.": "Judges per entry must be from 1 to %(n)s; nothing was changed.",
    "Đã phân công %(n)s lượt chấm.": "Scorings assigned: %(n)s.",
    "%(n)s bài không đủ giám khảo không xung đột lợi ích; hãy thêm giám khảo hoặc phân công tay.": (
        "Entries without enough judges free of a conflict of interest: %(n)s. Add judges or "
        "assign by hand."
    ),
    "Đã bỏ phân công: mọi giám khảo chấm mọi bài.": "Assignments cleared: every judge scores every entry.",
    "Đã lưu %(n)s lượt phân công.": "Assignments saved: %(n)s.",
    "Bỏ qua %(n)s ô xung đột lợi ích (giám khảo cùng trung tâm với bài).": (
        "Conflict-of-interest cells skipped (judge from the entry's centre): %(n)s."
    ),
    # contests: blind judging and judges' feedback (issue #21)
    "Hội thi chấm ẩn danh: bài dự thi chỉ hiện mã bài, không hiện trung tâm hay người dự thi.": (
        "Blind judging: entries show only their code, not the centre or the participants."
    ),
    "Vòng đang chấm: %(name)s": "Round being judged: %(name)s",
    "Hội thi chấm ẩn danh: không hiện trung tâm và người dự thi.": "Blind judging: the centre and the participants are not shown.",
    "Nhận xét tiêu chí này (không bắt buộc)": "Comment on this criterion (optional)",
    "Nhận xét chung": "General comment",
    "Điểm của các giám khảo khác": "Other judges' scores",
    "Nhận xét của giám khảo": "Judges' feedback",
    "Nhận xét giám khảo": "Judges' feedback",
    "Nhận xét của giám khảo cho các bài dự thi của trung tâm, sau khi hội thi công bố kết quả (khi ban tổ chức cho phép). Giám khảo được đánh số, không nêu tên.": (
        "The judges' feedback on your centre's entries, once a contest has published its results "
        "(when the organisers allow it). Judges are numbered, not named."
    ),
    "Giám khảo %(n)s": "Judge %(n)s",
    "Vòng %(number)s": "Round %(number)s",
    "Giám khảo không để lại nhận xét cho bài này.": "The judges left no feedback on this entry.",
    "Chưa có nhận xét nào được gửi tới trung tâm.": "No feedback has been sent to the centre yet.",
    # contests: the engagement event log (issue #21)
    "Bỏ thích": "Unlike",
    "Chia sẻ Facebook": "Facebook share",
    "Chia sẻ Zalo": "Zalo share",
    "Dồn dập từ một mạng": "Burst from one network",
    "Nhiều trình duyệt mới từ một mạng": "Many new browsers from one network",
    "Thích mà chưa xem": "Like without a view",
    "Mạng chỉ thích một bài": "Network liking only one entry",
    "lý do": "reason",
    "Nhật ký tương tác trên trang (cảnh báo, loại sự kiện)": "On-site engagement log (warnings, excluding events)",
    "Nhật ký tương tác": "Engagement log",
    "Tổng %(total)s sự kiện được tính trên trang; %(flagged)s bị cảnh báo (chưa xử lý); %(excluded)s đã loại.": (
        "Events counted on the site: %(total)s in all; %(flagged)s flagged (not yet dealt with); "
        "%(excluded)s excluded."
    ),
    "Mọi lượt đều được tính; sự kiện bị cảnh báo chỉ để ban tổ chức xem xét. Loại sự kiện cần ghi lý do và có thể hoàn tác.": (
        "Every event counts; flagged events are only for the organisers to review. Excluding "
        "events needs a reason and can be undone."
    ),
    "%(address)s: %(likes)s lượt thích, tất cả cho “%(title)s”": "%(address)s: %(likes)s likes, all for “%(title)s”",
    "xem các sự kiện": "see the events",
    "Mọi bài": "All entries",
    "Mọi loại": "All kinds",
    "Mọi trạng thái": "All statuses",
    "Được tính": "Counted",
    "Bị cảnh báo": "Flagged",
    "Đã loại": "Excluded",
    "Mọi cảnh báo": "All warnings",
    "Mạng": "Network",
    "Từ ngày": "From",
    "Đến ngày": "To",
    "Lọc": "Filter",
    "Tải CSV các sự kiện đang lọc": "Download the filtered events as CSV",
    "%(n)s sự kiện khớp bộ lọc.": (
        "%(n)s event matches the filter.",
        "%(n)s events match the filter.",
    ),
    "Loại %(n)s sự kiện đang lọc khỏi số liệu — lý do (bắt buộc)": (
        "Exclude the %(n)s filtered event from the counts — reason (required)",
        "Exclude the %(n)s filtered events from the counts — reason (required)",
    ),
    "Loại khỏi số liệu": "Exclude from the counts",
    "Thời điểm": "Time",
    "Mã người (băm)": "Visitor ID (hashed)",
    "Trình duyệt": "Browser",
    "Chưa có sự kiện nào.": "No events yet.",
    "Các lần loại sự kiện": "Exclusions",
    "Người loại": "Excluded by",
    "Bộ lọc": "Filter",
    "Số sự kiện": "Events",
    "Đã tính lại (%(by)s, %(at)s)": "Counted again (%(by)s, %(at)s)",
    "Chưa loại sự kiện nào.": "No events excluded yet.",
    "Số liệu chốt lúc hết hạn bình chọn": "Figures frozen when voting closed",
    "Bài dự thi không thuộc hội thi này; bỏ qua bộ lọc bài.": "That entry is not in this contest; the entry filter was ignored.",
    "Ngày “%(value)s” không hợp lệ (dùng dạng 2026-12-31).": "The date “%(value)s” is not valid (write it as 2026-12-31).",
    "bài": "entry",
    "cảnh báo": "warning",
    "mạng": "network",
    "từ": "from",
    "đến": "to",
    "mọi sự kiện": "all events",
    "Đã tính lại %(n)s sự kiện.": "Events counted again: %(n)s.",
    "Hãy lọc các sự kiện cần loại trước (không loại toàn bộ nhật ký).": "Filter the events to exclude first (the whole log cannot be excluded).",
    "Danh sách đã thay đổi (nay có %(n)s sự kiện); hãy xem lại rồi loại.": (
        "The list has changed (events now: %(n)s); check it again, then exclude."
    ),
    "Đã loại %(n)s sự kiện khỏi số liệu (có ghi lý do).": "Events excluded from the counts (reason recorded): %(n)s.",
    "Lý do loại": "Reason for exclusion",
    "event kind\x04Xem": "View",
    "event column\x04Loại": "Kind",
    "Mở nhận bài": "Open for entries",
    "Mở nhận bài ngay bây giờ: các trung tâm nộp bài được đến %(close)s.": "Open for entries now: centres can submit until %(close)s.",
    "Còn thiếu:": "Still missing:",
    "Đủ: có tiêu chí, giám khảo và thể lệ.": "Complete: criteria, judges and rules are in place.",
    "Vẫn mở dù còn thiếu": "Open anyway, although things are missing",
    "Xác nhận mở nhận bài": "Confirm: open for entries",
    "Mở nhận bài…": "Open for entries…",
    "Chưa có phần thi và tiêu chí chấm cho vòng đầu.": "The first round has no parts and criteria yet.",
    "Chưa có giám khảo.": "No judges yet.",
    "Chưa có thể lệ.": "No rules yet.",
    "Hội thi đã mở nhận bài từ %(date)s.": "The contest has been open for entries since %(date)s.",
    "Hạn nộp bài đã qua; hãy sửa thời gian của hội thi trước.": "The submission deadline has passed; change the contest's dates first.",
    "Còn thiếu: hãy đánh dấu “Vẫn mở dù còn thiếu” để mở nhận bài.": "Things are missing: tick “Open anyway, although things are missing” to open for entries.",
    "Hội thi đã mở nhận bài.": "The contest is open for entries.",
}


@dataclass
class Entry:
    """One catalogue entry: its comment lines and its keywords (msgid, msgstr[0]...) in order."""

    comments: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def msgid(self) -> str:
        return self.fields.get("msgid", "")

    @property
    def key(self) -> str:
        """The msgid as gettext looks it up (with its context, if any)."""
        context = self.fields.get("msgctxt")
        return f"{context}\x04{self.msgid}" if context is not None else self.msgid

    @property
    def is_plural(self) -> bool:
        return "msgid_plural" in self.fields

    @property
    def flags(self) -> set[str]:
        return {
            flag.strip()
            for line in self.comments
            if line.startswith("#,")
            for flag in line[2:].split(",")
        }

    @property
    def translations(self) -> list[str]:
        return [value for name, value in self.fields.items() if name.startswith("msgstr")]


_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"(.*)"$')
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n")


def parse_po(text: str) -> list[Entry]:
    """The entries of a .po file (the header is the first one, with an empty msgid)."""
    entries, entry, last = [], Entry(), None
    for line in text.splitlines():
        if not line.strip():
            if entry.fields or entry.comments:
                entries.append(entry)
            entry, last = Entry(), None
        elif line.startswith("#"):
            entry.comments.append(line)
        elif match := _KEYWORD.match(line):
            last = match.group(1)
            entry.fields[last] = _unescape(match.group(2))
        elif line.startswith('"') and last is not None:
            entry.fields[last] += _unescape(line.strip()[1:-1])
        else:
            raise ValueError(f"unexpected line in the catalogue: {line!r}")
    if entry.fields or entry.comments:
        entries.append(entry)
    return entries


def render_po(entries: list[Entry]) -> str:
    blocks = []
    for entry in entries:
        lines = list(entry.comments)
        for name, value in entry.fields.items():
            if "\n" in value[:-1]:  # several lines, the way gettext writes the header
                lines.append(f'{name} ""')
                lines += [f'"{_escape(part)}"' for part in value.splitlines(keepends=True)]
            else:
                lines.append(f'{name} "{_escape(value)}"')
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def fill(po_path: Path = PO_PATH) -> tuple[int, list[str]]:
    """Write every msgstr from EN; returns how many were written and the msgids EN lacks."""
    entries = parse_po(po_path.read_text(encoding="utf-8"))
    filled, missing = 0, []
    for entry in entries:
        # msgmerge's guesses from similar strings are never kept: the table decides
        entry.comments = [
            line for line in map(_without_fuzzy, entry.comments) if line and line[:2] != "#|"
        ]
        if not entry.msgid:  # the header
            header = entry.fields["msgstr"]
            entry.fields["msgstr"] = re.sub(r"^Language: .*$", "Language: en", header, flags=re.M)
            continue
        english = EN.get(entry.key)
        if english is None:
            missing.append(entry.key)
            for name in entry.fields:
                if name.startswith("msgstr"):
                    entry.fields[name] = ""
            continue
        if entry.is_plural:
            if not isinstance(english, tuple):
                raise ValueError(
                    f"{entry.msgid!r} has plural forms: give EN a (singular, plural) pair"
                )
            entry.fields["msgstr[0]"], entry.fields["msgstr[1]"] = english
        else:
            if not isinstance(english, str):
                raise ValueError(f"{entry.msgid!r} has no plural forms: give EN one string")
            entry.fields["msgstr"] = english
        filled += 1
    po_path.write_text(render_po(entries), encoding="utf-8")
    return filled, missing


def _without_fuzzy(line: str) -> str:
    """A comment line without the fuzzy flag ("" for a flags line left with none)."""
    if not line.startswith("#,"):
        return line
    flags = [flag.strip() for flag in line[2:].split(",") if flag.strip() != "fuzzy"]
    return "#, " + ", ".join(flags) if flags else ""


def refresh() -> None:
    """makemessages, fill, compilemessages: the whole refresh, from the repository root."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "hub.settings.dev"}
    subprocess.run([sys.executable, "manage.py", *MAKEMESSAGES_ARGS], cwd=ROOT, env=env, check=True)
    _fill_and_report(PO_PATH)
    subprocess.run(
        [sys.executable, "manage.py", *COMPILEMESSAGES_ARGS], cwd=ROOT, env=env, check=True
    )


def _fill_and_report(path: Path) -> None:
    filled, missing = fill(path)
    print(f"{filled} strings translated")
    used = {entry.key for entry in parse_po(path.read_text(encoding="utf-8"))}
    unused = [msgid for msgid in EN if msgid not in used]
    if unused:
        print(f"{len(unused)} entries of EN are no longer in the code (remove them):")
        for msgid in unused:
            print(f"    {msgid!r}")
    if missing:
        print(f"{len(missing)} msgids have no English in EN (scripts/translate_en.py):")
        for msgid in missing:
            print(f"    {msgid!r}")
        sys.exit(1)


if __name__ == "__main__":
    if sys.argv[1:] == ["--refresh"]:
        refresh()
    else:
        _fill_and_report(Path(sys.argv[1]) if len(sys.argv) > 1 else PO_PATH)

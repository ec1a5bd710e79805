# Tiếng Việt: the site's words. One section per page group, in the order of src/web/mod.rs.
# Keep the same keys, in the same sections, in en.ftl (a unit test checks it).

## Frame: masthead, navigation, footer (layout.rs)
skip-to-content = Bỏ qua để đến nội dung chính
lang-switch = English
nav-label = Mục chính
nav-home = Trang chủ
nav-procedures = Thủ tục hành chính
nav-track = Tra cứu hồ sơ
nav-statistics = Thống kê
breadcrumbs-label = Vị trí trang
footer-address = Địa chỉ
footer-phone = Điện thoại
footer-email = Thư điện tử
footer-hours = Giờ làm việc
footer-api = Dữ liệu mở (API)

## Form toolkit (forms.rs)
form-error-summary = Có lỗi cần sửa
form-file-kept = Đã nhận tệp:
form-continue = Tiếp tục
table-scroll = Bảng (vuốt ngang để xem hết)
form-any = Tất cả

## Error pages (errors.rs)
error-go-home = Về trang chủ
error-404-title = Không tìm thấy trang
error-404-body = Địa chỉ này không có trên trang. Nếu bạn gõ địa chỉ, hãy kiểm tra lại chính tả.
error-404-typed = Bạn có thể tìm thủ tục cần làm:
error-429-title = Bạn đã thử quá nhiều lần
error-429-body = Để bảo vệ hồ sơ của người dân, trang tạm dừng nhận yêu cầu từ thiết bị của bạn.
error-429-wait = Hãy thử lại sau { $minutes } phút.
error-500-title = Rất tiếc, hệ thống đang gặp sự cố
error-500-body = Yêu cầu của bạn chưa được thực hiện. Hãy thử lại sau ít phút.
error-503-body = Hệ thống tạm thời không truy cập được dữ liệu. Hãy thử lại sau ít phút.
error-500-request-id = Nếu cần gọi bộ phận hỗ trợ, hãy đọc mã yêu cầu:
error-403-title = Bạn không có quyền xem trang này
error-403-body = Trang này chỉ dành cho người có quyền truy cập.
error-csrf-title = Biểu mẫu đã hết hạn
error-csrf-body = Vì lý do an toàn, biểu mẫu này không còn dùng được. Hãy mở lại trang, điền và gửi lại.

## Values in words (format.rs)
fee-free = Miễn phí
fee-unknown = Chưa có thông tin
time-unit-working_days = { $amount } ngày làm việc
time-unit-calendar_days = { $amount } ngày
time-unit-working_hours = { $amount } giờ làm việc
time-unit-months = { $amount } tháng
tier-ministry = Cấp Bộ
tier-province = Cấp Tỉnh
tier-district = Cấp Huyện
tier-commune = Cấp Xã
tier-other = Cơ quan khác
channel-in_person = Nộp trực tiếp
channel-postal = Qua bưu chính
channel-online = Nộp trực tuyến
online-level-full = Dịch vụ công trực tuyến toàn trình
online-level-partial = Dịch vụ công trực tuyến một phần
online-level-none = Chưa cung cấp trực tuyến
online-level-unknown = Chưa xác định
legacy-level = Mức độ { $level }

## Home (home.rs)
home-title = Dịch vụ công
home-lead = Tìm thủ tục cần làm, xem cần mang giấy tờ gì, nộp hồ sơ trực tuyến và tra cứu kết quả.
home-find-title = Tìm thủ tục
home-track-title = Tra cứu hồ sơ
home-track-hint = Nhập mã hồ sơ trên giấy tiếp nhận, kèm mã tra cứu (PIN) hoặc số giấy tờ tùy thân của người nộp.
home-popular-title = Thủ tục được nộp nhiều nhất
home-popular-hint = Trong 90 ngày qua.
home-popular-count = { $shown } hồ sơ
home-fields-title = Thủ tục theo lĩnh vực

## Search (procedures.rs: the search form, shared with home)
search-label = Tên thủ tục hoặc mã thủ tục
search-hint = Có thể gõ không dấu, ví dụ: dang ky khai sinh
search-button = Tìm kiếm
search-title = Thủ tục hành chính
search-title-for = Kết quả tìm “{ $q }”
search-filters = Lọc kết quả
search-field = Lĩnh vực
search-tier = Cấp thực hiện
search-level = Mức độ trực tuyến
search-office = Nơi tiếp nhận
search-apply-filters = Áp dụng bộ lọc
search-filter-invalid = Chọn một giá trị trong danh sách
search-page-invalid = Số trang không hợp lệ
search-count = Tìm thấy { $shown } thủ tục
search-none = Không tìm thấy thủ tục nào.
search-none-accents = Thử gõ ít từ hơn hoặc bỏ dấu.
search-none-fewer = Bỏ bớt bộ lọc.
search-pages = Các trang kết quả
search-previous = Trang trước
search-next = Trang sau
search-page-of = Trang { $page } / { $pages }
search-online-yes = Nộp trực tuyến được
search-online-no = Chỉ nộp trực tiếp

## A procedure's page (procedures.rs)
procedure-code = Mã thủ tục
procedure-field = Lĩnh vực
procedure-time = Thời hạn giải quyết
procedure-fee = Phí, lệ phí
procedure-online = Trực tuyến
procedure-channels = Cách nộp
procedure-online-level = Mức độ trực tuyến
procedure-legacy-level = Theo cách phân loại cũ (Nghị định 43/2011):
procedure-tiers = Cấp thực hiện
procedure-apply = Nộp trực tuyến
procedure-apply-at = Hồ sơ nộp tại { $office }.
procedure-documents = Giấy tờ cần mang
procedure-no-documents = Thủ tục không yêu cầu giấy tờ kèm theo.
procedure-document = Giấy tờ
procedure-originals = Bản chính
procedure-copies = Bản sao
procedure-form = Mẫu đơn, tờ khai:
procedure-form-download = tải mẫu
procedure-where = Nơi nộp hồ sơ
procedure-where-none = Chưa có bộ phận một cửa nào công bố tiếp nhận thủ tục này.
procedure-result = Kết quả
procedure-conditions = Yêu cầu, điều kiện
procedure-subjects = Đối tượng thực hiện
procedure-legal-basis = Căn cứ pháp lý
procedure-agency = Cơ quan thực hiện
procedure-in-force = Áp dụng từ ngày { $date }
procedure-decision = Quyết định công bố

## Public service statistics (statistics.rs)
stats-title = Thống kê kết quả giải quyết thủ tục
stats-lead = Số hồ sơ tiếp nhận, đã giải quyết, tỷ lệ đúng hạn và mức độ hài lòng của từng bộ phận một cửa. Chỉ có số liệu tổng hợp, không có thông tin cá nhân.
stats-office = Bộ phận một cửa
stats-received = Tiếp nhận
stats-resolved = Đã giải quyết
stats-on-time = Tỷ lệ đúng hạn
stats-satisfied = Tỷ lệ hài lòng
stats-total = Tổng cộng
stats-on-time-of = { $good } trên { $all } hồ sơ đã giải quyết trong năm
stats-rated-of = Trên { $rated } lượt đánh giá trong năm
stats-year = Năm { $year }
stats-quarter = Quý { $quarter }
stats-by-office = Theo bộ phận một cửa
stats-none = Chưa có hồ sơ trong kỳ.
stats-766-title = Chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg)
stats-indicator = Chỉ số
stats-value = Tỷ lệ
stats-inputs = Số liệu
stats-note = Số liệu cập nhật theo từng hồ sơ, tính đến hôm nay.

## Tracking form (the tracking pages add their own keys here)
track-code = Mã hồ sơ
track-pin-or-id = Mã tra cứu (PIN) hoặc số giấy tờ tùy thân
track-pin-or-id-hint = PIN in trên giấy tiếp nhận; hoặc số CCCD, hộ chiếu, mã số thuế của người nộp.
track-button = Tra cứu

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

## Tracking form (the tracking pages add their own keys here)
track-code = Mã hồ sơ
track-pin-or-id = Mã tra cứu (PIN) hoặc số giấy tờ tùy thân
track-pin-or-id-hint = PIN in trên giấy tiếp nhận; hoặc số CCCD, hộ chiếu, mã số thuế của người nộp.
track-button = Tra cứu

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
procedure-time-assumed = Đơn vị thời hạn không được ghi rõ: tính theo ngày làm việc.
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

## Tracking pages (track.rs)
track-title = Tra cứu hồ sơ
track-lead = Nhập mã hồ sơ in trên giấy tiếp nhận, kèm mã tra cứu (PIN) hoặc số giấy tờ tùy thân của người nộp.
track-code-hint = Ví dụ: H56.14-251103-0001
track-qr-hint = Quét mã QR trên giấy tiếp nhận để mở thẳng trang hồ sơ, không cần nhập PIN.
track-proof-needed = Để bảo vệ thông tin của người nộp, hãy nhập mã tra cứu (PIN) in trên giấy tiếp nhận hoặc số giấy tờ tùy thân của người nộp.
track-code-missing = Nhập mã hồ sơ
track-pin-missing = Nhập mã tra cứu (PIN) hoặc số giấy tờ tùy thân
track-not-found = Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu này. Kiểm tra lại hai mã trên giấy tiếp nhận.
track-status-title = Hồ sơ { $code }
track-status-now = Tình trạng:
track-next-title = Việc bạn cần làm tiếp theo
track-next-await-reception = Cán bộ một cửa đang kiểm tra hồ sơ nộp trực tuyến của bạn. Bạn chưa cần làm gì; trang này sẽ cập nhật khi hồ sơ được tiếp nhận.
track-next-wait = Hồ sơ đang được giải quyết. Bạn chưa cần làm gì.
track-next-wait-due = Ngày hẹn trả kết quả: { $due } (giờ Việt Nam).
track-next-supplement = Hồ sơ cần bổ sung những giấy tờ sau:
track-next-supplement-upload = Gửi giấy tờ bổ sung trực tuyến
track-next-supplement-desk = Hoặc mang bản giấy đến { $office } trong giờ làm việc. Thời hạn giải quyết tạm dừng cho đến khi nhận đủ.
track-next-pay = Cần nộp phí, lệ phí hoặc thuế: { $amount }
track-next-pay-unknown = Cần nộp phí, lệ phí hoặc thuế trước khi hồ sơ được giải quyết tiếp.
track-next-pay-where = Nộp tại { $office } hoặc theo hướng dẫn của cơ quan giải quyết.
track-next-collect = Đã có kết quả. Mời bạn đến nhận.
track-next-denied = Hồ sơ không được giải quyết. Mời bạn đến nhận văn bản trả lời.
track-next-denied-reason = Lý do:
track-next-collect-where = Nơi nhận: { $office }, giờ làm việc { $hours }, từ thứ Hai đến thứ Sáu (trừ ngày nghỉ lễ).
track-next-collect-bring = Mang theo giấy tiếp nhận hồ sơ và giấy tờ tùy thân.
track-next-returned = Đã trả kết quả.
track-next-refused = Hồ sơ không được tiếp nhận vì:
track-next-closed = Hồ sơ đã kết thúc; không còn việc gì cần làm.
track-rate-link = Đánh giá mức độ hài lòng
track-rated-already = Cảm ơn bạn đã đánh giá.
track-apology-title = Thư xin lỗi và hẹn lại ngày trả kết quả
track-apology-body = { $office } xin lỗi vì hồ sơ của bạn không được trả đúng hẹn.
track-apology-reason = Lý do:
track-apology-new-date = Ngày hẹn trả mới:
track-details-title = Thông tin hồ sơ
track-procedure = Thủ tục
track-office = Nơi tiếp nhận và trả kết quả
track-applicant = Người nộp
track-submitted = Ngày nộp
track-received = Ngày tiếp nhận
track-due = Ngày hẹn trả
track-vn-time = (giờ Việt Nam)
track-timeline-title = Quá trình xử lý
track-another = Tra cứu hồ sơ khác
track-action-submit = Nộp hồ sơ
track-action-receive = Tiếp nhận hồ sơ
track-action-refuse = Từ chối tiếp nhận
track-action-request_supplement = Yêu cầu bổ sung hồ sơ
track-action-supplement = Nhận hồ sơ bổ sung
track-action-hand_over = Chuyển cơ quan giải quyết
track-action-transfer = Chuyển cơ quan phối hợp
track-action-await_payment = Chờ thực hiện nghĩa vụ tài chính
track-action-paid = Đã thực hiện nghĩa vụ tài chính
track-action-resolve = Đã giải quyết xong
track-action-return = Trả kết quả
track-action-withdraw = Rút hồ sơ
track-action-stop = Dừng xử lý
track-action-apologize = Xin lỗi và hẹn lại ngày trả
rate-title = Đánh giá mức độ hài lòng
rate-crumb = Đánh giá
rate-lead = Ý kiến của bạn về việc { $office } giải quyết hồ sơ của bạn ({ $procedure }). Mỗi hồ sơ được đánh giá một lần.
rate-overall = Mức độ hài lòng chung
rate-overall-5 = Rất hài lòng
rate-overall-4 = Hài lòng
rate-overall-3 = Bình thường
rate-overall-2 = Không hài lòng
rate-overall-1 = Rất không hài lòng
rate-attitude = Thái độ của cán bộ
rate-timeliness = Thời gian giải quyết
rate-optional = Không bắt buộc.
rate-scale-5 = Rất tốt
rate-scale-4 = Tốt
rate-scale-3 = Bình thường
rate-scale-2 = Chưa tốt
rate-scale-1 = Rất kém
rate-contacts = Số lần bạn phải đến hoặc liên hệ
rate-contacts-hint = Không bắt buộc. Ví dụ: 1
rate-contacts-invalid = Nhập số lần bằng chữ số, ví dụ 1
rate-comment = Góp ý
rate-comment-hint = Không bắt buộc. Không ghi thông tin cá nhân.
rate-button = Gửi đánh giá
rate-overall-missing = Chọn mức độ hài lòng chung
rate-thanks-title = Cảm ơn bạn đã đánh giá
rate-thanks-body = Đánh giá của bạn đã được ghi nhận và được dùng để cải thiện dịch vụ.
rate-already = Hồ sơ này đã được đánh giá. Mỗi hồ sơ chỉ được đánh giá một lần.
rate-not-yet = Bạn có thể đánh giá sau khi đã nhận kết quả.
rate-back = Về trang hồ sơ

## Supplement by upload (supplement.rs)
supplement-title = Gửi giấy tờ bổ sung
supplement-crumb = Bổ sung hồ sơ
supplement-lead = { $office } cần những giấy tờ dưới đây để tiếp tục giải quyết hồ sơ. Chọn một tệp cho mỗi giấy tờ rồi bấm Gửi.
supplement-requested-at = Yêu cầu bổ sung lúc { $at } (giờ Việt Nam).
supplement-file-hint = Tệp PDF, JPEG, PNG hoặc HEIC (ảnh chụp bằng điện thoại), tối đa { $mb } MB.
supplement-file-chosen = Bạn đã chọn { $name }. Hãy chọn lại tệp này: chưa có tệp nào được gửi.
supplement-choose-again = Chưa có tệp nào được gửi. Sửa các lỗi dưới đây và chọn lại các tệp trước khi gửi.
supplement-button = Gửi giấy tờ bổ sung
supplement-sent-title = Đã gửi
supplement-thanks-title = Đã nhận giấy tờ bổ sung
supplement-thanks-body = Cảm ơn bạn. { $office } sẽ kiểm tra các tệp đã gửi; khi đủ, hồ sơ được giải quyết tiếp và trang hồ sơ sẽ cập nhật.
supplement-not-awaited = Hồ sơ này hiện không chờ bổ sung giấy tờ.
supplement-send-more = Gửi thêm tệp
supplement-back = Về trang hồ sơ

## A procedure's page: where to apply, folded (procedures.rs)
procedure-where-count = { $count ->
    [1] Nộp hồ sơ tại cơ quan dưới đây.
   *[other] Nộp hồ sơ tại một trong { $count } cơ quan dưới đây.
}
procedure-where-hours = Giờ làm việc: { $hours }.
procedure-where-all = Xem tất cả { $count } cơ quan tiếp nhận

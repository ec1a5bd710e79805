# English: the site's words. One section per page group, in the order of src/web/mod.rs.
# Keep the same keys, in the same sections, in vi.ftl (a unit test checks it).

## Frame: masthead, navigation, footer (layout.rs)
skip-to-content = Skip to main content
lang-switch = Tiếng Việt
nav-label = Main menu
nav-home = Home
nav-procedures = Procedures
nav-track = Track an application
nav-statistics = Statistics
breadcrumbs-label = You are here
footer-address = Address
footer-phone = Telephone
footer-email = Email
footer-hours = Opening hours
footer-api = Open data (API)

## Form toolkit (forms.rs)
form-error-summary = There is a problem
form-file-kept = File received:
form-continue = Continue
table-scroll = Table (swipe sideways to see it all)
form-any = Any

## Error pages (errors.rs)
error-go-home = Go to the home page
error-404-title = Page not found
error-404-body = There is no page at this address. If you typed the address, check it is correct.
error-404-typed = You can search for the procedure you need:
error-429-title = You have tried too many times
error-429-body = To protect people's applications, the site has paused requests from your device.
error-429-wait = Try again in { $minutes ->
    [one] 1 minute
   *[other] { $minutes } minutes
}.
error-500-title = Sorry, there is a problem with the service
error-500-body = Your request was not carried out. Try again in a few minutes.
error-503-body = The service cannot reach its data right now. Try again in a few minutes.
error-500-request-id = If you call the help desk, give them the request number:
error-403-title = You cannot see this page
error-403-body = This page is only for people who have access.
error-csrf-title = This form has expired
error-csrf-body = For your safety this form can no longer be used. Open the page again, fill it in and send it again.

## Values in words (format.rs)
fee-free = Free
fee-unknown = Not stated
time-unit-working_days = { $count ->
    [one] { $amount } working day
   *[other] { $amount } working days
}
time-unit-calendar_days = { $count ->
    [one] { $amount } day
   *[other] { $amount } days
}
time-unit-working_hours = { $count ->
    [one] { $amount } working hour
   *[other] { $amount } working hours
}
time-unit-months = { $count ->
    [one] { $amount } month
   *[other] { $amount } months
}
tier-ministry = Ministry
tier-province = Province
tier-district = District
tier-commune = Commune
tier-other = Other agency
channel-in_person = In person
channel-postal = By post
channel-online = Online
online-level-full = Fully online public service
online-level-partial = Partly online public service
online-level-none = Not offered online
online-level-unknown = Not stated
legacy-level = Level { $level }

## Home (home.rs)
home-title = Public services
home-lead = Find the procedure you need, see which documents to bring, apply online and track the result.
home-find-title = Find a procedure
home-track-title = Track an application
home-track-hint = Enter the application code on your receipt, with the tracking PIN or the applicant's ID number.
home-popular-title = Most requested procedures
home-popular-hint = In the last 90 days.
home-popular-count = { $count ->
    [one] 1 application
   *[other] { $shown } applications
}
home-fields-title = Procedures by field

## Search (procedures.rs: the search form, shared with home)
search-label = Procedure name or code
search-hint = Accents are optional, for example: dang ky khai sinh
search-button = Search
search-title = Procedures
search-title-for = Results for “{ $q }”
search-filters = Filter results
search-field = Field
search-tier = Level of government
search-level = Online service
search-office = Where to apply
search-apply-filters = Apply filters
search-filter-invalid = Choose a value from the list
search-page-invalid = This page number is not valid
search-count = { $count ->
    [one] 1 procedure found
   *[other] { $shown } procedures found
}
search-none = No procedure matches.
search-none-accents = Try fewer words, or leave out the accents.
search-none-fewer = Remove some filters.
search-pages = Result pages
search-previous = Previous
search-next = Next
search-page-of = Page { $page } of { $pages }
search-online-yes = Can apply online
search-online-no = In person only

## A procedure's page (procedures.rs)
procedure-code = Procedure code
procedure-field = Field
procedure-time = Processing time
procedure-time-assumed = The unit of time is not stated: counted in working days.
procedure-fee = Fees
procedure-online = Online
procedure-channels = How to apply
procedure-online-level = Online service level
procedure-legacy-level = In the earlier classification (Decree 43/2011):
procedure-tiers = Level of government
procedure-apply = Apply online
procedure-apply-at = Applications go to { $office }.
procedure-documents = Documents to bring
procedure-no-documents = No documents are needed.
procedure-document = Document
procedure-originals = Originals
procedure-copies = Copies
procedure-form = Form:
procedure-form-download = download the form
procedure-where = Where to apply
procedure-where-none = No one-stop desk has announced that it receives this procedure yet.
procedure-result = What you get
procedure-conditions = Conditions
procedure-subjects = Who can apply
procedure-legal-basis = Legal basis
procedure-agency = Agency that decides
procedure-in-force = In force since { $date }
procedure-decision = Announced by decision

## Public service statistics (statistics.rs)
stats-title = Public service results
stats-lead = Applications received and resolved, the share resolved on time and satisfaction, for each one-stop desk. Totals only, no personal data.
stats-office = One-stop desk
stats-received = Received
stats-resolved = Resolved
stats-on-time = Resolved on time
stats-satisfied = Satisfied
stats-total = Total
stats-on-time-of = { $good } of { $all } applications resolved this year
stats-rated-of = Out of { $rated } ratings this year
stats-year = Year { $year }
stats-quarter = Quarter { $quarter }
stats-by-office = By one-stop desk
stats-none = No applications in this period yet.
stats-766-title = Service index for citizens and businesses (Decision 766/QĐ-TTg)
stats-indicator = Indicator
stats-value = Share
stats-inputs = Figures
stats-note = Figures are updated with every application, up to today.

## Tracking form (the tracking pages add their own keys here)
track-code = Application code
track-pin-or-id = Tracking PIN or ID number
track-pin-or-id-hint = The PIN printed on your receipt; or the applicant's citizen ID, passport or tax code.
track-button = Track

## Tracking pages (track.rs)
track-title = Track an application
track-lead = Enter the application code printed on your receipt, with the tracking PIN or the applicant's ID number.
track-code-hint = For example: H56.14-251103-0001
track-qr-hint = Scan the QR code on your receipt to open the application's page directly, without the PIN.
track-proof-needed = To protect the applicant's information, enter the tracking PIN printed on the receipt or the applicant's ID number.
track-code-missing = Enter the application code
track-pin-missing = Enter the tracking PIN or an ID number
track-not-found = No application matches this code and PIN. Check both on your receipt.
track-status-title = Application { $code }
track-status-now = Status:
track-next-title = What you need to do next
track-next-await-reception = The one-stop desk is checking your online application. You do not need to do anything yet; this page changes once it is received.
track-next-wait = Your application is being processed. You do not need to do anything.
track-next-wait-due = Result due: { $due } (Vietnam time).
track-next-supplement = The application needs these documents:
track-next-supplement-upload = Send the documents online
track-next-supplement-desk = Or bring the papers to { $office } during office hours. The time limit is paused until everything has arrived.
track-next-pay = Fees or taxes to pay: { $amount }
track-next-pay-unknown = Fees or taxes must be paid before processing continues.
track-next-pay-where = Pay at { $office } or as the processing agency tells you.
track-next-collect = The result is ready. Please come and collect it.
track-next-denied = The application was not granted. Please come and collect the written answer.
track-next-denied-reason = Reason:
track-next-collect-where = Where: { $office }, open { $hours }, Monday to Friday (except public holidays).
track-next-collect-bring = Bring your receipt and an ID document.
track-next-returned = The result has been returned.
track-next-refused = The application was not accepted because:
track-next-closed = The application is closed; there is nothing more to do.
track-rate-link = Rate the service
track-rated-already = Thank you for your rating.
track-apology-title = Apology and a new date for the result
track-apology-body = { $office } apologises that your result was not ready on the date given.
track-apology-reason = Reason:
track-apology-new-date = New date for the result:
track-details-title = About the application
track-procedure = Procedure
track-office = Where it was received and the result is collected
track-applicant = Applicant
track-submitted = Submitted
track-received = Received
track-due = Result due
track-vn-time = (Vietnam time)
track-timeline-title = What has happened
track-another = Track another application
track-action-submit = Submitted
track-action-receive = Received
track-action-refuse = Not accepted
track-action-request_supplement = Documents requested
track-action-supplement = Documents received
track-action-hand_over = Passed to the processing agency
track-action-transfer = Passed to another agency
track-action-await_payment = Waiting for payment
track-action-paid = Paid
track-action-resolve = Decided
track-action-return = Result returned
track-action-withdraw = Withdrawn
track-action-stop = Stopped
track-action-apologize = Apology with a new date
rate-title = Rate the service
rate-crumb = Rate
rate-lead = Your opinion of how { $office } handled your application ({ $procedure }). Each application can be rated once.
rate-overall = Overall satisfaction
rate-overall-5 = Very satisfied
rate-overall-4 = Satisfied
rate-overall-3 = Neither satisfied nor dissatisfied
rate-overall-2 = Dissatisfied
rate-overall-1 = Very dissatisfied
rate-attitude = The staff's attitude
rate-timeliness = The time it took
rate-optional = Optional.
rate-scale-5 = Very good
rate-scale-4 = Good
rate-scale-3 = Fair
rate-scale-2 = Poor
rate-scale-1 = Very poor
rate-contacts = How many times you had to come or get in touch
rate-contacts-hint = Optional. For example: 1
rate-contacts-invalid = Enter the number of times in digits, for example 1
rate-comment = Comments
rate-comment-hint = Optional. Please leave out personal details.
rate-button = Send rating
rate-overall-missing = Choose your overall satisfaction
rate-thanks-title = Thank you for your rating
rate-thanks-body = Your rating has been recorded and helps improve the service.
rate-already = This application has been rated already. Each application can be rated once.
rate-not-yet = You can rate the service once you have received the result.
rate-back = Back to the application

## Applying online (apply.rs)
apply-title = Apply online
apply-error-prefix = Error
apply-start-title = Apply online
apply-start-lead = Send your application and its documents from here. It takes about 10 minutes; your answers are kept for a day on this device.
apply-not-online = No office takes this procedure online at the moment. You can hand in your application at an office.
apply-back-to-procedure = Back to the procedure
apply-you-need = What you will need
apply-need-id = the number of your citizen ID card, passport or, for an organisation, its tax code
apply-need-contact = a phone number or an email address, so the office can reach you
apply-need-files = a scan or a photo of each of these documents:
apply-optional = (optional)
apply-files-rule = Files in PDF, JPEG, PNG or HEIC, at most { $file } MB each and { $total } MB in all.
apply-office = Where should the application go?
apply-details-title = Your details
apply-details-lead = The person the application is for, as on the identity document.
apply-name = Full name
apply-id-kind = Identity document
apply-id-citizen = Citizen ID card
apply-id-passport = Passport
apply-id-tax = Tax code (organisation)
apply-id-number = Document number
apply-id-number-hint = A citizen ID has 12 digits.
apply-phone = Phone number
apply-phone-hint = For example 0912 345 678. A phone number or an email is needed.
apply-email = Email address
apply-email-hint = Optional if you give a phone number.
apply-address = Address
apply-documents-title = Your documents
apply-documents-lead = Choose a file for each document. A new file replaces the one received before.
apply-no-documents = This procedure asks for no documents to be sent.
apply-remove-file = Remove the file for { $document }
apply-change = Change
apply-not-given = Not given
apply-check-title = Check your answers before sending your application
apply-check-where = Where it goes
apply-check-applicant = Your details
apply-check-documents = Your documents
apply-check-send = Now send your application
apply-check-declaration = By sending this application you confirm that, to the best of your knowledge, the details you are providing are correct.
apply-submit = Accept and send
apply-done-title = Application sent
apply-done-code = Your application code
apply-done-pin = Your tracking PIN
apply-done-pin-once = Write down or print this PIN now: it is shown only once. With the code, it lets you follow your application.
apply-done-qr = Scan this QR code to open your application's status page.
apply-done-print = Print this page
apply-done-pin-gone = The PIN was shown when the application was sent. If you did not keep it, track the application with the code and your identity document number.
apply-done-next = What happens next
apply-done-next-body = The office checks your application and its documents. You can follow its status at any time.
apply-done-track = Track application { $code }
apply-no-file = No file sent
## Supplement by upload (supplement.rs)
supplement-title = Send the missing documents
supplement-crumb = Supplement
supplement-lead = { $office } needs the documents below to carry on with the application. Choose one file for each document, then press Send.
supplement-requested-at = Asked for at { $at } (Vietnam time).
supplement-file-hint = A PDF, JPEG, PNG or HEIC file (a phone's photo), at most { $mb } MB.
supplement-file-chosen = You chose { $name }. Choose this file again: nothing has been sent yet.
supplement-choose-again = Nothing has been sent yet. Fix the errors below and choose the files again before sending.
supplement-button = Send the documents
supplement-sent-title = Sent
supplement-thanks-title = Documents received
supplement-thanks-body = Thank you. { $office } will check the files you sent; once everything is there, the application carries on and its page will show it.
supplement-not-awaited = This application is not waiting for any documents now.
supplement-send-more = Send more files
supplement-back = Back to the application

## A procedure's page: where to apply, folded (procedures.rs)
procedure-where-count = { $count ->
    [one] Apply at the office below.
   *[other] Apply at any one of the { $count } offices below.
}
procedure-where-hours = Office hours: { $hours }.
procedure-where-all = Show all { $count } offices that receive it

## Staff frame and sign-in (staff/mod.rs, staff/session.rs)
staff-nav-label = Staff pages
staff-nav-desk = Today at the desk
staff-nav-intake = Receive an application
staff-nav-work = Applications to process
staff-nav-dashboard = Overview
staff-nav-results = Results report
staff-nav-progress = Reform progress
staff-nav-users = Accounts
staff-nav-offices = One-stop offices
staff-nav-calendar = Working calendar
staff-nav-import = Catalog import
staff-nav-units = Administrative units
staff-nav-password = Change password
staff-role-admin = Administrator
staff-role-clerk = Reception clerk
staff-role-specialist = Specialist
staff-role-official = Official
staff-sign-out = Sign out
staff-sign-in-title = Staff sign-in
staff-sign-in-lead = For the staff of the one-stop offices and of the agencies that handle administrative procedures.
staff-sign-in-help = Forgotten your password? Ask your unit's system administrator for a new one.
staff-username = Username
staff-password = Password
staff-sign-in-button = Sign in
staff-username-missing = Enter your username
staff-password-missing = Enter your password
staff-sign-in-wrong = The username or password is not right
staff-signed-out = You have signed out.
staff-session-ended = Your session has ended. Please sign in again.
staff-password-title = Change password
staff-password-required = This account has a one-time password: change it before you start work.
staff-password-lead = Once it is changed, every other session of this account ends.
staff-password-current = Current password
staff-password-new = New password
staff-password-new-hint = At least 10 characters
staff-password-confirm = New password again
staff-password-button = Change password
staff-password-current-missing = Enter your current password
staff-password-mismatch = The two new passwords are not the same
staff-password-wrong = The current password is not right
staff-password-length = The new password must have 10 to 256 characters
staff-password-unchanged = The new password must differ from the current one
staff-sign-out-everywhere-title = Sign out everywhere
staff-sign-out-everywhere-lead = End every session of this account, on every computer and phone.
staff-sign-out-everywhere = Sign out everywhere
done-password = Your password has been changed.

## Reception desk (staff/desk)
desk-title = Today at the desk
desk-open-label = Open an application by its code
desk-open-hint = Type the application's code or scan the barcode or QR code on its slip, then press Enter
desk-open-button = Open
desk-error-prefix = Error:
desk-intake-link = Receive an application at the desk
desk-waiting-title = Online applications waiting to be received
desk-supplements-title = Supplements sent back
desk-results-title = Results ready to return
desk-due-today-title = Due today
desk-see-all = See all { $count } applications
desk-count = { $count ->
    [one] One application
   *[other] { $count } applications
}
desk-empty = None.
desk-col-code = Code
desk-col-procedure = Procedure
desk-col-applicant = Applicant
desk-col-filed = Filed
desk-col-due = Due
desk-col-status = Status
desk-pages = Pages
desk-previous = Previous page
desk-next = Next page
desk-page-of = Page { $page } of { $pages }
intake-title = Receive an application at the desk
intake-procedure-label = Procedure
intake-procedure-hint = The procedure's code (1.001193) or words of its name, with or without accents
intake-find = Find
intake-none-found = This office receives no procedure matching these words today
intake-found = { $count ->
    [one] One procedure matches
   *[other] { $count } procedures match
}
intake-more = Only the first { $count } are shown: type more words.
intake-change-procedure = Choose another procedure
intake-applicant = The applicant
intake-channel = How the application came
intake-checklist = Documents handed in
intake-checklist-hint = Tick each document handed in, with the originals and copies, and attach its scans or photos (PDF or images).
intake-no-documents = The procedure asks for no documents.
intake-pieces-asked = Asked for: { $originals } originals, { $copies } copies
intake-originals = Originals
intake-copies = Copies
intake-scans = Scans or photos
intake-note = Note
intake-submit = Receive and print the slip
intake-files-again = These files were not stored; choose them again: { $files }
slip-print = Print the slip
slip-back = Open the application
slip-next-intake = Receive another application
## Staff application pages and the worklist (staff/work/)
work-list-title = Worklist
work-list-lead = The applications your office handles, the nearest due date first. Those without a due date (waiting for a supplement or a payment, or without a time limit) come last.
work-filters = Filter
work-filter-status = Status
work-filter-status-open = All open (received, processing, supplement, payment)
work-filter-procedure = Procedure code
work-filter-procedure-hint = For example 1.001193
work-filter-field = Field
work-filter-field-any = All fields
work-filter-apply = Apply filters
work-filter-clear = Clear filters
work-count = { $count ->
    [one] 1 application
   *[other] { $shown } applications
}
work-count-more = More than { $shown } applications: the first { $shown } by due date are listed. Use the filters to narrow the list.
work-none = No application matches these filters.
work-col-due = Due
work-col-code = Code
work-col-procedure = Procedure
work-col-applicant = Applicant
work-col-status = Status
work-no-due = No due date
work-apologized = New date given
work-overdue = Overdue
work-due-soon = Due within 1 working day
work-pages = Pages
work-previous = Previous
work-next = Next
work-page-of = Page { $page } of { $pages }
work-vn-time = (Vietnam time)
work-app-caption = Application
work-app-actions = What you can do now
work-app-no-actions = Nothing is for you to do on this application in its present status.
work-app-facts = The application
work-app-procedure = Procedure
work-app-version = version
work-app-field = Field
work-app-channel = Channel
work-app-receiving = Received at
work-app-handling = Handled by
work-app-submitted = Filed
work-app-received = Received
work-app-due = Due
work-app-due-paused = The clock is paused (waiting for the applicant or a payment)
work-app-promised = New date given with the apology
work-app-resolved = Resolved
work-app-outcome = Decision
work-app-delivery = Result returned
work-app-finished = Ended
work-app-applicant = Applicant
work-app-name = Name
work-app-phone = Phone
work-app-email = Email
work-app-address = Address
work-app-proxy = Filed by (proxy)
work-app-documents = Documents handed in
work-app-documents-none = No documents were declared.
work-app-document = Document
work-app-originals = Originals
work-app-copies = Copies
work-app-files = Uploaded files
work-app-files-none = No file has been uploaded.
work-file-what = File
work-file-purpose = Why
work-file-uploaded = Uploaded
work-file-open = Open
work-file-view = View
work-file-download = Download
work-purpose-submission = With the online application
work-purpose-supplement = With a supplement
work-purpose-desk-scan = Scanned at the desk
work-purpose-result = The result
work-by-citizen = by the applicant
work-by-clerk = by a clerk
work-by-specialist = by a specialist
work-app-slips = Slips to print
work-slip-01 = 01 Receipt and appointment
work-slip-02 = 02 Supplement request
work-slip-03 = 03 Refusal
work-slip-04 = 04 Apology and new date
work-slip-05 = 05 Processing control
work-app-history = History
work-event-reasons = Reasons:
work-event-items = Missing items:
work-event-to = To:
work-event-amount = Amount:
work-event-reason = Reason:
work-event-new-date = New return date:
work-event-note = Note:
work-action-submit = Filed
work-action-receive = Receive
work-action-refuse = Refuse
work-action-request-supplement = Request a supplement
work-action-supplement = Supplement received
work-action-hand-over = Hand over for processing
work-action-transfer = Transfer to another agency
work-action-await-payment = Await payment
work-action-paid = Paid
work-action-resolve = Record the result
work-action-return = Return the result
work-action-withdraw = Withdraw
work-action-stop = Stop processing
work-action-apologize = Apologise with a new date
work-form-lead-receive = Receive the online application: its deadline starts now.
work-form-lead-refuse = Refuse the application. The applicant gets slip 03 with every reason.
work-form-lead-request-supplement = List everything missing or incomplete, once: the applicant gets slip 02 with this list, and the clock stops until the supplement arrives.
work-form-lead-supplement = Record that the supplement has arrived: the clock runs again.
work-form-lead-hand-over = Send the application to the agency that processes it.
work-form-lead-transfer = Pass the application on to another agency (inter-agency processing).
work-form-lead-await-payment = The applicant must pay fees or taxes before processing goes on; the clock stops meanwhile.
work-form-lead-paid = Record that the payment was made: processing goes on.
work-form-lead-resolve = Record the decision. For electronic return, attach the result.
work-form-lead-return = Hand the result to the applicant. Attach the scan of the result so that it is digitised.
work-form-lead-withdraw = The applicant withdraws the application. This ends it.
work-form-lead-stop = Stop processing. This ends the application.
work-form-lead-apologize = The application will be late: give the applicant the apology (slip 04) with the reason and a new return date.
work-note = Note
work-note-optional = Optional
work-note-stop = Why processing stops
work-note-apology = The reason for the delay
work-cancel = Cancel
work-reasons = Reasons for the refusal
work-lines-hint = One per line.
work-items = Documents missing or incomplete
work-items-hint = Tick each one that must be supplied.
work-items-other = Other missing items
work-to-office = The agency
work-to-office-choose = Choose an agency
work-amount = Amount (VND)
work-amount-hint = Digits only, for example 50000. Leave empty when it is not known yet.
work-amount-invalid = Enter the amount in digits, for example 50000
work-outcome = The decision
work-outcome-approved = Approved
work-outcome-denied = Denied
work-reason = Reason for the denial
work-reason-hint = Required when the application is denied.
work-result-file = The result (optional)
work-result-file-hint = For electronic return: a PDF, JPEG, PNG or HEIC file.
work-result-scan = Scan of the result (optional)
work-result-scan-hint = A PDF, JPEG, PNG or HEIC file from the desk scanner or a phone.
work-delivery = How the result goes back
work-delivery-in-person = At the desk
work-delivery-postal = By post
work-delivery-electronic = Electronically
work-apology-once = The new return date can be given only once for an application, at least one working day before the due date.
work-apology-given = The apology with a new date was already given:
work-apology-due = Due now:
work-new-date = New return date
work-new-date-hint = The day in Vietnam time.
work-new-date-missing = Enter the new return date
work-new-date-invalid = Enter the new return date as a real date
work-new-time = Time
work-new-time-hint = For example 16:30. Leave empty for 16:30.
work-new-time-invalid = Enter the time as hours and minutes, for example 16:30
work-version-missing = This form is incomplete: open it again from the application's page
work-stale = Someone changed this application after you opened the form. It is shown below as it is now, with what you typed: check it and send again.
work-stale-gone = Someone changed this application after you opened the form, and this action is no longer possible in its present status. What you typed is kept below.
work-not-now = { $action } is not possible for you while the application is { $status }.
work-back-to-application = Back to the application
work-error-to_office-required = Choose the agency
work-error-outcome-required = Choose the decision
work-error-reason-invalid = Enter the reason for the denial
work-error-delivery-required = Choose how the result goes back
work-error-note-invalid = Enter the reason
done-receive = The application has been received.
done-refuse = The application has been refused.
done-request-supplement = The supplement request has been recorded.
done-supplement = The supplement has been recorded.
done-hand-over = The application has been handed over.
done-transfer = The application has been transferred.
done-await-payment = The application now awaits payment.
done-paid = The payment has been recorded.
done-resolve = The result has been recorded.
done-return = The result has been returned.
done-withdraw = The application has been withdrawn.
done-stop = Processing has been stopped.
done-apologize = The apology and the new date have been recorded.

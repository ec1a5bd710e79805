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

## The administrator's pages (staff/admin/)
admin-choose = Choose…
admin-search = Search
admin-filter = Filter
admin-filter-invalid = Choose one of the values listed
admin-paging = Pages
admin-next-page = Next page
admin-previous-page = Previous page
admin-page-of = Page { $page } of { $pages }
admin-date-hint = For example 2027-02-05 or 05/02/2027
admin-date-invalid = Enter a real date, for example 2027-02-05
admin-changed-meanwhile = Someone changed this account since you opened the page. Nothing was done: check it and try again.
admin-users-title = Accounts
admin-users-new = Create an account
admin-users-new-title = Create an account
admin-users-new-lead = The account gets a one-time password, shown once on the next page; its holder must change it at the first sign-in.
admin-users-username = Username
admin-users-username-hint = 3 to 64 characters: a-z, 0-9, dot, underscore or hyphen, starting with a letter or digit
admin-users-username-invalid = Enter a username of 3 to 64 characters: a-z, 0-9, dot, underscore or hyphen
admin-users-name = Full name
admin-users-name-missing = Enter the full name (at most 200 characters)
admin-users-role = Role
admin-users-role-missing = Choose a role
admin-users-role-hint-admin = Sets up accounts, offices, the calendar, the catalog and the units
admin-users-role-hint-clerk = Receives and returns applications at one office's desk: needs the office
admin-users-role-hint-specialist = Processes one office's applications: needs the office
admin-users-role-hint-official = Sees the reports of a unit and everything under it: needs the unit
admin-users-office = Office
admin-users-office-filter-hint = Agency code, for example H56.14
admin-users-office-code = Office (clerks and specialists)
admin-users-office-code-hint = The office's agency code, for example H56.14; leave it blank for the other roles
admin-users-unit-code = Administrative unit (officials)
admin-users-unit-code-hint = The unit's GSO code, for example 00004; leave it blank for the other roles
admin-users-create = Create the account
admin-users-state = State
admin-users-active = Active
admin-users-inactive = Disabled
admin-users-must-change = Must change password
admin-users-binding = Office or unit
admin-users-count = { $count ->
    [one] 1 account
   *[other] { $count } accounts
}
admin-users-account = Account
admin-users-created-at = Created
admin-users-created = Account created
admin-users-reset-done = Password reset
admin-password-heading = One-time password
admin-password-once = Hand it to the account's holder now: it is shown only this once and cannot be seen again.
admin-password-change = The holder must change it at the first sign-in. If it is lost, reset the password again.
admin-users-back-account = Back to the account
admin-users-back-list = All accounts
admin-users-disable-title = Disable the account
admin-users-disable-lead = The account can no longer sign in and every session of it ends at once.
admin-users-disable = Disable the account
admin-users-enable-title = Enable the account
admin-users-enable-lead = The account can sign in again with its password.
admin-users-enable = Enable the account
admin-users-reset-title = Reset the password
admin-users-reset-lead = A new one-time password is made and shown once; the old one stops working and every session of the account ends.
admin-users-reset = Reset the password
done-user-disabled = The account is disabled and its sessions have ended.
done-user-enabled = The account is enabled.
admin-offices-title = One-stop offices
admin-offices-new = Add an office
admin-offices-new-title = Add an office
admin-offices-search = Search offices by name
admin-offices-count = { $count ->
    [one] 1 office
   *[other] { $count } offices
}
admin-offices-code = Agency code
admin-offices-code-hint = As the national formats write it, for example H56.14 or 000.00.15.H12
admin-offices-code-invalid = Enter an agency code of 2 to 40 letters, digits, dots or hyphens
admin-offices-name = Name
admin-offices-name-missing = Enter the office's name (at most 300 characters)
admin-offices-kind = Kind
admin-offices-kind-missing = Choose the kind of office
admin-offices-unit = Administrative unit
admin-offices-unit-code = Administrative unit code
admin-offices-unit-code-hint = The GSO code of the unit valid on the opening date, for example 00004
admin-offices-unit-missing = Enter the unit's code
admin-offices-opened = Opening date
admin-offices-closed = Closing date
admin-offices-closed-before = The closing date cannot be before the opening date
admin-offices-create = Add the office
admin-offices-details = The office's details
admin-offices-save = Save the details
admin-offices-procedures = Procedures received
admin-offices-procedures-count = { $count ->
    [0] This office receives no procedure yet.
    [one] This office receives 1 procedure.
   *[other] This office receives { $count } procedures.
}
admin-offices-from = since
admin-offices-online = Online
admin-offices-set-level = Change
admin-offices-remove = Stop receiving
admin-offices-ended = { $count ->
    [one] 1 procedure no longer received
   *[other] { $count } procedures no longer received
}
admin-offices-add = Add a procedure
admin-offices-catalog-search = Search the catalog
admin-offices-catalog-hint = A procedure code, or words of its name with or without accents (dang ky khai sinh)
admin-offices-no-hits = No procedure of the catalog matches.
admin-offices-add-button = Receive it
admin-offices-procedure-code = Or by procedure code
admin-offices-procedure-code-hint = For example 1.001193
admin-offices-procedure-missing = Enter a procedure code
admin-offices-level-missing = Choose the online level
admin-office-kind-district_center = District public-administration centre
admin-office-kind-commune_reception = Commune reception-and-return unit
admin-office-kind-province_service_center = Provincial public-service centre
admin-office-kind-commune_service_center = Commune public-service centre
admin-office-kind-processing_agency = Processing agency
done-office-created = The office has been added.
done-office-saved = The office's details have been saved.
done-office-procedure-set = The office now receives the procedure at that online level.
done-office-procedure-removed = The office no longer receives the procedure from today.
admin-calendar-title = Working calendar { $year }
admin-calendar-years = Years
admin-calendar-lead = Weekdays off and weekend days worked. Every change moves the due dates of open applications at once.
admin-calendar-hours = Office hours: { $hours }; applications received from { $cutoff } count from the next working morning.
admin-calendar-provisional = This year has not been announced officially yet: its days are provisional.
admin-calendar-none = No day off or day worked is set for this year.
admin-calendar-days = Days off and days worked
admin-calendar-date = Date
admin-calendar-kind = Kind of day
admin-calendar-kind-missing = Choose whether the day is off or worked
admin-calendar-name = Name
admin-calendar-name-hint = For example Tết Nguyên Đán, or Làm bù cho thứ Sáu 02/01
admin-calendar-name-missing = Name the day
admin-calendar-holiday = Day off
admin-calendar-holiday-hint = A weekday the offices are closed (a holiday, or the day swapped away)
admin-calendar-working-day = Day worked
admin-calendar-working-day-hint = A Saturday or Sunday the offices are open (a swapped Saturday)
admin-calendar-no-effect = Named only (a weekend day)
admin-calendar-remove = Back to normal
admin-calendar-add = Set a day
admin-calendar-add-lead = A day set again replaces what it was.
admin-calendar-add-button = Set the day
admin-calendar-moved = { $count ->
    [0] No open application had its due date moved.
    [one] 1 open application had its due date moved.
   *[other] { $count } open applications had their due date moved.
}
admin-weekday-0 = Mon
admin-weekday-1 = Tue
admin-weekday-2 = Wed
admin-weekday-3 = Thu
admin-weekday-4 = Fri
admin-weekday-5 = Sat
admin-weekday-6 = Sun
done-calendar-set = The day has been set.
done-calendar-removed = The day is back to normal.
admin-import-title = Import the procedure catalog
admin-import-lead = The national portal's export: its CSV, a JSON array with the same keys, or the detail file as JSON Lines. A new code adds the procedure, a changed row a version, an identical row changes nothing.
admin-import-file = The file
admin-import-file-hint = .csv, .json or .jsonl, UTF-8, at most 64 MB
admin-import-file-missing = Choose the file to import
admin-import-too-large = The file is too large
admin-import-unreadable = The file cannot be read: { $detail }
admin-import-effective = In force from
admin-import-effective-hint = New versions take effect on this date; today when left blank
admin-import-options = Options
admin-import-atomic = All or nothing
admin-import-atomic-hint = Write nothing when any row is refused
admin-import-button = Import
admin-import-done = { $file } has been imported.
admin-import-report-title = Import report
admin-import-rejected-title = Nothing was imported
admin-import-rejected = { $file } has refused rows, and all or nothing was asked: nothing was written.
admin-import-rows = Rows read
admin-import-created = Created
admin-import-new-version = New version
admin-import-unchanged = Unchanged
admin-import-refused = Refused
admin-import-documents = Documents tables: { $clean } of { $tables } read cleanly, { $documents } documents.
admin-import-times = { $count ->
    [one] 1 procedure has a processing time to confirm.
   *[other] { $count } procedures have a processing time to confirm.
}
admin-import-lines = Line by line
admin-import-lines-refused = The refused lines
admin-import-line = Line
admin-import-code = Code
admin-import-outcome = What it did
admin-import-again = Import another file
admin-units-title = Administrative units
admin-units-record = Record a merge or rename
admin-units-tree = The unit tree
admin-units-as-of = On the date
admin-units-show = Show
admin-units-trail = Where in the tree
admin-units-country = Viet Nam
admin-units-count = { $count ->
    [one] 1 unit on { $date }
   *[other] { $count } units on { $date }
}
admin-units-more = Only the first { $count } are shown.
admin-units-from = since
admin-units-reorganizations = Reorganisations
admin-units-reorganization-count = { $count ->
    [0] No reorganisation is recorded.
    [one] 1 reorganisation recorded, the latest first.
   *[other] { $count } reorganisations recorded, the latest first.
}
admin-units-kind = Kind
admin-units-effective = In force from
admin-units-sides = Units
admin-units-sides-count = { $ended } ended, { $began } began
admin-units-partial = part
admin-units-links-more = and more
admin-reorganization-merge = Merge
admin-reorganization-split = Split
admin-reorganization-rename = Rename
admin-reorganization-reform = Reform
admin-reorganize-title = Record a merge or rename
admin-reorganize-lead = The units before end the day before the date; the new unit begins on it, linked to them. Nothing is deleted.
admin-reorganize-merge-hint = Several units become one
admin-reorganize-rename-hint = One unit takes a new name (and possibly a new code)
admin-reorganize-kind-missing = Choose merge or rename
admin-reorganize-effective-hint = The new unit's first day, for example 2027-01-01
admin-reorganize-decision = Decision or resolution
admin-reorganize-decision-hint = For example Nghị quyết 1656/NQ-UBTVQH15
admin-reorganize-decision-missing = Enter the decision or resolution
admin-reorganize-predecessors = Codes of the units before
admin-reorganize-predecessors-hint = Separated by commas or spaces, for example 00001, 00004
admin-reorganize-predecessors-missing = Enter the code of at least one unit
admin-reorganize-successor = The new unit
admin-reorganize-successor-code = Code
admin-reorganize-successor-code-hint = Of the same level as the units before (5 digits for a commune)
admin-reorganize-successor-code-missing = Enter the new unit's code
admin-reorganize-successor-kind = Kind
admin-reorganize-successor-kind-hint = Xã, Phường, Đặc khu, Tỉnh, Thành phố…
admin-reorganize-successor-kind-missing = Enter the new unit's kind
admin-reorganize-successor-name = Name
admin-reorganize-successor-name-hint = Without its kind, for example An Phú
admin-reorganize-successor-name-missing = Enter the new unit's name
admin-reorganize-successor-parent = Parent unit code
admin-reorganize-successor-parent-hint = Blank: the parent of the first unit before (the province of communes)
admin-reorganize-button = Record it
done-reorganized = The reorganisation has been recorded.

# Lanyard — English. Every key here must exist in every other language (a test checks).

app-name = Lanyard
skip-to-content = Skip to main content
lang-switch-label = Language
footer-text = Accreditation by Lanyard

events-title = Events
events-empty = No event is open for registration at the moment.
events-view = Programme and registration

event-when = When
event-local-times = All times are local time in { $zone }.
event-programme = Programme
event-registration-open = Registration is open until { $closes }.
event-registration-not-yet = Registration opens on { $opens }.
event-registration-closed = Registration closed on { $closes }.
event-register-button = Register now
event-approval-note = The organisers review every registration before confirming it.
event-invitation-note = This event is by invitation only.
session-places-left = { $left ->
    [one] One place left
   *[other] { $left } places left
}
session-full = Full
session-for = Open to: { $categories }

register-title = Register for { $event }
register-intro = Fields marked with * are required. Names may be written in any script.
register-section-person = About you
register-section-contact = Contact
register-section-programme = Programme
register-section-needs = Needs and language
field-honorific = Title or honorific
field-honorific-hint = For example H.E. Mr., Dr., Ms.
field-given_name = Given name
field-given_name-hint = If you have a single name, enter it here and leave the family name empty.
field-family_name = Family name
field-native_name = Name in your own script
field-native_name-hint = Optional, for example 张伟 or حسام الحسيني.
field-badge_name = Name on badge
field-badge_name-hint = Leave empty to print your given and family names.
field-email = Email
field-phone = Phone
field-phone-hint = With the country code, for example +86 10 6532 1234.
field-country = Country
field-country-choose = Choose a country
field-organization = Organization
field-position = Position
field-category = Category
field-category-choose = Choose a category
field-sessions = Sessions you will attend
field-sessions-none = This event has no sessions to choose.
field-dietary = Dietary requirements
field-accessibility = Accessibility needs
field-locale = Language for emails
register-submit = Register
register-errors-summary = { $count ->
    [one] Please correct the field marked below.
   *[other] Please correct the { $count } fields marked below.
}

error-required = This field is required.
error-too-long = Use at most { $max } characters.
error-control-chars = Remove invisible control characters.
error-email-invalid = Enter an email address such as name@example.org.
error-phone-invalid = Enter a phone number of 6 to 20 digits, for example +86 10 6532 1234.
error-country-unknown = Choose a country from the list.
error-category-unknown = Choose a category from the list.
error-session-unknown = A chosen session no longer exists; please choose again.
error-session-not-allowed = “{ $session }” is not open to the category you chose.
error-session-full = “{ $session }” is full.
error-sessions-overlap = “{ $first }” and “{ $second }” take place at the same time.
error-locale-unknown = Choose a language from the list.
error-already-registered = This email address is already registered for this event. Look for the confirmation email in your inbox, or contact the organisers.

registered-title = Registration received
registered-title-confirmed = Registration confirmed
registered-title-ended = Registration not active
registered-ended = Your registration for { $event } is no longer active. Please see the email from the organisers.
register-expired = For your security this form had expired, so nothing was saved yet. Your entries are kept below: please check them and send the form again.
registered-confirmed = You are registered for { $event }.
registered-pending = Your registration for { $event } has been received. The organisers will review it, and you will receive an email once it is approved.
registered-reference = Your reference
registered-reference-hint = Quote this reference in any message to the organisers.
registered-email-sent = A confirmation email is on its way to { $email }.
registered-sessions = Your programme

closed-title = Registration is closed
closed-not-yet = Registration for { $event } opens on { $opens }.
closed-ended = Registration for { $event } closed on { $closes }.
closed-invitation = Registration for { $event } is by invitation only. Please use the link in your invitation.
closed-contact = Questions? Write to { $contact }.

error-title-400 = The request could not be understood
error-text-400 = Please go back and try again.
error-title-403 = This form has expired
error-text-403 = The form was open too long or came from another site, so nothing was saved. Go back, reload the page and send it again.
error-title-404 = Page not found
error-text-404 = We could not find this page. Check the address, or start from the list of events.
error-title-413 = Too much data
error-text-413 = What you sent is larger than Lanyard accepts. Shorten it and try again.
error-title-500 = Something went wrong
error-text-500 = An unexpected error occurred and nothing was saved. Please try again in a moment; if it happens again, contact the organisers.
error-title-503 = Busy, please retry
error-text-503 = Lanyard is very busy right now and nothing was saved. Please try again in a few seconds.
error-title-forbidden = Not allowed
error-text-forbidden = Your role does not allow this. Ask an administrator if you need it.
error-back = Back to the list of events

mail-subject-confirmed = Registration confirmed: { $event } ({ $reference })
mail-subject-received = Registration received: { $event } ({ $reference })
mail-greeting = Dear { $name },
mail-confirmed-body = Thank you for registering for { $event }. Your registration is confirmed.
mail-received-body = Thank you for registering for { $event }. The organisers review every registration; you will receive another email once yours is approved.
mail-subject-approved = Registration approved: { $event } ({ $reference })
mail-subject-rejected = Registration not accepted: { $event } ({ $reference })
mail-subject-cancelled = Registration cancelled: { $event } ({ $reference })
mail-approved-body = Your registration for { $event } has been approved. We look forward to welcoming you.
mail-rejected-body = We regret that your registration for { $event } could not be accepted.
mail-cancelled-body = Your registration for { $event } has been cancelled.
mail-reason = Reason given by the organisers: { $reason }
mail-reference = Your reference: { $reference }
mail-programme = Your programme
mail-no-sessions = You have not chosen any sessions.
mail-ics-note = The attached file programme.ics adds these sessions to your calendar.
mail-details = Your details
mail-event-page = Programme and details: { $url }
mail-contact = Questions? Reply to this email or write to { $contact }.
mail-not-you = If you did not register for this event, please ignore this email.
mail-signature = The organisers of { $event }

api-unauthorized = A valid bearer token is needed (Authorization: Bearer …).
api-forbidden = This token's role does not allow this.

## Staff
staff-nav = Staff
staff-home = Events
staff-password = Change password
staff-logout = Log out
login-title = Staff login
login-email = Email
login-password = Password
login-submit = Log in
login-invalid = The email or password is not correct.
login-locked = Too many failed attempts. Try again after { $until }.
password-title = Change password
password-current = Current password
password-new = New password
password-new-hint = At least 12 characters; a few unrelated words are easy to remember.
password-repeat = New password again
password-submit = Change password
password-wrong-current = The current password is not correct.
password-mismatch = The two new passwords differ.
password-changed = Your password has been changed; your other sessions have been logged out.
error-password-short = Use at least 12 characters.
error-password-long = Use at most 200 characters.
dashboard-title = Events
dashboard-registrations = Registrations
dashboard-counts = { $total } registrations: { $pending } pending, { $approved } approved, { $rejected } rejected, { $cancelled } cancelled
list-title = Registrations: { $event }
list-search = Search
list-search-hint = Part of a name in any script, email, reference or organization
list-status = Status
list-any = Any
list-category = Category
list-country = Country
list-session = Session
list-sort = Sort by
sort-newest = Newest first
sort-oldest = Oldest first
sort-name = Family name
sort-country = Country
sort-precedence = Precedence
list-apply = Apply
list-count = { $total ->
    [one] One registration matches.
   *[other] { $total } registrations match.
}
list-none = No registration matches.
list-col-select = Select
list-col-reference = Reference
list-col-name = Name
list-col-organization = Organization
list-col-country = Country
list-col-category = Category
list-col-status = Status
list-col-registered = Registered
list-bulk-approve = Approve selected
list-previous = Previous page
list-next = Next page
list-page = Page { $page } of { $pages }
status-pending = Pending
status-approved = Approved
status-rejected = Rejected
status-cancelled = Cancelled
detail-title = { $name } ({ $reference })
detail-status = Status
detail-reason = Reason
detail-sessions = Sessions
detail-source = Registered via
detail-created = Registered on
detail-edit = Edit
detail-approve = Approve
detail-reject = Reject
detail-reject-reason = Reason, as the delegate will read it
detail-cancel = Cancel registration
detail-cancel-reason = Reason (optional), as the delegate will read it
detail-history = History
detail-mails = Emails
source-web = registration form
source-api = API
source-import = import
source-staff = staff
done-approved = Approved. The delegate will receive an email.
done-rejected = Rejected. The delegate will receive an email.
done-cancelled = Cancelled. The delegate will receive an email.
done-updated = Changes saved.
done-bulk = { $count ->
    [one] One registration approved.
   *[other] { $count } registrations approved.
}
done-reason-required = Write the reason for the rejection; the delegate will read it.
done-not-allowed = Nothing changed: that action does not apply to this registration as it stands now.
done-full = Nothing changed: a session of this registration is full.
edit-title = Edit { $name }
edit-submit = Save changes
edit-cancel = Back without saving
error-email-taken = Another registration for this event uses this email address.
audit-registration-approve = approved
audit-registration-reject = rejected
audit-registration-cancel = cancelled
audit-registration-update = edited
mail-kind-registration_confirmed = confirmation
mail-kind-registration_received = receipt (pending approval)
mail-kind-registration_approved = approval
mail-kind-registration_rejected = rejection
mail-kind-registration_cancelled = cancellation
mail-status-queued = queued
mail-status-sending = sending
mail-status-sent = sent
mail-status-retry = failed, will retry
mail-status-failed = failed
list-audit = Audit log
audit-title = Audit log: { $event }
audit-empty = No staff action yet.
list-export = Export this list (CSV)
list-import = Import registrations (CSV)
import-title = Import registrations: { $event }
import-intro = Upload a CSV file with one registration per line. Nothing is saved until you have seen the check of every line and confirmed.
import-columns = Columns, named in the first line (any order): { $columns }. given_name and email are required; sessions are separated by semicolons.
import-file = CSV file (UTF-8)
import-check = Check the file
import-too-large = The file is larger than 4 MB; split it and import the parts.
import-unreadable = The file could not be read: { $reason }
import-summary = New: { $new } · already registered (unchanged): { $existing } · with errors (skipped): { $invalid }
import-row-create = will be registered
import-row-exists = already registered; nothing changes
import-row-duplicate = same email as line { $line }; skipped
import-col-line = Line
import-col-outcome = Result
import-confirm = { $count ->
    [one] Import the new registration
   *[other] Import the { $count } new registrations
}
import-again = Check another file
done-imported = { $count ->
    [one] One registration imported.
   *[other] { $count } registrations imported.
}
audit-registrations-import = imported registrations

## Invitations
invitation-banner = Invitation for { $organization }: { $left } of { $quota } places left.
invitation-invalid-title = Invitation not valid
invitation-invalid = This invitation link is not valid or has been withdrawn. Please contact the organisers.
error-quota-reached = All places of this invitation are used. The head of delegation can free one by cancelling a registration.
error-quota = Enter a number of places between 1 and 500.
delegation-title = Delegation: { $organization }
delegation-intro = { $event } · { $used } of { $quota } places used
delegation-register = Register a delegate
delegation-none = No one is registered under this invitation yet.
delegation-cancel = Cancel this registration
delegation-full = All places of this invitation are used.
list-invitations = Invitations
invitations-title = Invitations: { $event }
invitations-create = New invitation
invitations-none = No invitations yet.
invitation-organization = Organization
invitation-country = Country
invitation-contact-name = Contact name
invitation-contact-email = Contact email
invitation-quota = Places
invitation-locale = Language of the invitation email
invitation-submit = Create and send the invitation
invitation-used = { $used } of { $quota } used
invitation-link = Delegation page
invitation-revoke = Withdraw
invitation-revoked = withdrawn
done-invited = Invitation created; the email is on its way.
done-revoked = Invitation withdrawn; its link no longer works.
done-quota = Nothing changed: all places of the invitation are used.
audit-invitation-create = created an invitation
audit-invitation-revoke = withdrew an invitation
mail-kind-invitation = invitation
mail-subject-invitation = Invitation: { $event }
mail-invitation-greeting-anonymous = Dear colleagues,
mail-invitation-body = { $organization } is invited to register up to { $quota } participants for { $event }, on { $when }.
mail-invitation-register = Register each participant here:
mail-invitation-manage = See and manage your delegation's registrations here:
mail-invitation-deadline = Registration closes on { $closes }.
mail-invitation-keep = Please keep these links within your delegation: anyone who has them can register under your invitation.

## Two-factor login
login-code-title = One-time code
login-code = 6-digit code
login-code-hint = From the authenticator app on your phone.
login-code-invalid = This code is not correct. Check your phone's clock and try the newest code.
login-code-expired = The login took too long. Please enter your email and password again.
totp-title = Two-factor login
totp-intro = Scan this code with an authenticator app (e.g. FreeOTP, Google Authenticator or Microsoft Authenticator), then enter the 6-digit code it shows.
totp-qr-alt = QR code for setting up the authenticator app
totp-secret = Or type this key into the app:
totp-enable = Turn on two-factor login
totp-enabled = Two-factor login is on for your account.
totp-disable = Turn off two-factor login
totp-cannot-disable = An administrator requires two-factor login for every staff account.
totp-required-note = An administrator requires two-factor login. Set it up to continue.
security-title = Security
security-required-on = Two-factor login is required for every staff account.
security-required-off = Two-factor login is optional for staff accounts.
security-require-on = Require two-factor login for everyone
security-require-off = Make two-factor login optional
audit-staff-totp-enable = turned on two-factor login
audit-staff-totp-disable = turned off two-factor login
audit-settings-require-totp = changed the two-factor requirement

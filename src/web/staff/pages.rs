//! Page models for staff templates.

use askama::Template;

use crate::web::pages::{Chrome, FieldView, SelectView, SessionView};

#[derive(Template)]
#[template(path = "staff/login.html")]
pub struct LoginPage {
    pub chrome: Chrome,
    pub csrf_token: String,
    pub next: String,
    pub email: String,
    pub error: String,
}

#[derive(Template)]
#[template(path = "staff/login_code.html")]
pub struct CodePage {
    pub chrome: Chrome,
    pub csrf_token: String,
    pub next: String,
    /// The signed proof that the password step succeeded.
    pub pending: String,
    pub error: String,
}

#[derive(Template)]
#[template(path = "staff/totp.html")]
pub struct TotpPage {
    pub chrome: Chrome,
    pub csrf_token: String,
    pub enabled: bool,
    pub required: bool,
    pub secret: String,
    pub qr: String,
    pub error: String,
}

#[derive(Template)]
#[template(path = "staff/security.html")]
pub struct SecurityPage {
    pub chrome: Chrome,
    pub csrf_token: String,
    pub required: bool,
    pub done: String,
}

#[derive(Template)]
#[template(path = "staff/password.html")]
pub struct PasswordPage {
    pub chrome: Chrome,
    pub csrf_token: String,
    pub error: String,
    pub done: String,
}

/// An event on the staff dashboard.
pub struct EventSummary {
    pub slug: String,
    pub name: String,
    pub when: String,
    pub counts: String,
}

#[derive(Template)]
#[template(path = "staff/index.html")]
pub struct DashboardPage {
    pub chrome: Chrome,
    pub events: Vec<EventSummary>,
}

/// One row of the registrations list.
pub struct Row {
    pub id: String,
    pub reference: String,
    pub name: String,
    pub native_name: String,
    pub organization: String,
    pub country: String,
    pub category: String,
    pub status: String,
    pub status_label: String,
    pub registered: String,
    /// The current badge's state (not printed, printed, handed over), if it has one.
    pub badge: String,
}

#[derive(Template)]
#[template(path = "staff/registrations.html")]
pub struct ListPage {
    pub chrome: Chrome,
    pub slug: String,
    pub csrf_token: String,
    pub flash: String,
    pub q: String,
    pub status: SelectView,
    pub category: SelectView,
    pub country: SelectView,
    pub session: SelectView,
    pub invitation: SelectView,
    /// Not yet arrived, watched, heads of delegation: (name, label, on).
    pub flags: Vec<(&'static str, String, bool)>,
    pub sort: SelectView,
    pub count: String,
    /// The message form with these filters.
    pub write: String,
    pub rows: Vec<Row>,
    pub can_manage: bool,
    pub page_label: String,
    pub previous: String,
    pub next: String,
    /// The CSV export of the list as filtered.
    pub export: String,
}

/// A session on the setup page, as an editable form.
pub struct SessionEdit {
    pub id: String,
    pub title: String,
    pub starts_at: String,
    pub ends_at: String,
    pub capacity: String,
    pub single_entry: bool,
    pub registered_only: bool,
    pub doors_open_minutes: String,
    pub exit_scanning: bool,
    pub delegation_quota: String,
    /// (id, name, selected)
    pub venues: Vec<(String, String, bool)>,
    /// (id, name, allowed)
    pub categories: Vec<(String, String, bool)>,
    pub taken: i32,
    /// (field, message) for a form sent back refused.
    pub errors: Vec<(&'static str, String)>,
}

impl SessionEdit {
    /// The message for `field`, empty when it has none.
    pub fn error(&self, field: &str) -> &str {
        self.errors.iter().find(|(f, _)| *f == field).map_or("", |(_, m)| m.as_str())
    }
}

/// Options of a select: value, label, selected.
pub type Options = Vec<(String, String, bool)>;

/// A category on the setup page: id, name, colour, self-registration, paper ("" = the event's).
pub type CategoryRow = (String, String, String, bool, Options);

#[derive(Template)]
#[template(path = "staff/setup.html")]
pub struct SetupPage {
    pub chrome: Chrome,
    /// Empty while creating an event.
    pub slug: String,
    pub csrf_token: String,
    pub flash: String,
    /// (field label, message)
    pub problems: Vec<(String, String)>,
    pub fields: Vec<FieldView>,
    pub approval_required: bool,
    pub invitation_only: bool,
    pub vetting_required: bool,
    pub issue_required: bool,
    /// The host language select: (code, name, chosen); and whether mail is bilingual.
    pub host_locales: Vec<(String, String, bool)>,
    pub bilingual_mail: bool,
    /// (id, name, address)
    pub venues: Vec<(String, String, String)>,
    /// (id, name, colour, self-service)
    pub categories: Vec<CategoryRow>,
    pub event_layouts: Vec<(String, String, bool)>,
    pub sessions: Vec<SessionEdit>,
    /// The empty form for a new session (absent while creating the event).
    pub blank: Option<SessionEdit>,
}

/// An event's privacy page: what it holds, the purge, the notice and the retention period.
#[derive(Template)]
#[template(path = "staff/privacy.html")]
pub struct PrivacySettingsPage {
    pub chrome: Chrome,
    pub slug: String,
    pub csrf_token: String,
    pub flash: String,
    /// (field label, message)
    pub problems: Vec<(String, String)>,
    /// (what, how many)
    pub held: Vec<(String, i64)>,
    pub due: String,
    pub purged: String,
    pub can_purge: bool,
    pub version: i32,
    pub controller: String,
    pub retention_days: String,
    /// (field name, label, text)
    pub notices: Vec<(String, String, String)>,
}

/// A staff account on the admin page.
pub struct AccountRow {
    pub id: String,
    pub label: String,
    pub role: String,
    pub two_factor: bool,
    pub active: bool,
    pub locked: bool,
    pub is_me: bool,
    /// Door accounts: every venue, (id, "event · venue", given to this account).
    pub venues: Vec<(String, String, bool)>,
    /// Security accounts: every event, (id, name, given to this account).
    pub events: Vec<(String, String, bool)>,
}

/// An API token on the admin page (never the token itself).
pub struct TokenRow {
    pub id: String,
    pub name: String,
    pub role: String,
    /// The event it works on ("every event" for a global admin token).
    pub event: String,
    pub created: String,
    pub last_used: String,
    pub revoked: bool,
}

#[derive(Template)]
#[template(path = "staff/accounts.html")]
pub struct AccountsPage {
    pub chrome: Chrome,
    pub csrf_token: String,
    /// A new password or token, shown this once.
    pub shown_once: String,
    pub error: String,
    /// (value, label)
    pub roles: Vec<(String, String)>,
    pub accounts: Vec<AccountRow>,
    pub tokens: Vec<TokenRow>,
    /// Events a new token can be given: (id, name).
    pub events: Vec<(String, String)>,
}

/// An invitation in the staff list.
pub struct InvitationRow {
    pub id: String,
    pub organization: String,
    pub contact: String,
    pub used: String,
    pub link: String,
    pub revoked: bool,
}

#[derive(Template)]
#[template(path = "staff/invitations.html")]
pub struct InvitationsPage {
    pub chrome: Chrome,
    pub slug: String,
    pub csrf_token: String,
    pub flash: String,
    pub fields: Vec<FieldView>,
    pub country: SelectView,
    pub locale: SelectView,
    pub rows: Vec<InvitationRow>,
    /// Why an uploaded invitation file was refused, line by line.
    pub file_errors: Vec<String>,
}

/// One line of an import report.
pub struct ImportRow {
    pub line: usize,
    pub name: String,
    pub email: String,
    pub outcome: String,
    /// Characters no badge font has, if any.
    pub warning: String,
    pub ok: bool,
}

#[derive(Template)]
#[template(path = "staff/import.html")]
pub struct ImportPage {
    pub chrome: Chrome,
    pub slug: String,
    pub csrf_token: String,
    pub columns: String,
    pub error: String,
    pub rows: Vec<ImportRow>,
    pub summary: String,
    /// The checked file (base64), sent back with the confirmation.
    pub content: String,
    pub creatable: i64,
}

/// A line of history: when, who, what, and the fields that changed.
pub struct HistoryItem {
    pub when: String,
    pub actor: String,
    pub action: String,
    /// (field, before, after)
    pub changes: Vec<(String, String, String)>,
    /// The changed registration's page, in the event-wide log.
    pub link: String,
}

#[derive(Template)]
#[template(path = "staff/audit.html")]
pub struct AuditPage {
    pub chrome: Chrome,
    pub slug: String,
    pub items: Vec<HistoryItem>,
    pub previous: String,
    pub next: String,
}

#[derive(Template)]
#[template(path = "staff/registration.html")]
pub struct DetailPage {
    pub chrome: Chrome,
    pub id: String,
    pub slug: String,
    pub csrf_token: String,
    pub flash: String,
    pub status: String,
    pub status_label: String,
    pub reason: String,
    pub details: Vec<(String, String)>,
    pub sessions: Vec<String>,
    pub mails: Vec<super::mails::MailRow>,
    /// Characters of the name no badge font has (they would print as empty boxes).
    pub unprintable: String,
    /// A refused mail, and its resend button's mail id.
    pub mail_notice: Option<(String, String)>,
    /// Where a resend returns to.
    pub back: String,
    pub history: Vec<HistoryItem>,
    pub can_manage: bool,
    pub can_approve: bool,
    pub can_reject: bool,
    pub can_cancel: bool,
    pub can_print: bool,
    /// Where security stands, and each badge version's state and custody.
    pub vetting: String,
    pub custody: Vec<String>,
    pub can_hand_over: bool,
    pub receipt: String,
    pub desk: String,
    /// The current badge: version, QR code (our own SVG), what printing it has seen.
    pub badge: Option<(i32, String, String)>,
    pub has_photo: bool,
    /// When the delegate sent a photo that waits for review (empty if none waits).
    pub photo_pending: String,
    pub precedence: String,
    /// The note the door shows with every answer to their badge.
    pub door_note: String,
    /// The event's zones for this badge: (code, name, its own, from its category).
    pub zone_choices: Vec<(String, String, bool, bool)>,
    /// Who may be alerted when they arrive: (staff id, label, alerted now).
    pub watchers: Vec<(String, String, bool)>,
    pub layouts: Vec<(String, String, bool)>,
    /// Print stations: id, name, whether the server sends to its printer.
    pub stations: Vec<(String, String, bool)>,
    pub print_jobs: Vec<super::stations::JobView>,
    /// Whether a station has a printer the server sends to.
    pub has_printer: bool,
    /// The layout version the current badge was first printed with.
    pub printed_with: String,
    /// Every scan of this delegate's badges, oldest first.
    pub attendance: Vec<super::attendance::LogLine>,
    /// Admins: export everything held about the person, or erase it.
    pub can_erase: bool,
    pub reference: String,
    /// The lawful basis the registration is held on.
    pub basis: String,
}

#[derive(Template)]
#[template(path = "staff/edit.html")]
pub struct EditPage {
    pub chrome: Chrome,
    /// Where the form posts, where "cancel" goes, and what its button says.
    pub action: String,
    pub back: String,
    pub submit: String,
    pub intro: String,
    /// A walk-in's form takes a photo too (multipart).
    pub upload: bool,
    pub photo_error: String,
    pub csrf_token: String,
    pub summary: Vec<(String, String)>,
    pub summary_title: String,
    pub fields: Vec<FieldView>,
    pub country: SelectView,
    pub category: SelectView,
    pub precedence_class: SelectView,
    pub credentials: FieldView,
    pub sessions: Vec<SessionView>,
    pub sessions_error: String,
    pub locale: SelectView,
}

//! Staff accounts, roles and what each role may do; logins and their sessions.

pub mod auth;
pub mod cli;
pub mod doors;
pub mod events;
pub mod password;
pub mod pin;
pub mod store;
pub mod tokens;
pub mod totp;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::staff_users;

/// A staff member's role.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
    serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum Role {
    /// Everything, including staff accounts and event setup.
    Admin,
    /// Registrations, approvals, invitations, imports.
    Registrar,
    /// Badges.
    Printer,
    /// Scanning at the doors it is given.
    Door,
    /// Security vetting at the events it is given: identity fields and photos, nothing else.
    Security,
}

/// Something a role may or may not do; every staff route checks one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    ViewRegistrations,
    ManageRegistrations,
    PrintBadges,
    Scan,
    ManageStaff,
    ManageEvents,
    /// Clearing or refusing registrations (security vetting).
    Vet,
}

crate::text_column!(Role);

impl crate::db::text::TextValue for Role {
    fn as_str(&self) -> &'static str {
        Role::as_str(*self)
    }

    fn parse(s: &str) -> Option<Role> {
        Role::parse(s)
    }
}

impl Role {
    /// Every role, for forms and the CLI.
    pub const ALL: [Role; 5] = [Role::Admin, Role::Registrar, Role::Printer, Role::Door, Role::Security];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Registrar => "registrar",
            Role::Printer => "printer",
            Role::Door => "door",
            Role::Security => "security",
        }
    }

    /// Parses a stored or typed name.
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s.trim().to_ascii_lowercase())
    }

    /// Whether this role grants `p`.
    pub fn can(self, p: Permission) -> bool {
        use Permission::*;
        match self {
            Role::Admin => true,
            Role::Registrar => matches!(p, ViewRegistrations | ManageRegistrations),
            // Printers look people up to print their badges, but change nothing else.
            Role::Printer => matches!(p, ViewRegistrations | PrintBadges),
            Role::Door => matches!(p, Scan),
            // Security vets; it sees identity fields and photos only through vetting.
            Role::Security => matches!(p, Vet),
        }
    }
}

/// A staff account row.
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = staff_users)]
pub struct StaffUser {
    pub id: String,
    pub email: String,
    pub email_lower: String,
    pub name: String,
    pub role: Role,
    pub password_hash: String,
    pub totp_secret: Option<String>,
    pub totp_last_step: Option<i64>,
    pub active: bool,
    pub failed_logins: i32,
    pub locked_until: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl StaffUser {
    /// Whether the account may do `p`.
    pub fn can(&self, p: Permission) -> bool {
        self.active && self.role.can(p)
    }

    /// How the account is named in the audit log and on pages.
    pub fn label(&self) -> String {
        if self.name.is_empty() { self.email.clone() } else { format!("{} <{}>", self.name, self.email) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_grants_only_its_own_work() {
        use Permission::*;
        let all = [ViewRegistrations, ManageRegistrations, PrintBadges, Scan, ManageStaff, ManageEvents, Vet];
        let granted = |r: Role| all.iter().filter(|p| r.can(**p)).count();
        assert_eq!(granted(Role::Admin), all.len());
        assert!(Role::Registrar.can(ManageRegistrations) && !Role::Registrar.can(ManageStaff));
        assert!(Role::Printer.can(PrintBadges) && !Role::Printer.can(ManageRegistrations));
        assert_eq!(granted(Role::Door), 1);
        assert_eq!(granted(Role::Security), 1);
        assert!(Role::Security.can(Vet) && !Role::Registrar.can(Vet) && !Role::Printer.can(Vet));
        assert_eq!(Role::parse(" Registrar "), Some(Role::Registrar));
    }
}

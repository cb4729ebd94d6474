//! The demo event: the Qianhai day of "Diplomats Explore China: A Tour of Guangdong"
//! (see ../shared/seed), dated four weeks ahead so registration is open.

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Asia::Shanghai;

use super::{Category, Event, Session, Venue, store};
use crate::db::{self, DbConn};
use crate::ids::EventId;

/// The demo event's slug.
pub const SLUG: &str = "qianhai";

/// What `load` did.
#[derive(Debug, PartialEq, Eq)]
pub enum Loaded {
    Created,
    AlreadyThere,
}

fn utc(day: NaiveDate, h: u32, m: u32) -> NaiveDateTime {
    let local = day.and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default());
    Shanghai.from_local_datetime(&local).single().map_or(local, |t| t.naive_utc())
}

/// Creates the demo event unless it exists; `now` decides its dates.
pub fn load(conn: &mut DbConn, now: NaiveDateTime) -> diesel::QueryResult<Loaded> {
    db::write_tx(conn, |conn| {
        if store::find_by_slug(conn, SLUG)?.is_some() {
            return Ok(Loaded::AlreadyThere);
        }
        let today = Shanghai.from_utc_datetime(&now).date_naive();
        let day = today.checked_add_days(Days::new(28)).unwrap_or(today);
        let event = Event {
            id: EventId::new(),
            slug: SLUG.to_owned(),
            name: "Diplomats Explore China: A Tour of Guangdong — Qianhai, Shenzhen".to_owned(),
            description: "Diplomats from nearly 40 countries visit the Qianhai Shenzhen-Hong Kong Modern \
                Service Industry Cooperation Zone: the development-plan film and the 300 m² city model at \
                the Qianhai Exhibition Hall, the Qianhai International Talent Hub, and the Skyline of \
                Shenzhen with a Xiangyunsha fashion show on the rooftop of the Shenzhen Bay Intelligence Center."
                .to_owned(),
            ref_prefix: "QH".to_owned(),
            time_zone: "Asia/Shanghai".to_owned(),
            starts_at: utc(day, 13, 30),
            ends_at: utc(day, 19, 0),
            registration_opens_at: utc(today.pred_opt().unwrap_or(today), 0, 0),
            registration_closes_at: utc(day.checked_sub_days(Days::new(3)).unwrap_or(day), 18, 0),
            approval_required: false,
            invitation_only: false,
            default_locale: "en".to_owned(),
            contact_email: "accreditation@qianhai-demo.example".to_owned(),
            created_at: now,
            updated_at: now,
            badge_layout: crate::badges::Paper::A4FourUp,
            vetting_required: false,
            issue_required: false,
            privacy_controller: String::new(),
            privacy_version: 1,
            retention_days: 90,
            purged_at: None,
            // A newcomer can register, open their badge and scan it straight away, weeks
            // before the demo's day; the organiser ends the rehearsal on the setup page.
            rehearsal: true,
            // Diplomatic practice in China: the delegate's language, then Chinese.
            host_locale: "zh".to_owned(),
            bilingual_mail: true,
        };
        store::insert_event(conn, &event)?;
        let e = &event.id;
        store::translate(conn, e.as_str(), "name", "zh", "“外交官看中国·走进广东”——深圳前海站")?;
        store::translate(
            conn,
            e.as_str(),
            "description",
            "zh",
            "来自近40个国家的外交官走进前海深港现代服务业合作区：在前海展示厅观看前海发展规划影片和约300平方米的城市模型，\
             参观前海国际人才港，并在深圳湾智汇中心天台俯瞰“深圳天际线”、观看香云纱时装秀。",
        )?;

        let category = |name: &str, colour: &str, position: i32, self_register: bool| Category {
            id: db::new_id(),
            event_id: e.clone(),
            name: name.to_owned(),
            badge_colour: colour.to_owned(),
            position,
            self_register,
            created_at: now,
            badge_layout: None,
        };
        let categories = [
            (category("Head of Mission", "#8B1A1A", 1, true), "使团团长"),
            (category("Delegate", "#1F4E8C", 2, true), "代表"),
            (category("Accompanying", "#2E7D32", 3, true), "随行人员"),
            (category("Press", "#B35C00", 4, true), "媒体"),
            (category("Staff", "#555555", 5, false), "工作人员"),
            (category("Organizer", "#5B2C83", 6, false), "主办方"),
        ];
        for (c, zh) in &categories {
            store::insert_category(conn, c)?;
            store::translate(conn, &c.id, "name", "zh", zh)?;
        }

        let venue = |name: &str, address: &str, position: i32| Venue {
            id: db::new_id(),
            event_id: e.clone(),
            name: name.to_owned(),
            address: address.to_owned(),
            position,
            created_at: now,
        };
        let hall = venue("Qianhai Exhibition Hall", "Qianhai, Nanshan District, Shenzhen", 1);
        let hub = venue("Qianhai International Talent Hub", "Qianhai, Nanshan District, Shenzhen", 2);
        let sic = venue("Shenzhen Bay Intelligence Center (SIC), rooftop", "Nanshan District, Shenzhen", 3);
        for (v, zh) in [(&hall, "前海展示厅"), (&hub, "前海国际人才港"), (&sic, "深圳湾智汇中心（天台）")]
        {
            store::insert_venue(conn, v)?;
            store::translate(conn, &v.id, "name", "zh", zh)?;
        }

        let session = |venue: &Venue, title: &str, from: (u32, u32), to: (u32, u32), capacity: Option<i32>| Session {
            id: db::new_id(),
            event_id: e.clone(),
            venue_id: venue.id.clone(),
            title: title.to_owned(),
            description: String::new(),
            starts_at: utc(day, from.0, from.1),
            ends_at: utc(day, to.0, to.1),
            capacity,
            seats_taken: 0,
            created_at: now,
            single_entry: true,
            registered_only: false,
            doors_open_minutes: crate::checkin::DOORS_OPEN_MINUTES as i32,
            delegation_quota: None,
            exit_scanning: true,
            required_zone: String::new(),
        };
        let sessions = [
            (session(&hall, "Film: the Qianhai development plan", (14, 0), (14, 30), Some(80)), "影片：前海发展规划"),
            (
                session(&hall, "The 300 m² model of Qianhai's new city centre", (14, 30), (15, 15), None),
                "前海新城市中心约300平方米城市模型",
            ),
            (
                session(&hub, "Visit of the Qianhai International Talent Hub", (15, 45), (16, 45), None),
                "参观前海国际人才港",
            ),
            (session(&sic, "The Skyline of Shenzhen", (17, 15), (17, 45), None), "“深圳天际线”"),
            (session(&sic, "Xiangyunsha fashion show", (17, 45), (18, 30), Some(120)), "香云纱时装秀"),
            (session(&sic, "Group photo of the diplomats", (18, 30), (18, 45), None), "外交官合影"),
        ];
        for (s, zh) in &sessions {
            store::insert_session(conn, s)?;
            store::translate(conn, &s.id, "title", "zh", zh)?;
        }
        // The group photo is for the diplomats themselves (and the organisers who stand with them).
        let photo = &sessions[5].0;
        for (c, _) in
            categories.iter().filter(|(c, _)| matches!(c.name.as_str(), "Head of Mission" | "Delegate" | "Organizer"))
        {
            store::allow_category(conn, &photo.id, &c.id)?;
        }
        Ok(Loaded::Created)
    })
}

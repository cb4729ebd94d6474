// The door's rules, for the device station's offline decisions. Plain data in, the answer out:
// no screen, no storage, no crypto, so node runs them too (tests/door_rules.js).
"use strict";

// The same rules as the server's (src/checkin/judge), run through the same table of cases
// (tests/door_rules.json) by both.
//   event: what the event requires of a badge ({ vetting_required, issue_required }), and
//     whether its doors are in rehearsal ({ rehearsal })
//   record: the synced record of the scanned badge, or null for a code that names no badge
//   place: where the device scans ({ venue, session, exit })
//   session: the snapshot's session scanned for, or null at a door for the whole venue
//   previous: the earlier admission in this place's scope ({ at, venue_id }), or null
//   seats: for a session with a delegation_quota, the delegate's delegation there ({ inside:
//     how many others of it are inside, here: whether the delegate is inside that session now })
//   doorsOpenMinutes: how long before its start a session's doors open, when the session does
//     not say (its own `doors_open_minutes`)
//   now: when, in milliseconds since 1970
// The answer: { outcome, reason (null for none), first_admission (to be noted and counted) },
// and for an old badge its version and current_version.
const DoorRules = (function () {
  function refused(reason) {
    return { outcome: "refused", reason: reason, first_admission: false };
  }

  function decide(f) {
    const rec = f.record;
    if (!rec) return refused("unknown_code");
    if (rec.revoked) {
      return Object.assign(refused("old_badge"), { version: rec.version, current_version: rec.current_version });
    }
    // Exit doors judge no rules: whoever the badge is, they leave.
    if (f.place.exit) {
      if (f.session && f.session.exit_scanning === false) return refused("exit_not_scanned");
      return { outcome: "exited", reason: null, first_admission: false };
    }
    const reg = rec.registration;
    if (reg.status === "cancelled") return refused("cancelled");
    if (reg.status !== "approved") return refused("not_approved");
    // A credential works once security cleared its holder (where required; a refusal counts
    // everywhere) and once it was handed over (where required).
    if (rec.vetting === "refused") return refused("vetting_refused");
    if (f.event.vetting_required && rec.vetting !== "cleared") return refused("not_vetted");
    if (f.event.issue_required && !rec.issued) return refused("not_issued");
    const session = f.session;
    if (session) {
      const minutes = session.doors_open_minutes != null ? session.doors_open_minutes : f.doorsOpenMinutes;
      const opens = Date.parse(session.starts_at) - minutes * 60000;
      if (session.venue_id !== f.place.venue) return refused("session_at_another_venue");
      // A rehearsal is tried at any time.
      if (!f.event.rehearsal && (f.now < opens || f.now > Date.parse(session.ends_at))) {
        return refused("outside_session_time");
      }
      if ((session.categories && !session.categories.includes(reg.category_id))
        || (session.registered_only && !rec.sessions.includes(session.id))) {
        return refused("not_allowed_in_session");
      }
      // A zone the session requires: the record lists every zone the badge carries.
      if (session.required_zone && !(rec.zones || []).includes(session.required_zone)) {
        return refused("zone_required");
      }
    }
    if (f.previous && session && session.single_entry) {
      return { outcome: "already_admitted", reason: null, first_admission: false };
    }
    // A delegation's seats: one of them must leave before another enters.
    const quota = session ? session.delegation_quota : null;
    const seats = f.seats || { inside: 0, here: false };
    if (quota != null && !seats.here && seats.inside >= quota) {
      return Object.assign(refused("delegation_full"), { inside: seats.inside, quota: quota });
    }
    return { outcome: "admitted", reason: null, first_admission: !f.previous };
  }

  // Where an admission counts: the session, or the venue as a whole.
  function scopeOf(place) {
    return place.session ? place.session : "venue:" + place.venue;
  }

  // Whether a device that last reached the server at `lastContact` (ms; 0: never) must wipe
  // its synced records at `now`: a tablet lost out of reach forgets the delegation by itself.
  function mustWipe(lastContact, now, hours) {
    return lastContact > 0 && now - lastContact > hours * 3600000;
  }

  return { decide: decide, scopeOf: scopeOf, mustWipe: mustWipe };
})();

// Node (the rule tests) takes the rules; a browser has no `module`.
if (typeof module !== "undefined") module.exports = DoorRules;

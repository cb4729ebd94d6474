// The table of door rule cases (door_rules.json) through the device's offline rules
// (templates/static/door-rules.js). The server runs the same table through its own rules
// (src/checkin/judge/rule_table.rs). Started by tests/door_rules.rs; by hand:
//     node tests/door_rules.js
"use strict";
const assert = require("node:assert/strict");
const path = require("node:path");

const DoorRules = require(path.join(__dirname, "..", "templates", "static", "door-rules.js"));
const table = require("./door_rules.json");

const SESSION = "session-1";

// `given` over `defaults`: a value replaces the default, an object only the fields it names.
function laidOver(defaults, given) {
  const out = Object.assign({}, defaults);
  for (const [key, value] of Object.entries(given)) {
    const base = out[key];
    const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
    out[key] = isObject(base) && isObject(value) ? Object.assign({}, base, value) : value;
  }
  return out;
}

// The facts of a case as the device has them: a synced record, the place, the snapshot's session.
function answer(g) {
  const session = g.session && {
    id: SESSION, venue_id: g.session.venue, starts_at: g.session.starts_at, ends_at: g.session.ends_at,
    single_entry: g.session.single_entry, registered_only: g.session.registered_only, categories: g.session.categories,
    doors_open_minutes: g.session.doors_open_minutes, delegation_quota: g.session.delegation_quota,
    exit_scanning: g.session.exit_scanning, required_zone: g.session.required_zone,
  };
  // The zones a badge carries, as the server seals them into its record: its category's and its own.
  const zones = table.zones.filter((z) => z.categories.includes(g.registration.category)).map((z) => z.code)
    .concat(g.registration.zones || []);
  const record = g.badge && {
    registration: { reference: "QH-0001", status: g.registration.status, category_id: g.registration.category },
    version: g.badge.version,
    current_version: g.badge.current_version,
    revoked: g.badge.revoked,
    issued: g.badge.issued,
    vetting: g.registration.vetting,
    sessions: g.registration.chose_session ? [SESSION] : [],
    zones: zones,
  };
  return DoorRules.decide({
    event: g.event,
    record: record,
    place: { venue: g.door.venue, session: session ? SESSION : "", exit: g.door.exit },
    session: session,
    previous: g.previous && { at: g.previous.at, venue_id: g.previous.venue },
    seats: g.seats,
    doorsOpenMinutes: table.doors_open_minutes,
    now: Date.parse(g.at),
  });
}

let passed = 0;
let failed = 0;
for (const c of table.cases) {
  const got = answer(laidOver(table.defaults, c.given));
  try {
    assert.deepStrictEqual(got, c.expect);
    passed++;
  } catch (e) {
    failed++;
    console.error(`${c.name}: expected ${JSON.stringify(c.expect)}, got ${JSON.stringify(got)}`);
  }
}
assert.ok(passed + failed >= 45, "the whole table was read");
// A device out of reach for longer than the server says wipes its records; one that has
// never reached the server has nothing to wipe.
const hour = 3600000;
assert.equal(DoorRules.mustWipe(1000, 1000 + 24 * hour + 1, 24), true, "a day and a moment out of reach");
assert.equal(DoorRules.mustWipe(1000, 1000 + 24 * hour, 24), false, "exactly a day is still allowed");
assert.equal(DoorRules.mustWipe(1000, 1000 + 3 * hour, 2), true, "the hours are the server's setting");
assert.equal(DoorRules.mustWipe(0, 1000 + 48 * hour, 24), false, "never in contact");
console.log(`door rules: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

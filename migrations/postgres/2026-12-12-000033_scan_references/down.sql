ALTER TABLE scans
    ADD CONSTRAINT scans_event_id_fkey FOREIGN KEY (event_id) REFERENCES events (id) ON DELETE CASCADE,
    ADD CONSTRAINT scans_badge_id_fkey FOREIGN KEY (badge_id) REFERENCES badges (id) ON DELETE SET NULL,
    ADD CONSTRAINT scans_registration_id_fkey FOREIGN KEY (registration_id) REFERENCES registrations (id) ON DELETE SET NULL,
    ADD CONSTRAINT scans_venue_id_fkey FOREIGN KEY (venue_id) REFERENCES venues (id) ON DELETE CASCADE;
ALTER TABLE admissions
    ADD CONSTRAINT admissions_registration_id_fkey FOREIGN KEY (registration_id) REFERENCES registrations (id) ON DELETE CASCADE,
    ADD CONSTRAINT admissions_venue_id_fkey FOREIGN KEY (venue_id) REFERENCES venues (id) ON DELETE CASCADE;
ALTER TABLE stays
    ADD CONSTRAINT stays_registration_id_fkey FOREIGN KEY (registration_id) REFERENCES registrations (id) ON DELETE CASCADE,
    ADD CONSTRAINT stays_venue_id_fkey FOREIGN KEY (venue_id) REFERENCES venues (id) ON DELETE CASCADE;

-- The order of precedence (Vienna Convention, arts. 14 and 16): a head of mission's class
-- (ambassador, envoy, charge_d_affaires, charge_d_affaires_ai) and when their credentials were
-- presented, in the event's local time. The existing `precedence` integer stays as the
-- organiser's manual rank, which comes before the computed order.
ALTER TABLE registrations ADD COLUMN precedence_class TEXT;
ALTER TABLE registrations ADD COLUMN credentials_presented_at TIMESTAMP;

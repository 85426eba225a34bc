-- Faster full sweeps (issue 6): every lead a sweep inserts paid for one index more than it needed.
-- eligibility_lead_open_idx (resident_id, open leads only) duplicates the leading column of the
-- unique key (resident_id, policy_id, cycle_key): a resident has a handful of leads, so "this
-- resident's open leads" (resident_left_leads, the incremental closing) reads that index just as
-- well and filters the status.
DROP INDEX IF EXISTS eligibility_lead_open_idx;

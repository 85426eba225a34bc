-- Matching (issue 7) reads, for each of the 120 people it scores, figures that used to take four
-- index probes per person: the weekly availability rows, the no-shows, the ledger and the month's
-- accepted bookings. They are now kept on the person's row by triggers, so one primary-key read
-- gives them, and the ledger and booking probes run only for people who can have rows in the
-- windows asked about. The triggers are the one place these copies are written: every writer
-- (profile saves, sign-ups, invitations, attendance, the no-show job, corrections, direct SQL)
-- keeps them right without knowing about them.

ALTER TABLE volunteer
    -- volunteer_availability rows as three parallel arrays (same order, any order between rows).
    ADD COLUMN weekly_days smallint[] NOT NULL DEFAULT '{}',
    ADD COLUMN weekly_opens integer[] NOT NULL DEFAULT '{}',
    ADD COLUMN weekly_closes integer[] NOT NULL DEFAULT '{}',
    -- Bookings with status NO_SHOW, exactly.
    ADD COLUMN no_shows integer NOT NULL DEFAULT 0,
    -- The latest served_on in the ledger (append-only, so it only grows): no entry on or after a
    -- date later than this.
    ADD COLUMN last_served_on date,
    -- The latest start of any booking that has ever been ACCEPTED: no accepted booking starts after it.
    ADD COLUMN last_accepted_start timestamptz;

UPDATE volunteer v
   SET weekly_days = a.days, weekly_opens = a.opens, weekly_closes = a.closes
  FROM (SELECT volunteer_id, array_agg(day ORDER BY day, open_minute) AS days, array_agg(open_minute ORDER BY day, open_minute) AS opens,
               array_agg(close_minute ORDER BY day, open_minute) AS closes
          FROM volunteer_availability GROUP BY volunteer_id) a
 WHERE a.volunteer_id = v.id;
UPDATE volunteer v SET no_shows = b.n
  FROM (SELECT volunteer_id, count(*) AS n FROM volunteer_booking WHERE status = 'NO_SHOW' GROUP BY volunteer_id) b
 WHERE b.volunteer_id = v.id;
UPDATE volunteer v SET last_served_on = e.last
  FROM (SELECT volunteer_id, max(served_on) AS last FROM service_hours_entry GROUP BY volunteer_id) e
 WHERE e.volunteer_id = v.id;
UPDATE volunteer v SET last_accepted_start = b.last
  FROM (SELECT volunteer_id, max(lower(period)) AS last FROM volunteer_booking WHERE status = 'ACCEPTED' GROUP BY volunteer_id) b
 WHERE b.volunteer_id = v.id;

-- Availability: copied again for every person a statement touched (profile saves delete and insert
-- all their rows; the benchmark loads 100,000 rows in one statement).
CREATE FUNCTION volunteer_availability_copy() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    touched bigint[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT volunteer_id) INTO touched FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT volunteer_id) INTO touched FROM old_rows;
    ELSE
        SELECT array_agg(DISTINCT volunteer_id) INTO touched
          FROM (SELECT volunteer_id FROM old_rows UNION SELECT volunteer_id FROM new_rows) r;
    END IF;
    IF touched IS NULL THEN
        RETURN NULL;
    END IF;
    UPDATE volunteer v
       SET weekly_days = a.days, weekly_opens = a.opens, weekly_closes = a.closes
      FROM (SELECT t.id,
                   coalesce(array_agg(r.day ORDER BY r.day, r.open_minute) FILTER (WHERE r.volunteer_id IS NOT NULL), '{}') AS days,
                   coalesce(array_agg(r.open_minute ORDER BY r.day, r.open_minute) FILTER (WHERE r.volunteer_id IS NOT NULL), '{}') AS opens,
                   coalesce(array_agg(r.close_minute ORDER BY r.day, r.open_minute) FILTER (WHERE r.volunteer_id IS NOT NULL), '{}') AS closes
              FROM unnest(touched) AS t (id) LEFT JOIN volunteer_availability r ON r.volunteer_id = t.id
             GROUP BY t.id) a
     WHERE v.id = a.id;
    RETURN NULL;
END $$;
CREATE TRIGGER volunteer_availability_copy_insert AFTER INSERT ON volunteer_availability
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION volunteer_availability_copy();
CREATE TRIGGER volunteer_availability_copy_update AFTER UPDATE ON volunteer_availability
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION volunteer_availability_copy();
CREATE TRIGGER volunteer_availability_copy_delete AFTER DELETE ON volunteer_availability
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION volunteer_availability_copy();

-- Bookings: the no-show count follows every status change into or out of NO_SHOW (and deletes);
-- the latest accepted start only ever moves forward.
CREATE FUNCTION volunteer_booking_figures() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.status = NEW.status AND OLD.period = NEW.period AND OLD.volunteer_id = NEW.volunteer_id THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' AND OLD.status = 'NO_SHOW' THEN
        UPDATE volunteer SET no_shows = no_shows - 1 WHERE id = OLD.volunteer_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        IF NEW.status = 'NO_SHOW' THEN
            UPDATE volunteer SET no_shows = no_shows + 1 WHERE id = NEW.volunteer_id;
        ELSIF NEW.status = 'ACCEPTED' THEN
            UPDATE volunteer SET last_accepted_start = lower(NEW.period)
             WHERE id = NEW.volunteer_id AND (last_accepted_start IS NULL OR last_accepted_start < lower(NEW.period));
        END IF;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER volunteer_booking_figures AFTER INSERT OR DELETE OR UPDATE OF status, period, volunteer_id ON volunteer_booking
    FOR EACH ROW EXECUTE FUNCTION volunteer_booking_figures();

-- Ledger: append-only, so the latest served_on is a running maximum.
CREATE FUNCTION service_hours_entry_figures() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE volunteer SET last_served_on = NEW.served_on
     WHERE id = NEW.volunteer_id AND (last_served_on IS NULL OR last_served_on < NEW.served_on);
    RETURN NULL;
END $$;
CREATE TRIGGER service_hours_entry_figures AFTER INSERT ON service_hours_entry
    FOR EACH ROW EXECUTE FUNCTION service_hours_entry_figures();

-- People booked at a time, found in one scan of the active bookings by period (the exclusion
-- constraint's index leads with the person, so a search by period alone walks most of it).
-- volunteer_id is included so the scan never reads the table.
CREATE INDEX volunteer_booking_active_period_gist ON volunteer_booking USING gist (period) INCLUDE (volunteer_id) WHERE active;
-- A person's accepted bookings by start, for the month's booked minutes.
CREATE INDEX volunteer_booking_accepted_start_idx ON volunteer_booking (volunteer_id, lower(period)) WHERE status = 'ACCEPTED';

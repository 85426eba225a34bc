-- Every instance keeps the active stations in memory for the public searches (station.StationSnapshots).
-- A change to a station, its weekly hours or its temporary closures, by whichever instance or by hand,
-- tells them which station to read again: NOTIFY station_changed with the station's id, sent when the
-- transaction commits (PostgreSQL folds repeats of one id within a transaction into one).
CREATE FUNCTION station_changed_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'station' THEN
        IF TG_OP = 'DELETE' THEN
            PERFORM pg_notify('station_changed', OLD.id::text);
        ELSE
            PERFORM pg_notify('station_changed', NEW.id::text);
        END IF;
    ELSE
        IF TG_OP <> 'INSERT' THEN
            PERFORM pg_notify('station_changed', OLD.station_id::text);
        END IF;
        IF TG_OP <> 'DELETE' THEN
            PERFORM pg_notify('station_changed', NEW.station_id::text);
        END IF;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER station_changed AFTER INSERT OR UPDATE OR DELETE ON station
    FOR EACH ROW EXECUTE FUNCTION station_changed_notify();
CREATE TRIGGER station_hours_changed AFTER INSERT OR UPDATE OR DELETE ON station_hours
    FOR EACH ROW EXECUTE FUNCTION station_changed_notify();
CREATE TRIGGER station_closure_changed AFTER INSERT OR UPDATE OR DELETE ON station_closure
    FOR EACH ROW EXECUTE FUNCTION station_changed_notify();

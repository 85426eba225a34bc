-- A full eligibility sweep inserts about 800,000 leads in two parallel streams. Each lead's four
-- foreign keys were checked row by row, each check taking a KEY SHARE lock: on the seven policy
-- rows, their versions and the communities (locked by both streams at once, so multixacts), and on
-- every resident given a lead (a lock written into 800,000 resident rows). As for tags in V26, the
-- references are now checked once per inserted statement, one index probe a row and no locks; what
-- they point to is never removed by the application, and the triggers below keep removal refused
-- (policy, version, community) or cascading (resident) as the foreign keys did.

ALTER TABLE eligibility_lead DROP CONSTRAINT eligibility_lead_resident_id_fkey;
ALTER TABLE eligibility_lead DROP CONSTRAINT eligibility_lead_policy_id_fkey;
ALTER TABLE eligibility_lead DROP CONSTRAINT eligibility_lead_policy_version_id_fkey;
ALTER TABLE eligibility_lead DROP CONSTRAINT eligibility_lead_community_id_fkey;

CREATE FUNCTION check_lead_references() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    missing text;
BEGIN
    IF TG_LEVEL = 'ROW' THEN
        -- An update that moves a lead (no statement does today): checked row by row, so that the
        -- reminder and status updates of many leads carry no transition table.
        SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM resident x WHERE x.id = NEW.resident_id) THEN 'resident ' || NEW.resident_id
                    WHEN NOT EXISTS (SELECT 1 FROM policy x WHERE x.id = NEW.policy_id) THEN 'policy ' || NEW.policy_id
                    WHEN NOT EXISTS (SELECT 1 FROM policy_version x WHERE x.id = NEW.policy_version_id) THEN 'policy version ' || NEW.policy_version_id
                    WHEN NOT EXISTS (SELECT 1 FROM community x WHERE x.id = NEW.community_id) THEN 'community ' || NEW.community_id END
          INTO missing;
    ELSE
        -- Residents one primary-key probe per lead (LATERAL ... LIMIT 1, whatever the planner guesses
        -- for the transition table); the few distinct policies, versions and communities once each.
        SELECT 'resident ' || n.resident_id INTO missing FROM new_rows n
          LEFT JOIN LATERAL (SELECT true AS found FROM resident x WHERE x.id = n.resident_id LIMIT 1) r ON true
         WHERE r.found IS NULL LIMIT 1;
    END IF;
    IF missing IS NULL AND TG_LEVEL = 'STATEMENT' THEN
        SELECT coalesce(
                 (SELECT 'policy ' || p.id FROM (SELECT DISTINCT policy_id AS id FROM new_rows) p
                   WHERE NOT EXISTS (SELECT 1 FROM policy x WHERE x.id = p.id) LIMIT 1),
                 (SELECT 'policy version ' || v.id FROM (SELECT DISTINCT policy_version_id AS id FROM new_rows) v
                   WHERE NOT EXISTS (SELECT 1 FROM policy_version x WHERE x.id = v.id) LIMIT 1),
                 (SELECT 'community ' || c.id FROM (SELECT DISTINCT community_id AS id FROM new_rows) c
                   WHERE NOT EXISTS (SELECT 1 FROM community x WHERE x.id = c.id) LIMIT 1))
          INTO missing;
    END IF;
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation', TABLE = 'eligibility_lead',
            MESSAGE = missing || ' does not exist';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER eligibility_lead_references_insert AFTER INSERT ON eligibility_lead
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION check_lead_references();
CREATE TRIGGER eligibility_lead_references_update AFTER UPDATE OF resident_id, policy_id, policy_version_id, community_id
    ON eligibility_lead FOR EACH ROW
    WHEN ((NEW.resident_id, NEW.policy_id, NEW.policy_version_id, NEW.community_id)
          IS DISTINCT FROM (OLD.resident_id, OLD.policy_id, OLD.policy_version_id, OLD.community_id))
    EXECUTE FUNCTION check_lead_references();

-- What ON DELETE CASCADE did: a resident removed (only ever by hand) takes their leads along too
-- (and, by the events' own foreign key, the leads' history), through V26's trigger.
CREATE OR REPLACE FUNCTION delete_rows_of_removed_residents() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM resident_tag t USING old_rows o WHERE t.resident_id = o.id;
    DELETE FROM eligibility_lead l USING old_rows o WHERE l.resident_id = o.id;
    RETURN NULL;
END $$;

-- What the foreign keys refused: removing a policy, a policy version or a community that leads name.
CREATE FUNCTION refuse_removing_lead_references() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    used bigint;
BEGIN
    IF TG_TABLE_NAME = 'policy' THEN
        SELECT o.id INTO used FROM old_rows o WHERE EXISTS (SELECT 1 FROM eligibility_lead l WHERE l.policy_id = o.id) LIMIT 1;
    ELSIF TG_TABLE_NAME = 'policy_version' THEN
        SELECT o.id INTO used FROM old_rows o WHERE EXISTS (SELECT 1 FROM eligibility_lead l WHERE l.policy_version_id = o.id) LIMIT 1;
    ELSE
        SELECT o.id INTO used FROM old_rows o WHERE EXISTS (SELECT 1 FROM eligibility_lead l WHERE l.community_id = o.id) LIMIT 1;
    END IF;
    IF used IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation', TABLE = TG_TABLE_NAME,
            MESSAGE = format('%s %s is named by eligibility leads', replace(TG_TABLE_NAME, '_', ' '), used);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER policy_removed_leads AFTER DELETE ON policy
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION refuse_removing_lead_references();
CREATE TRIGGER policy_version_removed_leads AFTER DELETE ON policy_version
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION refuse_removing_lead_references();
CREATE TRIGGER community_removed_leads AFTER DELETE ON community
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION refuse_removing_lead_references();

-- Each instance may keep the skill holders (home, community, certificate expiry), the skills' certificate
-- rule and the communities' streets in memory to find a task's nearest candidates without the GiST scan
-- (volunteer.MatchingHolders). One counter says which state of those rows a copy was read at: every
-- statement that changes them adds one, in the same transaction, so a matching statement that reads the
-- counter knows whether the copy it was handed is exactly what it sees itself, and otherwise searches
-- the tables as before. Skill changes are rare (profile edits), so the single row costs little.
CREATE TABLE matching_holders_version (
    id      boolean PRIMARY KEY DEFAULT true CHECK (id),
    version bigint NOT NULL
);
INSERT INTO matching_holders_version (version) VALUES (1);

CREATE FUNCTION matching_holders_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE matching_holders_version SET version = version + 1;
    RETURN NULL;
END $$;

CREATE TRIGGER matching_holders_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON volunteer_skill_held
    FOR EACH STATEMENT EXECUTE FUNCTION matching_holders_changed();
CREATE TRIGGER matching_holders_changed AFTER UPDATE OF certificate_required, code ON volunteer_skill
    FOR EACH STATEMENT EXECUTE FUNCTION matching_holders_changed();
CREATE TRIGGER matching_holders_changed AFTER UPDATE OF street_id, id ON community
    FOR EACH STATEMENT EXECUTE FUNCTION matching_holders_changed();

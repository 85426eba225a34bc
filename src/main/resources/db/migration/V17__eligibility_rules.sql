-- Policy finds people, second part (issue 6): what the rule language needs beyond V15, the queue of
-- residents touched since the last incremental re-evaluation, and the seven seeded policies.

-- When a resident moved into the district (residence conditions). Unknown for older records: the
-- rule then counts from the day the record was created.
ALTER TABLE resident ADD COLUMN moved_in_on date;

-- Registered unemployed (失业登记), for the veterans' special jobs fair.
INSERT INTO tag_definition (code, name, description, detail, sensitive)
VALUES ('UNEMPLOYED', '失业登记', 'Registered as unemployed', 'NONE', false)
ON CONFLICT (code) DO NOTHING;

-- Residents whose facts changed since the last incremental re-evaluation. Statement-level triggers
-- append one row per touched resident (and, for a change of household, the other members, whose
-- household facts changed with it); a frequent job drains the queue under the cluster lock.
CREATE TABLE resident_change (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    resident_id  bigint NOT NULL,
    queued_at    timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION queue_resident_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'resident' THEN
        IF TG_OP = 'INSERT' THEN
            INSERT INTO resident_change (resident_id)
            SELECT n.id FROM new_rows n
            UNION SELECT m.id FROM new_rows n JOIN resident m ON m.household_id = n.household_id
             WHERE n.household_id IS NOT NULL AND m.id <> n.id;
        ELSE
            INSERT INTO resident_change (resident_id)
            SELECT n.id FROM new_rows n
            UNION SELECT m.id FROM new_rows n JOIN old_rows o ON o.id = n.id
                    JOIN resident m ON m.household_id IN (n.household_id, o.household_id)
             WHERE (n.household_id IS NOT NULL OR o.household_id IS NOT NULL) AND m.id <> n.id
               AND (n.household_id IS DISTINCT FROM o.household_id OR n.birth_date <> o.birth_date
                    OR n.living_status <> o.living_status);
        END IF;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO resident_change (resident_id) SELECT DISTINCT o.resident_id FROM old_rows o;
    ELSE
        INSERT INTO resident_change (resident_id) SELECT DISTINCT n.resident_id FROM new_rows n;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER resident_changed_insert AFTER INSERT ON resident
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION queue_resident_change();
CREATE TRIGGER resident_changed_update AFTER UPDATE ON resident
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION queue_resident_change();
CREATE TRIGGER resident_tag_changed_insert AFTER INSERT ON resident_tag
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION queue_resident_change();
CREATE TRIGGER resident_tag_changed_update AFTER UPDATE ON resident_tag
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION queue_resident_change();
CREATE TRIGGER resident_tag_changed_delete AFTER DELETE ON resident_tag
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION queue_resident_change();

-- A resident's tag history by code and start (the screening event and its fact read ended rows
-- too, which the partial indexes of V13 cannot serve: without this, one probe is a table scan).
CREATE INDEX resident_tag_history_idx ON resident_tag (resident_id, tag_code, since DESC);

-- A lead's open leads by policy (the sweep's closing pass walks these).
CREATE INDEX eligibility_lead_policy_open_idx ON eligibility_lead (policy_id, resident_id)
    WHERE status IN ('NEW', 'CONTACTED', 'APPLIED');

-- The seven policies of the brief, each with a first version in force from 2020. Their rules use
-- the language of cn.palmcommunity.eligibility.RuleValidator (a test validates and compiles each).
INSERT INTO policy (code, name, description, benefit, administered_by, cycle) VALUES
    ('HIGH_AGE_ALLOWANCE', '高龄津贴', 'Monthly allowance for residents aged 80 and over, from their 80th birthday',
     '100-500 yuan a month by age band', '民政科 Civil Affairs', 'ONCE'),
    ('CHILDBIRTH_SUBSIDY', '生育补贴', 'One-off subsidy for parents of a child born in the last six months',
     'One-off childbirth subsidy', '卫健科 Health Commission', 'YEARLY'),
    ('ONLY_CHILD_PARENTS', '独生子女父母奖励', 'Yearly award for parents of an only child, from age 60',
     'Yearly only-child parents'' award', '卫健科 Health Commission', 'YEARLY'),
    ('ELDERLY_CANTEEN_MEAL', '老年餐补', 'Meal subsidy at the community canteen for elderly residents in need',
     'Meal subsidy at the elderly canteen', '民政科 Civil Affairs', 'MONTHLY'),
    ('AGING_FRIENDLY_RENOVATION', '适老化改造', 'Home renovation (grab bars, non-slip floors, alarms) for elderly residents in need',
     'Free aging-friendly home renovation', '民政科 Civil Affairs', 'ONCE'),
    ('TWO_CANCER_SCREENING', '两癌筛查', 'Free cervical and breast cancer screening for women 35-64 not screened this year',
     'Free two-cancer screening', '卫健科 Health Commission', 'YEARLY'),
    ('VETERAN_SPECIAL_JOBS', '退役军人专场招聘', 'Special job fair for unemployed veterans of working age',
     'Invitation to the veterans'' job fair', '退役军人事务局 Veterans Affairs', 'YEARLY')
ON CONFLICT (code) DO NOTHING;

INSERT INTO policy_version (policy_id, version, rule, effective_from, resident_reminder, worker_reminder)
SELECT p.id, 1, s.rule::jsonb, DATE '2020-01-01', s.resident_reminder, s.worker_reminder
  FROM (VALUES
    ('HIGH_AGE_ALLOWANCE', '{"all": [{"age": {"atLeast": 80}}, {"livingStatus": "LIVING"}]}',
     '您已年满80周岁，可申领高龄津贴，请携带身份证到社区办理。', '辖区居民已满80周岁，请联系其申领高龄津贴。'),
    ('CHILDBIRTH_SUBSIDY', '{"all": [{"event": {"kind": "BIRTH_REGISTERED", "withinDays": 180}}, {"relationToHead": ["HEAD", "SPOUSE"]}, {"age": {"atLeast": 18}}]}',
     '恭喜添丁！您可申领生育补贴，请到社区了解办理方式。', '辖区家庭新登记出生人口，请告知父母申领生育补贴。'),
    ('ONLY_CHILD_PARENTS', '{"all": [{"tag": {"code": "ONLY_CHILD_FAMILY"}}, {"age": {"atLeast": 60}}]}',
     '您符合独生子女父母奖励条件，请到社区申领。', '独生子女家庭父母已满60周岁，请联系其申领奖励。'),
    ('ELDERLY_CANTEEN_MEAL', '{"all": [{"age": {"atLeast": 60}}, {"any": [{"age": {"atLeast": 80}}, {"household": {"kind": "AGED_LIVING_ALONE", "minAge": 60}}, {"tag": {"code": "LOW_INCOME"}}, {"tag": {"code": "DISABILITY"}}]}]}',
     '您可享受社区老年餐桌用餐补贴，欢迎就餐。', '符合老年餐补条件的居民，请告知其到社区餐桌就餐。'),
    ('AGING_FRIENDLY_RENOVATION', '{"all": [{"age": {"atLeast": 60}}, {"residence": {"minDays": 365}}, {"any": [{"tag": {"code": "LOW_INCOME"}}, {"tag": {"code": "DISABILITY"}}, {"household": {"kind": "AGED_LIVING_ALONE", "minAge": 70}}]}]}',
     '您家可免费申请适老化改造（扶手、防滑、报警器），请联系社区。', '符合适老化改造条件的老人，请上门评估。'),
    ('TWO_CANCER_SCREENING', '{"all": [{"sex": "F"}, {"age": {"atLeast": 35, "atMost": 64}}, {"not": {"event": {"kind": "SCREENING_DONE", "thisYear": true}}}]}',
     '您今年可参加免费两癌筛查，请预约社区卫生服务中心。', '辖区35-64岁女性今年尚未参加两癌筛查，请提醒预约。'),
    ('VETERAN_SPECIAL_JOBS', '{"all": [{"age": {"atLeast": 18, "atMost": 59}}, {"any": [{"tag": {"code": "VETERAN_UNEMPLOYED"}}, {"all": [{"tag": {"code": "VETERAN"}}, {"tag": {"code": "UNEMPLOYED"}}]}]}]}',
     '退役军人专场招聘会即将举行，欢迎参加。', '辖区失业退役军人，请通知其参加专场招聘会。')
  ) AS s (code, rule, resident_reminder, worker_reminder)
  JOIN policy p ON p.code = s.code
ON CONFLICT (policy_id, version) DO NOTHING;

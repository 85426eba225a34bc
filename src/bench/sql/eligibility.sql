-- What the eligibility benchmark needs on top of residents.sql: households (two thirds of the
-- residents in three-person households, a third alone), relations, move-in dates, recent births,
-- only-child families, registered unemployed, and this year's two-cancer screenings. Triggers are
-- off while loading (a bulk load is not a change to re-evaluate); the queue starts empty.
\set ON_ERROR_STOP on
ALTER TABLE resident DISABLE TRIGGER USER;
ALTER TABLE resident_tag DISABLE TRIGGER USER;

INSERT INTO compound (community_id, grid_id, name)
SELECT c.id, (SELECT min(g.id) FROM grid g WHERE g.community_id = c.id), '基准小区'
  FROM community c WHERE EXISTS (SELECT 1 FROM grid g WHERE g.community_id = c.id)
ON CONFLICT (community_id, name) DO NOTHING;

-- Household key: residents of one community with ids 137 apart fall in consecutive groups.
CREATE TEMP TABLE bench_household AS
SELECT r.id AS resident_id, r.community_id,
       CASE WHEN (r.id / 137) % 9 < 6 THEN (r.id / 137) - (r.id / 137) % 3 ELSE r.id / 137 END AS hh,
       (r.id / 137) % 3 AS position, (r.id / 137) % 9 < 6 AS shared
  FROM resident r;

INSERT INTO household (compound_id, building, room)
SELECT DISTINCT co.id, 'B' || (b.hh / 100), (b.hh % 100)::text
  FROM bench_household b JOIN compound co ON co.community_id = b.community_id AND co.name = '基准小区';

UPDATE resident r SET household_id = h.id, compound_id = co.id,
       relation_to_head = CASE WHEN NOT b.shared OR b.position = 0 THEN 'HEAD' WHEN b.position = 1 THEN 'SPOUSE' ELSE 'CHILD' END,
       moved_in_on = current_date - ((r.id * 37) % 5000)::int,
       birth_date = CASE WHEN r.id % 200 = 11 THEN current_date - (r.id % 170)::int ELSE r.birth_date END
  FROM bench_household b
  JOIN compound co ON co.community_id = b.community_id AND co.name = '基准小区'
  JOIN household h ON h.compound_id = co.id AND h.building = 'B' || (b.hh / 100) AND h.room = (b.hh % 100)::text
 WHERE b.resident_id = r.id;

INSERT INTO resident_tag (resident_id, tag_code, since, source, confirmed_at)
SELECT id, tag, DATE '2021-01-01' + (id % 1500)::int, 'DEPARTMENT_FEED', now()
  FROM (SELECT r.id, t.tag FROM resident r CROSS JOIN LATERAL (VALUES
          ('ONLY_CHILD_FAMILY', r.id % 20 = 9),
          ('UNEMPLOYED', r.id % 25 = 13)) AS t(tag, holds)
         WHERE t.holds) x
ON CONFLICT DO NOTHING;

-- Half of the screened women were screened this year.
UPDATE resident_tag SET since = least(current_date, date_trunc('year', current_date)::date + (resident_id % 300)::int)
 WHERE tag_code = 'TWO_CANCER_SCREENED' AND resident_id % 2 = 0;

ALTER TABLE resident ENABLE TRIGGER USER;
ALTER TABLE resident_tag ENABLE TRIGGER USER;
TRUNCATE resident_change;
VACUUM ANALYZE resident;
VACUUM ANALYZE resident_tag;
VACUUM ANALYZE household;

-- Volunteers for the matching benchmark (psql -v people=50000 -v tasks=2000): people around the
-- demo district's community centres (within 1.5 km), 1-4 skills each from the managed list (some
-- with certificates, a few expired), one to three weekly availability intervals, service-hours
-- history for a third of them, past bookings with no-shows, and open tasks with some places taken.
\set ON_ERROR_STOP on
CREATE TEMP TABLE bench_community AS SELECT array_agg(id ORDER BY id) AS ids FROM community WHERE centre IS NOT NULL;
CREATE TEMP TABLE bench_skill AS SELECT array_agg(code ORDER BY sort_order) AS codes FROM volunteer_skill;

INSERT INTO volunteer (name, community_id, home, categories, monthly_hours_cap, availability)
SELECT '基准志愿者' || g, c.id,
       ST_Project(c.centre, (hashint8(g) & 2147483647) / 2147483648.0 * 1500, radians((hashint8(-g) & 2147483647) / 2147483648.0 * 360)),
       ARRAY['VOLUNTEER'], 20 + (g % 5) * 10, 'bench'
  FROM generate_series(1, :people) g, bench_community bc
  JOIN community c ON true
 WHERE c.id = bc.ids[1 + (g % cardinality(bc.ids))];

INSERT INTO volunteer_skill_held (volunteer_id, skill_code, certificate_number, certificate_expires, home, community_id)
SELECT v.id, s.code, CASE WHEN s.certificate_required THEN 'BENCH-' || v.id END,
       CASE WHEN s.certificate_required THEN DATE '2024-01-01' + (hashint8(v.id * 7 + k) & 4095)::int END, v.home, v.community_id
  FROM volunteer v
  CROSS JOIN LATERAL generate_series(1, 1 + (v.id % 4)::int) k
  CROSS JOIN bench_skill bs
  JOIN volunteer_skill s ON s.code = bs.codes[1 + ((hashint8(v.id * 31 + k) & 2147483647) % cardinality(bs.codes))::int]
ON CONFLICT DO NOTHING;

INSERT INTO volunteer_availability (volunteer_id, day, open_minute, close_minute)
SELECT v.id, ((v.id + k * 3) % 7)::int, (8 + (hashint8(v.id + k) & 7)) * 60, (8 + (hashint8(v.id + k) & 7)) * 60 + 120 + (k * 60)
  FROM volunteer v CROSS JOIN LATERAL generate_series(1, 1 + (v.id % 3)::int) k;

INSERT INTO service_hours_entry (volunteer_id, kind, minutes, reason, served_on)
SELECT v.id, 'CORRECTION', 60 + (v.id % 8) * 30, '基准历史时长', current_date - (v.id % 80)::int
  FROM volunteer v WHERE v.id % 3 = 0;

-- Past tasks with bookings: some completed, some no-shows.
INSERT INTO volunteer_task (community_id, street_id, kind, title, starts_at, ends_at, place, headcount, visibility, status,
                            check_in_code, created_by)
SELECT c.id, c.street_id, 'PATROL', '基准历史任务' || g, now() - make_interval(days => 1 + g % 60, hours => g % 7),
       now() - make_interval(days => 1 + g % 60, hours => g % 7) + interval '2 hours', c.centre, 50, 'COMMUNITY', 'CLOSED', '0000',
       (SELECT min(id) FROM account)
  FROM generate_series(1, 500) g, bench_community bc JOIN community c ON true
 WHERE c.id = bc.ids[1 + (g % cardinality(bc.ids))];
INSERT INTO volunteer_booking (task_id, volunteer_id, status, source, period)
SELECT t.id, v.id, CASE WHEN v.id % 9 = 0 THEN 'NO_SHOW' ELSE 'COMPLETED' END, 'SIGN_UP', t.period
  FROM volunteer_task t JOIN volunteer v ON v.community_id = t.community_id AND (v.id + t.id) % 40 = 0
 WHERE t.status = 'CLOSED'
ON CONFLICT DO NOTHING;

-- Open tasks over the next month, each needing one common skill (or none), some places taken.
INSERT INTO volunteer_task (community_id, street_id, kind, title, required_skills, starts_at, ends_at, place, headcount, visibility,
                            check_in_code, created_by)
SELECT c.id, c.street_id, (ARRAY['VISIT_ELDERLY_ALONE', 'EVENT_STAFF', 'PATROL', 'LEGAL_CONSULTATION', 'SCREENING_DAY'])[1 + g % 5],
       '基准任务' || g,
       CASE WHEN g % 4 = 0 THEN '{}'::text[] ELSE ARRAY[(ARRAY['ELDER_VISIT', 'PATROL', 'EVENT_STAFF', 'CLEANING', 'TUTORING'])[1 + g % 5]] END,
       date_trunc('hour', now()) + make_interval(days => 1 + g % 30, hours => g % 10),
       date_trunc('hour', now()) + make_interval(days => 1 + g % 30, hours => g % 10) + interval '2 hours',
       ST_Project(c.centre, (g % 500)::float8, radians(g % 360)), 3 + g % 8,
       (ARRAY['COMMUNITY', 'STREET', 'PUBLIC'])[1 + g % 3], '1234', (SELECT min(id) FROM account)
  FROM generate_series(1, :tasks) g, bench_community bc JOIN community c ON true
 WHERE c.id = bc.ids[1 + (g % cardinality(bc.ids))];
INSERT INTO volunteer_booking (task_id, volunteer_id, status, source, period)
SELECT t.id, v.id, 'ACCEPTED', 'SIGN_UP', t.period
  FROM volunteer_task t JOIN volunteer v ON v.community_id = t.community_id AND (v.id + t.id) % 200 = 0
 WHERE t.status = 'OPEN'
ON CONFLICT DO NOTHING;
-- Keep each open task within its headcount.
DELETE FROM volunteer_booking b USING (
    SELECT b2.id, row_number() OVER (PARTITION BY b2.task_id ORDER BY b2.id) AS n, t.headcount
      FROM volunteer_booking b2 JOIN volunteer_task t ON t.id = b2.task_id WHERE t.status = 'OPEN') r
 WHERE b.id = r.id AND r.n > r.headcount / 2;
UPDATE volunteer_task t SET booked = n FROM (SELECT task_id, count(*) AS n FROM volunteer_booking GROUP BY task_id) b
 WHERE t.id = b.task_id AND t.status = 'OPEN';
ANALYZE volunteer; ANALYZE volunteer_skill_held; ANALYZE volunteer_availability; ANALYZE volunteer_booking;
ANALYZE volunteer_task; ANALYZE service_hours_entry;

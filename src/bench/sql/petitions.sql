-- One million petitions (psql -v n=1000000) spread over the demo district's 137 communities,
-- a year of history, oldest first so ids grow with time, in the status mix of a working district.
\set ON_ERROR_STOP on
WITH grids AS (
    SELECT community_id, array_agg(id ORDER BY id) AS ids FROM grid GROUP BY community_id
), categories AS (
    SELECT array_agg(code ORDER BY sort_order) AS codes FROM petition_category WHERE active
), rows AS (
    SELECT g,
           c.id AS community_id,
           gr.ids[1 + (g / 137) % array_length(gr.ids, 1)] AS grid_id,
           cat.codes[1 + (g / 7) % array_length(cat.codes, 1)] AS category,
           ST_Project(c.centre, 50 + (g::bigint * 7919 % 700), radians(g::bigint * 37 % 360)) AS location,
           now() - ((:n - g) * interval '31 seconds') AS submitted,
           ((g::bigint * 2654435761) % 100)::int AS roll
      FROM generate_series(1, :n) AS g
      JOIN community c ON c.id = 1 + g % 137
      JOIN grids gr ON gr.community_id = c.id
      CROSS JOIN categories cat
)
INSERT INTO petition (channel, category_code, body, status, location, community_id, grid_id, submitted_at, accept_due_at,
                      accepted_at, resolve_due_at, resolved_at, result_text, rating, visit_kind, visited_at, closed_at, version)
SELECT CASE WHEN roll < 70 THEN 'MINI_PROGRAM' WHEN roll < 85 THEN 'HOTLINE_12345' ELSE 'GRID_PATROL' END,
       category,
       '基准测试诉求 ' || g || '：' || category,
       CASE WHEN roll < 5 THEN 'SUBMITTED' WHEN roll < 15 THEN 'ACCEPTED' WHEN roll < 20 THEN 'DISPATCHED'
            WHEN roll < 25 THEN 'IN_PROGRESS' WHEN roll < 35 THEN 'RESOLVED' WHEN roll < 50 THEN 'VISITED'
            WHEN roll < 95 THEN 'CLOSED' ELSE 'REJECTED' END,
       location, community_id, grid_id, submitted, submitted + interval '24 hours',
       CASE WHEN roll >= 5 THEN submitted + interval '3 hours' END,
       CASE WHEN roll >= 5 THEN submitted + interval '7 days' END,
       CASE WHEN roll >= 25 AND roll < 95 THEN submitted + interval '3 days' END,
       CASE WHEN roll >= 25 AND roll < 95 THEN '已处理' END,
       CASE WHEN roll >= 35 AND roll < 95 THEN 1 + (g % 5) END,
       CASE WHEN roll >= 35 AND roll < 95 THEN 'RESIDENT_RATING' END,
       CASE WHEN roll >= 35 AND roll < 95 THEN submitted + interval '4 days' END,
       CASE WHEN roll >= 50 THEN submitted + interval '12 days' END,
       1
  FROM rows;
-- Vacuumed as well as analysed: otherwise autovacuum visits the million new rows during the measurement.
VACUUM ANALYZE petition;

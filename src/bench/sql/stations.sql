-- Stations for the nearby-search benchmark (psql -v n=100000): spread evenly over a city-sized
-- square of about 40 x 40 km around the demo district, each with a pseudo-random set of amenities
-- (some common, two rare) and one of five weekly patterns, including 24/7 and past midnight.
\set ON_ERROR_STOP on
CREATE TEMP TABLE bench_pattern (pattern int, osm text, always boolean, holiday boolean, day int, open_minute int, close_minute int);
INSERT INTO bench_pattern
SELECT 0, '24/7', true, false, d, 0, 1440 FROM generate_series(0, 6) d
UNION ALL SELECT 1, 'Mo-Su 08:00-20:00', false, false, d, 480, 1200 FROM generate_series(0, 6) d
UNION ALL SELECT 2, 'Mo-Fr 09:00-18:00; PH off', false, true, d, 540, 1080 FROM generate_series(0, 4) d
UNION ALL SELECT 3, 'Mo-Su 18:00-02:00', false, false, d, 1080, 1560 FROM generate_series(0, 6) d
UNION ALL SELECT 4, 'Mo-Sa 07:00-22:00', false, false, d, 420, 1320 FROM generate_series(0, 5) d;

INSERT INTO station (kind, name, address, location, community_id, district_id, external_id, opening_hours_osm,
                     always_open, has_holiday_rule, amenities)
SELECT CASE WHEN h % 20 = 0 THEN 'LEGAL_AID' WHEN h % 7 = 0 THEN 'EATERY' WHEN h % 5 = 0 THEN 'RIDER_COMPOUND' ELSE 'WARM' END,
       '基准驿站 ' || g, '基准路' || g || '号',
       ST_SetSRID(ST_MakePoint(120.375 + (x - 0.5) * 0.445, 36.09 + (y - 0.5) * 0.36), 4326)::geography,
       c.id, st.district_id, 'bench-' || g,
       p.osm, p.always, p.holiday,
       array_remove(ARRAY[
           CASE WHEN h % 10 < 8 THEN 'SEATS' END,
           CASE WHEN (h / 10) % 10 < 5 THEN 'TOILET' END,
           CASE WHEN (h / 100) % 10 < 6 THEN 'PHONE_CHARGING' END,
           CASE WHEN (h / 1000) % 10 < 7 THEN 'DRINKING_WATER' END,
           CASE WHEN (h / 10000) % 10 < 4 THEN 'HEATING' END,
           CASE WHEN (h / 100000) % 100 < 5 THEN 'MICROWAVE' END,
           CASE WHEN (h / 1000000) % 100 < 8 THEN 'EBIKE_CHARGING' END,
           CASE WHEN (h / 10000000) % 10 < 5 THEN 'WIFI' END], NULL)
  FROM (SELECT g, (hashint8(g) & 2147483647) / 2147483648.0 AS x, (hashint8(-g) & 2147483647) / 2147483648.0 AS y,
               (hashint8(g * 3 + 1) & 2147483647)::bigint AS h
          FROM generate_series(1, :n) g) s
  JOIN community c ON c.id = (SELECT min(id) FROM community) + g % (SELECT count(*) FROM community)
  JOIN street st ON st.id = c.street_id
  JOIN LATERAL (SELECT DISTINCT osm, always, holiday FROM bench_pattern WHERE pattern = g % 5) p ON true;

INSERT INTO station_hours (station_id, day, open_minute, close_minute)
SELECT s.id, p.day, p.open_minute, p.close_minute
  FROM station s JOIN bench_pattern p ON p.osm = s.opening_hours_osm
 WHERE s.external_id LIKE 'bench-%';

VACUUM ANALYZE station;
VACUUM ANALYZE station_hours;

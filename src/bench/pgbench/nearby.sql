-- pgbench script: the SQL of one nearby search (two amenities, open now, 3 km, 20 rows) as the server
-- sends it for a random position in the benchmark square, at a fixed weekday minute. It measures what
-- the database alone can do, without HTTP or JSON.
\set lat_micro random(35920000, 36260000)
\set lng_micro random(120165000, 120585000)
SELECT s.id, s.kind, s.name, s.address, ST_Y(s.location::geometry) AS lat, ST_X(s.location::geometry) AS lng,
       ST_Distance(s.location, (SELECT ST_SetSRID(ST_MakePoint(:lng_micro / 1e6, :lat_micro / 1e6), 4326)::geography)) AS distance,
       s.amenities, s.opening_hours_osm,
       (SELECT json_agg(json_build_object('id', c.id, 'from', c.starts_at, 'until', c.ends_at, 'reason', c.reason) ORDER BY c.starts_at)
          FROM station_closure c WHERE c.station_id = s.id AND (c.ends_at IS NULL OR c.ends_at > now())
           AND c.starts_at < now() + interval '8 days') AS closures
  FROM station s
 WHERE s.active
   AND ST_DWithin(s.location, (SELECT ST_SetSRID(ST_MakePoint(:lng_micro / 1e6, :lat_micro / 1e6), 4326)::geography), 3000)
   AND coalesce(s.amenities, '{}') @> '{TOILET,PHONE_CHARGING}'::text[]
   AND NOT coalesce((SELECT true FROM station_closure c WHERE c.station_id = s.id AND c.starts_at <= now()
                        AND (c.ends_at IS NULL OR c.ends_at > now()) LIMIT 1), false)
   AND (s.always_open OR EXISTS (SELECT 1 FROM station_hours h WHERE h.station_id = s.id
         AND ((h.day = 2 AND h.open_minute <= 700 AND 700 < h.close_minute) OR (h.day = 1 AND 700 + 1440 < h.close_minute))))
 ORDER BY s.location <-> (SELECT ST_SetSRID(ST_MakePoint(:lng_micro / 1e6, :lat_micro / 1e6), 4326)::geography)
 LIMIT 21;

-- Department-feed benchmark data, after residents.sql (psql -v key=BASE64):
-- gives every bench resident a valid GB 11643 ID number whose lookup hash is the server's
-- (HMAC-SHA256 with the key derived from PALM_RESIDENT_ID_KEY, as IdNumberCipher does), makes 1 %
-- of the disability tags community-confirmed (so some feed rows disagree); feed-rows.sql writes the feed.
\set ON_ERROR_STOP on
CREATE EXTENSION IF NOT EXISTS pgcrypto;

CREATE OR REPLACE FUNCTION bench_check_char(first17 text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT substr('10X98765432', (sum(substr(first17, i, 1)::int * (array[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2])[i]) % 11)::int + 1, 1)
      FROM generate_series(1, 17) AS i
$$;

-- Birth dates repeat only every 36,500 residents (see residents.sql), so the sequence number
-- g / 36500 (doubled, plus one for men) makes region + birth date + sequence unique.
CREATE TEMP TABLE bench_id AS
SELECT r.id, n.first17 || bench_check_char(n.first17) AS id_number
  FROM resident r
  CROSS JOIN LATERAL (SELECT substr(r.name, 5)::bigint AS g) x
  CROSS JOIN LATERAL (SELECT '370203' || to_char(r.birth_date, 'YYYYMMDD')
                             || lpad(((x.g / 36500) * 2 + CASE WHEN r.sex = 'M' THEN 1 ELSE 0 END)::text, 3, '0') AS first17) n
 WHERE r.name LIKE '基准居民%';

UPDATE resident r
   SET id_number_hash = hmac(convert_to(b.id_number, 'UTF8'),
                             hmac(convert_to('palm resident id lookup', 'UTF8'), decode(:'key', 'base64'), 'sha256'), 'sha256')
  FROM bench_id b WHERE b.id = r.id;
CREATE INDEX ON bench_id (id);

UPDATE resident_tag SET source = 'COMMUNITY_SURVEY', confirmed_at = now()
 WHERE tag_code = 'DISABILITY' AND until IS NULL AND resident_id % 100 = 7;

-- Kept for feed-rows.sql, which writes the feed itself.
DROP TABLE IF EXISTS bench_feed_id;
CREATE TABLE bench_feed_id AS SELECT * FROM bench_id;
CREATE INDEX ON bench_feed_id (id);
ANALYZE resident;

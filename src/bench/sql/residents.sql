-- Shibei-sized registry (psql -v n=1100000): residents spread over the demo district's 137
-- communities and their grids, ages 0-100, half women, 6 % deceased or moved out, with tags in
-- roughly a district's proportions. Bench rows carry a placeholder ciphertext (they are never
-- decrypted here; lists show "****") and a unique lookup hash.
\set ON_ERROR_STOP on
WITH grids AS (
    SELECT community_id, array_agg(id ORDER BY id) AS ids FROM grid GROUP BY community_id
)
INSERT INTO resident (id_number_cipher, id_number_hash, name, sex, birth_date, phone, community_id, grid_id, address, living_status, source)
SELECT '\x00'::bytea,
       sha256(convert_to('bench-resident-' || g, 'UTF8')),
       '基准居民' || g,
       CASE WHEN g % 2 = 0 THEN 'F' ELSE 'M' END,
       DATE '2026-01-01' - ((g::bigint * 7919) % 36500)::int,
       '139' || lpad(((g::bigint * 48271) % 100000000)::text, 8, '0'),
       c.community_id,
       c.ids[1 + (g / 137) % array_length(c.ids, 1)],
       '基准路' || (g % 500) || '号',
       CASE WHEN g % 50 = 7 THEN 'DECEASED' WHEN g % 25 = 3 THEN 'MOVED_OUT' ELSE 'LIVING' END,
       'DEPARTMENT_FEED'
  FROM generate_series(1, :n) AS g
  JOIN grids c ON c.community_id = 1 + g % 137;

-- Tags: aged living alone (a fifth of those over 70), low-income 2 %, disability 3 % (levels 1-4),
-- party members 8 %, veterans 3 %, and the two-cancer screening for about 40 % of women 35-64,
-- confirmed at some time over the last two years.
INSERT INTO resident_tag (resident_id, tag_code, level, since, source, confirmed_at)
SELECT id, tag, lvl, DATE '2020-01-01', 'DEPARTMENT_FEED', now() - ((id * 31) % 730) * interval '1 day'
  FROM (
    SELECT r.id, t.tag, CASE WHEN t.tag = 'DISABILITY' THEN 1 + (r.id % 4)::int END AS lvl
      FROM resident r
      CROSS JOIN LATERAL (VALUES
          ('AGED_LIVING_ALONE', r.birth_date < DATE '1956-01-01' AND r.id % 5 = 0),
          ('LOW_INCOME', r.id % 50 = 1),
          ('DISABILITY', r.id % 33 = 2),
          ('PARTY_MEMBER', r.id % 12 = 5),
          ('VETERAN', r.sex = 'M' AND r.id % 17 = 4),
          ('TWO_CANCER_SCREENED', r.sex = 'F' AND r.birth_date BETWEEN DATE '1961-01-01' AND DATE '1991-12-31' AND r.id % 5 < 2)
      ) AS t(tag, holds)
     WHERE t.holds AND r.name LIKE '基准居民%'
  ) x;

VACUUM ANALYZE resident;
VACUUM ANALYZE resident_tag;

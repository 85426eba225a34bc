-- The disability feed of the benchmark, after feeds.sql (psql -qtA -v n=ROWS -f feed-rows.sql > file, the
-- header line written first): n residents in a scattered order, one row each, with certificates of
-- levels 1-4 (new tags, changed levels, the same level again, every 20th a revocation); 4 % of the
-- rows are bad: a wrong check digit, a birth date disagreeing with the ID number, an unknown
-- resident, a malformed line (an unclosed quote), a level out of range.
COPY (
    SELECT CASE
             WHEN k % 100 = 11 THEN 'BAD-' || k || ',1,' || substr(b.id_number, 1, 17)
                  || CASE WHEN right(b.id_number, 1) = '1' THEN '2' ELSE '1' END || ',2,VALID,2025-01-01,'
             WHEN k % 100 = 44 THEN 'BAD-' || k || ',1,' || b.id_number || ',2,VALID,2025-01-01,1900-01-01'
             WHEN k % 100 = 77 THEN 'BAD-' || k || ',1,' || u.first17 || bench_check_char(u.first17) || ',2,VALID,2025-01-01,'
             WHEN k % 200 = 99 THEN 'BAD-' || k || ',1,"' || b.id_number || ',2,VALID'
             WHEN k % 200 = 199 THEN 'BAD-' || k || ',1,' || b.id_number || ',7,VALID,2025-01-01,'
             ELSE 'DIS-' || b.id || ',1,' || b.id_number || ',' || (1 + (b.id * 7) % 4) || ','
                  || CASE WHEN b.id % 20 = 0 THEN 'REVOKED' ELSE 'VALID' END || ',2025-0' || (1 + b.id % 9) || '-15,' || r.birth_date
           END
      FROM (SELECT row_number() OVER () AS k, id
              FROM (SELECT id FROM resident WHERE name LIKE '基准居民%' ORDER BY (id * 2654435761) % 4294967296 LIMIT :n) s) o
      JOIN bench_feed_id b ON b.id = o.id
      JOIN resident r ON r.id = o.id
      CROSS JOIN LATERAL (SELECT '110105' || to_char(DATE '1949-12-31' - (o.k % 30000)::int, 'YYYYMMDD')
                                 || lpad(((o.k / 30000) % 500 * 2 + 1)::text, 3, '0') AS first17) u
) TO STDOUT;

-- pgbench script: SQL equivalent to one filing with an Idempotency-Key sent on its own (claim the key, insert
-- the petition and its SUBMIT event in one statement, keep the answer), without HTTP, tokens or JSON.
-- Under load the server groups concurrent filings' statements (StatementBatcher), so this is what the
-- database allows when every filing pays its own three statements, not a ceiling for the server.
\set k random(1, 2000000000)
INSERT INTO idempotency_key AS k (owner, key, method, path, request_hash, expires_at)
VALUES ('pgbench', 'pgb-' || :k || '-' || :client_id, 'POST', '/api/petitions', '\x00', now() + interval '1 day')
ON CONFLICT (owner, key) DO UPDATE SET method = EXCLUDED.method WHERE k.expires_at <= now()
RETURNING created_at;
WITH category AS (SELECT code, accept_within_hours FROM petition_category WHERE code = 'NOISE' AND active),
place AS (SELECT (SELECT id FROM community WHERE id = 1) AS community_id),
filed AS (
  INSERT INTO petition (channel, category_code, body, anonymous, community_id, address, submitted_at, accept_due_at)
  SELECT 'MINI_PROGRAM', category.code, '基准测试：夜间噪音扰民', false, place.community_id, '基准路1号',
         now(), now() + make_interval(hours => category.accept_within_hours)
    FROM category, place RETURNING id, reporter_id),
submitted AS (INSERT INTO petition_event (petition_id, actor_id, actor_role, action, to_status)
  SELECT id, reporter_id, 'RESIDENT', 'SUBMIT', 'SUBMITTED' FROM filed RETURNING at)
SELECT filed.id, (SELECT at FROM submitted) FROM (SELECT 1) one LEFT JOIN filed ON true;
UPDATE idempotency_key SET status = 201, response_body = '{"id":1}', response_headers = '{}'
 WHERE owner = 'pgbench' AND key = 'pgb-' || :k || '-' || :client_id AND status IS NULL;

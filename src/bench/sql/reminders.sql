-- Reminder benchmark (psql -v n=100000): n living residents over the demo district's communities,
-- each linked to a mini-program account with a WeChat openid, one policy and one NEW lead each,
-- not yet reminded. Bench rows carry a placeholder ciphertext and a unique lookup hash.
\set ON_ERROR_STOP on
INSERT INTO resident (id_number_cipher, id_number_hash, name, sex, birth_date, phone, community_id, living_status, source)
SELECT '\x00'::bytea, sha256(convert_to('bench-reminder-' || g, 'UTF8')), '提醒基准' || g,
       CASE WHEN g % 2 = 0 THEN 'F' ELSE 'M' END, DATE '1940-01-01' + (g % 3000),
       '139' || lpad(((g::bigint * 48271) % 100000000)::text, 8, '0'),
       (SELECT min(id) FROM community) + g % (SELECT count(*) FROM community), 'LIVING', 'DEPARTMENT_FEED'
  FROM generate_series(1, :n) AS g;

INSERT INTO account (role, display_name, wechat_openid, resident_id)
SELECT 'RESIDENT', '基准居民', 'bench-openid-' || id, id FROM resident WHERE name LIKE '提醒基准%';

WITH p AS (
    INSERT INTO policy (code, name, benefit, administered_by, cycle)
    VALUES ('BENCH_HIGH_AGE', '高龄津贴', '每月高龄津贴', '区民政局', 'ONCE') RETURNING id),
v AS (
    INSERT INTO policy_version (policy_id, version, rule, effective_from, resident_reminder, worker_reminder)
    SELECT id, 1, '{"age": {"atLeast": 80}}', DATE '2026-01-01', '您已年满80周岁，可申请高龄津贴，请携带身份证到社区办理',
           '请核实老人居住情况并协助申请高龄津贴' FROM p RETURNING id, policy_id)
INSERT INTO eligibility_lead (resident_id, policy_id, policy_version_id, cycle_key, community_id, facts)
SELECT r.id, v.policy_id, v.id, 'ONCE', r.community_id, '{"age": {"value": 86, "source": "birth_date"}}'
  FROM resident r, v WHERE r.name LIKE '提醒基准%';

VACUUM ANALYZE resident;
VACUUM ANALYZE account;
VACUUM ANALYZE eligibility_lead;

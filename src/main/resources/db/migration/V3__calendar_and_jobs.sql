-- Working-day calendar: only the exceptions to "Monday to Friday work, weekends off" are stored.
-- HOLIDAY: a day off (every day of a public holiday, weekend days included, so the year list shows
-- the whole holiday); WORKDAY: a Saturday or Sunday worked to make up for a holiday (调休).
CREATE TABLE calendar_day (
    day         date PRIMARY KEY,
    kind        text NOT NULL CHECK (kind IN ('HOLIDAY', 'WORKDAY')),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
    updated_by  bigint REFERENCES account (id),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    -- Make-up working days only ever fall on weekends (ISO day of week 6 = Saturday, 7 = Sunday).
    CONSTRAINT calendar_workday_on_weekend CHECK (kind <> 'WORKDAY' OR extract(isodow FROM day) IN (6, 7))
);

-- 2025: State Council notice 国办发明电〔2024〕12号.
INSERT INTO calendar_day (day, kind, name)
SELECT d::date, 'HOLIDAY', h.name
  FROM (VALUES ('元旦', DATE '2025-01-01', DATE '2025-01-01'),
               ('春节', DATE '2025-01-28', DATE '2025-02-04'),
               ('清明节', DATE '2025-04-04', DATE '2025-04-06'),
               ('劳动节', DATE '2025-05-01', DATE '2025-05-05'),
               ('端午节', DATE '2025-05-31', DATE '2025-06-02'),
               ('国庆节、中秋节', DATE '2025-10-01', DATE '2025-10-08')) AS h (name, first_day, last_day),
       generate_series(h.first_day, h.last_day, interval '1 day') AS d;

INSERT INTO calendar_day (day, kind, name) VALUES
    (DATE '2025-01-26', 'WORKDAY', '春节调休上班'),
    (DATE '2025-02-08', 'WORKDAY', '春节调休上班'),
    (DATE '2025-04-27', 'WORKDAY', '劳动节调休上班'),
    (DATE '2025-09-28', 'WORKDAY', '国庆节调休上班'),
    (DATE '2025-10-11', 'WORKDAY', '国庆节调休上班');

-- 2026: State Council notice of 2025-11-04 (国务院办公厅关于2026年部分节假日安排的通知).
INSERT INTO calendar_day (day, kind, name)
SELECT d::date, 'HOLIDAY', h.name
  FROM (VALUES ('元旦', DATE '2026-01-01', DATE '2026-01-03'),
               ('春节', DATE '2026-02-15', DATE '2026-02-23'),
               ('清明节', DATE '2026-04-04', DATE '2026-04-06'),
               ('劳动节', DATE '2026-05-01', DATE '2026-05-05'),
               ('端午节', DATE '2026-06-19', DATE '2026-06-21'),
               ('中秋节', DATE '2026-09-25', DATE '2026-09-27'),
               ('国庆节', DATE '2026-10-01', DATE '2026-10-07')) AS h (name, first_day, last_day),
       generate_series(h.first_day, h.last_day, interval '1 day') AS d;

INSERT INTO calendar_day (day, kind, name) VALUES
    (DATE '2026-01-04', 'WORKDAY', '元旦调休上班'),
    (DATE '2026-02-14', 'WORKDAY', '春节调休上班'),
    (DATE '2026-02-28', 'WORKDAY', '春节调休上班'),
    (DATE '2026-05-09', 'WORKDAY', '劳动节调休上班'),
    (DATE '2026-09-20', 'WORKDAY', '国庆节调休上班'),
    (DATE '2026-10-10', 'WORKDAY', '国庆节调休上班');

-- Scheduled job runs: one row per run that got the cluster lock. A run still RUNNING with no
-- finished_at after its instance is gone is a crash.
CREATE TABLE job_run (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job          text NOT NULL,
    started_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz,
    outcome      text NOT NULL DEFAULT 'RUNNING' CHECK (outcome IN ('RUNNING', 'SUCCEEDED', 'FAILED')),
    detail       text,
    instance     text NOT NULL
);
CREATE INDEX job_run_job_started_idx ON job_run (job, started_at DESC);
CREATE INDEX job_run_started_idx ON job_run (started_at DESC);

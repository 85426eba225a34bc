-- Volunteer and governance-force matching (issue 7): the nine force categories, the managed skill
-- list, people with their skills, certificates, weekly availability and home, tasks, bookings and
-- the service-hours ledger (time bank).

CREATE EXTENSION IF NOT EXISTS btree_gist;

-- The nine categories of governance force the platform brings together (九大类治理力量).
CREATE TABLE force_category (
    code        text PRIMARY KEY,
    name_zh     text NOT NULL,
    name_en     text NOT NULL,
    sort_order  integer NOT NULL
);
INSERT INTO force_category (code, name_zh, name_en, sort_order) VALUES
    ('PARTY_MEMBER',            '党员',                 'Party member', 10),
    ('REPORTING_PARTY_MEMBER',  '在职党员(社区报到)',    'In-service party member reporting to their residence', 20),
    ('COMMUNITY_WORKER',        '社区工作者',            'Community worker', 30),
    ('GRID_WORKER',             '网格员',               'Grid worker', 40),
    ('VOLUNTEER',               '志愿者',               'Volunteer', 50),
    ('SOCIAL_ORGANISATION',     '社会组织',              'Social organisation', 60),
    ('PROPERTY_STAFF',          '物业服务人员',          'Property-company staff', 70),
    ('OWNERS_COMMITTEE',        '业委会成员',            'Owners''-committee member', 80),
    ('NEW_EMPLOYMENT_WORKER',   '新就业群体(民情信息员)', 'New-employment worker (riders, couriers) as people''s-condition investigator', 90);

-- The managed list of volunteer types and skills (54, like the seeds' "白衣天使", "法律带头人").
-- Some need a certificate (a doctor's or lawyer's licence); holding such a skill counts only while
-- the certificate is valid.
CREATE TABLE volunteer_skill (
    code                  text PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9_]{1,39}$'),
    name_zh               text NOT NULL,
    name_en               text NOT NULL,
    certificate_required  boolean NOT NULL DEFAULT false,
    active                boolean NOT NULL DEFAULT true,
    sort_order            integer NOT NULL DEFAULT 0
);
INSERT INTO volunteer_skill (code, name_zh, name_en, certificate_required, sort_order) VALUES
    ('MEDIC',                '白衣天使(医生)',   'Medic (doctor)', true, 10),
    ('NURSE',                '护理',           'Nursing', true, 20),
    ('LEGAL',                '法律带头人',       'Legal helper (lawyer)', true, 30),
    ('LEGAL_AID',            '法律宣传',        'Legal awareness', false, 40),
    ('PSYCHOLOGICAL',        '心理疏导',        'Psychological counselling', true, 50),
    ('FIRST_AID',            '应急救护',        'First aid', true, 60),
    ('TEACHER',              '教师',           'Teacher', false, 70),
    ('TUTORING',             '课业辅导',        'Homework tutoring', false, 80),
    ('ELECTRICIAN',          '电工',           'Electrician', true, 90),
    ('PLUMBER',              '水暖维修',        'Plumbing', false, 100),
    ('APPLIANCE_REPAIR',     '家电维修',        'Appliance repair', false, 110),
    ('SIGN_LANGUAGE',        '手语',           'Sign language', false, 120),
    ('ELDER_CARE',           '助老服务',        'Elderly care', false, 130),
    ('ELDER_VISIT',          '关爱探访',        'Visiting people living alone', false, 140),
    ('DISABILITY_SUPPORT',   '助残服务',        'Disability support', false, 150),
    ('CHILD_CARE',           '儿童托管',        'Child care', false, 160),
    ('HAIRDRESSING',         '义务理发',        'Haircuts', false, 170),
    ('COOKING',              '助餐送餐',        'Meals and delivery', false, 180),
    ('CLEANING',             '环境清洁',        'Clean-up', false, 190),
    ('GARBAGE_SORTING',      '垃圾分类督导',     'Waste-sorting guide', false, 200),
    ('GREENING',             '绿化养护',        'Greening', false, 210),
    ('PATROL',               '平安巡逻',        'Safety patrol', false, 220),
    ('FIRE_SAFETY',          '消防宣传',        'Fire safety', false, 230),
    ('TRAFFIC',              '交通劝导',        'Traffic guidance', false, 240),
    ('ANTI_FRAUD',           '反诈宣传',        'Anti-fraud awareness', false, 250),
    ('MEDIATION',            '矛盾调解',        'Dispute mediation', false, 260),
    ('PHOTOGRAPHY',          '摄影摄像',        'Photography', false, 270),
    ('DESIGN',               '宣传设计',        'Posters and design', false, 280),
    ('IT_SUPPORT',           '电脑网络',        'Computers and networks', false, 290),
    ('SMARTPHONE_HELP',      '智能手机教学',     'Smartphone help for the elderly', false, 300),
    ('TRANSLATION_EN',       '英语翻译',        'English interpreting', false, 310),
    ('TRANSLATION_KO',       '韩语翻译',        'Korean interpreting', false, 320),
    ('TRANSLATION_JA',       '日语翻译',        'Japanese interpreting', false, 330),
    ('DIALECT',              '方言沟通',        'Local dialect', false, 340),
    ('CALLIGRAPHY',          '书法',           'Calligraphy', false, 350),
    ('PAINTING',             '绘画',           'Painting', false, 360),
    ('MUSIC',                '文艺演出',        'Music and performance', false, 370),
    ('DANCE',                '广场舞指导',       'Dance', false, 380),
    ('SPORTS',               '健身指导',        'Fitness coaching', false, 390),
    ('READING',              '读书分享',        'Reading circles', false, 400),
    ('HEALTH_EDUCATION',     '健康宣教',        'Health education', false, 410),
    ('TCM',                  '中医理疗',        'Traditional Chinese medicine', true, 420),
    ('PHARMACIST',           '药学咨询',        'Pharmacy advice', true, 430),
    ('DRIVER',               '爱心车队',        'Driving', true, 440),
    ('ACCOUNTING',           '财务咨询',        'Accounting advice', false, 450),
    ('EMPLOYMENT',           '就业指导',        'Job coaching', false, 460),
    ('POLICY_ADVICE',        '政策宣讲',        'Policy explanation', false, 470),
    ('VETERAN_SUPPORT',      '退役军人服务',     'Veteran support', false, 480),
    ('EPIDEMIC_PREVENTION',  '卫生防疫',        'Disease prevention', false, 490),
    ('EMERGENCY_RESCUE',     '应急抢险',        'Emergency rescue', false, 500),
    ('FLOOD_PREVENTION',     '防汛值守',        'Flood watch', false, 510),
    ('EVENT_STAFF',          '活动保障',        'Event staffing', false, 520),
    ('INFORMATION_COLLECTION','民情信息采集',    'Neighbourhood information collection', false, 530),
    ('HOUSEKEEPING',         '家政服务',        'Housekeeping', false, 540);

-- A person who can be asked to help: self-registered from the mini program (account_id set) or
-- registered by a worker (no account). home is where distance is measured from; for someone who
-- gave only a community it is the community's centre (home_is_community), so one GiST index serves both.
CREATE TABLE volunteer (
    id                  bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    account_id          bigint UNIQUE REFERENCES account (id),
    name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
    phone               text,
    community_id        bigint NOT NULL REFERENCES community (id),
    home                geography(Point, 4326) NOT NULL,
    home_is_community   boolean NOT NULL DEFAULT false,
    categories          text[] NOT NULL DEFAULT '{}',
    languages           text[] NOT NULL DEFAULT '{}',
    monthly_hours_cap   integer NOT NULL DEFAULT 40 CHECK (monthly_hours_cap BETWEEN 1 AND 300),
    availability        text NOT NULL DEFAULT '',
    registered_by       bigint REFERENCES account (id),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX volunteer_home_gist ON volunteer USING gist (home);
CREATE INDEX volunteer_community_idx ON volunteer (community_id);

-- Skills held, with the certificate where the skill needs one. The person's home and community are
-- copied in (rewritten with the profile) so that "the nearest people who can do X" is one ordered
-- GiST scan on (skill_code, home).
CREATE TABLE volunteer_skill_held (
    volunteer_id         bigint NOT NULL REFERENCES volunteer (id) ON DELETE CASCADE,
    skill_code           text NOT NULL REFERENCES volunteer_skill (code),
    certificate_number   text,
    certificate_expires  date,
    home                 geography(Point, 4326) NOT NULL,
    community_id         bigint NOT NULL REFERENCES community (id),
    PRIMARY KEY (volunteer_id, skill_code)
);
CREATE INDEX volunteer_skill_held_skill_idx ON volunteer_skill_held (skill_code, volunteer_id);
CREATE INDEX volunteer_skill_held_near_gist ON volunteer_skill_held USING gist (skill_code, home);

-- Weekly availability as rows of OpeningHours.weeklyRows(): day 0 = Monday .. 6, minutes of
-- China local time; close_minute up to 2880 for an interval running past midnight.
CREATE TABLE volunteer_availability (
    volunteer_id  bigint NOT NULL REFERENCES volunteer (id) ON DELETE CASCADE,
    day           smallint NOT NULL CHECK (day BETWEEN 0 AND 6),
    open_minute   integer NOT NULL CHECK (open_minute BETWEEN 0 AND 1439),
    close_minute  integer NOT NULL CHECK (close_minute > open_minute AND close_minute <= 2880)
);
CREATE INDEX volunteer_availability_idx ON volunteer_availability (volunteer_id, day);

-- A task workers create. booked counts the places held (pending invitations and bookings); the
-- CHECK is the last line against overbooking, the row lock in the sign-up the first.
CREATE TABLE volunteer_task (
    id                   bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    community_id         bigint NOT NULL REFERENCES community (id),
    street_id            bigint NOT NULL REFERENCES street (id),
    kind                 text NOT NULL CHECK (kind IN ('VISIT_ELDERLY_ALONE', 'EVENT_STAFF', 'PATROL', 'LEGAL_CONSULTATION', 'SCREENING_DAY', 'OTHER')),
    title                text NOT NULL,
    description          text,
    required_skills      text[] NOT NULL DEFAULT '{}',
    skills_match         text NOT NULL DEFAULT 'ALL' CHECK (skills_match IN ('ALL', 'ANY')),
    starts_at            timestamptz NOT NULL,
    ends_at              timestamptz NOT NULL,
    period               tstzrange GENERATED ALWAYS AS (tstzrange(starts_at, ends_at)) STORED,
    place                geography(Point, 4326) NOT NULL,
    place_name           text,
    headcount            integer NOT NULL CHECK (headcount BETWEEN 1 AND 500),
    booked               integer NOT NULL DEFAULT 0,
    visibility           text NOT NULL CHECK (visibility IN ('COMMUNITY', 'STREET', 'PUBLIC')),
    status               text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'CLOSED', 'CANCELLED')),
    check_in_code        text NOT NULL,
    check_in_radius_m    integer NOT NULL DEFAULT 300 CHECK (check_in_radius_m BETWEEN 20 AND 5000),
    created_by           bigint NOT NULL REFERENCES account (id),
    created_at           timestamptz NOT NULL DEFAULT now(),
    closed_at            timestamptz,
    CONSTRAINT volunteer_task_window CHECK (ends_at > starts_at),
    CONSTRAINT volunteer_task_not_overbooked CHECK (booked BETWEEN 0 AND headcount)
);
CREATE INDEX volunteer_task_open_place_gist ON volunteer_task USING gist (place) WHERE status = 'OPEN';
CREATE INDEX volunteer_task_community_idx ON volunteer_task (community_id, starts_at DESC);
CREATE INDEX volunteer_task_ends_idx ON volunteer_task (ends_at) WHERE status = 'OPEN';

-- One person on one task: invited, then accepted or declined; or signed up directly. A person is
-- never on two overlapping tasks at once: the exclusion constraint holds under any concurrency.
CREATE TABLE volunteer_booking (
    id               bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    task_id          bigint NOT NULL REFERENCES volunteer_task (id),
    volunteer_id     bigint NOT NULL REFERENCES volunteer (id),
    status           text NOT NULL CHECK (status IN ('INVITED', 'ACCEPTED', 'DECLINED', 'EXPIRED', 'COMPLETED', 'SHORT', 'NO_SHOW')),
    source           text NOT NULL CHECK (source IN ('INVITATION', 'SIGN_UP')),
    period           tstzrange NOT NULL,
    active           boolean GENERATED ALWAYS AS (status IN ('ACCEPTED', 'COMPLETED', 'SHORT')) STORED,
    score            numeric(5, 4),
    invited_at       timestamptz,
    answered_at      timestamptz,
    checked_in_at    timestamptz,
    check_in_method  text CHECK (check_in_method IN ('POSITION', 'CODE')),
    checked_out_at   timestamptz,
    check_out_method text CHECK (check_out_method IN ('POSITION', 'CODE')),
    credited_minutes integer,
    created_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (task_id, volunteer_id),
    CONSTRAINT volunteer_booking_no_overlap EXCLUDE USING gist (volunteer_id WITH =, period WITH &&) WHERE (active)
);
CREATE INDEX volunteer_booking_volunteer_idx ON volunteer_booking (volunteer_id, status);
CREATE INDEX volunteer_booking_task_idx ON volunteer_booking (task_id, status);

-- The time bank: service hours per person, append-only. Service entries come from check-out; a
-- correction is a new entry (positive or negative) with a reason, never an edit.
CREATE TABLE service_hours_entry (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    volunteer_id       bigint NOT NULL REFERENCES volunteer (id),
    kind               text NOT NULL CHECK (kind IN ('SERVICE', 'CORRECTION')),
    minutes            integer NOT NULL CHECK (minutes <> 0),
    task_id            bigint REFERENCES volunteer_task (id),
    booking_id         bigint REFERENCES volunteer_booking (id),
    corrects_entry_id  bigint REFERENCES service_hours_entry (id),
    reason             text,
    served_on          date NOT NULL,
    recorded_by        bigint REFERENCES account (id),
    recorded_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT service_hours_entry_shape CHECK (
        (kind = 'SERVICE' AND booking_id IS NOT NULL AND minutes > 0)
        OR (kind = 'CORRECTION' AND reason IS NOT NULL AND length(reason) >= 2))
);
CREATE UNIQUE INDEX service_hours_entry_booking_idx ON service_hours_entry (booking_id) WHERE kind = 'SERVICE';
CREATE INDEX service_hours_entry_volunteer_idx ON service_hours_entry (volunteer_id, served_on);

CREATE FUNCTION service_hours_entry_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'service_hours_entry is append-only: add a correction instead';
END $$;
CREATE TRIGGER service_hours_entry_append_only BEFORE UPDATE OR DELETE ON service_hours_entry
    FOR EACH ROW EXECUTE FUNCTION service_hours_entry_is_append_only();

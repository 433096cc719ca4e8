-- Languages and time zones (SPEC "Languages and time zones").

-- Each operator's own language and time zone; NULL means "not chosen": the language then
-- follows the browser's Accept-Language, the zone the organisation's. Zone names are IANA
-- names checked by the application against the tz database it carries (chrono-tz), which
-- PostgreSQL's own list may not match exactly, so the database only refuses blanks.
ALTER TABLE operators
    ADD COLUMN language TEXT CHECK (language IN ('en', 'fr', 'zh-CN', 'hi')),
    ADD COLUMN time_zone TEXT CHECK (time_zone <> '');

-- The organisation's time zone: what an operator without a zone of their own sees.
ALTER TABLE installation
    ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC' CHECK (time_zone <> '');

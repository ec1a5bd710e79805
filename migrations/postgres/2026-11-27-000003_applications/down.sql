DROP TABLE calendar_generation;
DROP TABLE calendar_years;
DROP TABLE calendar_days;
DROP TABLE ratings;
DROP TABLE application_sequences;
DROP TABLE application_events;
DROP FUNCTION application_events_append_only();
DROP TABLE applications;
ALTER TABLE procedure_versions DROP COLUMN supplement_rule;

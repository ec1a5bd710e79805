DROP TABLE idempotency_keys;
DROP TABLE throttle_hits;
DROP TABLE sessions;
DROP TABLE users;
DROP TABLE offices;
DROP TABLE units;

DROP TABLE report_state;
DROP TABLE report_tallies;

DROP TABLE procedure_versions;
DROP TABLE procedures;
DROP TABLE fields;

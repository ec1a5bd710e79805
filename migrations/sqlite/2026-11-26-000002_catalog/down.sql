DROP TABLE catalog_generation;
DROP TABLE office_procedures;
DROP TABLE procedure_versions;
DROP TABLE procedures;
DROP TABLE fields;

DROP TABLE draft_files;
DROP TABLE application_drafts;
DROP TABLE application_files;
DROP TABLE file_contents;

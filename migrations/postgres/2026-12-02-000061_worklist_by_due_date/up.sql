-- The specialist's worklist: an office's applications in a few statuses, by due date, also
-- of one procedure or one field.
CREATE INDEX applications_handling_due ON applications (handling_office_id, status, due_at, id);
CREATE INDEX applications_handling_procedure_due ON applications (handling_office_id, procedure_code, status, due_at, id);
CREATE INDEX applications_handling_field_due ON applications (handling_office_id, field_code, status, due_at, id);

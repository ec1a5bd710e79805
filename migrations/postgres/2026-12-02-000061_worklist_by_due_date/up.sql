-- The specialist's worklist: an office's applications in a few statuses, by due date.
CREATE INDEX applications_handling_due ON applications (handling_office_id, status, due_at, id);

-- The reception desk's queues (web::staff::desk): one office's applications by status,
-- oldest first (waiting to be received, supplements back, results ready), and its open
-- applications by due date (due today).
CREATE INDEX applications_desk_queue ON applications (receiving_office_id, status, submitted_at, id);
CREATE INDEX applications_desk_due ON applications (receiving_office_id, status, due_at);

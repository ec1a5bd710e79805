DROP INDEX applications_desk_due;
DROP INDEX applications_desk_queue;

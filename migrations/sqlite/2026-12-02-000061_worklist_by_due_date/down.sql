DROP INDEX applications_handling_due;

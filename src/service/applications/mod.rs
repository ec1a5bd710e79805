//! Submission, the lifecycle's actions, tracking and ratings: every change to an application
//! goes through one write path.

//! R1's load: workers that each own their applications, so each knows what to expect.

use std::time::Instant;

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::client::{Answer, Ctx, Sent, actions_from, send_action, status_of, version_of};
use crate::applications::{desk_body, online_body};

/// An application as its worker last knew it.
pub struct Known {
    pub sent: Sent,
    pub answer: Answer,
    pub status: i64,
    pub version: i64,
    /// Acknowledged events: (seq, to_status).
    pub acked: Vec<(i64, i64)>,
    /// An action was in flight when the server died: the row may be one event further.
    pub in_doubt: bool,
    pub rated: bool,
    pub rating_in_doubt: bool,
}

/// What a worker saw acknowledged, and what was in flight when the server died.
#[derive(Default)]
pub struct Tally {
    pub submissions: usize,
    pub actions: usize,
    pub ratings: usize,
    pub submissions_in_doubt: usize,
    pub submissions_committed: usize,
    pub actions_in_doubt: usize,
    pub actions_committed: usize,
    pub ratings_in_doubt: usize,
}

/// One worker of the R1 load: its own applications, so it always knows what it expects.
pub struct Worker {
    id: usize,
    rng: fastrand::Rng,
    pub apps: Vec<Known>,
    /// Submissions in flight when the server died.
    pending: Vec<Sent>,
    /// Submissions acknowledged since the last check.
    fresh: Vec<usize>,
    sent: usize,
    pub tally: Tally,
}

impl Worker {
    pub fn new(id: usize, seed: u64) -> Self {
        Self {
            id,
            rng: fastrand::Rng::with_seed(seed),
            apps: Vec::new(),
            pending: Vec::new(),
            fresh: Vec::new(),
            sent: 0,
            tally: Tally::default(),
        }
    }

    /// Writes until the server stops answering (or `until`, should it never be killed).
    pub async fn run(&mut self, ctx: &Ctx<'_>, until: Instant) {
        while Instant::now() < until {
            if !self.step(ctx).await {
                return;
            }
        }
    }

    /// One write; false when the server did not answer.
    async fn step(&mut self, ctx: &Ctx<'_>) -> bool {
        let ratable: Vec<usize> = (0..self.apps.len())
            .filter(|&i| self.apps[i].status == 10 && !self.apps[i].rated)
            .collect();
        let active: Vec<usize> = (0..self.apps.len())
            .filter(|&i| !actions_from(self.apps[i].status).is_empty())
            .collect();
        let roll = self.rng.u32(0..100);
        if roll < 15 && !ratable.is_empty() {
            let i = ratable[self.rng.usize(0..ratable.len())];
            self.rate(ctx, i).await
        } else if roll < 70 && !active.is_empty() {
            let i = active[self.rng.usize(0..active.len())];
            self.act(ctx, i).await
        } else {
            self.submit(ctx).await
        }
    }

    async fn submit(&mut self, ctx: &Ctx<'_>) -> bool {
        let clerk = self.rng.bool();
        let mut body = if clerk { desk_body() } else { online_body() };
        body["applicant"]["address"] = json!(format!("Số {} Hàng Bài", self.sent));
        let sent = Sent {
            key: format!("w{}-{}", self.id, self.sent),
            body,
            clerk,
        };
        self.sent += 1;
        match ctx.submit(&sent).await {
            None => {
                self.pending.push(sent);
                false
            }
            Some((replayed, answer, body)) => {
                assert!(!replayed, "a new key is not a replay");
                self.tally.submissions += 1;
                self.adopt(sent, answer, &body, true);
                true
            }
        }
    }

    /// Keeps a submission's application; `acked` when its answer was read before any kill.
    fn adopt(&mut self, sent: Sent, answer: Answer, body: &Value, acked: bool) {
        let (status, version) = (status_of(body), version_of(body));
        self.fresh.push(self.apps.len());
        self.apps.push(Known {
            sent,
            answer,
            status,
            version,
            acked: if acked {
                vec![(version, status)]
            } else {
                Vec::new()
            },
            in_doubt: false,
            rated: false,
            rating_in_doubt: false,
        });
    }

    async fn act(&mut self, ctx: &Ctx<'_>, i: usize) -> bool {
        let choices = actions_from(self.apps[i].status);
        let choice = &choices[self.rng.usize(0..choices.len())];
        let if_match = self.rng.bool();
        let app = &mut self.apps[i];
        match send_action(ctx, &app.answer.code, choice, app.version, if_match).await {
            None => {
                app.in_doubt = true;
                false
            }
            Some((status, body)) => {
                assert_eq!(
                    status,
                    StatusCode::OK,
                    "{} {}: {body}",
                    choice.0,
                    app.answer.code
                );
                app.status = status_of(&body);
                app.version = version_of(&body);
                app.acked.push((app.version, app.status));
                self.tally.actions += 1;
                true
            }
        }
    }

    async fn rate(&mut self, ctx: &Ctx<'_>, i: usize) -> bool {
        let overall = self.rng.u8(1..=5);
        let app = &mut self.apps[i];
        match ctx.rate(app, overall).await {
            None => {
                app.rating_in_doubt = true;
                false
            }
            Some((status, body)) => {
                assert_eq!(
                    status,
                    StatusCode::CREATED,
                    "rating {}: {body}",
                    app.answer.code
                );
                app.rated = true;
                self.tally.ratings += 1;
                true
            }
        }
    }

    /// After a restart: finds out what the writes in flight at the kill did.
    pub async fn settle(&mut self, ctx: &Ctx<'_>) {
        for sent in std::mem::take(&mut self.pending) {
            let (replayed, answer, body) = ctx
                .submit(&sent)
                .await
                .expect("the restarted server answers");
            self.tally.submissions_in_doubt += 1;
            if replayed {
                self.tally.submissions_committed += 1;
            }
            self.adopt(sent, answer, &body, false);
        }
        for app in &mut self.apps {
            if app.in_doubt {
                let view = ctx.view(&app.answer.code).await;
                let version = version_of(&view);
                assert!(
                    version == app.version || version == app.version + 1,
                    "{}: version {version} after {}",
                    app.answer.code,
                    app.version
                );
                self.tally.actions_in_doubt += 1;
                if version > app.version {
                    self.tally.actions_committed += 1;
                }
                app.version = version;
                app.status = status_of(&view);
                app.in_doubt = false;
            }
            if app.rating_in_doubt {
                let (status, body) = ctx.rate(app, 3).await.expect("the server answers");
                assert!(
                    status == StatusCode::CREATED
                        || (status == StatusCode::CONFLICT && body["code"] == "already_rated"),
                    "{status}: {body}"
                );
                self.tally.ratings_in_doubt += 1;
                app.rated = true;
                app.rating_in_doubt = false;
            }
        }
    }

    /// Sends the submissions acknowledged since the last check again, and a few older ones:
    /// each must get its first answer back. Returns how many were sent again.
    pub async fn retry_acknowledged(&mut self, ctx: &Ctx<'_>) -> usize {
        let mut picks = std::mem::take(&mut self.fresh);
        for _ in 0..3.min(self.apps.len()) {
            picks.push(self.rng.usize(0..self.apps.len()));
        }
        for &i in &picks {
            let app = &self.apps[i];
            let (replayed, answer, _) = ctx.submit(&app.sent).await.expect("the server answers");
            assert!(replayed, "{}: a retry is a replay", app.answer.code);
            assert_eq!(answer, app.answer, "the retry gets the first answer");
        }
        picks.len()
    }
}

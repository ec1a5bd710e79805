//! Due-date throughput on the default calendar (Vietnam 2020–2027): `cargo bench --bench due_date`.
//!
//! Each iteration computes the due dates of a batch of applications received at pseudo-random
//! times across 2025–2026, so criterion's elements/s is due dates per second on one core.

use std::hint::black_box;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use motcua::domain::calendar::{Calendar, Segment, TimeLimit};
use motcua::domain::procedure::TimeUnit;

const BATCH: usize = 4096;

/// A small deterministic generator (xorshift64*), so every run measures the same inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % below
    }
}

struct Input {
    start: NaiveDateTime,
    amount: i64,
    /// Two closed segments (a supplement pause, then a payment pause) and a running one.
    paused: [Segment; 3],
}

fn inputs(calendar: &Calendar) -> Vec<Input> {
    let origin = NaiveDate::from_ymd_opt(2025, 1, 1)
        .unwrap_or_default()
        .and_time(NaiveTime::MIN);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut minutes = |days: u64| TimeDelta::minutes(rng.next(days * 1440) as i64);
    (0..BATCH)
        .map(|_| {
            let start = calendar.clock_start(origin + minutes(730));
            let first_pause = start + minutes(10);
            let resumed = calendar.clock_start(first_pause + minutes(20));
            let second_pause = resumed + minutes(5);
            let paid = calendar.clock_start(second_pause + minutes(10));
            Input {
                start,
                amount: 1 + (start.and_utc().timestamp() / 60 % 30),
                paused: [
                    Segment {
                        start,
                        end: Some(first_pause),
                        restart: false,
                    },
                    Segment {
                        start: resumed,
                        end: Some(second_pause),
                        restart: false,
                    },
                    Segment {
                        start: paid,
                        end: None,
                        restart: false,
                    },
                ],
            }
        })
        .collect()
}

fn due_dates(c: &mut Criterion) {
    let calendar = Calendar::vn_default();
    let inputs = inputs(&calendar);
    let mut group = c.benchmark_group("due");
    group.throughput(Throughput::Elements(BATCH as u64));

    let running = |unit: TimeUnit, fixed: Option<i64>| {
        let calendar = &calendar;
        let inputs = &inputs;
        move || {
            for input in inputs {
                let limit = TimeLimit {
                    amount: fixed.unwrap_or(input.amount),
                    unit,
                };
                let segment = Segment {
                    start: input.start,
                    end: None,
                    restart: false,
                };
                black_box(calendar.due(black_box(limit), black_box(&[segment])));
            }
        }
    };
    group.bench_function("working_days_15", |b| {
        b.iter(running(TimeUnit::WorkingDays, Some(15)))
    });
    group.bench_function("working_days_1_to_30", |b| {
        b.iter(running(TimeUnit::WorkingDays, None))
    });
    group.bench_function("working_hours_1_to_30", |b| {
        b.iter(running(TimeUnit::WorkingHours, None))
    });
    group.bench_function("calendar_days_1_to_30", |b| {
        b.iter(running(TimeUnit::CalendarDays, None))
    });

    group.bench_function("paused_3_segments_resume", |b| {
        b.iter(|| {
            for input in &inputs {
                let limit = TimeLimit {
                    amount: input.amount,
                    unit: TimeUnit::WorkingDays,
                };
                black_box(calendar.due(black_box(limit), black_box(&input.paused)));
            }
        })
    });
    group.bench_function("paused_3_segments_restart", |b| {
        b.iter(|| {
            for input in &inputs {
                let limit = TimeLimit {
                    amount: input.amount,
                    unit: TimeUnit::WorkingDays,
                };
                let mut segments = input.paused;
                segments[2].restart = true;
                black_box(calendar.due(black_box(limit), black_box(&segments)));
            }
        })
    });
    group.bench_function("deadline_report_3_segments", |b| {
        b.iter(|| {
            for input in &inputs {
                let limit = TimeLimit {
                    amount: input.amount,
                    unit: TimeUnit::WorkingDays,
                };
                black_box(calendar.deadline(black_box(limit), black_box(&input.paused)));
            }
        })
    });
    group.bench_function("clock_start", |b| {
        b.iter(|| {
            for input in &inputs {
                black_box(
                    calendar.clock_start(black_box(input.paused[1].end.unwrap_or(input.start))),
                );
            }
        })
    });
    group.finish();

    // Building the calendar: done once per change, not per due date.
    let mut setup = c.benchmark_group("setup");
    setup.throughput(Throughput::Elements(1));
    setup.bench_function("vn_default_calendar", |b| {
        b.iter(|| black_box(Calendar::vn_default()))
    });
    setup.finish();
}

criterion_group!(benches, due_dates);
criterion_main!(benches);

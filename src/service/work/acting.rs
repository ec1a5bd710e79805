//! An action taken with files: the result's file with `resolve` (for electronic return) or
//! the result's scan with `return` (the digitisation of results). The action is the JSON
//! API's (`act`) and the files go through the staff upload path, in one transaction: both
//! are recorded, or neither (a stale version keeps the file out too).

use crate::db::{DbConnection, write_transaction};
use crate::domain::application::Action;
use crate::domain::upload::Purpose;
use crate::error::Error;
use crate::service::Staff;
use crate::service::applications::actions::{ActionIn, act_within};
use crate::service::applications::views::ApplicationWithEvents;
use crate::service::calendar::cache::CalendarCache;
use crate::service::files::staff::{attach_by_staff_within, check_for_staff};
use crate::service::files::{Storage, Upload};
use crate::service::version::Expected;

/// Takes `action` as `act` does and attaches `result_files` (purpose `result`) with it.
/// Without files it is `act` itself.
#[allow(clippy::too_many_arguments)]
pub fn act_with_result(
    conn: &mut DbConnection,
    calendar: &CalendarCache,
    storage: &Storage,
    staff: &Staff,
    code: &str,
    action: Action,
    expected: Expected,
    body: ActionIn,
    result_files: Vec<Upload>,
) -> Result<ApplicationWithEvents, Error> {
    if !result_files.is_empty() && !matches!(action, Action::Resolve | Action::Return) {
        return Err(Error::field(
            "result_file",
            "not_here",
            "chỉ gửi kèm tệp kết quả khi giải quyết hoặc trả kết quả",
            "a result file goes only with resolving or returning",
        ));
    }
    let accepted = check_for_staff(storage, result_files)?;
    write_transaction(conn, |conn| {
        let done = act_within(conn, calendar, staff, code, action, expected, body)?;
        if !accepted.is_empty() {
            attach_by_staff_within(conn, storage, staff, code, Purpose::Result, None, accepted)?;
        }
        Ok(done)
    })
}

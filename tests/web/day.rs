//! A whole day at a desk, through the pages alone: the clerk receives an application at the
//! desk intake and prints slip 01, hands it over; the specialist finds it in the worklist and
//! resolves it; the clerk opens it by its code and returns the result; the citizen follows
//! slip 01's link, sees the result returned and rates the service.

use fantoccini::Locator;

use crate::helpers::{Browser, file_to_pick, pdf};
use crate::track::{AGENCY, District, PROCEDURE};

/// The staff forms' main button.
const SUBMIT: &str = "main form button.button[type=submit]";

async fn click(browser: &Browser, css: &str) {
    let at = browser.location().await;
    browser
        .client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} on {at}: {e}"))
        .click()
        .await
        .unwrap();
}

async fn sign_out(browser: &Browser) {
    browser
        .press("nav.staff-nav form[action='/staff/sign-out'] button")
        .await;
}

#[actix_web::test]
#[ignore = "needs chromium"]
async fn a_whole_day_from_desk_intake_to_the_citizens_rating() {
    let district = District::new().await;
    let browser = Browser::start(&district.app).await;

    // The clerk: the desk intake, the procedure found by words without accents.
    browser.sign_in("clerk1", "clerk1-password").await;
    assert_eq!(browser.location().await, "/staff/desk");
    browser.open("/staff/desk/intake?q=dang+ky+khai+sinh").await;
    click(&browser, &format!("a[href*='procedure={PROCEDURE}']")).await;
    browser
        .client
        .wait()
        .for_element(Locator::Css("form.intake"))
        .await
        .unwrap();
    browser.fill("name", "Nguyễn Văn An").await;
    browser.fill("id-number", "001203004567").await;
    browser.fill("phone", "0912345678").await;
    browser
        .attach("scans-0-", &file_to_pick("to-khai-khai-sinh.pdf", &pdf()))
        .await;
    click(&browser, "form.intake button[type=submit]").await;
    for _ in 0..400 {
        if browser.location().await.ends_with("/slips/01") {
            break;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(25)).await;
    }

    // Slip 01's print page, with the tracking link and the PIN.
    let at = browser.location().await;
    assert!(at.ends_with("/slips/01"), "{at}");
    let code = at
        .trim_start_matches("/staff/applications/")
        .trim_end_matches("/slips/01")
        .to_owned();
    let slip = browser.text_of(".page").await;
    assert!(
        slip.contains("Nguyễn Văn An") && slip.contains(&code),
        "{slip}"
    );
    let source = browser.client.source().await.unwrap();
    let prefix = format!("{}/track/", district.app.address);
    let start = source.find(&prefix).expect("the tracking link on slip 01");
    let link: String = source[start + district.app.address.len()..]
        .chars()
        .take_while(|c| !matches!(c, '<' | '"' | ' ' | '\''))
        .collect();
    let link = link.replace("&amp;", "&");
    browser.screenshots("day-slip-01").await;

    // Handed over to the agency.
    browser
        .open(&format!("/staff/applications/{code}/hand-over"))
        .await;
    browser
        .client
        .find(Locator::Id("to-office"))
        .await
        .unwrap()
        .select_by_value(AGENCY)
        .await
        .unwrap();
    browser.press(SUBMIT).await;
    assert!(
        browser.location().await.contains("done=hand-over"),
        "{}",
        browser.location().await
    );
    sign_out(&browser).await;

    // The specialist: the worklist, the application, resolved.
    browser.sign_in("spec1", "spec1-password").await;
    assert_eq!(browser.location().await, "/staff/work");
    click(
        &browser,
        &format!("main a[href='/staff/applications/{code}']"),
    )
    .await;
    browser
        .client
        .wait()
        .for_element(Locator::Css("main h1"))
        .await
        .unwrap();
    click(
        &browser,
        &format!("a[href='/staff/applications/{code}/resolve']"),
    )
    .await;
    browser
        .client
        .wait()
        .for_element(Locator::Id("outcome"))
        .await
        .unwrap();
    click(&browser, "label[for='outcome']").await;
    browser.press(SUBMIT).await;
    assert!(browser.location().await.contains("done=resolve"));
    sign_out(&browser).await;

    // The clerk: the result waits at the desk; opened by its code as a scanner types it.
    browser.sign_in("clerk1", "clerk1-password").await;
    assert!(browser.main_text().await.contains(&code));
    browser.fill("code", &code.to_lowercase()).await;
    browser.press("form.desk-open button[type=submit]").await;
    assert_eq!(
        browser.location().await,
        format!("/staff/applications/{code}")
    );
    click(
        &browser,
        &format!("a[href='/staff/applications/{code}/return']"),
    )
    .await;
    browser
        .client
        .wait()
        .for_element(Locator::Id("delivery"))
        .await
        .unwrap();
    click(&browser, "label[for='delivery']").await;
    browser.press(SUBMIT).await;
    assert!(browser.location().await.contains("done=return"));
    sign_out(&browser).await;

    // The citizen: slip 01's link, the result returned, the rating.
    browser.open(&link).await;
    let status = browser.main_text().await;
    assert!(status.contains("Đã trả kết quả"), "{status}");
    click(&browser, &format!("main a[href^='/track/{code}/rate']")).await;
    browser
        .client
        .wait()
        .for_element(Locator::Id("overall"))
        .await
        .unwrap();
    click(&browser, "label[for=overall]").await;
    browser.press(SUBMIT).await;
    assert_eq!(browser.text_of("h1").await, "Cảm ơn bạn đã đánh giá");
    browser.close().await;
}

//! Uploading usage data in the browser: bad rows, the error file, fix and re-upload.

use meterdesk::auth::model::Role;

use crate::ensure;
use crate::meters::sign_in;
use crate::support::app::TestApp;
use crate::support::browser::Browser;
use crate::support::fixtures::{customer, sum_meter};

fn write_temp(name: &str, content: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("md-e2e-{}", meterdesk::crypto::random_hex(4)));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

#[actix_web::test]
async fn an_operator_uploads_bad_rows_downloads_the_error_file_fixes_it_and_re_uploads() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "cus_a").await;
    customer(&api, "cus_b").await;
    let tokens = sum_meter(&api, "llm.tokens", "tokens").await;
    app.create_operator("ed@example.com", Role::Editor);
    let file = write_temp(
        "september.csv",
        b"timestamp,event_name,payload_customer_id,payload_tokens\n\
2024-09-23,llm.tokens,cus_a,100\n\
2024-09-23,llm.tokens,cus_typo,200\n\
2024-02-30,llm.tokens,cus_b,300\n\
2024-09-24,llm.tokens,cus_b,400\n",
    );
    let b = Browser::start(&app.addr).await;
    let result = async {
        sign_in(&b, "ed@example.com").await?;
        b.goto(&format!("/meters/{tokens}")).await?;
        let input = b
            .client
            .find(fantoccini::Locator::Css("#add-usage input[type=file]"))
            .await?;
        input.send_keys(&file.display().to_string()).await?;
        b.click("#add-usage #upload-submit").await?;
        let path = b.wait_for_path(|p| p.starts_with("/uploads/")).await?;
        let original = path.trim_start_matches("/uploads/").to_string();
        ensure!(
            b.text("#rows-accepted").await? == "2",
            "accepted: {}",
            b.text("#rows-accepted").await?
        );
        ensure!(
            b.text("#rows-rejected").await? == "2",
            "rejected: {}",
            b.text("#rows-rejected").await?
        );
        ensure!(
            b.text("#upload-status").await?.contains("partially failed"),
            "status: {}",
            b.text("#upload-status").await?
        );

        b.click("#download-errors").await?;
        let errors = String::from_utf8(b.downloaded("-errors.csv").await?)?;
        ensure!(
            errors.contains("cus_typo") && errors.contains("2024-02-30") && errors.contains(",error"),
            "error file: {errors}"
        );
        ensure!(
            !errors.contains("cus_a,100"),
            "good rows are not in the error file"
        );

        let fixed = write_temp(
            "september-errors.csv",
            errors
                .replace("cus_typo", "cus_a")
                .replace("2024-02-30", "2024-09-25")
                .as_bytes(),
        );
        let input = b.client.find(fantoccini::Locator::Css("#f-fix-file")).await?;
        input.send_keys(&fixed.display().to_string()).await?;
        b.click("#upload-fix").await?;
        b.wait_for_path(|p| p.starts_with("/uploads/") && p != path)
            .await?;
        ensure!(b.text("#rows-accepted").await? == "2", "the fix was not accepted");
        b.goto(&path).await?;
        let fixed_count = b.text("#fixed-count").await?;
        ensure!(
            fixed_count.starts_with("2 of 2 rejected rows are now in"),
            "original {original}: {fixed_count}"
        );
        // Its status says so, here and in the list, instead of "partially failed".
        let status = b.text("#upload-status").await?;
        ensure!(
            status.contains("all rows stored after fixes"),
            "original's status: {status}"
        );
        b.goto("/usage").await?;
        let listed = b.text("#uploads-table").await?;
        ensure!(
            listed.contains("all rows stored after fixes") && !listed.contains("partially failed"),
            "the list: {listed}"
        );
        Ok(())
    }
    .await;
    b.finish(
        "an_operator_uploads_bad_rows_downloads_the_error_file_fixes_it_and_re_uploads",
        result,
    )
    .await;
}

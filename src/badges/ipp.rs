//! Printing to a printer over IPP (IPP Everywhere, CUPS): Print-Job with the PDF, then
//! Get-Job-Attributes until the printer says the job is done. Blocking calls: run them off the
//! async runtime.

use std::io::Cursor;
use std::time::Duration;

use ipp::operation::IppOperation;
use ipp::prelude::*;

/// How long one request may take, upload included (a batch of badges is a few megabytes).
const TIMEOUT: Duration = Duration::from_secs(60);
/// The name jobs are sent under, which CUPS also wants when asked about them.
const USER: &str = "lanyard";

/// Where a job stands, as the printer reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// Pending, held or processing.
    Waiting,
    Completed,
    /// Canceled or aborted, and why.
    Failed(String),
}

fn parse(uri: &str) -> Result<Uri, String> {
    uri.parse::<Uri>().map_err(|e| format!("not a printer address: {e}"))
}

fn send(uri: &Uri, op: impl IppOperation) -> Result<IppRequestResponse, String> {
    let client = IppClient::builder(uri.clone()).request_timeout(TIMEOUT).build();
    let response = client.send(op).map_err(|e| format!("the printer cannot be reached: {e}"))?;
    let status = response.header().status_code();
    if status.is_success() {
        return Ok(response);
    }
    let message = response
        .attributes()
        .first_of(DelimiterTag::OperationAttributes)
        .and_then(|g| g.get(IppAttribute::STATUS_MESSAGE))
        .map(|a| a.value().to_string())
        .unwrap_or_default();
    Err(format!("the printer refused the job ({status:?}) {message}").trim().to_owned())
}

/// Sends `pdf` as a job named `name`; the printer's job id.
pub fn print_pdf(uri: &str, pdf: Vec<u8>, name: &str) -> Result<i32, String> {
    let uri = parse(uri)?;
    let op = IppOperationBuilder::print_job(uri.clone(), IppPayload::new(Cursor::new(pdf)))
        .document_format("application/pdf")
        .job_title(name)
        .user_name(USER)
        .build()
        .map_err(|e| e.to_string())?;
    let response = send(&uri, op)?;
    response
        .attributes()
        .first_of(DelimiterTag::JobAttributes)
        .and_then(|g| g.get(IppAttribute::JOB_ID))
        .and_then(|a| a.value().as_integer().copied())
        .ok_or_else(|| "the printer gave no job id".to_owned())
}

/// Asks the printer how job `id` stands.
pub fn progress(uri: &str, id: i32) -> Result<Progress, String> {
    let uri = parse(uri)?;
    let op =
        IppOperationBuilder::get_job_attributes(uri.clone(), id).user_name(USER).build().map_err(|e| e.to_string())?;
    let response = send(&uri, op)?;
    let group =
        response.attributes().first_of(DelimiterTag::JobAttributes).ok_or("the printer gave no job attributes")?;
    let state = group.get(IppAttribute::JOB_STATE).and_then(|a| a.value().as_enum().copied()).ok_or("no job state")?;
    let why = || {
        let reasons: Vec<String> = group
            .get(IppAttribute::JOB_STATE_REASONS)
            .map(|a| a.value().into_iter().map(|v| v.to_string()).collect())
            .unwrap_or_default();
        let message = group.get(IppAttribute::JOB_STATE_MESSAGE).map(|a| a.value().to_string()).unwrap_or_default();
        format!("{message} ({})", reasons.join(", ")).trim().to_owned()
    };
    Ok(match JobState::from_i32(state) {
        Some(JobState::Completed) => Progress::Completed,
        Some(JobState::Canceled) => Progress::Failed(format!("canceled at the printer: {}", why())),
        Some(JobState::Aborted) => Progress::Failed(format!("the printer aborted the job: {}", why())),
        _ => Progress::Waiting,
    })
}

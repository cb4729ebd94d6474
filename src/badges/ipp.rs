//! Printing to a printer over IPP (IPP Everywhere, CUPS): Print-Job with the PDF, then
//! Get-Job-Attributes until the printer says the job is done. Blocking calls: run them off the
//! async runtime.

use std::io::Cursor;
use std::time::Duration;

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
    /// The printer does not know the job (it was restarted, or purged its history).
    Unknown,
}

/// Why a request did not get its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The printer answered that the job (or printer) does not exist.
    pub not_found: bool,
    pub text: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

fn failure(text: String) -> Failure {
    Failure { not_found: false, text }
}

fn parse(uri: &str) -> Result<Uri, Failure> {
    uri.parse::<Uri>().map_err(|e| failure(format!("not a printer address: {e}")))
}

/// A printer to send to: its address, and whether its own (self-signed) certificate is
/// accepted for `ipps`.
#[derive(Debug, Clone, Copy)]
pub struct Printer<'a> {
    pub uri: &'a str,
    pub unverified: bool,
}

fn send(printer: Printer, uri: &Uri, request: impl Into<IppRequestResponse>) -> Result<IppRequestResponse, Failure> {
    let client = IppClient::builder(uri.clone()).request_timeout(TIMEOUT).ignore_tls_errors(printer.unverified).build();
    let response = client.send(request).map_err(|e| {
        let e = e.to_string();
        // The usual ipps failure: a printer's own certificate, which no authority signed.
        let hint = if e.contains("certificate") {
            "; if the printer's certificate is its own (self-signed), tick \"Accept the printer's own certificate\" on the station"
        } else {
            ""
        };
        failure(format!("the printer cannot be reached: {e}{hint}"))
    })?;
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
    Err(Failure {
        not_found: status == StatusCode::ClientErrorNotFound,
        text: format!("the printer refused the request ({status:?}) {message}").trim().to_owned(),
    })
}

/// Sends `pdf` as a job named `name`; the printer's job id.
pub fn print_pdf(printer: Printer, pdf: Vec<u8>, name: &str) -> Result<i32, Failure> {
    let uri = parse(printer.uri)?;
    let op = IppOperationBuilder::print_job(uri.clone(), IppPayload::new(Cursor::new(pdf)))
        .document_format("application/pdf")
        .job_title(name)
        .user_name(USER)
        .build()
        .map_err(|e| failure(e.to_string()))?;
    let response = send(printer, &uri, op)?;
    response
        .attributes()
        .first_of(DelimiterTag::JobAttributes)
        .and_then(|g| g.get(IppAttribute::JOB_ID))
        .and_then(|a| a.value().as_integer().copied())
        .ok_or_else(|| failure("the printer gave no job id".to_owned()))
}

/// The id of the printer's job whose name contains `mark`, among all it remembers (done or
/// not): how a job whose sending was cut off is found.
pub fn find_job(printer: Printer, mark: &str) -> Result<Option<i32>, Failure> {
    let uri = parse(printer.uri)?;
    let op = IppOperationBuilder::get_jobs(uri.clone()).user_name(USER).build().map_err(|e| failure(e.to_string()))?;
    let mut request: IppRequestResponse = op.into();
    let keyword = |k: &str| k.try_into().map(IppValue::Keyword).map_err(|_| failure(format!("bad keyword {k}")));
    let name = |n: &str| ipp::value::IppName::try_from(n).map_err(|_| failure(format!("bad name {n}")));
    let which = IppAttribute::new(name(IppAttribute::WHICH_JOBS)?, keyword("all")?);
    let wanted = IppAttribute::new(
        name(IppAttribute::REQUESTED_ATTRIBUTES)?,
        IppValue::Array(vec![keyword(IppAttribute::JOB_ID)?, keyword(IppAttribute::JOB_NAME)?]),
    );
    request.attributes_mut().add(DelimiterTag::OperationAttributes, which);
    request.attributes_mut().add(DelimiterTag::OperationAttributes, wanted);
    let response = send(printer, &uri, request)?;
    let found = response.attributes().groups_of(DelimiterTag::JobAttributes).find_map(|job| {
        let name = job.get(IppAttribute::JOB_NAME)?.value().to_string();
        name.contains(mark).then(|| job.get(IppAttribute::JOB_ID)?.value().as_integer().copied())?
    });
    Ok(found)
}

/// Asks the printer how job `id` stands.
pub fn progress(printer: Printer, id: i32) -> Result<Progress, Failure> {
    let uri = parse(printer.uri)?;
    let op = IppOperationBuilder::get_job_attributes(uri.clone(), id)
        .user_name(USER)
        .build()
        .map_err(|e| failure(e.to_string()))?;
    let response = match send(printer, &uri, op) {
        Err(Failure { not_found: true, .. }) => return Ok(Progress::Unknown),
        other => other?,
    };
    let group = response
        .attributes()
        .first_of(DelimiterTag::JobAttributes)
        .ok_or_else(|| failure("the printer gave no job attributes".to_owned()))?;
    let state = group
        .get(IppAttribute::JOB_STATE)
        .and_then(|a| a.value().as_enum().copied())
        .ok_or_else(|| failure("no job state".to_owned()))?;
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

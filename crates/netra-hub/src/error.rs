//! The core's errors as HTTP answers: the status a client can branch on
//! and the core's `ErrorReport` (Indonesian message, per-field problems)
//! as the body, the same shape the Tauri kiosk receives.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use netra_core::{Error, ErrorCode, ErrorReport};

/// A refused request.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub report: ErrorReport,
}

pub type ApiResult<T> = Result<axum::Json<T>, ApiError>;

impl ApiError {
    pub fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            report: ErrorReport {
                code,
                message: message.into(),
                fields: Vec::new(),
            },
        }
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, ErrorCode::Invalid, message)
    }

    pub fn too_many() -> ApiError {
        ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::Busy,
            "Terlalu banyak permintaan dari perangkat ini; tunggu sebentar, lalu coba lagi",
        )
    }

    pub fn stopped() -> ApiError {
        Error::Closed(
            "Kiosk tambahan sudah dihentikan oleh panitia. Tanda tangan yang sudah terkirim tetap tersimpan"
                .into(),
        )
        .into()
    }
}

/// The status for each kind of failure.
pub fn status_of(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::Invalid | ErrorCode::BadFile => StatusCode::BAD_REQUEST,
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::Conflict => StatusCode::CONFLICT,
        ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
        ErrorCode::Forbidden => StatusCode::FORBIDDEN,
        ErrorCode::Closed | ErrorCode::Busy => StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::DiskFull => StatusCode::INSUFFICIENT_STORAGE,
        ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl From<Error> for ApiError {
    fn from(err: Error) -> ApiError {
        let report = ErrorReport::from(&err);
        ApiError {
            status: status_of(report.code),
            report,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let retry = matches!(self.report.code, ErrorCode::Busy);
        let mut res = (self.status, axum::Json(self.report)).into_response();
        if retry {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        res
    }
}

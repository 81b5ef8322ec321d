//! Dates and times the way Indonesian offices write them:
//! "Selasa, 9 Januari 2024", "pukul 09.00 WIB".

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike, Weekday};

const MONTHS: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

/// Indonesian name of a month, 1-based.
pub fn month_name(month: u32) -> &'static str {
    MONTHS[(month.clamp(1, 12) - 1) as usize]
}

/// Indonesian name of a weekday.
pub fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Senin",
        Weekday::Tue => "Selasa",
        Weekday::Wed => "Rabu",
        Weekday::Thu => "Kamis",
        Weekday::Fri => "Jumat",
        Weekday::Sat => "Sabtu",
        Weekday::Sun => "Minggu",
    }
}

/// "9 Januari 2024".
pub fn date(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), month_name(d.month()), d.year())
}

/// "Selasa, 9 Januari 2024".
pub fn day_and_date(d: NaiveDate) -> String {
    format!("{}, {}", weekday_name(d.weekday()), date(d))
}

/// "09.00" (Indonesian style uses a dot between hours and minutes).
pub fn time(t: NaiveTime) -> String {
    format!("{:02}.{:02}", t.hour(), t.minute())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    #[test]
    fn the_solok_sosialisasi_was_on_a_tuesday() {
        assert_eq!(day_and_date(d(2024, 1, 9)), "Selasa, 9 Januari 2024");
    }

    #[test]
    fn the_first_of_october_2023_was_a_sunday_although_a_seed_report_says_senin() {
        assert_eq!(day_and_date(d(2023, 10, 1)), "Minggu, 1 Oktober 2023");
        assert_eq!(day_and_date(d(2023, 10, 2)), "Senin, 2 Oktober 2023");
    }

    #[test]
    fn every_month_and_weekday_has_its_indonesian_name() {
        assert_eq!(day_and_date(d(2024, 9, 13)), "Jumat, 13 September 2024");
        assert_eq!(date(d(2024, 2, 29)), "29 Februari 2024");
        assert_eq!(date(d(2024, 8, 17)), "17 Agustus 2024");
        assert_eq!(day_and_date(d(2024, 8, 17)), "Sabtu, 17 Agustus 2024");
        assert_eq!(day_and_date(d(2024, 8, 18)), "Minggu, 18 Agustus 2024");
        assert_eq!(day_and_date(d(2024, 8, 21)), "Rabu, 21 Agustus 2024");
        assert_eq!(day_and_date(d(2024, 8, 22)), "Kamis, 22 Agustus 2024");
        assert_eq!(month_name(3), "Maret");
        assert_eq!(month_name(5), "Mei");
        assert_eq!(month_name(12), "Desember");
    }

    #[test]
    fn times_use_a_dot_and_two_digits() {
        let t = NaiveTime::from_hms_opt(9, 5, 0).expect("valid time");
        assert_eq!(time(t), "09.05");
    }
}

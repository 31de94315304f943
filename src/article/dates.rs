//! Front-matter dates: `2025-08-21`, `2025-08-21T10:00:00Z`, `2025-08-21 10:00:00 +0200`.

/// A date that exists on the calendar, with an optional time of day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Moment {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    /// Seconds since midnight UTC (the offset applied), when a time is given.
    pub seconds: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateError {
    /// Not shaped like a date at all.
    Shape,
    /// Shaped like one, but the day does not exist (`2025-02-30`).
    NoSuchDay { year: i32, month: u32, day: u32 },
    /// The time of day is malformed or out of range.
    Time,
}

impl Moment {
    pub fn parse(text: &str) -> Result<Moment, DateError> {
        let text = text.trim();
        let bytes = text.as_bytes();
        if bytes.len() < 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(DateError::Shape);
        }
        let number = |range: std::ops::Range<usize>| -> Result<u32, DateError> {
            let part = text.get(range).ok_or(DateError::Shape)?;
            if part.bytes().all(|b| b.is_ascii_digit()) {
                part.parse().map_err(|_| DateError::Shape)
            } else {
                Err(DateError::Shape)
            }
        };
        let year = number(0..4)? as i32;
        let month = number(5..7)?;
        let day = number(8..10)?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(DateError::NoSuchDay { year, month, day });
        }
        let rest = &text[10..];
        let seconds = if rest.is_empty() {
            None
        } else {
            let rest = rest.strip_prefix(['T', 't', ' ']).ok_or(DateError::Shape)?;
            Some(parse_time(rest.trim_start())?)
        };
        Ok(Moment {
            year,
            month,
            day,
            seconds,
        })
    }

    /// Seconds since 1970-01-01 UTC; a date without a time counts as midnight.
    pub fn timestamp(&self) -> i64 {
        days_from_civil(self.year, self.month, self.day) * 86_400 + self.seconds.unwrap_or(0)
    }
}

fn parse_time(text: &str) -> Result<i64, DateError> {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Result<i64, DateError> {
        let part = text.get(range).ok_or(DateError::Time)?;
        if !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()) {
            part.parse().map_err(|_| DateError::Time)
        } else {
            Err(DateError::Time)
        }
    };
    if bytes.len() < 5 || bytes[2] != b':' {
        return Err(DateError::Time);
    }
    let hour = digits(0..2)?;
    let minute = digits(3..5)?;
    let mut at = 5;
    let mut second = 0;
    if bytes.get(at) == Some(&b':') {
        second = digits(at + 1..at + 3)?;
        at += 3;
        if bytes.get(at) == Some(&b'.') {
            at += 1;
            while bytes.get(at).is_some_and(u8::is_ascii_digit) {
                at += 1;
            }
        }
    }
    if hour > 23 || minute > 59 || second > 60 {
        return Err(DateError::Time);
    }
    let zone = text[at..].trim_start();
    let offset = match zone {
        "" | "Z" | "z" => 0,
        _ => {
            let sign = match zone.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return Err(DateError::Time),
            };
            let zone = zone[1..].replace(':', "");
            if zone.len() != 4 || !zone.bytes().all(|b| b.is_ascii_digit()) {
                return Err(DateError::Time);
            }
            let hours: i64 = zone[..2].parse().map_err(|_| DateError::Time)?;
            let minutes: i64 = zone[2..].parse().map_err(|_| DateError::Time)?;
            if hours > 23 || minutes > 59 {
                return Err(DateError::Time);
            }
            sign * (hours * 3600 + minutes * 60)
        }
    };
    Ok(hour * 3600 + minute * 60 + second - offset)
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

impl DateError {
    /// Why a day does not exist: "February 2025 has 28 days", "there is no
    /// month 13". `None` for the other errors.
    pub fn why_no_such_day(&self) -> Option<String> {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let DateError::NoSuchDay { year, month, .. } = *self else {
            return None;
        };
        Some(match MONTHS.get((month as usize).wrapping_sub(1)) {
            Some(name) => format!("{name} {year} has {} days", days_in_month(year, month)),
            None => format!("there is no month {month}: months go from 01 to 12"),
        })
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let year = i64::from(year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_impossible_day_is_explained() {
        let why = |text: &str| Moment::parse(text).err().and_then(|e| e.why_no_such_day());
        assert_eq!(
            why("2025-02-30").as_deref(),
            Some("February 2025 has 28 days")
        );
        assert_eq!(
            why("2024-02-30T10:00:00Z").as_deref(),
            Some("February 2024 has 29 days")
        );
        assert_eq!(
            why("2025-13-01").as_deref(),
            Some("there is no month 13: months go from 01 to 12")
        );
        assert_eq!(
            why("2025-00-10").as_deref(),
            Some("there is no month 0: months go from 01 to 12")
        );
        assert_eq!(why("2025-04-00").as_deref(), Some("April 2025 has 30 days"));
        assert_eq!(why("2025-04-30"), None);
        assert_eq!(why("yesterday"), None);
    }

    #[test]
    fn real_dates_parse_and_impossible_ones_do_not() {
        assert!(Moment::parse("2024-02-29").is_ok());
        assert!(matches!(
            Moment::parse("2025-02-29"),
            Err(DateError::NoSuchDay { day: 29, .. })
        ));
        assert!(matches!(
            Moment::parse("2025-13-45"),
            Err(DateError::NoSuchDay { month: 13, .. })
        ));
        assert_eq!(Moment::parse("yesterday"), Err(DateError::Shape));
        assert_eq!(Moment::parse("2025-01-01T25:00:00Z"), Err(DateError::Time));
        assert!(Moment::parse("2025-08-21T00:00:00Z").is_ok());
        assert!(Moment::parse("2025-08-21 10:00:00 +02:00").is_ok());
        assert!(Moment::parse("2025-08-21T10:00:00.123+0200").is_ok());
    }

    #[test]
    fn timestamps_order_moments_and_apply_offsets() {
        let epoch = Moment::parse("1970-01-01").unwrap();
        assert_eq!(epoch.timestamp(), 0);
        let later = Moment::parse("2000-03-01T00:00:00Z").unwrap();
        assert_eq!(later.timestamp(), 951_868_800);
        let east = Moment::parse("2025-01-01T01:00:00+02:00").unwrap();
        let utc = Moment::parse("2024-12-31T23:30:00Z").unwrap();
        assert!(east.timestamp() < utc.timestamp());
    }
}

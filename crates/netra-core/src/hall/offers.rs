//! The short-lived tokens the organiser shows as QR codes: a pairing offer
//! that one tablet may take within two minutes, and the phone code that
//! rotates while it is on screen, so a photo sent out of the hall soon
//! stops working. Pure state with the clock passed in; the hub holds it.

use chrono::{DateTime, Duration, Utc};

use super::tokens;

/// How long a pairing QR can be used.
pub const PAIRING_SECONDS: i64 = 120;
/// How often the phone code changes; the one before stays good for one
/// more period, so a phone that scanned just before a change still gets in.
pub const PHONE_ROTATE_SECONDS: i64 = 30;
/// Pairing offers open at once (a new one is shown per tablet).
const MAX_OFFERS: usize = 16;

/// A pairing token shown once, with when it stops working.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

/// Open pairing offers; each can be taken once.
#[derive(Debug, Default)]
pub struct Pairings {
    open: Vec<Offer>,
}

impl Pairings {
    /// A new offer; the oldest open one is dropped past [`MAX_OFFERS`].
    pub fn offer(&mut self, now: DateTime<Utc>) -> Offer {
        self.open.retain(|o| o.expires_at > now);
        if self.open.len() >= MAX_OFFERS {
            self.open.remove(0);
        }
        let offer = Offer {
            token: tokens::new_token(),
            expires_at: now + Duration::seconds(PAIRING_SECONDS),
        };
        self.open.push(offer.clone());
        offer
    }

    /// Whether `token` could be taken now.
    pub fn is_open(&mut self, token: &str, now: DateTime<Utc>) -> bool {
        self.open.retain(|o| o.expires_at > now);
        self.open.iter().any(|o| tokens::same(&o.token, token))
    }

    /// Takes `token` if it is open and not expired; it cannot be taken again.
    pub fn take(&mut self, token: &str, now: DateTime<Utc>) -> Result<(), Expired> {
        self.open.retain(|o| o.expires_at > now);
        match self.open.iter().position(|o| tokens::same(&o.token, token)) {
            Some(i) => {
                self.open.remove(i);
                Ok(())
            }
            None => Err(Expired),
        }
    }

    /// Ends every open offer (the hub stops).
    pub fn clear(&mut self) {
        self.open.clear();
    }
}

/// The token is unknown, used or past its time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expired;

/// The phone code: rotates every [`PHONE_ROTATE_SECONDS`] while shown.
#[derive(Debug)]
pub struct PhoneCode {
    current: String,
    previous: Option<String>,
    since: DateTime<Utc>,
}

impl PhoneCode {
    pub fn new(now: DateTime<Utc>) -> PhoneCode {
        PhoneCode {
            current: tokens::new_token(),
            previous: None,
            since: now,
        }
    }

    fn roll(&mut self, now: DateTime<Utc>) {
        let period = Duration::seconds(PHONE_ROTATE_SECONDS);
        if now - self.since >= period * 2 {
            // Nobody looked for two periods: both old codes are stale.
            *self = PhoneCode::new(now);
        } else if now - self.since >= period {
            let next = tokens::new_token();
            self.previous = Some(std::mem::replace(&mut self.current, next));
            self.since = now;
        }
    }

    /// The code to show now, and when it will change.
    pub fn current(&mut self, now: DateTime<Utc>) -> (String, DateTime<Utc>) {
        self.roll(now);
        let next = self.since + Duration::seconds(PHONE_ROTATE_SECONDS);
        (self.current.clone(), next)
    }

    /// Whether a phone that scanned `token` may open a session now.
    pub fn accepts(&mut self, token: &str, now: DateTime<Utc>) -> bool {
        self.roll(now);
        tokens::same(&self.current, token)
            || self
                .previous
                .as_deref()
                .is_some_and(|p| tokens::same(p, token))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_700_000_000 + s, 0).unwrap_or_default()
    }

    #[test]
    fn a_pairing_offer_is_taken_once_and_only_within_two_minutes() {
        let mut p = Pairings::default();
        let a = p.offer(t(0));
        let b = p.offer(t(0));
        assert_eq!(p.take(&a.token, t(10)), Ok(()));
        assert_eq!(p.take(&a.token, t(11)), Err(Expired), "used");
        assert_eq!(p.take(&b.token, t(PAIRING_SECONDS)), Err(Expired), "late");
        assert_eq!(p.take("nonsense", t(1)), Err(Expired));
    }

    #[test]
    fn a_photo_of_the_phone_code_stops_working_within_two_periods() {
        let mut code = PhoneCode::new(t(0));
        let (first, change) = code.current(t(0));
        assert_eq!(change, t(PHONE_ROTATE_SECONDS));
        assert!(code.accepts(&first, t(5)));
        let (second, _) = code.current(t(PHONE_ROTATE_SECONDS));
        assert_ne!(first, second);
        assert!(code.accepts(&first, t(PHONE_ROTATE_SECONDS + 1)), "grace");
        code.current(t(2 * PHONE_ROTATE_SECONDS));
        assert!(!code.accepts(&first, t(2 * PHONE_ROTATE_SECONDS + 1)));
        assert!(code.accepts(&second, t(2 * PHONE_ROTATE_SECONDS + 1)));
        assert!(!code.accepts(&second, t(10 * PHONE_ROTATE_SECONDS)), "idle");
    }
}

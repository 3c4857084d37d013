//! Masking (脱敏) of contact details in lists, searches, exports and webhooks
//! (SPEC section 2, seed 002). The full value only comes from a reveal call.

/// Digits a phone number of 8 or more digits keeps at its start.
const KEPT_LEADING: usize = 3;
/// Digits a phone number of 8 or more digits keeps at its end.
const KEPT_TRAILING: usize = 4;
/// Digits a short number keeps at its end; fewer than 8 digits would otherwise
/// leave almost nothing hidden.
const KEPT_TRAILING_SHORT: usize = 2;
/// Below this many digits a number only keeps its last two.
const FULL_NUMBER_DIGITS: usize = KEPT_LEADING + KEPT_TRAILING + 1;

/// A phone number as lists show it: first 3 and last 4 digits, the others starred.
///
/// Separators (dashes, spaces, `+`, parentheses) stay where they are so the
/// number keeps its shape: `010-62345678` → `010-****5678`. A number of fewer
/// than 8 digits keeps only its last 2; text without any digit is starred
/// except for its spaces. Any Unicode digit (e.g. full-width `１`) counts as a
/// digit, so none slips through unmasked.
pub fn mask_phone(phone: &str) -> String {
    let digits = phone.chars().filter(|c| c.is_numeric()).count();
    if digits == 0 {
        return phone
            .chars()
            .map(|c| if c.is_whitespace() { c } else { '*' })
            .collect();
    }
    let (leading, trailing) = if digits >= FULL_NUMBER_DIGITS {
        (KEPT_LEADING, KEPT_TRAILING)
    } else {
        (0, KEPT_TRAILING_SHORT)
    };
    let mut seen = 0;
    phone
        .chars()
        .map(|c| {
            if !c.is_numeric() {
                return c;
            }
            let position = seen;
            seen += 1;
            if position < leading || position + trailing >= digits {
                c
            } else {
                '*'
            }
        })
        .collect()
}

/// An email address as lists show it: the local part's first character, `***`, the domain.
///
/// `zhang.wei@example.com` → `z***@example.com`. The domain follows the last
/// `@`; text without `@`, or with nothing before it, becomes `***` (plus the
/// domain when there is one). Surrounding spaces are dropped.
pub fn mask_email(email: &str) -> String {
    let email = email.trim();
    let (local, domain) = match email.rsplit_once('@') {
        Some((local, domain)) => (local, Some(domain)),
        None => ("", None),
    };
    let mut masked = String::new();
    if let Some(first) = local.chars().next() {
        masked.push(first);
    }
    masked.push_str("***");
    if let Some(domain) = domain {
        masked.push('@');
        masked.push_str(domain);
    }
    masked
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{mask_email, mask_phone};

    #[test]
    fn phones_keep_their_first_three_and_last_four_digits() {
        let cases = [
            ("13812345678", "138****5678"),
            ("010-62345678", "010-****5678"),
            ("+86 138 1234 5678", "+86 1** **** 5678"),
            ("(010) 6234-5678", "(010) ****-5678"),
            ("12345678", "123*5678"),
            ("0755-1234567", "075*-***4567"),
            ("１３８１２３４５６７８", "１３８****５６７８"),
        ];
        for (phone, masked) in cases {
            assert_eq!(mask_phone(phone), masked, "{phone}");
        }
    }

    #[test]
    fn numbers_of_fewer_than_eight_digits_keep_only_their_last_two() {
        let cases = [
            ("1234567", "*****67"),
            ("110", "*10"),
            ("12", "12"),
            ("7", "7"),
            ("62-345", "**-*45"),
        ];
        for (phone, masked) in cases {
            assert_eq!(mask_phone(phone), masked, "{phone}");
        }
    }

    #[test]
    fn text_without_digits_is_starred_except_its_spaces() {
        let cases = [
            ("", ""),
            ("unknown", "*******"),
            ("ask reception", "*** *********"),
            ("前台 转接", "** **"),
        ];
        for (phone, masked) in cases {
            assert_eq!(mask_phone(phone), masked, "{phone}");
        }
    }

    #[test]
    fn emails_keep_the_first_character_of_the_local_part() {
        let cases = [
            ("zhang.wei@example.com", "z***@example.com"),
            ("a@b.cn", "a***@b.cn"),
            ("张伟@例子.公司", "张***@例子.公司"),
            ("  li.na@example.com ", "l***@example.com"),
            ("\"odd@local\"@example.com", "\"***@example.com"),
            ("@example.com", "***@example.com"),
            ("zhang.wei", "***"),
            ("", "***"),
            ("zhang@", "z***@"),
        ];
        for (email, masked) in cases {
            assert_eq!(mask_email(email), masked, "{email}");
        }
    }

    proptest! {
        #[test]
        fn a_masked_phone_has_the_input_shape_and_at_most_seven_digits(phone in "\\PC{0,30}") {
            let masked = mask_phone(&phone);
            prop_assert_eq!(masked.chars().count(), phone.chars().count());
            prop_assert!(masked.chars().filter(|c| c.is_numeric()).count() <= 7);
        }

        #[test]
        fn a_masked_phone_number_never_shows_more_than_seven_digits(
            phone in "[+() 0-9-]{0,30}",
        ) {
            let masked = mask_phone(&phone);
            prop_assert_eq!(masked.chars().count(), phone.chars().count());
            prop_assert!(masked.chars().filter(|c| c.is_ascii_digit()).count() <= 7);
        }

        #[test]
        fn a_masked_email_shows_at_most_one_character_of_the_local_part(email in "\\PC{0,30}") {
            let masked = mask_email(&email);
            let domain_shown = email.trim().rsplit_once('@').map_or(0, |(_, d)| d.chars().count() + 1);
            prop_assert!(masked.chars().count() <= 1 + 3 + domain_shown);
            prop_assert!(masked.contains("***"));
        }
    }
}

//! What the system says when it refuses, in Simplified Chinese and English.
//!
//! A message is an English template with named holes (`"must be at most
//! {max} characters long"`) and the values for them. Every template is a
//! row of [`CATALOGUE`] beside its Chinese form, and [`msg!`](crate::msg)
//! and [`key!`](crate::key) check at compile time that their template has
//! its row: a refusal without its Chinese form does not compile. A message
//! is rendered in a language only when it is answered, so whoever builds it
//! never needs to know who will read it.

mod catalogue;

use std::fmt;

pub use catalogue::CATALOGUE;

/// The languages the system speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Simplified Chinese.
    Zh,
    /// English, for whoever does not ask for Chinese.
    #[default]
    En,
}

impl Lang {
    /// The BCP 47 tag (`Content-Language`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }
}

/// A refusal's words: a template of [`CATALOGUE`] and the values of its holes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    template: &'static str,
    args: Vec<(&'static str, Arg)>,
}

/// The value of one hole: text shown as it is (a number, a date, a code),
/// or a message of its own, rendered in the same language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Shown as it is.
    Text(String),
    /// Rendered in the reader's language.
    Message(Message),
}

impl Message {
    /// Built by [`msg!`](crate::msg), which checks the template.
    #[doc(hidden)]
    pub fn new(template: &'static str, args: Vec<(&'static str, Arg)>) -> Message {
        Message { template, args }
    }

    /// A template without holes that [`key!`](crate::key) checked (a
    /// lifecycle's reason, say, kept as a `&'static str` in its table).
    pub const fn from_key(key: &'static str) -> Message {
        Message {
            template: key,
            args: Vec::new(),
        }
    }

    /// The catalogue's template without holes that reads `text`: for words
    /// that a library hands back as text (a validator's message, made by
    /// [`key!`](crate::key)).
    pub fn find(text: &str) -> Option<Message> {
        rows()
            .find(|(english, _)| *english == text)
            .map(|(english, _)| Message::from_key(english))
    }

    /// The English template, which names the message for programs and tests.
    pub fn template(&self) -> &'static str {
        self.template
    }

    /// The message in English, for logs and errors' `Display`. A message
    /// is deliberately not `Display`, so that one given as a hole's value
    /// is always rendered in the reader's language, never shown as English.
    pub fn english(&self) -> String {
        self.render(Lang::En)
    }

    /// The message in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let template = match lang {
            Lang::En => self.template,
            Lang::Zh => chinese(self.template).unwrap_or(self.template),
        };
        let mut out = String::with_capacity(template.len() + 16);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                out.push_str(&rest[open..]);
                return out;
            };
            let name = &after[..close];
            match self.args.iter().find(|(hole, _)| *hole == name) {
                Some((_, Arg::Text(text))) => out.push_str(text),
                Some((_, Arg::Message(inner))) => out.push_str(&inner.render(lang)),
                None => out.push_str(&rest[open..open + close + 2]),
            }
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        out
    }
}

/// The Chinese form of `template`, when the catalogue has it.
fn chinese(template: &str) -> Option<&'static str> {
    rows()
        .find(|(english, _)| *english == template)
        .map(|(_, chinese)| *chinese)
}

/// Whether the catalogue has `template`: evaluated by the compiler for
/// every [`msg!`](crate::msg) and [`key!`](crate::key).
pub const fn known(template: &str) -> bool {
    let mut part = 0;
    while part < CATALOGUE.len() {
        let rows = CATALOGUE[part];
        let mut index = 0;
        while index < rows.len() {
            if same(rows[index].0, template) {
                return true;
            }
            index += 1;
        }
        part += 1;
    }
    false
}

/// Every row of the catalogue.
fn rows() -> impl Iterator<Item = &'static (&'static str, &'static str)> {
    CATALOGUE.iter().flat_map(|part| part.iter())
}

const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut index = 0;
    while index < a.len() {
        if a[index] != b[index] {
            return false;
        }
        index += 1;
    }
    true
}

/// A value for a hole that is itself a message, rendered in the reader's
/// language (see [`msg!`](crate::msg)).
#[doc(hidden)]
pub trait MessageArg {
    /// The hole's value.
    fn to_arg(&self) -> Arg;
}

impl MessageArg for Message {
    fn to_arg(&self) -> Arg {
        Arg::Message(self.clone())
    }
}

impl MessageArg for &Message {
    fn to_arg(&self) -> Arg {
        Arg::Message((*self).clone())
    }
}

/// Stands for any value in the compiler's check of a template's holes.
#[doc(hidden)]
pub struct Hole;

impl fmt::Display for Hole {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        Ok(())
    }
}

/// A value for a hole shown as it is (see [`msg!`](crate::msg)).
#[doc(hidden)]
pub trait DisplayArg {
    /// The hole's value.
    fn to_arg(&self) -> Arg;
}

impl<T: fmt::Display + ?Sized> DisplayArg for &T {
    fn to_arg(&self) -> Arg {
        Arg::Text(self.to_string())
    }
}

/// A [`Message`](crate::messages::Message) from a template and the values
/// of its holes:
/// `msg!("must be at most {max} characters long", max = MAX)`.
/// The template must be a row of the catalogue and every hole must be given
/// (both checked when compiling); a value that is a `Message` is rendered in
/// the reader's language, any other is shown through `Display`.
#[macro_export]
macro_rules! msg {
    ($template:literal $(, $name:ident = $value:expr)* $(,)?) => {{
        const _: () = ::core::assert!(
            $crate::messages::known($template),
            "{}",
            ::core::concat!("no Chinese form in the message catalogue for: ", $template)
        );
        if false {
            // Checks that the template's holes and the values match.
            let _ = ::std::format!($template $(, $name = $crate::messages::Hole)*);
        }
        #[allow(unused_imports)]
        use $crate::messages::{DisplayArg as _, MessageArg as _};
        $crate::messages::Message::new(
            $template,
            ::std::vec![$((::core::stringify!($name), (&$value).to_arg())),*],
        )
    }};
}

/// A template without holes, as a `&'static str`, checked like
/// [`msg!`](crate::msg) for when a table keeps the words (a lifecycle's
/// reasons); [`Message::from_key`](crate::messages::Message::from_key) makes
/// it a message.
#[macro_export]
macro_rules! key {
    ($template:literal) => {{
        const _: () = ::core::assert!(
            $crate::messages::known($template),
            "{}",
            ::core::concat!("no Chinese form in the message catalogue for: ", $template)
        );
        $template
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holes(template: &str) -> Vec<&str> {
        let mut found: Vec<&str> = template
            .split('{')
            .skip(1)
            .filter_map(|part| part.split_once('}').map(|(name, _)| name))
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    #[test]
    fn every_chinese_form_has_the_holes_of_its_english_template() {
        for (english, chinese) in rows() {
            assert_eq!(holes(english), holes(chinese), "{english} / {chinese}");
            assert!(!chinese.is_empty() && chinese != english, "{english}");
        }
    }

    #[test]
    fn the_catalogue_names_each_template_once() {
        let mut seen = std::collections::HashSet::new();
        for (english, _) in rows() {
            assert!(seen.insert(english), "twice: {english}");
        }
    }

    #[test]
    fn a_message_renders_its_values_and_inner_messages_in_the_language_asked() {
        let reason = Message::from_key(crate::key!("it is already signed"));
        let message = crate::msg!(
            "cannot {action} a {machine} that is `{status}`: {reason}",
            action = "sign",
            machine = Message::from_key(crate::key!("contract")),
            status = "signed",
            reason = reason,
        );
        assert_eq!(
            message.render(Lang::En),
            "cannot sign a contract that is `signed`: it is already signed"
        );
        assert_eq!(
            message.render(Lang::Zh),
            "合同当前为“signed”，不能执行“sign”：合同已签订"
        );
    }
}

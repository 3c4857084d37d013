//! Every string the app shows, in Simplified Chinese (the default) and
//! English. Each language is one exhaustive `match`, so a message without
//! its translation does not compile. The chosen language is remembered in
//! the browser's storage.

mod en;
mod labels;
mod messages;
pub mod notices;
mod settings;
mod zh;

pub use messages::T;
pub use settings::S;

use yew::prelude::*;

use crate::storage;

/// The languages the app speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Simplified Chinese, the default.
    Zh,
    /// English.
    En,
}

const LANG_KEY: &str = "rapport.lang";

impl Lang {
    /// The language chosen last time, else Chinese.
    pub fn remembered() -> Lang {
        match storage::get(LANG_KEY).as_deref() {
            Some("en") => Lang::En,
            _ => Lang::Zh,
        }
    }

    /// Remembers this choice for the next visit.
    pub fn remember(self) {
        storage::set(LANG_KEY, self.code());
    }

    /// The BCP 47 tag, for `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The message in both languages, Chinese first: for the customer's
    /// survey page, which has no language switch.
    pub fn both(text: T) -> String {
        format!("{} {}", text.get(Lang::Zh), text.get(Lang::En))
    }

    /// The other language, for the switch.
    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }
}

/// The language in force, with a way to change it.
#[derive(Clone, PartialEq)]
pub struct LangContext {
    /// The language pages render in.
    pub lang: Lang,
    /// Switches the language (and remembers it).
    pub set: Callback<Lang>,
}

/// The language of the page being rendered.
#[hook]
pub fn use_lang() -> Lang {
    use_context::<LangContext>().map_or(Lang::Zh, |context| context.lang)
}

/// Words from either catalogue: the app's ([`T`]) or the settings area's ([`S`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Words {
    App(T),
    Settings(S),
}

impl Words {
    /// The words in `lang`.
    pub fn get(self, lang: Lang) -> &'static str {
        match self {
            Words::App(words) => words.get(lang),
            Words::Settings(words) => words.get(lang),
        }
    }
}

impl From<T> for Words {
    fn from(words: T) -> Words {
        Words::App(words)
    }
}

impl From<S> for Words {
    fn from(words: S) -> Words {
        Words::Settings(words)
    }
}

/// A coded value's name in either language.
pub trait Label: Copy {
    /// Its name in `lang`.
    fn label(self, lang: Lang) -> &'static str;
}

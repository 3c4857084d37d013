//! Search terms: what a full-text index stores of a record, and what a
//! search box's text asks of it, computed here so that every database
//! indexes and matches exactly the same terms.
//!
//! - Latin letters and digits: each run is one word, lowercased
//!   (`Printer-5.3` gives `printer`, `5`, `3`). A query word matches the
//!   whole word only.
//! - Chinese, Japanese and Korean: a run of such characters gives every
//!   pair of neighbours (overlapping bigrams: `打印机` gives `打印`, `印机`),
//!   and its last character alone, so that a query of two characters is
//!   one term, a longer one all of its bigrams, and a single character a
//!   prefix of a term (every character of a run starts one).
//! - Codes such as a request number `SR-2026-000001`: the whole
//!   (`SR-2026-1` and `sr-2026-000001` match too: numeric parts compare as
//!   numbers), its tail from any `-` on (`2026-1`), and every tail of its
//!   last digits (`0001`, `1`). Their terms carry a marker letter so that
//!   they never meet a word of the text.
//!
//! Terms hold only letters and digits, so any tokenizer that splits on
//! everything else (SQLite FTS5 `unicode61`, a PostgreSQL `tsvector` built
//! from an array) keeps each term whole.

use std::collections::BTreeSet;

/// The longest word kept, in characters; a longer run is cut (a pasted
/// key or hash is not something anyone searches for by its end).
const MAX_WORD: usize = 64;

/// Marks a whole code or one of its `-` tails.
const CODE: char = 'c';
/// Marks a tail of a code's last digits.
const TAIL: char = 't';
/// Joins the parts of a code in its term (`-` would split the term).
const JOIN: char = 'x';

/// Whether `c` is written without spaces between words (Han, kana,
/// Hangul), so that its text is indexed by character pairs.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK Extension A
        | 0x4E00..=0x9FFF    // CJK Unified Ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0x1100..=0x11FF    // Hangul Jamo
        | 0x3130..=0x318F    // Hangul compatibility Jamo
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0x20000..=0x3134F // CJK Extensions B to G
    )
}

/// A piece of text: a word of Latin letters or digits, or a run of CJK.
#[derive(Debug, PartialEq, Eq)]
enum Run {
    Word(String),
    Cjk(Vec<char>),
}

/// The runs of `text`, lowercased; punctuation and spaces separate them.
fn runs(text: &str) -> Vec<Run> {
    let mut runs = Vec::new();
    let mut word = String::new();
    let mut cjk = Vec::new();
    let flush_word = |word: &mut String, runs: &mut Vec<Run>| {
        if !word.is_empty() {
            runs.push(Run::Word(word.chars().take(MAX_WORD).collect()));
            word.clear();
        }
    };
    let flush_cjk = |cjk: &mut Vec<char>, runs: &mut Vec<Run>| {
        if !cjk.is_empty() {
            runs.push(Run::Cjk(std::mem::take(cjk)));
        }
    };
    for c in text.chars() {
        if is_cjk(c) {
            flush_word(&mut word, &mut runs);
            cjk.push(c);
        } else if c.is_alphanumeric() {
            flush_cjk(&mut cjk, &mut runs);
            word.extend(c.to_lowercase().filter(|c| c.is_alphanumeric()));
        } else {
            flush_word(&mut word, &mut runs);
            flush_cjk(&mut cjk, &mut runs);
        }
    }
    flush_word(&mut word, &mut runs);
    flush_cjk(&mut cjk, &mut runs);
    runs
}

/// The terms of a CJK run as stored: its bigrams and its last character.
fn cjk_terms(run: &[char], into: &mut BTreeSet<String>) {
    for pair in run.windows(2) {
        into.insert(pair.iter().collect());
    }
    if let Some(last) = run.last() {
        into.insert(last.to_string());
    }
}

/// The parts of a code (`SR-2026-000001`): its `-`-separated pieces,
/// lowercased, numbers without their leading zeros; `None` unless every
/// piece is letters and digits.
fn code_parts(code: &str) -> Option<Vec<String>> {
    let parts: Vec<String> = code
        .split('-')
        .map(|part| {
            let part = part.trim().to_lowercase();
            if !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()) {
                let trimmed = part.trim_start_matches('0');
                if trimmed.is_empty() { "0" } else { trimmed }.to_owned()
            } else {
                part
            }
        })
        .collect();
    let letters_and_digits =
        |part: &String| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric());
    parts.iter().all(letters_and_digits).then_some(parts)
}

/// The term of a code's parts from `from` on.
fn code_term(parts: &[String]) -> String {
    let mut term = String::from(CODE);
    term.push_str(&parts.join(&JOIN.to_string()));
    term
}

/// What a search index stores for a record: the terms of each of `texts`
/// and of each of `codes`, each term once, separated by single spaces.
pub fn document(texts: &[&str], codes: &[&str]) -> String {
    let mut terms = BTreeSet::new();
    for text in texts {
        for run in runs(text) {
            match run {
                Run::Word(word) => {
                    terms.insert(word);
                }
                Run::Cjk(run) => cjk_terms(&run, &mut terms),
            }
        }
    }
    for code in codes {
        let Some(parts) = code_parts(code) else {
            continue;
        };
        for from in 0..parts.len().saturating_sub(1) {
            terms.insert(code_term(&parts[from..]));
        }
        // Every tail of the last part's digits as written (`000001`: `1`,
        // `01`, ..., `000001`).
        let written = code.rsplit('-').next().unwrap_or_default().trim();
        if !written.is_empty() && written.chars().all(|c| c.is_ascii_digit()) {
            for start in 0..written.len() {
                terms.insert(format!("{TAIL}{}", &written[start..]));
            }
        }
    }
    let mut document = String::new();
    for term in terms {
        if !document.is_empty() {
            document.push(' ');
        }
        document.push_str(&term);
    }
    document
}

/// One term a query asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The term, letters and digits only.
    pub text: String,
    /// Whether stored terms that begin with it match too.
    pub prefix: bool,
}

impl Term {
    fn whole(text: String) -> Term {
        Term {
            text,
            prefix: false,
        }
    }
}

/// What a search box's text asks for: a code (a request number, whole or
/// its tail), and words, every one of which a record must hold. Either
/// may be empty; both are for text with no letter or digit.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// The term of the code the text reads as, if it reads as one: its
    /// matches rank first.
    pub code: Option<Term>,
    /// The terms of the words, all required.
    pub words: Vec<Term>,
}

impl Query {
    /// The query of `text`.
    pub fn parse(text: &str) -> Query {
        let text = text.trim();
        Query {
            code: code_query(text),
            words: word_query(text),
        }
    }

    /// Whether the text asks for nothing (no letter, digit or character).
    pub fn is_empty(&self) -> bool {
        self.code.is_none() && self.words.is_empty()
    }
}

/// The code term of `text`: digits alone are a tail of a number's last
/// digits (`0001`); letters and digits with a `-` (`SR-2026-1`,
/// `2026-000001`) a code, whole or from a `-` on.
fn code_query(text: &str) -> Option<Term> {
    if text.is_empty() || text.chars().any(char::is_whitespace) {
        return None;
    }
    if text.chars().all(|c| c.is_ascii_digit()) {
        return Some(Term::whole(format!("{TAIL}{text}")));
    }
    if !text.contains('-') {
        return None;
    }
    let parts = code_parts(text)?;
    // The last part must be a number: `printer-offline` is words.
    let last = parts.last()?;
    last.chars()
        .all(|c| c.is_ascii_digit())
        .then(|| Term::whole(code_term(&parts)))
}

/// The word terms of `text`: each word; a CJK run of two or more
/// characters as its bigrams, a lone character as a prefix.
fn word_query(text: &str) -> Vec<Term> {
    let mut terms: Vec<Term> = Vec::new();
    let mut push = |term: Term| {
        if !terms.contains(&term) {
            terms.push(term);
        }
    };
    for run in runs(text) {
        match run {
            Run::Word(word) => push(Term::whole(word)),
            Run::Cjk(run) if run.len() == 1 => push(Term {
                text: run[0].to_string(),
                prefix: true,
            }),
            Run::Cjk(run) => {
                for pair in run.windows(2) {
                    push(Term::whole(pair.iter().collect()));
                }
            }
        }
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(String, bool)> {
        Query::parse(text)
            .words
            .into_iter()
            .map(|term| (term.text, term.prefix))
            .collect()
    }

    fn stored(document: &str) -> BTreeSet<&str> {
        document.split(' ').collect()
    }

    /// Whether a record with `document` matches `query`, as the indexes do.
    fn matches(document: &str, query: &Query) -> (bool, bool) {
        let terms = stored(document);
        let has = |term: &Term| {
            if term.prefix {
                terms.iter().any(|stored| stored.starts_with(&term.text))
            } else {
                terms.contains(term.text.as_str())
            }
        };
        let by_code = query.code.as_ref().is_some_and(has);
        let by_words = !query.words.is_empty() && query.words.iter().all(has);
        (by_code, by_words)
    }

    #[test]
    fn chinese_text_is_stored_as_character_pairs_and_its_last_character() {
        let document = document(&["打印机无法连接"], &[]);
        assert_eq!(
            stored(&document),
            BTreeSet::from(["打印", "印机", "机无", "无法", "法连", "连接", "接"])
        );
    }

    #[test]
    fn mixed_text_splits_at_script_changes_and_punctuation() {
        let document = document(&["HP打印机，offline! 升级到5.3版本"], &[]);
        assert_eq!(
            stored(&document),
            BTreeSet::from([
                "hp", "打印", "印机", "机", "offline", "升级", "级到", "到", "5", "3", "版本", "本"
            ])
        );
    }

    #[test]
    fn a_two_character_chinese_word_is_one_term() {
        assert_eq!(words("打印"), [("打印".to_owned(), false)]);
        assert_eq!(
            words("打印机"),
            [("打印".to_owned(), false), ("印机".to_owned(), false)]
        );
        assert_eq!(words("机"), [("机".to_owned(), true)]);
    }

    #[test]
    fn query_words_are_lowercased_and_punctuation_dropped() {
        assert_eq!(
            words("  Printer, OFFLINE!! printer "),
            [("printer".to_owned(), false), ("offline".to_owned(), false)]
        );
        assert!(Query::parse(" ,.!？ ").is_empty());
        assert!(Query::parse("").is_empty());
    }

    /// Table: (stored title, query, found by words).
    #[test]
    fn records_are_found_by_their_words_in_either_language() {
        let rows: [(&str, &str, bool); 12] = [
            ("打印机无法连接 printer offline", "打印", true),
            ("打印机无法连接 printer offline", "打印机", true),
            ("打印机无法连接 printer offline", "机", true),
            ("打印机无法连接 printer offline", "连", true),
            ("打印机无法连接 printer offline", "接", true),
            ("打印机无法连接 printer offline", "PRINTER", true),
            ("打印机无法连接 printer offline", "printer 打印", true),
            ("打印机无法连接 printer offline", "print", false),
            ("打印机无法连接 printer offline", "打印纸", false),
            ("发票打印格式错误 invoice layout", "打印机", false),
            ("发票打印格式错误 invoice layout", "打印", true),
            ("升级到 5.3 upgrade to 5.3", "5.3", true),
        ];
        for (title, text, want) in rows {
            let (_, found) = matches(&document(&[title], &[]), &Query::parse(text));
            assert_eq!(found, want, "{title:?} for {text:?}");
        }
    }

    /// Table: (query, found by number).
    #[test]
    fn a_request_number_is_found_whole_or_by_its_tail() {
        let document = document(&["登录失败"], &["SR-2026-000123"]);
        let rows: [(&str, bool); 12] = [
            ("SR-2026-000123", true),
            ("sr-2026-000123", true),
            ("SR-2026-123", true),
            ("2026-000123", true),
            ("000123", true),
            ("0123", true),
            ("123", true),
            ("3", true),
            ("SR-2025-000123", false),
            ("1234", false),
            ("0000123", false),
            ("SR-2026", false),
        ];
        for (text, want) in rows {
            let (found, _) = matches(&document, &Query::parse(text));
            assert_eq!(found, want, "{text:?}");
        }
    }

    #[test]
    fn words_with_a_dash_are_not_a_code() {
        assert_eq!(Query::parse("printer-offline").code, None);
        assert_eq!(Query::parse("SR 2026").code, None);
        assert_eq!(
            words("month-end"),
            [("month".to_owned(), false), ("end".to_owned(), false)]
        );
    }

    #[test]
    fn every_term_is_letters_and_digits() {
        let document = document(
            &["Ünïcode ÄÖ straße ÉCOLE — 東京タワー 서울 🙂 a_b"],
            &["SR-2026-000001", "not a code!"],
        );
        for term in stored(&document) {
            assert!(!term.is_empty());
            assert!(term.chars().all(char::is_alphanumeric), "{term:?}");
        }
    }

    #[test]
    fn a_long_word_is_cut() {
        let long = "a".repeat(500);
        let document = document(&[&long], &[]);
        assert_eq!(document.chars().count(), MAX_WORD);
    }
}

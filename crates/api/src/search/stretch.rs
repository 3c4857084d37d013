//! PostgreSQL: reading a common search's matches newest first a stretch
//! of the index's order at a time, past the newest rows a page walks
//! ([`super::Reading::Newest`]).
//!
//! Each row of `request_search` holds, as terms, the blocks of the order
//! its `seq` falls in (migration `m20261222_000059_block_request_search_order`).
//! A stretch is a run of whole blocks (and the rows of the newest one
//! below its top): its matches are the search's terms AND any of its
//! blocks, which the GIN index finds by itself, without reading the rows
//! between them. The first stretch holds the newest 1,024 to 2,047 rows
//! below its top (where the walk stopped); each next one is half as long
//! again as the one before, down to the start of the order, so that
//! reading past a run of rows without the word takes a few statements
//! whatever its length (a dozen past 100,000 rows). The stretch that
//! first reaches the word reads all its matches, and the GIN index reads
//! every row of its blocks: growing by half, not doubling, keeps that
//! stretch about a third of the rows read before it, not all of them.

use rapport_migrations::m20261222_000059_block_request_search_order::{BLOCKS, block_lexeme};

/// A stretch of the order: the rows with `from <= seq < to`, `from` the
/// start of a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stretch {
    from: i64,
    to: i64,
}

/// The rows of the smallest block.
const SMALLEST: i64 = 1 << BLOCKS[0].1;

/// The start of the smallest block holding `seq`.
fn block_start(seq: i64) -> i64 {
    seq.div_euclid(SMALLEST) * SMALLEST
}

impl Stretch {
    /// The newest stretch of the rows below `top` (a `seq`); none when no
    /// row can be (`seq` starts at 1).
    pub fn first(top: i64) -> Option<Stretch> {
        (top > 1).then(|| Stretch {
            from: block_start(top - SMALLEST).max(0),
            to: top,
        })
    }

    /// The stretch before this one, half as long again; none at the start
    /// of the order.
    pub fn next(self) -> Option<Stretch> {
        (self.from > 0).then(|| Stretch {
            from: block_start(self.from - (self.to - self.from) * 3 / 2).max(0),
            to: self.from,
        })
    }

    /// The `seq` the stretch's rows are below.
    pub fn to(self) -> i64 {
        self.to
    }

    /// The blocks holding the stretch, as a `tsquery` (`'~a987' | '~b60'`):
    /// the fewest, newest first. The newest may hold rows at or above `to`.
    pub fn blocks(self) -> String {
        let mut lexemes = Vec::new();
        let mut end = self.to;
        if end % SMALLEST != 0 {
            let (letter, bits) = BLOCKS[0];
            lexemes.push(block_lexeme(letter, (end - 1) >> bits));
            end = block_start(end);
        }
        while end > self.from {
            // The largest block ending at `end` and starting in the
            // stretch; the smallest always does.
            let (letter, bits) = BLOCKS
                .iter()
                .rev()
                .copied()
                .find(|&(_, bits)| end % (1 << bits) == 0 && end - (1 << bits) >= self.from)
                .unwrap_or(BLOCKS[0]);
            lexemes.push(block_lexeme(letter, (end >> bits) - 1));
            end -= 1 << bits;
        }
        let quoted: Vec<String> = lexemes.iter().map(|lexeme| format!("'{lexeme}'")).collect();
        quoted.join(" | ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `seq`s a block lexeme stands for.
    fn rows_of(lexeme: &str) -> std::ops::Range<i64> {
        let lexeme = lexeme.trim_matches('\'');
        let letter = lexeme.chars().nth(1).unwrap();
        let number: i64 = lexeme[2..].parse().unwrap();
        let (_, bits) = BLOCKS.iter().find(|(l, _)| *l == letter).unwrap();
        number << bits..(number + 1) << bits
    }

    #[test]
    fn stretches_cover_the_rows_below_the_top_once_each_newest_first() {
        for top in [
            2, 1_000, 1_024, 1_025, 16_385, 262_144, 1_011_653, 3_000_001,
        ] {
            let mut stretch = Stretch::first(top);
            let mut covered = Vec::new();
            let mut statements = 0;
            while let Some(read) = stretch {
                statements += 1;
                let mut below = read.to;
                for lexeme in read.blocks().split(" | ") {
                    let rows = rows_of(lexeme);
                    // Blocks newest first, contiguous, none past the stretch.
                    assert!(rows.start < below && rows.end >= below, "{top}: {lexeme}");
                    assert!(rows.start >= read.from, "{top}: {lexeme}");
                    below = rows.start;
                }
                assert_eq!(below, read.from, "{top}");
                covered.push((read.from, read.to));
                stretch = read.next();
            }
            // From the top down to 0, no gap, no overlap; each about half as
            // long again as the last.
            assert_eq!(covered.first().map(|c| c.1), Some(top));
            assert_eq!(covered.last().map(|c| c.0), Some(0));
            for pair in covered.windows(2) {
                assert_eq!(pair[0].0, pair[1].1);
                let (newer, older) = (pair[0].1 - pair[0].0, pair[1].1 - pair[1].0);
                assert!(older <= newer * 3 / 2 + SMALLEST, "{top}: {pair:?}");
            }
            assert!(statements <= 30, "{top}: {statements}");
        }
        assert_eq!(Stretch::first(1), None);
        let first = Stretch::first(1_011_653).unwrap();
        assert_eq!(first.blocks(), "'~a987' | '~a986'");
        assert_eq!(
            first.next().unwrap().blocks(),
            "'~a985' | '~a984' | '~a983'"
        );
    }
}

//! PostgreSQL: reading a common search's matches newest first a stretch
//! of the index's order at a time, past the newest rows a page walks
//! ([`super::Reading::Newest`]).
//!
//! Each row of `request_search` holds, as terms, the blocks of the order
//! its `seq` falls in (migration `m20261222_000059_block_request_search_order`).
//! A stretch is a run of whole blocks (and the rows of the newest one
//! below its top): its matches are the rows matching the search's terms
//! and, as a second match (see `FullText::test_read`), any of its blocks,
//! which the GIN index finds by itself, without reading the rows between
//! them. The first stretch holds the newest 1,024 to 2,047 rows
//! below its top (where the walk stopped); how the next ones are cut down
//! to the start of the order is the reading's [`Pace`]. The stretch that
//! first reaches the word reads all its matches.

use rapport_migrations::m20261222_000059_block_request_search_order::{BLOCKS, block_lexeme};

/// A stretch of the order: the rows with `from <= seq < to`, `from` the
/// start of a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stretch {
    from: i64,
    to: i64,
    pace: Pace,
}

/// How the stretches after the first are cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pace {
    /// Each half as long again as the one before, down to the start of a
    /// block of the size that fits (the smallest at least): for a page
    /// filtered further than the search, which reads, joins and filters
    /// each stretch's matches, a statement each. Past a run of rows without
    /// the word it takes a few stretches whatever its length (a dozen past
    /// 100,000 rows); growing by half, not doubling, keeps the stretch that
    /// reaches the word about a third of the rows read before it.
    Fine,
    /// The second down to the start of a middle block (16,384 rows), then
    /// one middle block each: for a page of the search alone, which reads
    /// the matches from the index alone, every stretch in one statement
    /// and one plan, whatever their number (see
    /// `FullText::newest_first_below`). A look into a block without the
    /// word costs about a tenth of a millisecond, and the block that
    /// reaches the word reads at most a middle block's matches, where a
    /// stretch grown to a third of what was read before it read thousands.
    Coarse,
}

/// The rows of the smallest block.
const SMALLEST: i64 = 1 << BLOCKS[0].1;

/// The rows of the middle block.
const MIDDLE: i64 = 1 << BLOCKS[1].1;

/// The start of the smallest block holding `seq`.
fn block_start(seq: i64) -> i64 {
    seq.div_euclid(SMALLEST) * SMALLEST
}

impl Stretch {
    /// The newest stretch of the rows below `top` (a `seq`), the next ones
    /// at `pace`; none when no row can be (`seq` starts at 1).
    pub fn first(top: i64, pace: Pace) -> Option<Stretch> {
        (top > 1).then(|| Stretch {
            from: block_start(top - SMALLEST).max(0),
            to: top,
            pace,
        })
    }

    /// The stretch before this one, as its pace cuts it: half as long
    /// again (at [`Pace::Coarse`], at most a middle block), down to the
    /// start of a block of the largest size that fits in that length or is
    /// the least of its pace; none at the start of the order.
    pub fn next(self) -> Option<Stretch> {
        (self.from > 0).then(|| {
            let (least, most) = match self.pace {
                Pace::Fine => (SMALLEST, i64::MAX),
                Pace::Coarse => (MIDDLE, MIDDLE),
            };
            let wanted = ((self.to - self.from) * 3 / 2).min(most);
            let size = BLOCKS
                .iter()
                .map(|&(_, bits)| 1_i64 << bits)
                .filter(|&size| size <= wanted.max(least))
                .max()
                .unwrap_or(least);
            Stretch {
                from: ((self.from - wanted).div_euclid(size) * size).max(0),
                to: self.from,
                ..self
            }
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
        let tops = [
            2, 1_000, 1_024, 1_025, 16_385, 262_144, 1_011_653, 3_000_001,
        ];
        for (top, pace) in tops
            .into_iter()
            .flat_map(|top| [(top, Pace::Fine), (top, Pace::Coarse)])
        {
            let mut stretch = Stretch::first(top, pace);
            let mut covered = Vec::new();
            let mut most_lexemes = 0;
            while let Some(read) = stretch {
                let blocks = read.blocks();
                most_lexemes = most_lexemes.max(blocks.split(" | ").count());
                let mut below = read.to;
                for lexeme in blocks.split(" | ") {
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
            // From the top down to 0, no gap, no overlap.
            assert_eq!(covered.first().map(|c| c.1), Some(top));
            assert_eq!(covered.last().map(|c| c.0), Some(0));
            for pair in covered.windows(2) {
                assert_eq!(pair[0].0, pair[1].1);
            }
            assert!(most_lexemes <= 16, "{top} {pace:?}: {most_lexemes}");
            match pace {
                // Each half as long again as the last, to the start of a
                // block no longer than that.
                Pace::Fine => {
                    for pair in covered.windows(2) {
                        let (newer, older) = (pair[0].1 - pair[0].0, pair[1].1 - pair[1].0);
                        let wanted = newer * 3 / 2;
                        assert!(older >= wanted.min(pair[1].1), "{top}: {pair:?}");
                        assert!(older < 2 * wanted.max(SMALLEST), "{top}: {pair:?}");
                    }
                    assert!(covered.len() <= 30, "{top}: {}", covered.len());
                }
                // Past the second, one middle block each.
                Pace::Coarse => {
                    for &(from, to) in covered.iter().skip(2) {
                        assert_eq!((from % MIDDLE, to - from), (0, MIDDLE), "{top}");
                    }
                }
            }
        }
        assert_eq!(Stretch::first(1, Pace::Coarse), None);
        let fine = Stretch::first(1_011_653, Pace::Fine).unwrap();
        assert_eq!(fine.blocks(), "'~a987' | '~a986'");
        assert_eq!(fine.next().unwrap().blocks(), "'~a985' | '~a984' | '~a983'");
        // Coarse: down to the start of a middle block, then one at a time.
        let coarse = Stretch::first(1_011_653, Pace::Coarse).unwrap();
        assert_eq!(coarse.blocks(), fine.blocks());
        let second = coarse.next().unwrap();
        let smalls: Vec<String> = (976..=985).rev().map(|n| format!("'~a{n}'")).collect();
        assert_eq!(second.blocks(), smalls.join(" | "));
        assert_eq!(second.next().unwrap().blocks(), "'~b60'");
        assert_eq!(second.next().unwrap().next().unwrap().blocks(), "'~b59'");
    }
}

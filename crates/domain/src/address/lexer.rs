//! Splits an address into words, numbers and the few punctuation marks that
//! carry meaning (`,` between parts, `/` in corner houses, `-` in apartments and
//! ordinals). Everything else is a separator.

use crate::address::vocabulary;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// Letters, with hyphens kept inside (`пр-т`, `римского-корсакова`).
    Word,
    /// Decimal digits.
    Number,
    /// A number with an ordinal ending, `2-я`: made from a number and a word by
    /// the reader, never by `lex`.
    Ordinal,
    Slash,
    Dash,
    Comma,
}

/// One token: its kind, its folded text and the text as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Token {
    pub kind: Kind,
    /// Lowercase, `ё` → `е`.
    pub text: String,
    /// As typed, for display.
    pub raw: String,
    /// No space or dot before it: `34а`, `5к1`, `2-я`.
    pub glued: bool,
}

impl Token {
    pub fn is(&self, kind: Kind) -> bool {
        self.kind == kind
    }

    pub fn is_word(&self, text: &str) -> bool {
        self.kind == Kind::Word && self.text == text
    }

    /// A single letter: a house letter (`34а`) or an initial (`К. Маркса`).
    pub fn is_letter(&self) -> bool {
        self.kind == Kind::Word && self.text.chars().count() == 1
    }
}

/// Tokenizes `input`.
pub(super) fn lex(input: &str) -> Vec<Token> {
    let chars: Vec<char> = input.chars().collect();
    let mut tokens = Vec::new();
    let mut glued = false;
    let mut idx = 0;
    while idx < chars.len() {
        let ch = chars[idx];
        let start = idx;
        let kind = if ch.is_alphabetic() {
            idx = word_end(&chars, idx);
            Kind::Word
        } else if ch.is_ascii_digit() {
            while idx < chars.len() && chars[idx].is_ascii_digit() {
                idx += 1;
            }
            Kind::Number
        } else {
            idx += 1;
            match ch {
                '/' | '\\' => Kind::Slash,
                '-' | '‐' | '‑' | '–' | '—' => Kind::Dash,
                ',' | ';' => Kind::Comma,
                _ => {
                    glued = false;
                    continue;
                }
            }
        };
        let raw: String = chars[start..idx].iter().collect();
        tokens.push(Token {
            kind,
            text: fold_word(&raw),
            raw,
            glued,
        });
        glued = true;
    }
    tokens
}

/// Where a word starting at `start` ends: letters, and hyphens between letters.
fn word_end(chars: &[char], start: usize) -> usize {
    let mut idx = start;
    while idx < chars.len() {
        let inner_hyphen = is_hyphen(chars[idx])
            && idx > start
            && chars.get(idx + 1).is_some_and(|next| next.is_alphabetic());
        if !(chars[idx].is_alphabetic() || inner_hyphen) {
            break;
        }
        idx += 1;
    }
    idx
}

fn is_hyphen(ch: char) -> bool {
    matches!(ch, '-' | '‐' | '‑')
}

/// Lowercase with `ё` → `е`, the same folding as `crate::building::fold`.
pub(super) fn fold_word(raw: &str) -> String {
    raw.chars()
        .flat_map(char::to_lowercase)
        .map(|ch| if ch == 'ё' { 'е' } else { ch })
        .map(|ch| if is_hyphen(ch) { '-' } else { ch })
        .collect()
}

/// Joins ordinals (`2-я`, `3я`) into one token and hyphenated number words
/// (`50-летия`) into one word, so neither is read as a house number.
pub(super) fn merge_ordinals(tokens: Vec<Token>) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut idx = 0;
    while idx < tokens.len() {
        let (token, used) = merged_at(&tokens, idx);
        out.push(token);
        idx += used;
    }
    out
}

fn merged_at(tokens: &[Token], idx: usize) -> (Token, usize) {
    let token = &tokens[idx];
    let first = tokens.get(idx + 1);
    let second = tokens.get(idx + 2);
    if !token.is(Kind::Number) {
        return (token.clone(), 1);
    }
    let dash = first.filter(|dash| dash.is(Kind::Dash) && dash.glued);
    if let (Some(_), Some(word)) = (dash, glued_word(second)) {
        if vocabulary::is_ordinal_suffix(&word.text) {
            return (ordinal(token, word), 3);
        }
        if word.text.chars().count() > 2 && vocabulary::marker(&word.text).is_none() {
            return (compound(token, word), 3);
        }
    }
    let glued_suffix = glued_word(first)
        .filter(|word| matches!(word.text.as_str(), "я" | "й" | "ая" | "ой" | "ий" | "ый"));
    if let Some(word) = glued_suffix {
        return (ordinal(token, word), 2);
    }
    (token.clone(), 1)
}

/// `50-летия` as one word, split again into `50` and `летия` in the street key.
fn compound(number: &Token, word: &Token) -> Token {
    Token {
        kind: Kind::Word,
        text: format!("{}-{}", number.text, word.text),
        raw: format!("{}-{}", number.raw, word.raw),
        glued: number.glued,
    }
}

fn glued_word(token: Option<&Token>) -> Option<&Token> {
    token.filter(|t| t.is(Kind::Word) && t.glued)
}

fn ordinal(number: &Token, suffix: &Token) -> Token {
    Token {
        kind: Kind::Ordinal,
        text: number.text.clone(),
        raw: format!("{}-{}", number.raw, suffix.text),
        glued: number.glued,
    }
}

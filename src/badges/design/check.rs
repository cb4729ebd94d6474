//! Whether a layout can be printed: every element on the paper, QR codes large enough to scan,
//! every text of every sample delegate fitting its box at its minimum size, images and
//! categories that exist. Each problem names the element (`front[3]`) and says what to change.

use super::builtin::QR_MIN;
use super::draw::{self, fit_stack, fit_text};
use super::{Design, Element, Paper, When};
use crate::badges::layout::BadgeContent;
use crate::common::Message;

/// The most elements on one side.
const MAX_ELEMENTS: usize = 100;
/// The longest fixed text.
const MAX_TEXT: usize = 500;
/// Sizes on a badge: from 2 pt to 200 pt.
const SIZES: std::ops::RangeInclusive<f32> = 2.0..=200.0;

/// One problem: where, and what.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// `front[3]`, `back[0]`, `categories`, `paper`.
    pub at: String,
    pub message: Message,
}

impl Problem {
    fn new(at: impl Into<String>, key: &'static str) -> Problem {
        Problem { at: at.into(), message: Message::new(key) }
    }

    fn with(mut self, name: &'static str, value: impl ToString) -> Problem {
        self.message = self.message.with(name, value.to_string());
        self
    }

    /// The machine code: the message key without `error-layout-`, in snake case.
    pub fn code(&self) -> String {
        self.message.key.trim_start_matches("error-layout-").replace('-', "_")
    }
}

/// What the event has that a layout may name.
pub struct Known<'a> {
    /// Category ids, and the layout (other than this one) each already belongs to.
    pub categories: Vec<(String, Option<String>)>,
    pub images: Vec<String>,
    /// The samples every text must fit.
    pub samples: &'a [BadgeContent],
}

fn mm(v: f32) -> String {
    format!("{:.1}", v)
}

/// Checks `design`; nothing is wrong when the list is empty.
pub fn check(design: &Design, known: &Known) -> Vec<Problem> {
    let mut problems = Vec::new();
    if !design.back.is_empty() && !design.paper.two_sided() {
        problems.push(Problem::new("back", "error-layout-no-back").with("paper", design.paper.key()));
    }
    for (side, elements) in [("front", &design.front), ("back", &design.back)] {
        if elements.len() > MAX_ELEMENTS {
            problems.push(Problem::new(side, "error-layout-too-many").with("max", MAX_ELEMENTS));
            continue;
        }
        for (i, element) in elements.iter().enumerate() {
            element_problems(&format!("{side}[{i}]"), element, design.paper, known, &mut problems);
        }
    }
    for when in [When::Photo, When::NoPhoto] {
        let has_qr = design.front.iter().any(|e| matches!(e, Element::Qr(_)) && e.when().is_none_or(|w| w == when));
        if !has_qr {
            let case = if when == When::Photo { "photo" } else { "no_photo" };
            problems.push(Problem::new("front", "error-layout-no-qr").with("case", case));
            break;
        }
    }
    problems.extend(categories(design, &known.categories));
    problems
}

/// The categories `design` names that the event lacks, or that another layout has (`known`:
/// each category id and the layout other than this one that has it). Checked again when the
/// layout is saved, in the same transaction: another admin may have published meanwhile.
pub fn categories(design: &Design, known: &[(String, Option<String>)]) -> Vec<Problem> {
    let mut problems = Vec::new();
    for category in &design.categories {
        match known.iter().find(|(id, _)| id == category) {
            None => {
                problems.push(Problem::new("categories", "error-layout-category-unknown").with("category", category))
            }
            Some((_, Some(layout))) => problems.push(
                Problem::new("categories", "error-layout-category-taken")
                    .with("category", category)
                    .with("layout", layout),
            ),
            Some(_) => {}
        }
    }
    problems
}

fn element_problems(at: &str, element: &Element, paper: Paper, known: &Known, problems: &mut Vec<Problem>) {
    let (bw, bh) = paper.badge_size();
    let (x, y, w, h) = element.frame();
    let numbers_ok = [x, y, w, h].iter().all(|v| v.is_finite());
    if !numbers_ok || w <= 0.0 || h <= 0.0 {
        problems.push(Problem::new(at, "error-layout-bad-box"));
        return;
    }
    if x < -0.01 || y < -0.01 || x + w > bw + 0.01 || y + h > bh + 0.01 {
        problems.push(
            Problem::new(at, "error-layout-off-paper")
                .with("paper", paper.key())
                .with("width", mm(bw))
                .with("height", mm(bh)),
        );
    }
    let sized = |max: f32, min: f32| SIZES.contains(&max) && SIZES.contains(&min) && min <= max;
    match element {
        Element::Qr(q) if q.size < QR_MIN => {
            problems.push(Problem::new(at, "error-layout-qr-too-small").with("size", mm(q.size)).with("min", QR_MIN))
        }
        Element::Image(i) if !known.images.contains(&i.image) => {
            problems.push(Problem::new(at, "error-layout-image-unknown").with("image", &i.image))
        }
        Element::Text(t) => {
            if !sized(t.max_size, t.min_size) {
                problems.push(Problem::new(at, "error-layout-bad-size"));
            } else if t.field == super::Field::Text && (t.text.trim().is_empty() || t.text.chars().count() > MAX_TEXT) {
                problems.push(Problem::new(at, "error-layout-text-required").with("max", MAX_TEXT));
            } else if let Some((sample, b)) =
                known.samples.iter().enumerate().find(|(_, b)| fit_text(t, b).is_some_and(|f| !f.fits))
            {
                let text = draw::field_text(t.field, &t.text, b);
                problems.push(does_not_fit(at, text.trim(), sample, (w, h), t.min_size));
            }
        }
        Element::Stack(s) => {
            let bad_item = s.items.iter().any(|i| {
                !sized(i.max_size, i.min_size)
                    || !(0.0..=50.0).contains(&i.gap)
                    || (i.field == super::Field::Text
                        && (i.text.trim().is_empty() || i.text.chars().count() > MAX_TEXT))
            });
            if s.items.is_empty() || s.items.len() > 20 || bad_item {
                problems.push(Problem::new(at, "error-layout-bad-size"));
            } else if let Some((sample, b)) = known.samples.iter().enumerate().find(|(_, b)| !fit_stack(s, b).2) {
                let text: Vec<String> = s
                    .items
                    .iter()
                    .map(|i| draw::field_text(i.field, &i.text, b))
                    .filter(|t| !t.trim().is_empty())
                    .collect();
                let min = s.items.iter().map(|i| i.min_size).fold(f32::INFINITY, f32::min);
                problems.push(does_not_fit(at, &text.join(" / "), sample, (w, h), min));
            }
        }
        _ => {}
    }
}

fn does_not_fit(at: &str, text: &str, sample: usize, (w, h): (f32, f32), min: f32) -> Problem {
    let shown: String = text.chars().take(80).collect();
    Problem::new(at, "error-layout-text-does-not-fit")
        .with("text", shown)
        .with("sample", sample + 1)
        .with("width", mm(w))
        .with("height", mm(h))
        .with("min", format!("{min:.1}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::badges::design::samples::{Setting, contents};
    use crate::badges::design::{Qr, builtin};

    fn known(samples: &[BadgeContent]) -> Known<'_> {
        Known { categories: vec![("press".into(), None)], images: vec![], samples }
    }

    #[test]
    fn the_builtin_layouts_pass_their_own_checks() {
        let samples = contents(&Setting::demo());
        for paper in Paper::ALL {
            let problems = check(&builtin(paper), &known(&samples));
            assert!(problems.is_empty(), "{paper:?}: {problems:?}");
        }
    }

    #[test]
    fn an_element_off_the_paper_a_small_qr_and_a_crammed_name_are_refused() {
        let samples = contents(&Setting::demo());
        let mut design = builtin(Paper::Cr80);
        design.front.push(Element::Qr(Qr { x: 40.0, y: 70.0, size: 18.0, when: None }));
        let Element::Stack(names) =
            design.front.iter_mut().find(|e| matches!(e, Element::Stack(s) if s.items.len() > 2)).unwrap()
        else {
            unreachable!()
        };
        names.height = 6.0;
        let problems = check(&design, &known(&samples));
        let codes: Vec<(String, String)> = problems.iter().map(|p| (p.at.clone(), p.code())).collect();
        let last = format!("front[{}]", design.front.len() - 1);
        assert!(codes.contains(&(last.clone(), "off_paper".into())), "{codes:?}");
        assert!(codes.contains(&(last, "qr_too_small".into())), "{codes:?}");
        assert!(codes.iter().any(|(_, c)| c == "text_does_not_fit"), "{codes:?}");
        design.categories = vec!["nobody".into()];
        design.back = vec![];
        let problems = check(&design, &known(&samples));
        assert!(problems.iter().any(|p| p.code() == "category_unknown"));
    }
}

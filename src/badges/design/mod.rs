//! Badge layouts as data: a document per layout, versioned per event, that places elements in
//! millimetres from the badge's top-left corner. The renderer draws any of them; the design
//! Lanyard always had is [`builtin`], one for every paper.

mod builtin;
pub mod check;
pub mod draw;
mod fit;
pub mod publish;
pub mod samples;
pub mod store;

use serde::{Deserialize, Serialize};

pub use super::colour::Colour;
pub use super::paper::Paper;
pub use builtin::builtin;

/// A layout document: the JSON `GET/PUT …/badge-layouts/{id}` read and write.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Design {
    #[serde(default)]
    pub name: String,
    pub paper: Paper,
    /// The categories (by id) whose badges use this layout; the layout `default` is for the rest.
    #[serde(default)]
    pub categories: Vec<String>,
    pub front: Vec<Element>,
    /// The back of a two-sided card, printed after each front (CR80 only).
    #[serde(default)]
    pub back: Vec<Element>,
}

/// Something drawn on a badge. Positions and sizes in millimetres from the badge's top-left.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Element {
    /// One field (or a fixed text) in a box: shrunk to fit, then wrapped.
    Text(Text),
    /// Fields one under another, shrunk together; an empty one leaves no gap.
    Stack(Stack),
    /// The delegate's photo, as large as fits the box, top-centred.
    Photo(Frame),
    /// The badge's code, `size` mm square with its quiet zone.
    Qr(Qr),
    /// An uploaded image (the event's logo or emblem), as large as fits the box, centred.
    Image(Image),
    /// A filled rectangle: a band, a stripe, a tab.
    Rect(Rect),
    /// The badge's zones as coloured tabs with their codes, left to right across the box.
    Zones(Frame),
}

/// A box, and when it is drawn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Frame {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<When>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
    pub field: Field,
    /// The words of a `text` field (the same on every badge).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    pub max_size: f32,
    pub min_size: f32,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub bold: bool,
    #[serde(default)]
    pub align: Align,
    #[serde(default)]
    pub valign: VAlign,
    #[serde(default)]
    pub colour: Ink,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<When>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stack {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
    pub items: Vec<StackItem>,
    #[serde(default)]
    pub align: Align,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<When>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StackItem {
    pub field: Field,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    pub max_size: f32,
    pub min_size: f32,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub bold: bool,
    /// Space above this item, in millimetres.
    #[serde(default)]
    pub gap: f32,
    #[serde(default)]
    pub colour: Ink,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Qr {
    pub x: f32,
    pub y: f32,
    pub size: f32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<When>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Image {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
    /// The name the image was uploaded under (`PUT …/badge-images/{name}`).
    pub image: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<When>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
    pub colour: Ink,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<When>,
}

/// What a text shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Honorific,
    /// Given and family name in the delegate's order (the family name bold in Latin, Greek and
    /// Cyrillic), or the badge name they chose.
    Name,
    /// The name in its own script, left out where it only repeats the name.
    NativeName,
    Position,
    Organization,
    Country,
    Category,
    /// The zones' codes, separated by middle dots.
    Zones,
    /// The registration reference and badge version.
    Reference,
    EventName,
    EventDates,
    /// The element's own `text`.
    Text,
}

impl Field {
    pub const ALL: [Field; 12] = [
        Field::Honorific,
        Field::Name,
        Field::NativeName,
        Field::Position,
        Field::Organization,
        Field::Country,
        Field::Category,
        Field::Zones,
        Field::Reference,
        Field::EventName,
        Field::EventDates,
        Field::Text,
    ];

    /// Its name in JSON.
    pub fn key(self) -> &'static str {
        match self {
            Field::Honorific => "honorific",
            Field::Name => "name",
            Field::NativeName => "native_name",
            Field::Position => "position",
            Field::Organization => "organization",
            Field::Country => "country",
            Field::Category => "category",
            Field::Zones => "zones",
            Field::Reference => "reference",
            Field::EventName => "event_name",
            Field::EventDates => "event_dates",
            Field::Text => "text",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    Left,
    #[default]
    Centre,
    Right,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VAlign {
    Top,
    #[default]
    Middle,
    Bottom,
}

/// Draw an element only for badges with a photo, or only for those without.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum When {
    Photo,
    NoPhoto,
}

/// A colour: fixed (`#RRGGBB`), the category's (`category`), or black or white, whichever reads
/// better on the category's colour (`on_category`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Ink {
    #[default]
    Black,
    Fixed(Colour),
    Category,
    OnCategory,
}

impl TryFrom<String> for Ink {
    type Error = String;

    fn try_from(s: String) -> Result<Ink, String> {
        match s.as_str() {
            "category" => Ok(Ink::Category),
            "on_category" => Ok(Ink::OnCategory),
            "#000000" => Ok(Ink::Black),
            hex => Colour::parse(hex)
                .map(Ink::Fixed)
                .ok_or_else(|| format!("a colour is #RRGGBB, category or on_category, not {hex:?}")),
        }
    }
}

impl From<Ink> for String {
    fn from(ink: Ink) -> String {
        match ink {
            Ink::Black => "#000000".into(),
            Ink::Fixed(Colour(r, g, b)) => format!("#{r:02x}{g:02x}{b:02x}"),
            Ink::Category => "category".into(),
            Ink::OnCategory => "on_category".into(),
        }
    }
}

impl Ink {
    /// The colour on a badge whose category has `category` (black when it has none).
    pub fn resolve(self, category: Option<Colour>) -> Colour {
        let category = category.unwrap_or(Colour::BLACK);
        match self {
            Ink::Black => Colour::BLACK,
            Ink::Fixed(c) => c,
            Ink::Category => category,
            Ink::OnCategory => category.text_on(),
        }
    }
}

impl Element {
    /// The element's box: x, y (top-left), width, height.
    pub fn frame(&self) -> (f32, f32, f32, f32) {
        match self {
            Element::Text(t) => (t.x, t.y, t.width, t.height),
            Element::Stack(s) => (s.x, s.y, s.width, s.height),
            Element::Photo(f) | Element::Zones(f) => (f.x, f.y, f.width, f.height),
            Element::Qr(q) => (q.x, q.y, q.size, q.size),
            Element::Image(i) => (i.x, i.y, i.width, i.height),
            Element::Rect(r) => (r.x, r.y, r.width, r.height),
        }
    }

    pub fn when(&self) -> Option<When> {
        match self {
            Element::Text(t) => t.when,
            Element::Stack(s) => s.when,
            Element::Photo(f) | Element::Zones(f) => f.when,
            Element::Qr(q) => q.when,
            Element::Image(i) => i.when,
            Element::Rect(r) => r.when,
        }
    }
}

impl Design {
    /// The names of the uploaded images this layout draws.
    pub fn images(&self) -> impl Iterator<Item = &str> {
        self.front.iter().chain(&self.back).filter_map(|e| match e {
            Element::Image(i) => Some(i.image.as_str()),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_layout_reads_back_as_it_was_written() {
        for paper in Paper::ALL {
            let design = builtin(paper);
            let json = serde_json::to_string(&design).unwrap();
            let again: Design = serde_json::from_str(&json).unwrap();
            assert_eq!(again, design, "{json}");
        }
    }

    #[test]
    fn unknown_keys_and_bad_colours_are_refused() {
        let bad = r##"{"paper":"a6","front":[{"type":"rect","x":0,"y":0,"width":1,"height":1,"colour":"red"}]}"##;
        let e = serde_json::from_str::<Design>(bad).unwrap_err().to_string();
        assert!(e.contains("#RRGGBB"), "{e}");
        let typo = r##"{"paper":"a6","front":[{"type":"qr","x":0,"y":0,"size":30,"colour":"#000000"}]}"##;
        assert!(serde_json::from_str::<Design>(typo).is_err());
    }
}

//! Front-matter field specs: what `[front-matter.fields]` and the presets declare.

use std::collections::BTreeMap;

use regex::Regex;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    String,
    Integer,
    Number,
    Boolean,
    Date,
    Datetime,
    Url,
    List,
    Object,
}

impl FieldType {
    pub const NAMES: &'static [&'static str] = &[
        "string", "integer", "number", "boolean", "date", "datetime", "url", "list", "object",
    ];

    pub fn parse(name: &str) -> Option<FieldType> {
        Some(match name {
            "string" => FieldType::String,
            "integer" => FieldType::Integer,
            "number" => FieldType::Number,
            "boolean" => FieldType::Boolean,
            "date" => FieldType::Date,
            "datetime" => FieldType::Datetime,
            "url" => FieldType::Url,
            "list" => FieldType::List,
            "object" => FieldType::Object,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            FieldType::String => "string",
            FieldType::Integer => "integer",
            FieldType::Number => "number",
            FieldType::Boolean => "boolean",
            FieldType::Date => "date",
            FieldType::Datetime => "datetime",
            FieldType::Url => "url",
            FieldType::List => "list",
            FieldType::Object => "object",
        }
    }
}

/// One field's rules. Objects hold their children; lists hold their items' spec.
#[derive(Clone, Debug, Default)]
pub struct FieldSpec {
    pub ty: Option<FieldType>,
    pub required: bool,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub pattern: Option<Regex>,
    pub one_of: Option<Vec<String>>,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
    pub unique: bool,
    pub items: Option<Box<FieldSpec>>,
    pub children: BTreeMap<String, FieldSpec>,
    /// Children match keys whatever their letter case (Hugo lower-cases front-matter keys).
    pub ignore_case: bool,
}

impl FieldSpec {
    pub fn of(ty: FieldType) -> Self {
        FieldSpec {
            ty: Some(ty),
            ..FieldSpec::default()
        }
    }

    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub fn object(children: &[(&str, FieldSpec)]) -> Self {
        FieldSpec {
            ty: Some(FieldType::Object),
            children: children
                .iter()
                .map(|(name, spec)| (name.to_string(), spec.clone()))
                .collect(),
            ..FieldSpec::default()
        }
    }

    pub fn list_of(items: FieldSpec) -> Self {
        FieldSpec {
            ty: Some(FieldType::List),
            items: Some(Box::new(items)),
            ..FieldSpec::default()
        }
    }

    /// The same spec, with children that match keys whatever their letter case.
    pub fn ignoring_case(mut self) -> Self {
        self.ignore_case = true;
        self
    }

    /// Whether unknown keys inside this object are findings: only when
    /// the object declares its children.
    pub fn is_closed(&self) -> bool {
        !self.children.is_empty()
    }

    /// The spec of the child named `key` (in any letter case when the object ignores case).
    pub fn child(&self, key: &str) -> Option<&FieldSpec> {
        self.children.get(key).or_else(|| {
            self.ignore_case.then(|| {
                self.children
                    .iter()
                    .find(|(name, _)| name.eq_ignore_ascii_case(key))
                    .map(|(_, spec)| spec)
            })?
        })
    }

    /// The spec for a dotted path (`metadata.title`), if the schema has one.
    pub fn node(&self, dotted: &str) -> Option<&FieldSpec> {
        dotted
            .split('.')
            .try_fold(self, |spec, part| spec.child(part))
    }

    /// Whether the site sets a length for this field (`min-length` or
    /// `max-length`): field-format checks it, and SEO guidelines give way.
    pub fn has_length_bounds(&self) -> bool {
        self.min_length.is_some() || self.max_length.is_some()
    }

    /// Lays `other`'s settings over this spec, attribute by attribute.
    pub fn merge(&mut self, other: FieldSpec) {
        if other.ty.is_some() {
            self.ty = other.ty;
        }
        self.required |= other.required;
        self.unique |= other.unique;
        self.ignore_case |= other.ignore_case;
        macro_rules! take {
            ($($field:ident),*) => {$(if other.$field.is_some() { self.$field = other.$field; })*};
        }
        take!(min_length, max_length, pattern, one_of, min_items, max_items);
        if let Some(items) = other.items {
            match &mut self.items {
                Some(mine) => mine.merge(*items),
                None => self.items = Some(items),
            }
        }
        for (name, child) in other.children {
            self.children.entry(name).or_default().merge(child);
        }
    }

    /// The spec node for a dotted path (`metadata.canonical`,
    /// `openGraph.images[].url`), created on the way.
    pub fn node_mut(&mut self, dotted: &str) -> &mut FieldSpec {
        let mut node = self;
        for part in dotted.split('.') {
            let (name, into_items) = match part.strip_suffix("[]") {
                Some(name) => (name, true),
                None => (part, false),
            };
            node = node.children.entry(name.to_string()).or_default();
            if into_items {
                node = node.items.get_or_insert_with(Default::default);
            }
        }
        node
    }
}

use crate::article::front_matter::{Entry, Value, ValueKind};

/// What [`visit`] finds while walking front matter along a schema.
pub enum Visit<'v, 's> {
    /// A value the schema has a spec for. `path` is dotted, with `[i]` for list items.
    Known {
        path: &'v str,
        spec: &'s FieldSpec,
        value: &'v Value,
    },
    /// A key that a closed object (one that declares its fields) does not know.
    Unknown {
        path: &'v str,
        entry: &'v Entry,
        parent: &'s FieldSpec,
        /// The object the key is in.
        object: &'v Value,
    },
}

/// Walks `value` (an object) along `spec`, calling `on` for every field.
pub fn visit<'v, 's>(spec: &'s FieldSpec, value: &'v Value, on: &mut dyn FnMut(Visit<'_, 's>)) {
    visit_object(spec, value, "", on);
}

fn visit_object<'s>(
    spec: &'s FieldSpec,
    value: &Value,
    prefix: &str,
    on: &mut dyn FnMut(Visit<'_, 's>),
) {
    for entry in value.entries() {
        let path = if prefix.is_empty() {
            entry.key.clone()
        } else {
            format!("{prefix}.{}", entry.key)
        };
        match spec.child(&entry.key) {
            Some(child) => visit_value(child, &entry.value, &path, on),
            None if spec.is_closed() => on(Visit::Unknown {
                path: &path,
                entry,
                parent: spec,
                object: value,
            }),
            None => {}
        }
    }
}

fn visit_value<'s>(
    spec: &'s FieldSpec,
    value: &Value,
    path: &str,
    on: &mut dyn FnMut(Visit<'_, 's>),
) {
    on(Visit::Known { path, spec, value });
    match &value.kind {
        ValueKind::Map(_) => visit_object(spec, value, path, on),
        ValueKind::List(items) => {
            if let Some(item_spec) = &spec.items {
                for (index, item) in items.iter().enumerate() {
                    visit_value(item_spec, item, &format!("{path}[{index}]"), on);
                }
            }
        }
        _ => {}
    }
}

//! One response, two formats: a small tree of named values rendered as JSON or
//! as the spec's XML, so the two can never disagree.

use std::fmt::Write as _;

/// A value in a response.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
    /// Named fields, in order.
    Object(Vec<(&'static str, Node)>),
    /// A list whose XML items are each wrapped in the element `item`.
    List {
        item: &'static str,
        items: Vec<Node>,
    },
}

impl Node {
    pub fn text(value: impl Into<String>) -> Node {
        Node::Text(value.into())
    }

    pub fn opt_text(value: Option<impl Into<String>>) -> Node {
        value.map_or(Node::Null, |v| Node::Text(v.into()))
    }
}

/// A response body: a bare list (JSON array; XML `<root><item>…`) or one object.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub root: &'static str,
    pub body: Node,
}

impl Document {
    pub fn list(root: &'static str, item: &'static str, items: Vec<Node>) -> Document {
        Document {
            root,
            body: Node::List { item, items },
        }
    }

    pub fn object(root: &'static str, fields: Vec<(&'static str, Node)>) -> Document {
        Document {
            root,
            body: Node::Object(fields),
        }
    }

    pub fn json(&self) -> String {
        let mut out = String::new();
        write_json(&mut out, &self.body);
        out
    }

    pub fn xml(&self) -> String {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        write_xml(&mut out, self.root, &self.body);
        out.push('\n');
        out
    }
}

fn write_json(out: &mut String, node: &Node) {
    match node {
        Node::Null => out.push_str("null"),
        Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Node::Int(n) => {
            let _ = write!(out, "{n}");
        }
        Node::Float(f) if f.is_finite() => {
            let _ = write!(out, "{f}");
        }
        Node::Float(_) => out.push_str("null"),
        Node::Text(s) => out.push_str(&serde_json::Value::String(s.clone()).to_string()),
        Node::Object(fields) => {
            out.push('{');
            for (idx, (name, value)) in fields.iter().enumerate() {
                if idx > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::Value::String((*name).to_string()).to_string());
                out.push(':');
                write_json(out, value);
            }
            out.push('}');
        }
        Node::List { items, .. } => {
            out.push('[');
            for (idx, item) in items.iter().enumerate() {
                if idx > 0 {
                    out.push(',');
                }
                write_json(out, item);
            }
            out.push(']');
        }
    }
}

fn write_xml(out: &mut String, name: &str, node: &Node) {
    match node {
        Node::Null => {
            let _ = write!(out, "<{name}/>");
        }
        Node::Object(fields) => {
            let _ = write!(out, "<{name}>");
            for (field, value) in fields {
                write_xml(out, field, value);
            }
            let _ = write!(out, "</{name}>");
        }
        Node::List { item, items } => {
            let _ = write!(out, "<{name}>");
            for value in items {
                write_xml(out, item, value);
            }
            let _ = write!(out, "</{name}>");
        }
        scalar => {
            let _ = write!(out, "<{name}>");
            match scalar {
                Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
                Node::Int(n) => {
                    let _ = write!(out, "{n}");
                }
                Node::Float(f) if f.is_finite() => {
                    let _ = write!(out, "{f}");
                }
                Node::Text(s) => escape_into(out, s),
                _ => {}
            }
            let _ = write!(out, "</{name}>");
        }
    }
}

/// Escapes text for XML content and drops the characters XML 1.0 cannot hold
/// (control characters other than tab, newline and carriage return).
pub fn escape_into(out: &mut String, text: &str) {
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(ch),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Document {
        Document::list(
            "service_requests",
            "request",
            vec![Node::Object(vec![
                ("service_request_id", Node::text("2026-000001")),
                ("description", Node::text("«Холодно» <5 & \"ветер\"\u{1}")),
                ("lat", Node::Float(54.7)),
                ("account_id", Node::Null),
                ("metadata", Node::Bool(true)),
                (
                    "notes",
                    Node::List {
                        item: "note",
                        items: vec![Node::Object(vec![("type", Node::text("closed"))])],
                    },
                ),
            ])],
        )
    }

    #[test]
    fn json_is_a_bare_array_of_objects() {
        let json: serde_json::Value = serde_json::from_str(&sample().json()).unwrap();
        assert_eq!(json[0]["service_request_id"], "2026-000001");
        assert_eq!(json[0]["description"], "«Холодно» <5 & \"ветер\"\u{1}");
        assert_eq!(json[0]["lat"], 54.7);
        assert!(json[0]["account_id"].is_null());
        assert_eq!(json[0]["notes"][0]["type"], "closed");
    }

    #[test]
    fn xml_uses_the_element_names_and_escapes_text() {
        let xml = sample().xml();
        assert!(xml.starts_with(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<service_requests><request>"
        ));
        assert!(xml.contains("<description>«Холодно» &lt;5 &amp; &quot;ветер&quot;</description>"));
        assert!(xml.contains("<account_id/>"));
        assert!(xml.contains("<notes><note><type>closed</type></note></notes>"));
    }

    #[test]
    fn an_empty_list_is_an_empty_array_and_an_empty_root() {
        let doc = Document::list("services", "service", vec![]);
        assert_eq!(doc.json(), "[]");
        assert!(doc.xml().contains("<services></services>"));
    }
}

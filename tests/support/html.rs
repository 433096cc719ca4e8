//! Reading values out of rendered pages.

/// The first CSRF token in a page's forms.
pub fn csrf_token(html: &str) -> Option<String> {
    attr_value_after(html, "name=\"csrf_token\" value=\"")
}

pub fn attr_value_after(html: &str, marker: &str) -> Option<String> {
    let start = html.find(marker)? + marker.len();
    let end = html[start..].find('"')?;
    Some(html[start..start + end].to_string())
}

/// The text content of the element with this id (first text up to the next tag).
pub fn text_by_id(html: &str, id: &str) -> Option<String> {
    let marker = format!("id=\"{id}\"");
    let at = html.find(&marker)?;
    let open_end = html[at..].find('>')? + at + 1;
    let close = html[open_end..].find('<')? + open_end;
    Some(html[open_end..close].trim().to_string())
}

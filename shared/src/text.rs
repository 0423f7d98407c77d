//! What text any field takes: no control characters (NUL breaks PostgreSQL, the others break
//! layouts and logs), except tab and line breaks where the text has several lines.

/// Whether `text` holds a character no field takes.
pub fn has_control(text: &str, multiline: bool) -> bool {
    text.chars().any(|c| {
        c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t'))
            || matches!(c, '\u{2028}' | '\u{2029}' | '\u{fffe}' | '\u{ffff}')
    })
}

#[cfg(test)]
mod tests {
    use super::has_control;

    #[test]
    fn refuses_nul_and_control_characters_keeps_line_breaks_in_long_text() {
        assert!(has_control("a\u{0}b", true));
        assert!(has_control("bell\u{7}", false));
        assert!(has_control("two\nlines", false));
        assert!(has_control("del\u{7f}", true));
        assert!(!has_control("two\nlines\twith a tab\r\n", true));
        assert!(!has_control("Қазақстан — ә ғ қ ң ө ұ ү һ і", false));
    }
}

//! What text any field takes: no control characters (NUL breaks PostgreSQL, the others break
//! layouts and logs), except tab and line breaks where the text has several lines; and none of
//! the invisible direction overrides that make text read other than it is written: "Road
//! <U+202E>detelpmoc" shows as "Road completed", and a search for "completed" misses it.

/// Whether `text` holds a character no field takes.
pub fn has_control(text: &str, multiline: bool) -> bool {
    text.chars().any(|c| {
        c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t'))
            || matches!(c, '\u{2028}' | '\u{2029}' | '\u{fffe}' | '\u{ffff}')
            || is_direction_override(c)
    })
}

/// Embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069). The marks U+200E and
/// U+200F, which reorder nothing by themselves, stay allowed.
fn is_direction_override(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
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

    #[test]
    fn refuses_text_that_reads_other_than_it_is_written() {
        assert!(has_control("Road \u{202e}detelpmoc", false));
        assert!(has_control("Budget \u{2067}approved\u{2069}", true));
        assert!(has_control("\u{202a}left to right\u{202c}", true));
        assert!(!has_control("Marked \u{200f}right to left", false));
    }
}

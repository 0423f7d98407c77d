//! The names the seed gives the ten teams' boards, their stages and the author of its changes,
//! in English as the server writes them and in Kazakh and Russian: the browser and the exports
//! show each in the reader's language for as long as it is unchanged (a renamed board or stage
//! is shown as typed).

/// The default stages of every team's board, in order.
pub const STAGES: [&str; 5] = ["Intake", "Road map", "In progress", "Reported", "Done"];

/// The ten interdepartmental teams' boards: (board name, team).
pub const BOARDS: [(&str, &str); 10] = [
    (
        "Transport and logistics",
        "Interdepartmental team for transport and logistics",
    ),
    ("Healthcare", "Interdepartmental team for healthcare"),
    (
        "Education and enlightenment",
        "Interdepartmental team for education and enlightenment",
    ),
    ("Energy", "Interdepartmental team for energy"),
    ("Water", "Interdepartmental team for water resources"),
    ("Industry", "Interdepartmental team for industry"),
    ("Construction", "Interdepartmental team for construction"),
    (
        "Digital development",
        "Interdepartmental team for digital development",
    ),
    ("Innovation", "Interdepartmental team for innovation"),
    (
        "Regional development",
        "Interdepartmental team for regional development",
    ),
];

/// The stages' names in Kazakh and Russian, in the order of `STAGES`.
/// Who the seed's changes are by, as every board's history and fields show it.
pub const SEED_AUTHOR: &str = "Project Office";

const SEED_AUTHOR_KK_RU: (&str, &str) = ("Жобалық кеңсе", "Проектный офис");

const STAGES_KK_RU: [(&str, &str); 5] = [
    ("Қабылдау", "Входящие"),
    ("Жол картасы", "Дорожная карта"),
    ("Орындалуда", "В работе"),
    ("Есеп берілді", "Отчёт сдан"),
    ("Орындалды", "Выполнено"),
];

/// The boards' names in Kazakh and Russian, in the order of `BOARDS`.
const BOARDS_KK_RU: [(&str, &str); 10] = [
    ("Көлік және логистика", "Транспорт и логистика"),
    ("Денсаулық сақтау", "Здравоохранение"),
    ("Білім және оқу-ағарту", "Образование и просвещение"),
    ("Энергетика", "Энергетика"),
    ("Су ресурстары", "Водные ресурсы"),
    ("Өнеркәсіп", "Промышленность"),
    ("Құрылыс", "Строительство"),
    ("Цифрлық даму", "Цифровое развитие"),
    ("Инновациялар", "Инновации"),
    ("Өңірлік даму", "Региональное развитие"),
];

/// The teams' names in Kazakh and Russian, in the order of `BOARDS`.
const TEAMS_KK_RU: [(&str, &str); 10] = [
    (
        "Көлік және логистика жөніндегі ведомствоаралық топ",
        "Межведомственная команда по транспорту и логистике",
    ),
    (
        "Денсаулық сақтау жөніндегі ведомствоаралық топ",
        "Межведомственная команда по здравоохранению",
    ),
    (
        "Білім және оқу-ағарту жөніндегі ведомствоаралық топ",
        "Межведомственная команда по образованию и просвещению",
    ),
    (
        "Энергетика жөніндегі ведомствоаралық топ",
        "Межведомственная команда по энергетике",
    ),
    (
        "Су ресурстары жөніндегі ведомствоаралық топ",
        "Межведомственная команда по водным ресурсам",
    ),
    (
        "Өнеркәсіп жөніндегі ведомствоаралық топ",
        "Межведомственная команда по промышленности",
    ),
    (
        "Құрылыс жөніндегі ведомствоаралық топ",
        "Межведомственная команда по строительству",
    ),
    (
        "Цифрлық даму жөніндегі ведомствоаралық топ",
        "Межведомственная команда по цифровому развитию",
    ),
    (
        "Инновациялар жөніндегі ведомствоаралық топ",
        "Межведомственная команда по инновациям",
    ),
    (
        "Өңірлік даму жөніндегі ведомствоаралық топ",
        "Межведомственная команда по региональному развитию",
    ),
];

/// A name the seed gave, in `language` (`kk`, `ru`, `en`); None for a name people typed.
pub fn in_language(name: &str, language: &str) -> Option<&'static str> {
    let english = STAGES
        .iter()
        .zip(STAGES_KK_RU)
        .chain(BOARDS.iter().map(|(board, _)| board).zip(BOARDS_KK_RU))
        .chain(BOARDS.iter().map(|(_, team)| team).zip(TEAMS_KK_RU))
        .chain(std::iter::once((&SEED_AUTHOR, SEED_AUTHOR_KK_RU)))
        .find(|(english, _)| **english == name)?;
    let (english, (kk, ru)) = english;
    Some(match language {
        "kk" => kk,
        "ru" => ru,
        _ => english,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_names_read_in_each_language_and_typed_ones_do_not() {
        assert_eq!(in_language("Intake", "ru"), Some("Входящие"));
        assert_eq!(in_language("Water", "kk"), Some("Су ресурстары"));
        assert_eq!(in_language("Water", "en"), Some("Water"));
        assert_eq!(in_language("Our own stage", "ru"), None);
        assert_eq!(in_language(SEED_AUTHOR, "ru"), Some("Проектный офис"));
    }
}

//! The names the seed gives the ten teams' boards and their stages. The server writes them; the
//! browser shows each in the viewer's language for as long as it is unchanged (a renamed board
//! or stage is shown as typed).

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

status-saving = { $count ->
    [one] Saving { $count } change…
   *[other] Saving { $count } changes…
}
status-live = Live
status-connecting = Connecting…
status-offline-kept = { $count ->
    [one] Offline: { $count } change kept, sent when the connection returns
   *[other] Offline: { $count } changes kept, sent when the connection returns
}
status-offline = Offline: reconnecting…
board-read-only = Read only
board-members-and-embeds = Members & embeds
board-archived = Archived ({ $count })

card-add-open = + Add a card
card-new-title-label = Title of the new card
card-new-title-placeholder = Title of the task
card-add = Add card
cancel = Cancel

stage-add-open = + Add a stage
stage-new-name-label = Name of the new stage
stage-new-name-placeholder = Stage name
stage-add = Add stage

archive-title = Archived cards
archive-close = Close the archive
archive-restore = Restore
archive-delete = Delete
archive-delete-confirm = Delete “{ $title }” for good? Its history stays in the board's log.
archive-empty = Nothing is archived.

card-role = movable card

card-dialog-title = Task
card-title = Title
card-description = Description
card-stage = Stage
save = Save
close = Close
card-archive = Archive


stage-count-over = { $count ->
    [one] { $count } card
   *[other] { $count } cards
}, over the limit of { $limit }
stage-count-limit = { $count ->
    [one] { $count } card
   *[other] { $count } cards
}, limit { $limit }
stage-count = { $count ->
    [one] { $count } card
   *[other] { $count } cards
}
stage-delete-confirm = Delete the stage “{ $name }”?
stage-limit-label = WIP limit (empty for none)
stage-name-label = Stage name
stage-actions = Actions for the stage { $name }
stage-rename = Rename
stage-set-limit = Set WIP limit
stage-move-left = Move left
stage-move-right = Move right
stage-delete = Delete stage



share-title = Members and embeds
share-members = Members
share-role-of = Role of { $name }
share-remove = Remove
share-person-to-add = Person to add
share-add-person = Add a person…
share-role = Role
share-add = Add
embed-new-title = Embed on an intranet page
embed-where = Where it will be shown
embed-where-example = e.g. Ministry of Energy intranet
embed-stages = Stages shown (none ticked: all)
embed-days = Days it works
embed-create = Create embed link
embed-paste = Paste this into the intranet page (shown once):
embed-revoked = revoked
embed-revoke = Revoke
role-lead = Team lead
role-member = Member
role-observer = Observer

app-name = Qadam
app-tagline = Project Office boards
loading = Loading…
choose-password-title = Choose your own password
choose-password-why = You signed in with a password someone gave you. Choose one only you know before going on.

board-missing = There is no such board, or it is not shared with you.
board-loading = Loading the board…
board-keyboard-help = Space lifts the card; arrow keys move it; Space drops it; Escape cancels. Enter opens the card.



language = Language

menu-account = Account
menu-people = People
menu-your-account = Your account
menu-sign-out = Sign out

sign-in-title = Sign in to Qadam
sign-in-login = Login
sign-in-password = Password
sign-in = Sign in

home-title = Team boards
home-lede = Priority tasks under the Project Office's control, one board per interdepartmental team.
home-loading = Loading boards…
home-failed = Boards could not be loaded: { $reason }
home-empty = No team board is shared with you yet. Ask your team lead or the Project Office to add you.
home-tasks = { $count ->
    [one] { $count } task
   *[other] { $count } tasks
}

people-created = Created { $name } ({ $login }).
people-title = People
people-admins-only = Only administrators manage accounts.
people-name = Name
people-login = Login
people-administrator = Administrator
people-status = Status
people-yes = yes
people-disabled = disabled
people-active = active
people-remove-admin = Remove administrator
people-make-admin = Make administrator
people-enable = Enable
people-disable = Disable
people-reset-password = Reset password
people-new-account = New account
people-is-admin = Project Office administrator
people-temporary = Must choose their own password at first sign-in
people-create = Create account
people-reset-title = New password for { $name }
people-reset-why = Their sessions end at once; they sign in again with this password.
people-reset-password-label = Password (at least { $min } characters)
people-reset-temporary = Must choose their own at the next sign-in
people-set-password = Set password

account-title = Your account
account-password = Password
account-sessions = Where you are signed in
account-session-times = signed in { $opened }, last used { $used }
account-this-browser = This browser
account-sign-out-everywhere = Sign out everywhere
account-browser-on = { $browser } on { $system }
account-unknown-browser = Unknown browser

password-differ = The two new passwords differ.
password-changed = Password changed. Your other sessions were signed out.
password-current = Current password
password-new = New password (at least { $min } characters, not your login or name)
password-again = New password again
password-change = Change password

embed-gone = This board is no longer shared here: the link was revoked or has expired.
embed-broken = This embed link does not work.

error-network = The server cannot be reached. Check the connection and try again.
error-unauthenticated = Sign in first.
error-bad-credentials = Wrong login or password.
error-too-many-attempts = Too many failed sign-ins. Wait a few minutes and try again.
error-busy = The server is busy. Try again in a moment.
error-unavailable = The server cannot save right now. Try again shortly.
error-slow-down = Too many changes at once. Slow down a little.
error-too-many-sockets = Too many open windows for this account. Close some tabs.
error-not-found = It is not there, or not shared with you.
error-forbidden = Your role on this board does not allow this.
error-bad-origin = This request came from another site and was refused.
error-password-change-required = Choose your own password before going on.
error-weak-password = This password is too weak: use at least { $min } characters, not your login or name, and nothing common.
error-same-password = The new password must differ from the current one.
error-login-taken = This login is taken.
error-bad-login = A login has 2 to 64 letters, digits or . _ - @
error-bad-name = A name has 1 to { $max } characters.
error-own-account = You cannot lock yourself out.
error-bad-label = Say where the board will be shown (up to 60 characters).
error-bad-expiry = An embed link works for 1 to 366 days.
reject-card-not-found = The card is no longer on the board.
reject-column-not-found = The stage is no longer on the board.
reject-card-exists = This card exists already.
reject-column-exists = This stage exists already.
reject-card-archived = The card is archived.
reject-card-not-archived = The card is not archived.
reject-column-not-empty = The stage still holds cards; move or archive them first.
reject-empty-text = The text cannot be empty.
reject-text-too-long = The text is too long (a title takes { $title } characters, a description { $description }, a stage name { $stage }).
reject-too-many = The board is full (at most { $cards } cards and { $stages } stages).
reject-invalid-limit = A WIP limit is a whole number from 1 to { $max }.
reject-invalid-text = The text holds characters that cannot be stored.
reject-board-full = The board has no room for more text: shorten cards, or have a lead delete archived ones.
reject-no-room = There is no room at this place; drop the card a little elsewhere.
reject-forbidden = Your role on this board does not allow this.
reject-administrators-only = Only Project Office administrators set or lift special control, or archive or delete a task under it.
reject-stage-gated = Only the board's leads move tasks into this stage.
reject-wip-limit-reached = This stage is at its WIP limit, and the board's limits are hard: finish or move a task out first.
reject-reason-required = Say why: moving a deadline, and an amber-red or red status, need a reason.
reject-invalid-value = This value is not one the field takes.
notice-not-loaded = The board has not loaded yet.
notice-not-saved = Your change was not saved: { $reason }
notice-rehomed = “{ $title }” was put in { $stage }: the stage it was made in no longer takes it (deleted, closed to your role or full meanwhile).
notice-frame-refused = The server ended the connection: { $reason }
notice-wip-limit-invalid = A WIP limit is a whole number, or empty for none.
notice-stage-not-empty = “{ $name }” still holds { $count ->
    [one] { $count } card. Move or archive it
   *[other] { $count } cards. Move or archive them
} before deleting the stage.
notice-nowhere-to-restore = Add a stage first: there is nowhere to restore the card to.
drag-lifted = Lifted “{ $title }”: { $stage }, position { $position } of { $count }. Arrow keys move it, Space drops it, Escape cancels.
drag-moved = Moved “{ $title }”: { $stage }, position { $position } of { $count }. Arrow keys move it, Space drops it, Escape cancels.
drag-dropped = Dropped “{ $title }” in { $stage }, position { $position } of { $count }.
drag-cancelled = Cancelled. “{ $title }” is back where it was.
change-card-created = { $author } added “{ $title }” to { $stage }
change-card-edited = { $author } edited “{ $title }”
change-card-moved = { $author } moved “{ $title }” to { $stage }
change-card-archived = { $author } archived “{ $title }”
change-card-restored = { $author } restored “{ $title }”
change-card-deleted = { $author } deleted an archived task for good
change-stage-added = { $author } added the stage “{ $stage }”
change-stage-renamed = { $author } renamed the stage “{ $stage }” to “{ $name }”
change-stage-moved = { $author } moved the stage “{ $stage }”
change-stage-limit = { $author } set the limit of “{ $stage }” to { $limit }
change-stage-no-limit = { $author } removed the limit of “{ $stage }”
change-stage-deleted = { $author } deleted the stage “{ $stage }”
change-stage-gated = { $author } let only leads move tasks into “{ $stage }”
change-stage-open = { $author } let members move tasks into “{ $stage }”
change-board-settings = { $author } changed the board's settings
change-card-agency = { $author } set the responsible agency of “{ $title }”
change-card-assignees = { $author } changed who works on “{ $title }”
change-card-deadline = { $author } set the deadline of “{ $title }” to { $date }
change-card-control-on = { $author } put “{ $title }” under special control
change-card-control-off = { $author } lifted special control of “{ $title }”
change-card-judged = { $author } judged “{ $title }”: { $status }
change-card-source = { $author } set the source of “{ $title }”
change-card-project = { $author } set the strategic project of “{ $title }”
rag-green = Green
rag-amber-green = Amber-green
rag-amber-red = Amber-red
rag-red = Red

page-missing = This page does not exist.
time-just-now = just now
time-minutes-ago = { $count ->
    [one] { $count } minute ago
   *[other] { $count } minutes ago
}
time-hours-ago = { $count ->
    [one] { $count } hour ago
   *[other] { $count } hours ago
}
time-days-ago = { $count ->
    [one] { $count } day ago
   *[other] { $count } days ago
}
time-months-ago = { $count ->
    [one] { $count } month ago
   *[other] { $count } months ago
}
time-years-ago = { $count ->
    [one] { $count } year ago
   *[other] { $count } years ago
}
card-changed-meanwhile = { $author } changed this card while you were editing; the dialog shows the change.
card-changed-conflict = { $author } changed this card while you were editing; saving keeps your text where you changed it.
status-offline-kept-since = { $count ->
    [one] Offline: { $count } change kept
   *[other] Offline: { $count } changes kept
}, sent when the connection returns; last saved at { $time }
share-no-members = Nobody is on this team yet: add the people who work on its tasks.
share-remove-confirm = Take { $name } off this board?
embed-revoke-confirm = Revoke the embed link “{ $label }”? The page showing it will stop at once.
page-back = Back to the boards
card-title-counter = { $count } / { $max }
undo = Undo
notice-moved = Moved “{ $title }” to { $stage }.
notice-archived = Archived “{ $title }”.
notice-not-kept = This browser has no room to keep your unsent changes: keep this page open until they are sent.
embed-copy = Copy
embed-copied = Copied. Paste it into the intranet page.
embed-all-stages = all stages
embed-no-expiry = no end date
embed-details = { $stages } · until { $until } · made by { $by } on { $made }
embed-live = Live · updated at { $time }
embed-offline = Offline: reconnecting… · updated at { $time }
embed-open = Open in Qadam
people-teams = Teams
people-team-to-add = Team to add the person to
people-add-to-team = Add to a team…
people-generate = Generate
people-generated-once = Hand this password to the person now: it is not shown again.
stage-tabs = Stages

card-special-control = Special control
card-special-control-short = ★ Special control
card-rag-title = Delivery status: { $status }
card-extended = { $count ->
    [one] The deadline was extended once
   *[other] The deadline was extended { $count } times
}
delivery-heading = Delivery
delivery-special-admins = Only Project Office administrators set or lift special control.
delivery-status = Delivery status
delivery-status-new = New delivery status
delivery-status-choose = Judge the status…
delivery-judge = Judge
delivery-judged-by = by { $author }, { $when }
delivery-reason = Reason
delivery-reason-required = Reason (required)
delivery-reason-optional = Reason (optional)
delivery-deadline = Deadline
delivery-deadline-set = Set the deadline
delivery-deadline-move = Move the deadline
delivery-deadline-reason = Why the deadline moves (required)
delivery-deadline-original = First set for { $date }; extended { $count ->
    [one] once
   *[other] { $count } times
}
delivery-deadline-changes = Deadline changes
delivery-deadline-moved = { $from } → { $to }, { $author }, { $when }:
delivery-agency = Responsible agency
delivery-agencies-ministries = Ministries
delivery-agencies-akimats = Akimats
delivery-agencies-companies = State companies
delivery-project = Strategic project
delivery-none = —
delivery-assignees = Assignees
delivery-assignees-none = The board has no members yet; its lead adds them under Members & embeds.
delivery-source = Source
delivery-source-kind = Kind of document
delivery-source-number = Number
delivery-source-date = Date of the document
delivery-source-paragraph = Paragraph
delivery-source-save = Save the source
due-on-track = On track
due-soon = Due soon
due-overdue = Overdue
due-done-on-time = Done on time
due-done-late = Done late
source-address = Address of the Head of State
source-national-plan = National Development Plan
source-decree = Decree
source-order = Order
source-protocol = Meeting protocol

lanes-label = Swimlanes
lanes-none = No swimlanes
lanes-project = By strategic project
lanes-agency = By responsible agency
lanes-assignee = By assignee
lanes-rag = By delivery status
lane-unset = Not set
filter-search = Search tasks
filter-open = Filter
filter-open-active = { $count ->
    [one] Filter: { $count } condition
   *[other] Filter: { $count } conditions
}
filter-special = Only under special control
filter-extended = Only with the deadline extended
filter-hidden = { $count ->
    [one] { $count } task hidden by the filter
   *[other] { $count } tasks hidden by the filter
}
filter-clear = Show all
filter-all = All
settings-open = Board settings
settings-due-soon = Due soon: days before the deadline
settings-hard-limits = Hard WIP limits: refuse a move or a new task beyond a stage's limit
stage-gate-leads = Only leads move tasks here
stage-gate-members = Members move tasks here

shortcut-title = Keyboard shortcuts
shortcut-help = Show or hide this list
shortcut-search = Search tasks
shortcut-filter = Open or close the filter
shortcut-new = Add a task to the first stage
shortcut-open = Open the task in focus
shortcut-lift = Lift the task in focus, then drop it
shortcut-move = Move a lifted task
shortcut-cancel = Put a lifted task back, or close a dialog
shortcut-key-space = Space

reject-not-author = Only its author edits or deletes a comment.
change-label-put = { $author } set the label “{ $name }”
change-label-deleted = { $author } deleted a label
change-card-labels = { $author } changed the labels of “{ $title }”
change-card-checklist = { $author } updated the checklist of “{ $title }”
change-card-commented = { $author } commented on “{ $title }”
change-card-comment-changed = { $author } changed a comment on “{ $title }”
change-card-links = { $author } changed the links of “{ $title }”

card-checklist-title = Checklist: { $done } of { $total } done
card-comments-title = { $count ->
    [one] { $count } comment
   *[other] { $count } comments
}
color-blue = Blue
color-teal = Teal
color-green = Green
color-yellow = Yellow
color-orange = Orange
color-red = Red
color-purple = Purple
color-grey = Grey
parts-labels = Labels
parts-labels-none = The board has no labels yet; its leads add them here.
parts-label-name = New label
parts-label-color = Colour
parts-label-add = Add label
parts-label-delete = Delete the label “{ $name }” from the board
parts-checklist = Checklist
parts-checklist-add = A milestone
parts-checklist-due = Due date of the milestone
parts-ticked-by = Ticked by { $author }, { $when }
parts-remove-item = Remove “{ $name }”
parts-add = Add
parts-links = Links to documents
parts-link-title = Title
parts-link-url = Address (https://…)
parts-comments = Comments
parts-comment-placeholder = Write a comment
parts-comment-add = Comment
parts-comment-edited = edited
parts-comment-edit = Edit
parts-comment-delete = Delete
parts-comment-delete-confirm = Delete this comment?
history-heading = History
history-loading = Loading the history…
history-stage = Stage
history-yes = yes
history-no = no
history-change = { $author }: { $field }: { $from } → { $to }
history-set = { $author }: { $field }: { $to }
menu-lists = Lists
lists-title = The office's lists
lists-intro = Cards name a responsible agency and a strategic project from these lists. Retire an entry rather than delete it: cards that name it still read.
lists-saved = Saved.
lists-form-title = Add or change an entry (an existing code changes that entry)
lists-is-project = A strategic project (not an agency)
lists-code = Code (lowercase letters, digits and dashes)
lists-kind = Kind
lists-kind-ministry = Ministry
lists-kind-akimat = Akimat
lists-kind-company = State company
lists-name-kk = Name in Kazakh
lists-name-ru = Name in Russian
lists-name-en = Name in English
lists-projects = Strategic projects
lists-agencies = Responsible agencies
lists-edit = Change
lists-retire = Retire
lists-restore = Restore
menu-portfolio = Portfolio
portfolio-title = Portfolio
portfolio-intro = Figures at { $at }; in brackets, the change since { $since }. Each figure opens the board filtered to those tasks.
portfolio-teams = Teams
portfolio-team = Team
portfolio-projects = Strategic projects
portfolio-attention = Needs attention
portfolio-attention-none = No task is under special control, red or overdue.
portfolio-open = Open tasks
portfolio-red = Red
portfolio-amber-red = Amber-red
portfolio-overdue = Overdue
portfolio-special = Special control
portfolio-extended = Extended
past-shown = As it was on { $when }, read-only; { $count ->
    [one] { $count } task is elsewhere now (marked).
   *[other] { $count } tasks are elsewhere now (marked).
}
past-back = Back to the live board
past-open = As it was…
past-when = The moment
past-show = Show
menu-my-work = My work
my-work-title = My work
my-work-since = Tasks changed since you last looked ({ $when }) are marked.
my-work-none = No task is assigned to you yet.
my-work-no-deadline = No deadline
my-work-changed = changed
menu-inbox = Inbox
menu-unread = { $count ->
    [one] { $count } unread
   *[other] { $count } unread
}
inbox-title = Inbox
inbox-empty = Nothing yet: you are told here when a task is assigned to you, a comment names you, your task turns red, or special control is set on your team's task.
inbox-mark-all = Mark all read
inbox-assigned = { $author } assigned you to “{ $title }”
inbox-mentioned = { $author } named you in a comment on “{ $title }”
inbox-red = { $author } judged your task “{ $title }” red
inbox-control-set = { $author } put “{ $title }” under special control
inbox-control-lifted = { $author } lifted special control of “{ $title }”
inbox-due-soon = Your task “{ $title }” is due soon
inbox-overdue = Your task “{ $title }” is past its deadline
portfolio-no-boards = You are on no team's board yet; the portfolio shows the boards you may open.
portfolio-no-projects = No task names a strategic project yet; set one in a task's delivery fields and it is counted here.
metrics-open = Metrics
metrics-title = Metrics
metrics-of-board = { $board }: how work flows
metrics-of-project = { $project }: how work flows across the teams
metrics-from = From
metrics-to = To
metrics-weeks = { $count ->
    [one] { $count } week
   *[other] { $count } weeks
}
metrics-year = A year
metrics-flow = Cumulative flow
metrics-flow-hint = Tasks in each stage at the end of each day. A widening band is work piling up; a rising bottom band is work getting done.
metrics-stage-times = Time in each stage
metrics-stage-times-hint = Days a task spent in a stage, for the stays that ended in the period: the bar to the median, the mark at the 85th percentile.
metrics-cycle = Cycle time
metrics-cycle-hint = Days from leaving “{ $first }” to reaching “{ $last }”, one dot per task finished in the period. Dashed lines: the median and the 85th percentile.
metrics-throughput = Throughput
metrics-throughput-hint = Tasks finished each week, by how they met their deadline.
metrics-extensions = Extensions per finished task
metrics-extensions-hint = Finished tasks with a deadline, by how often it was extended.
metrics-median = median { $days }
metrics-p85 = 85% { $days }
metrics-days = { $count ->
    [one] { $count } day
   *[other] { $count } days
}
metrics-stays = { $count ->
    [one] { $count } stay
   *[other] { $count } stays
}
metrics-finished-count = { $count ->
    [one] { $count } task finished
   *[other] { $count } tasks finished
}
metrics-on-time = On time
metrics-after-extension = After an extension
metrics-late = Late
metrics-no-deadline = No deadline
metrics-week-of = Week of { $day }
metrics-day = Day
metrics-week = Week
metrics-task = Task
metrics-finished-on = Finished on
metrics-cycle-days = Cycle time, days
metrics-extension-times = { $count ->
    [0] Never extended
    [one] Extended once
    [2] Extended twice
   *[other] Extended 3 or more times
}
metrics-as-table = The figures as a table
metrics-readout-hint = Point at a chart, or focus it and use the arrow keys, to read its figures.
metrics-empty-flow = Nothing was on the board in this period.
metrics-none-finished = No task was finished in this period; finished tasks appear here with their cycle times.
metrics-no-stays = No task left a stage in this period yet.
metrics-stage-waiting = Not started
metrics-stage-doing = Under way
metrics-stage-done = Done
metrics-back-board = Back to the board
metrics-back-portfolio = Back to the portfolio
change-card-decision-asked = { $author } asked leadership for a decision on “{ $title }”
change-card-decision-taken = { $author } marked the decision on “{ $title }” as taken
delivery-decision = Decision needed from leadership
delivery-decision-hint = None asked. Ask here what leadership must decide; it goes into the stocktake.
delivery-decision-question = What must be decided
delivery-decision-ask = Ask
delivery-decision-taken = Decision taken
delivery-decision-by = asked by { $author }, { $when }
card-decision-short = Decision needed
stocktake-open = Stocktake
stocktake-title = Stocktake
stocktake-of = { $name }, { $from } – { $to }
stocktake-print = Print
stocktake-download = Download:
stocktake-csv = CSV
stocktake-xlsx = Excel
stocktake-json = JSON
stocktake-as-of = Standing as of { $when }; what moved, finished and was extended within the period.
stocktake-nothing = Nothing in this period.
stocktake-decisions = Decisions needed from leadership
stocktake-attention = Red, amber-red or overdue
stocktake-special = Under special control
stocktake-finished = Finished
stocktake-extended = Deadlines extended
stocktake-moved = What moved
stocktake-added = added
stocktake-archived = archived
stocktake-extended-by = by { $author }, { $when }
metrics-finished-tasks = Tasks finished
portfolio-attention-more = And { $count } more: each team's figures above open them on its board.
error-bad-period = Choose a period that ends after it starts, covers at most a year and falls between { $first } and { $last }.
people-audit-link = Security audit log
audit-title = Security audit log
audit-admins-only = Only administrators read the audit log.
audit-empty = Nothing recorded yet.
audit-when = When
audit-who = Who
audit-what = What
audit-subject = Concerning
audit-detail = Details
audit-address = Address
audit-older = Older entries
audit-signed-in = Signed in
audit-sign-in-failed = Sign-in failed
audit-signed-out = Signed out
audit-password-changed = Password changed
audit-sessions-ended = Sessions ended
audit-account-created = Account created
audit-account-changed = Account changed
audit-role-set = Role given
audit-role-removed = Taken off the board
audit-embed-created = Embed link created
audit-embed-revoked = Embed link revoked
audit-throttled = Too many attempts
audit-wrong-password = Wrong login or password
audit-every-session = Every session
audit-one-session = One session
audit-detail-name = name
audit-detail-admin = made administrator
audit-detail-not-admin = no longer administrator
audit-detail-disabled = disabled
audit-detail-enabled = enabled
audit-detail-password = password set
audit-detail-temporary = temporary password
audit-token-created = Access token created
audit-token-revoked = Access token revoked
tokens-title = Access tokens for scripts
tokens-intro = A script or another system works with Qadam as you, within your rights (only reading, if you say so), sending the token as Authorization: Bearer followed by the token.
tokens-name = What it is for
tokens-days = Lasts
tokens-days-option = { $days } days
tokens-read-only = Read only
tokens-create = Create token
tokens-secret = Copy the token now: it is not shown again.
tokens-expires = works until { $date }
tokens-last-used = last used { $ago }
tokens-never-used = not used yet
tokens-revoke = Revoke

transfer-title = Import & export
transfer-export = Export the board
transfer-export-hint = The spreadsheets hold the open tasks, in your language. The board file holds everything, archive and history included, and imports into another Qadam.
transfer-export-xlsx = Excel
transfer-export-csv = CSV
transfer-export-json = Board file (JSON)
transfer-import = Import tasks
transfer-import-hint = A Qadam board file, a Trello board's JSON export, or a spreadsheet (CSV or Excel) with one task per row. You see what it brings before anything changes.
transfer-template = Template:
transfer-template-xlsx = Excel
transfer-template-csv = CSV
transfer-choose-file = File to import
transfer-reading = Reading the file…
transfer-source-qadam = Qadam board file
transfer-source-trello = Trello export
transfer-source-csv = CSV spreadsheet
transfer-source-xlsx = Excel workbook
transfer-summary = { $tasks ->
    [one] { $tasks } task
   *[other] { $tasks } tasks
} ({ $archived } archived), { $items } milestones, { $comments } comments
transfer-new-stages = New stages: { $names }
transfer-new-labels = New labels: { $names }
transfer-unmatched = Not on this board's team, so not assigned (their comments keep their names): { $names }
transfer-already-there = { $count ->
    [one] { $count } of these tasks has the title of a task already on the board: was the file imported before?
   *[other] { $count } of these tasks have the titles of tasks already on the board: was the file imported before?
}
transfer-special-dropped = { $count ->
    [one] { $count } task arrives without special control, which only administrators set
   *[other] { $count } tasks arrive without special control, which only administrators set
}
transfer-problems = Nothing is imported until these are fixed:
transfer-whole-file = The file
transfer-row = Row { $row }
transfer-task = Task { $row }
transfer-import-go = { $count ->
    [one] Import { $count } task
   *[other] Import { $count } tasks
}
transfer-imported = { $count ->
    [one] { $count } task imported
   *[other] { $count } tasks imported
}
problem-unreadable = not a file Qadam reads
problem-newer-version = made by a newer Qadam
problem-no-title-column = no column of task titles
problem-missing-title = the task has no title
problem-bad-date = not a date (write 31.12.2026)
problem-unknown-stage = the board has no such stage
problem-unknown-agency = not an agency on the office's list
problem-unknown-project = not a strategic project on the office's list
problem-unknown-status = not a delivery status
problem-ambiguous-person = several of the team go by this name: write the login instead
problem-refused = the board's rules refuse it
problem-too-many-tasks = more tasks than one import brings ({ $max }) or the board holds
problem-too-many-changes = more changes (tasks, fields, milestones, comments) than one import makes ({ $max }): split the file
problem-too-many-stages = more stages than a board holds

reference-title = API reference
reference-intro = Other systems read and change Qadam through this API, with the same rights as the person whose access token they send (Authorization: Bearer). Make a token on your account page.
reference-socket = A board follows live over its WebSocket (/api/boards/<id>/ws): the client sends ClientMsg frames and receives ServerMsg frames, JSON as in the schemas below.
reference-download = Download the OpenAPI 3.1 document
reference-protocol = Download the socket's messages as JSON Schema
reference-link = API reference for scripts and other systems
reference-public = Needs no sign-in.
reference-param = Parameter
reference-where = Where
reference-meaning = Meaning
reference-body = Body:
reference-schemas = Schemas
reference-tag-session = Signing in and the signed-in person
reference-tag-boards = Boards
reference-tag-live = Live (WebSockets)
reference-tag-reports = Portfolio and reports
reference-tag-people = People and audit
reference-tag-embeds = Embeds
reference-tag-lists = The office's lists
reference-tag-tokens = Access tokens
reference-tag-meta = About the service
reference-tag-webhooks = Webhooks

webhooks-title = Webhooks
webhooks-intro = Qadam posts each chosen change of this board to these addresses as JSON, signed with the webhook's secret, and tries again with longer and longer waits until the receiver answers with a 2xx status.
webhooks-none = No webhooks yet.
webhooks-new = New webhook
webhooks-url = Receiver's URL
webhooks-url-example = https://reports.example.kz/qadam
webhooks-events = Changes to send
webhooks-create = Add the webhook
webhooks-secret = Signing secret
webhooks-secret-once = Shown this once: keep it in the receiver's settings. Each delivery carries the header Qadam-Signature: t=<time>,v1=<HMAC-SHA256 of "<time>.<body>" with this secret>.
webhooks-copy = Copy the secret
webhooks-copied = Secret copied.
webhooks-active = Active
webhooks-paused = Paused
webhooks-pause = Pause
webhooks-resume = Resume
webhooks-ping = Send a ping
webhooks-pinged = Ping queued.
webhooks-delete = Delete
webhooks-delete-confirm = Delete the webhook to { $url }? What it is still owed will not be sent.
webhooks-deliveries = Deliveries
webhooks-no-deliveries = Nothing sent yet.
webhooks-counts = waiting: { $pending }, given up: { $failed }
webhooks-made = added by { $by }, { $when }
webhook-event-card-created = Task added
webhook-event-card-moved = Task moved to another stage
webhook-event-card-archived = Task archived or restored
webhook-event-field-changed = Other task fields changed
webhook-event-comment-added = Comment added
webhook-event-deadline-extended = Deadline extended
webhook-event-rag-changed = Delivery status judged
webhook-event-ping = Ping
delivery-when = Made
delivery-event = Change
delivery-state = Result
delivery-answer = Answer
delivery-failure-not-url = Not a web address
delivery-failure-unreachable = An address webhooks may not reach
delivery-failure-timeout = No answer in time
delivery-failure-connect = Could not connect
delivery-failure-failed = The request failed
delivery-attempts = Tries
delivery-next = Next try
delivery-pending = Waiting
delivery-delivered = Delivered
delivery-failed = Given up
error-bad-url = Give the receiver's web address, starting with http:// or https://, of at most { $max } characters.
error-unreachable-url = Webhooks may not go to this server itself, to link-local addresses or to a cloud's metadata service.
error-bad-events = Choose one or more changes for the webhook to send.
error-bad-columns = Choose one or more of the board's stages: one chosen was deleted meanwhile.
error-invalid-name = Each name, in Kazakh, Russian and English, is 1 to { $max } characters on one line.
error-too-large = This is more than the server takes: a file may be at most { $mb } MB.
error-too-many-webhooks = A board has at most { $max } webhooks.
audit-webhook-created = Webhook added
audit-webhook-deleted = Webhook deleted
audit-webhook-paused = Webhook paused
audit-webhook-resumed = Webhook resumed
audit-webhook-events-changed = Webhook's changes to send edited
sign-out-unsent = { $count ->
    [one] { $count } change made here has not reached the server yet; signing out discards it. Sign out all the same?
   *[other] { $count } changes made here have not reached the server yet; signing out discards them. Sign out all the same?
}

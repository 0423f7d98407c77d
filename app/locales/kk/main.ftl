status-saving = { $count } өзгеріс сақталуда…
status-live = Желіде
status-connecting = Қосылуда…
status-offline-kept = Байланыс жоқ: { $count } өзгеріс сақталды, байланыс қалпына келгенде жіберіледі
status-offline = Байланыс жоқ: қайта қосылуда…
board-read-only = Тек қарау
board-members-and-embeds = Қатысушылар және ендіру
board-archived = Мұрағат ({ $count })

card-add-open = + Тапсырма қосу
card-new-title-label = Жаңа тапсырманың атауы
card-new-title-placeholder = Тапсырма атауы
card-add = Тапсырма қосу
cancel = Болдырмау

stage-add-open = + Кезең қосу
stage-new-name-label = Жаңа кезеңнің атауы
stage-new-name-placeholder = Кезең атауы
stage-add = Кезең қосу

archive-title = Мұрағаттағы тапсырмалар
archive-close = Мұрағатты жабу
archive-restore = Қалпына келтіру
archive-empty = Мұрағат бос.

card-role = жылжытылатын тапсырма

card-dialog-title = Тапсырма
card-title = Атауы
card-description = Сипаттамасы
save = Сақтау
close = Жабу
card-archive = Мұрағатқа жіберу

seed-stage-intake = Қабылдау
seed-stage-road-map = Жол картасы
seed-stage-in-progress = Орындалуда
seed-stage-reported = Есеп берілді
seed-stage-done = Орындалды
seed-board-transport = Көлік және логистика
seed-board-healthcare = Денсаулық сақтау
seed-board-education = Білім және оқу-ағарту
seed-board-energy = Энергетика
seed-board-water = Су ресурстары
seed-board-industry = Өнеркәсіп
seed-board-construction = Құрылыс
seed-board-digital = Цифрлық даму
seed-board-innovation = Инновациялар
seed-board-regional = Өңірлік даму
seed-team-transport = Көлік және логистика жөніндегі ведомствоаралық топ
seed-team-healthcare = Денсаулық сақтау жөніндегі ведомствоаралық топ
seed-team-education = Білім және оқу-ағарту жөніндегі ведомствоаралық топ
seed-team-energy = Энергетика жөніндегі ведомствоаралық топ
seed-team-water = Су ресурстары жөніндегі ведомствоаралық топ
seed-team-industry = Өнеркәсіп жөніндегі ведомствоаралық топ
seed-team-construction = Құрылыс жөніндегі ведомствоаралық топ
seed-team-digital = Цифрлық даму жөніндегі ведомствоаралық топ
seed-team-innovation = Инновациялар жөніндегі ведомствоаралық топ
seed-team-regional = Өңірлік даму жөніндегі ведомствоаралық топ

stage-count-over = { $count } тапсырма, { $limit } шегінен асып кетті
stage-count-limit = { $count } тапсырма, шегі { $limit }
stage-count = { $count } тапсырма
stage-delete-confirm = «{ $name }» кезеңін жоясыз ба?
stage-limit-label = WIP шегі (шектеусіз болса, бос қалдырыңыз)
stage-name-label = Кезең атауы
stage-actions = «{ $name }» кезеңіне арналған әрекеттер
stage-rename = Атауын өзгерту
stage-set-limit = WIP шегін орнату
stage-move-left = Солға жылжыту
stage-move-right = Оңға жылжыту
stage-delete = Кезеңді жою

share-title = Қатысушылар және ендіру
share-members = Қатысушылар
share-role-of = { $name } рөлі
share-remove = Алып тастау
share-person-to-add = Қосылатын пайдаланушы
share-add-person = Пайдаланушы қосу…
share-role = Рөлі
share-add = Қосу
embed-new-title = Интранет бетіне ендіру
embed-where = Қай жерде көрсетіледі
embed-where-example = мысалы, Энергетика министрлігінің интранеті
embed-stages = Көрсетілетін кезеңдер (ешқайсысы белгіленбесе — барлығы)
embed-days = Жұмыс істеу мерзімі (күн)
embed-create = Ендіру сілтемесін жасау
embed-paste = Мұны интранет бетіне қойыңыз (бір рет қана көрсетіледі):
embed-revoked = кері қайтарылды
embed-revoke = Кері қайтару
role-lead = Топ жетекшісі
role-member = Қатысушы
role-observer = Бақылаушы

app-name = Qadam
app-tagline = Жобалық кеңсе тақталары
loading = Жүктелуде…
choose-password-title = Өз құпиясөзіңізді таңдаңыз
choose-password-why = Сіз басқа біреу берген құпиясөзбен кірдіңіз. Жалғастырмас бұрын тек өзіңіз білетін құпиясөзді таңдаңыз.

board-missing = Мұндай тақта жоқ немесе ол сізге қолжетімді емес.
board-loading = Тақта жүктелуде…
board-keyboard-help = Бос орын пернесі тапсырманы көтереді; бағыт пернелері оны жылжытады; бос орын пернесі оны қояды; Escape болдырмайды. Enter тапсырманы ашады.

language = Тіл

menu-account = Есептік жазба
menu-people = Пайдаланушылар
menu-your-account = Сіздің есептік жазбаңыз
menu-sign-out = Шығу

sign-in-title = Qadam жүйесіне кіру
sign-in-login = Логин
sign-in-password = Құпиясөз
sign-in = Кіру

home-title = Топтардың тақталары
home-lede = Жобалық кеңсенің бақылауындағы басым тапсырмалар: әр ведомствоаралық топқа бір тақтадан.
home-loading = Тақталар жүктелуде…
home-failed = Тақталарды жүктеу мүмкін болмады: { $reason }
home-empty = Сізге әзірге бірде-бір топ тақтасы ашылмаған. Топ жетекшісінен немесе Жобалық кеңседен сізді қосуды сұраңыз.
home-tasks = { $count } тапсырма

people-created = { $name } ({ $login }) есептік жазбасы жасалды.
people-title = Пайдаланушылар
people-admins-only = Есептік жазбаларды тек әкімшілер басқарады.
people-name = Аты-жөні
people-login = Логин
people-administrator = Әкімші
people-status = Күйі
people-yes = иә
people-disabled = өшірілген
people-active = белсенді
people-remove-admin = Әкімші құқығын алу
people-make-admin = Әкімші ету
people-enable = Қосу
people-disable = Өшіру
people-reset-password = Құпиясөзді ысыру
people-new-account = Жаңа есептік жазба
people-is-admin = Жобалық кеңсенің әкімшісі
people-temporary = Алғаш кіргенде өз құпиясөзін таңдауы керек
people-create = Есептік жазба жасау
people-reset-title = { $name } пайдаланушысының жаңа құпиясөзі
people-reset-why = Пайдаланушының барлық сеанстары бірден аяқталады; ол осы құпиясөзбен қайта кіреді.
people-reset-password-label = Құпиясөз (кемінде { $min } таңба)
people-reset-temporary = Келесі кіргенде өз құпиясөзін таңдауы керек
people-set-password = Құпиясөзді орнату

account-title = Сіздің есептік жазбаңыз
account-password = Құпиясөз
account-sessions = Кіру орындалған жерлер
account-session-times = кірген уақыты: { $opened }, соңғы рет пайдаланылды: { $used }
account-this-browser = Осы браузер
account-sign-out-everywhere = Барлық жерден шығу
account-browser-on = { $system } жүйесіндегі { $browser }
account-unknown-browser = Белгісіз браузер

password-differ = Екі жаңа құпиясөз сәйкес келмейді.
password-changed = Құпиясөз өзгертілді. Басқа сеанстарыңыз аяқталды.
password-current = Ағымдағы құпиясөз
password-new = Жаңа құпиясөз (кемінде { $min } таңба, логиніңізден және атыңыздан өзгеше)
password-again = Жаңа құпиясөзді қайталаңыз
password-change = Құпиясөзді өзгерту

embed-gone = Бұл тақта енді мұнда көрсетілмейді: сілтеме кері қайтарылды немесе мерзімі өтті.
embed-broken = Бұл сілтеме жұмыс істемейді.

error-network = Серверге қосылу мүмкін емес. Байланысты тексеріп, қайталап көріңіз.
error-unauthenticated = Алдымен жүйеге кіріңіз.
error-bad-credentials = Логин немесе құпиясөз қате.
error-too-many-attempts = Сәтсіз кіру әрекеттері тым көп. Бірнеше минут күтіп, қайталап көріңіз.
error-busy = Сервер бос емес. Сәлден кейін қайталап көріңіз.
error-unavailable = Сервер қазір деректерді сақтай алмайды. Біраздан кейін қайталап көріңіз.
error-slow-down = Бір мезетте өзгерістер тым көп. Сәл баяуырақ әрекет етіңіз.
error-too-many-sockets = Бұл есептік жазбада ашық терезелер тым көп. Кейбір қойындыларды жабыңыз.
error-not-found = Табылмады немесе сізге қолжетімді емес.
error-forbidden = Бұл тақтадағы рөліңіз бұған рұқсат бермейді.
error-bad-origin = Бұл сұрау басқа сайттан келді және қабылданбады.
error-password-change-required = Жалғастырмас бұрын өз құпиясөзіңізді таңдаңыз.
error-weak-password = Бұл құпиясөз тым әлсіз: кемінде { $min } таңба пайдаланыңыз, логиніңізді, атыңызды және кең таралған құпиясөздерді қолданбаңыз.
error-same-password = Жаңа құпиясөз ағымдағысынан өзгеше болуы керек.
error-login-taken = Бұл логин бос емес.
error-bad-login = Логин 2–64 әріптен, цифрдан немесе . _ - @ таңбаларынан тұрады
error-bad-name = Аты-жөні 1–{ $max } таңбадан тұруы керек.
error-own-account = Өз есептік жазбаңызға кіру мүмкіндігін жаба алмайсыз.
error-bad-label = Тақта қай жерде көрсетілетінін көрсетіңіз (60 таңбаға дейін).
error-bad-expiry = Ендіру сілтемесі 1 күннен 366 күнге дейін жұмыс істейді.
reject-card-not-found = Бұл тапсырма енді тақтада жоқ.
reject-column-not-found = Бұл кезең енді тақтада жоқ.
reject-card-exists = Бұл тапсырма бұрыннан бар.
reject-column-exists = Бұл кезең бұрыннан бар.
reject-card-archived = Тапсырма мұрағатта.
reject-card-not-archived = Тапсырма мұрағатта емес.
reject-column-not-empty = Кезеңде әлі тапсырмалар бар; алдымен оларды жылжытыңыз немесе мұрағатқа жіберіңіз.
reject-empty-text = Мәтін бос болмауы керек.
reject-text-too-long = Мәтін тым ұзын (атауы — { $title } таңбаға дейін, сипаттамасы — { $description }, кезең атауы — { $stage }).
reject-too-many = Тақта толы (ең көбі { $cards } тапсырма және { $stages } кезең).
reject-invalid-limit = WIP шегі — 1 мен { $max } аралығындағы бүтін сан.
reject-invalid-text = Мәтінде сақтауға болмайтын таңбалар бар.
reject-board-full = Тақтада мәтінге орын қалмады.
reject-no-room = Бұл жерде орын жоқ; тапсырманы сәл басқа жерге қойыңыз.
reject-forbidden = Бұл тақтадағы рөліңіз бұған рұқсат бермейді.
notice-not-loaded = Тақта әлі жүктелген жоқ.
notice-not-saved = Өзгерісіңіз сақталмады: { $reason }
notice-frame-refused = Сервер байланысты үзді: { $reason }
notice-wip-limit-invalid = WIP шегі — бүтін сан; шектеусіз болса, бос қалдырыңыз.
notice-stage-not-empty = «{ $name }» кезеңінде әлі { $count ->
    [one] { $count } тапсырма бар. Кезеңді жоймас бұрын оны жылжытыңыз немесе мұрағатқа жіберіңіз
   *[other] { $count } тапсырма бар. Кезеңді жоймас бұрын оларды жылжытыңыз немесе мұрағатқа жіберіңіз
}.
notice-nowhere-to-restore = Алдымен кезең қосыңыз: тапсырманы қалпына келтіретін орын жоқ.
drag-lifted = «{ $title }» тапсырмасы көтерілді: { $stage }, орны { $position } / { $count }. Бағыт пернелері оны жылжытады, бос орын пернесі қояды, Escape болдырмайды.
drag-moved = «{ $title }» тапсырмасы жылжытылды: { $stage }, орны { $position } / { $count }. Бағыт пернелері оны жылжытады, бос орын пернесі қояды, Escape болдырмайды.
drag-dropped = «{ $title }» тапсырмасы «{ $stage }» кезеңіне қойылды, орны { $position } / { $count }.
drag-cancelled = Болдырылмады. «{ $title }» тапсырмасы бұрынғы орнына қайтарылды.
change-card-created = { $author } «{ $title }» тапсырмасын «{ $stage }» кезеңіне қосты
change-card-edited = { $author } «{ $title }» тапсырмасын өңдеді
change-card-moved = { $author } «{ $title }» тапсырмасын «{ $stage }» кезеңіне жылжытты
change-card-archived = { $author } «{ $title }» тапсырмасын мұрағатқа жіберді
change-card-restored = { $author } «{ $title }» тапсырмасын қалпына келтірді
change-stage-added = { $author } «{ $stage }» кезеңін қосты
change-stage-renamed = { $author } «{ $stage }» кезеңінің атауын «{ $name }» деп өзгертті
change-stage-moved = { $author } «{ $stage }» кезеңін жылжытты
change-stage-limit = { $author } «{ $stage }» кезеңіне { $limit } шегін орнатты
change-stage-no-limit = { $author } «{ $stage }» кезеңінің шегін алып тастады
change-stage-deleted = { $author } «{ $stage }» кезеңін жойды
page-missing = Мұндай бет жоқ.

status-saving = { $count ->
    [one] Сохранение { $count } изменения…
    [few] Сохранение { $count } изменений…
    [many] Сохранение { $count } изменений…
   *[other] Сохранение { $count } изменений…
}
status-live = В сети
status-connecting = Подключение…
status-offline-kept = { $count ->
    [one] Нет подключения: { $count } изменение сохранено и будет отправлено, когда связь восстановится
    [few] Нет подключения: { $count } изменения сохранены и будут отправлены, когда связь восстановится
    [many] Нет подключения: { $count } изменений сохранено и будет отправлено, когда связь восстановится
   *[other] Нет подключения: { $count } изменения сохранены и будут отправлены, когда связь восстановится
}
status-offline = Нет подключения: переподключение…
board-read-only = Только просмотр
board-members-and-embeds = Участники и встраивание
board-archived = Архив ({ $count })

card-add-open = + Добавить карточку
card-new-title-label = Название новой карточки
card-new-title-placeholder = Название задачи
card-add = Добавить карточку
cancel = Отмена

stage-add-open = + Добавить этап
stage-new-name-label = Название нового этапа
stage-new-name-placeholder = Название этапа
stage-add = Добавить этап

archive-title = Карточки в архиве
archive-close = Закрыть архив
archive-restore = Восстановить
archive-delete = Удалить
archive-delete-confirm = Удалить карточку «{ $title }» навсегда? Её история останется в журнале доски.
archive-empty = Архив пуст.

card-role = перемещаемая карточка

card-dialog-title = Задача
card-title = Название
card-description = Описание
card-stage = Этап
save = Сохранить
close = Закрыть
card-archive = В архив


stage-count-over = { $count ->
    [one] { $count } карточка
    [few] { $count } карточки
    [many] { $count } карточек
   *[other] { $count } карточки
}, превышен лимит { $limit }
stage-count-limit = { $count ->
    [one] { $count } карточка
    [few] { $count } карточки
    [many] { $count } карточек
   *[other] { $count } карточки
}, лимит { $limit }
stage-count = { $count ->
    [one] { $count } карточка
    [few] { $count } карточки
    [many] { $count } карточек
   *[other] { $count } карточки
}
stage-delete-confirm = Удалить этап «{ $name }»?
stage-limit-label = Лимит WIP (оставьте пустым, если лимит не нужен)
stage-name-label = Название этапа
stage-actions = Действия с этапом «{ $name }»
stage-rename = Переименовать
stage-set-limit = Задать лимит WIP
stage-move-left = Сдвинуть влево
stage-move-right = Сдвинуть вправо
stage-delete = Удалить этап

share-title = Участники и встраивание
share-members = Участники
share-role-of = Роль пользователя { $name }
share-remove = Удалить
share-person-to-add = Добавляемый пользователь
share-add-person = Добавить пользователя…
share-role = Роль
share-add = Добавить
embed-new-title = Встраивание на страницу интранета
embed-where = Где будет показываться
embed-where-example = например, интранет Министерства энергетики
embed-stages = Показываемые этапы (если ничего не отмечено — все)
embed-days = Срок действия (дней)
embed-create = Создать ссылку для встраивания
embed-paste = Вставьте это на страницу интранета (показывается один раз):
embed-revoked = отозвана
embed-revoke = Отозвать
role-lead = Руководитель команды
role-member = Участник
role-observer = Наблюдатель

app-name = Qadam
app-tagline = Доски Проектного офиса
loading = Загрузка…
choose-password-title = Выберите собственный пароль
choose-password-why = Вы вошли с паролем, который вам выдали. Прежде чем продолжить, выберите пароль, который знаете только вы.

board-missing = Такой доски нет, или она вам недоступна.
board-loading = Загрузка доски…
board-keyboard-help = Пробел поднимает карточку; клавиши со стрелками перемещают её; пробел опускает её; Escape отменяет. Enter открывает карточку.

language = Язык

menu-account = Учётная запись
menu-people = Пользователи
menu-your-account = Ваша учётная запись
menu-sign-out = Выйти

sign-in-title = Вход в Qadam
sign-in-login = Логин
sign-in-password = Пароль
sign-in = Войти

home-title = Доски команд
home-lede = Приоритетные задачи на контроле Проектного офиса: по одной доске на каждую межведомственную команду.
home-loading = Загрузка досок…
home-failed = Не удалось загрузить доски: { $reason }
home-empty = Вам пока не открыта ни одна доска команды. Попросите руководителя команды или Проектный офис добавить вас.
home-tasks = { $count ->
    [one] { $count } задача
    [few] { $count } задачи
    [many] { $count } задач
   *[other] { $count } задачи
}

people-created = Учётная запись { $name } ({ $login }) создана.
people-title = Пользователи
people-admins-only = Учётными записями управляют только администраторы.
people-name = Имя
people-login = Логин
people-administrator = Администратор
people-status = Статус
people-yes = да
people-disabled = отключена
people-active = активна
people-remove-admin = Снять права администратора
people-make-admin = Назначить администратором
people-enable = Включить
people-disable = Отключить
people-reset-password = Сбросить пароль
people-new-account = Новая учётная запись
people-is-admin = Администратор Проектного офиса
people-temporary = При первом входе нужно будет выбрать свой пароль
people-create = Создать учётную запись
people-reset-title = Новый пароль пользователя { $name }
people-reset-why = Все сеансы пользователя сразу завершатся; войти снова можно будет с этим паролем.
people-reset-password-label = Пароль (не менее { $min } символов)
people-reset-temporary = При следующем входе нужно будет выбрать свой пароль
people-set-password = Установить пароль

account-title = Ваша учётная запись
account-password = Пароль
account-sessions = Где выполнен вход
account-session-times = вход: { $opened }, последнее использование: { $used }
account-this-browser = Этот браузер
account-sign-out-everywhere = Выйти на всех устройствах
account-browser-on = { $browser } на { $system }
account-unknown-browser = Неизвестный браузер

password-differ = Новые пароли не совпадают.
password-changed = Пароль изменён. Другие ваши сеансы завершены.
password-current = Текущий пароль
password-new = Новый пароль (не менее { $min } символов, не совпадает с логином или именем)
password-again = Повторите новый пароль
password-change = Сменить пароль

embed-gone = Эта доска больше здесь не показывается: ссылка отозвана или истекла.
embed-broken = Эта ссылка не работает.

error-network = Сервер недоступен. Проверьте подключение и повторите попытку.
error-unauthenticated = Сначала войдите в систему.
error-bad-credentials = Неверный логин или пароль.
error-too-many-attempts = Слишком много неудачных попыток входа. Подождите несколько минут и повторите попытку.
error-busy = Сервер занят. Повторите попытку чуть позже.
error-unavailable = Сервер сейчас не может сохранить данные. Повторите попытку немного позже.
error-slow-down = Слишком много изменений за раз. Немного сбавьте темп.
error-too-many-sockets = Для этой учётной записи открыто слишком много окон. Закройте часть вкладок.
error-not-found = Не найдено или вам недоступно.
error-forbidden = Ваша роль на этой доске этого не позволяет.
error-bad-origin = Этот запрос пришёл с другого сайта и был отклонён.
error-password-change-required = Прежде чем продолжить, выберите собственный пароль.
error-weak-password = Этот пароль слишком слабый: используйте не менее { $min } символов, не используйте логин, имя и распространённые пароли.
error-same-password = Новый пароль должен отличаться от текущего.
error-login-taken = Этот логин уже занят.
error-bad-login = Логин содержит от 2 до 64 букв, цифр или символов . _ - @
error-bad-name = Имя должно содержать от 1 до { $max } символов.
error-own-account = Вы не можете заблокировать доступ самому себе.
error-bad-label = Укажите, где будет показываться доска (до 60 символов).
error-bad-expiry = Ссылка для встраивания действует от 1 до 366 дней.
reject-card-not-found = Этой карточки больше нет на доске.
reject-column-not-found = Этого этапа больше нет на доске.
reject-card-exists = Такая карточка уже существует.
reject-column-exists = Такой этап уже существует.
reject-card-archived = Карточка в архиве.
reject-card-not-archived = Карточка не в архиве.
reject-column-not-empty = В этапе ещё есть карточки; сначала переместите их или отправьте в архив.
reject-empty-text = Текст не может быть пустым.
reject-text-too-long = Текст слишком длинный (название — до { $title } символов, описание — до { $description }, название этапа — до { $stage }).
reject-too-many = Доска заполнена (не более { $cards } карточек и { $stages } этапов).
reject-invalid-limit = Лимит WIP — целое число от 1 до { $max }.
reject-invalid-text = Текст содержит символы, которые нельзя сохранить.
reject-board-full = На доске не осталось места для текста: сократите карточки или попросите руководителя удалить архивные.
reject-no-room = Здесь нет места; опустите карточку чуть в другом месте.
reject-forbidden = Ваша роль на этой доске этого не позволяет.
reject-administrators-only = Ставить задачи на особый контроль, снимать с него, отправлять такие задачи в архив и удалять их могут только администраторы Проектного офиса.
reject-stage-gated = Переносить задачи на этот этап могут только руководители доски.
reject-wip-limit-reached = На этапе достигнут лимит WIP, а лимиты этой доски жёсткие: сначала завершите задачу или перенесите её на другой этап.
reject-reason-required = Укажите причину: она нужна при переносе срока и при статусе «жёлто-красный» или «красный».
reject-invalid-value = Это поле не принимает такое значение.
notice-not-loaded = Доска ещё не загрузилась.
notice-not-saved = Ваше изменение не сохранено: { $reason }
notice-rehomed = Задача «{ $title }» помещена в этап «{ $stage }»: этап, в котором она создана, её больше не принимает (тем временем удалён, закрыт для вашей роли или заполнен).
notice-frame-refused = Сервер разорвал соединение: { $reason }
notice-wip-limit-invalid = Лимит WIP — целое число; оставьте поле пустым, если лимит не нужен.
notice-stage-not-empty = В этапе «{ $name }» ещё { $count ->
    [one] { $count } карточка. Переместите её или отправьте в архив,
    [few] { $count } карточки. Переместите их или отправьте в архив,
    [many] { $count } карточек. Переместите их или отправьте в архив,
   *[other] { $count } карточки. Переместите их или отправьте в архив,
} прежде чем удалять этап.
notice-nowhere-to-restore = Сначала добавьте этап: карточку некуда восстановить.
drag-lifted = Карточка «{ $title }» поднята: { $stage }, позиция { $position } из { $count }. Стрелки перемещают её, пробел опускает, Escape отменяет.
drag-moved = Карточка «{ $title }» перемещена: { $stage }, позиция { $position } из { $count }. Стрелки перемещают её, пробел опускает, Escape отменяет.
drag-dropped = Карточка «{ $title }» помещена в этап «{ $stage }», позиция { $position } из { $count }.
drag-cancelled = Отменено. Карточка «{ $title }» возвращена на прежнее место.
change-card-created = { $author }: карточка «{ $title }» добавлена в этап «{ $stage }»
change-card-edited = { $author }: карточка «{ $title }» изменена
change-card-moved = { $author }: карточка «{ $title }» перемещена в этап «{ $stage }»
change-card-archived = { $author }: карточка «{ $title }» отправлена в архив
change-card-restored = { $author }: карточка «{ $title }» восстановлена
change-card-deleted = { $author }: карточка из архива удалена навсегда
change-stage-added = { $author }: добавлен этап «{ $stage }»
change-stage-renamed = { $author }: этап «{ $stage }» переименован в «{ $name }»
change-stage-moved = { $author }: этап «{ $stage }» перемещён
change-stage-limit = { $author }: для этапа «{ $stage }» установлен лимит { $limit }
change-stage-no-limit = { $author }: для этапа «{ $stage }» снят лимит
change-stage-deleted = { $author }: удалён этап «{ $stage }»
change-stage-gated = { $author }: перенос задач на этап «{ $stage }» разрешён только руководителям
change-stage-open = { $author }: перенос задач на этап «{ $stage }» разрешён участникам
change-board-settings = { $author }: изменены настройки доски
change-card-agency = { $author }: назначен ответственный орган задачи «{ $title }»
change-card-assignees = { $author }: изменены исполнители задачи «{ $title }»
change-card-deadline = { $author }: для задачи «{ $title }» установлен срок { $date }
change-card-control-on = { $author }: задача «{ $title }» поставлена на особый контроль
change-card-control-off = { $author }: задача «{ $title }» снята с особого контроля
change-card-judged = { $author }: оценён статус задачи «{ $title }» — { $status }
change-card-source = { $author }: указан источник задачи «{ $title }»
change-card-project = { $author }: указан стратегический проект задачи «{ $title }»
rag-green = Зелёный
rag-amber-green = Жёлто-зелёный
rag-amber-red = Жёлто-красный
rag-red = Красный
page-missing = Такой страницы нет.
time-just-now = только что
time-minutes-ago = { $count ->
    [one] { $count } минуту назад
    [few] { $count } минуты назад
    [many] { $count } минут назад
   *[other] { $count } минуты назад
}
time-hours-ago = { $count ->
    [one] { $count } час назад
    [few] { $count } часа назад
    [many] { $count } часов назад
   *[other] { $count } часа назад
}
time-days-ago = { $count ->
    [one] { $count } день назад
    [few] { $count } дня назад
    [many] { $count } дней назад
   *[other] { $count } дня назад
}
time-months-ago = { $count ->
    [one] { $count } месяц назад
    [few] { $count } месяца назад
    [many] { $count } месяцев назад
   *[other] { $count } месяца назад
}
time-years-ago = { $count ->
    [one] { $count } год назад
    [few] { $count } года назад
    [many] { $count } лет назад
   *[other] { $count } года назад
}
card-changed-meanwhile = Пока вы редактировали, { $author } изменил(а) эту карточку; в окне показано изменение.
card-changed-conflict = Пока вы редактировали, { $author } изменил(а) эту карточку; при сохранении останется ваш текст там, где вы его меняли.
status-offline-kept-since = Нет подключения: { $count ->
    [one] { $count } изменение сохранено и будет отправлено
    [few] { $count } изменения сохранены и будут отправлены
    [many] { $count } изменений сохранено и будет отправлено
   *[other] { $count } изменения сохранены и будут отправлены
}, когда связь восстановится; последнее сохранение в { $time }
share-no-members = В команде пока никого нет: добавьте тех, кто работает над её задачами.
share-remove-confirm = Убрать пользователя { $name } с этой доски?
embed-revoke-confirm = Отозвать ссылку для встраивания «{ $label }»? Страница, где она показана, сразу перестанет её показывать.
page-back = Вернуться к доскам
card-title-counter = { $count } / { $max }
undo = Отменить
notice-moved = «{ $title }» перенесена в этап «{ $stage }».
notice-archived = «{ $title }» отправлена в архив.
notice-not-kept = В этом браузере нет места, чтобы сохранить неотправленные изменения: не закрывайте страницу, пока они не отправятся.
embed-copy = Копировать
embed-copied = Скопировано. Вставьте это на страницу интранета.
embed-all-stages = все этапы
embed-no-expiry = без срока
embed-details = { $stages } · до { $until } · создал(а) { $by }, { $made }
embed-live = В реальном времени · обновлено в { $time }
embed-offline = Нет подключения: переподключение… · обновлено в { $time }
embed-open = Открыть в Qadam
people-teams = Команды
people-team-to-add = Команда, в которую добавить пользователя
people-add-to-team = Добавить в команду…
people-generate = Сгенерировать
people-generated-once = Передайте этот пароль пользователю сейчас: он больше не будет показан.
stage-tabs = Этапы

card-special-control = На особом контроле
card-special-control-short = ★ Особый контроль
card-rag-title = Статус исполнения: { $status }
card-extended = { $count ->
    [one] Срок продлевался { $count } раз
    [few] Срок продлевался { $count } раза
    [many] Срок продлевался { $count } раз
   *[other] Срок продлевался { $count } раза
}
delivery-heading = Исполнение
delivery-special-admins = Ставить задачи на особый контроль и снимать с него могут только администраторы Проектного офиса.
delivery-status = Статус исполнения
delivery-status-new = Новый статус исполнения
delivery-status-choose = Оценить статус…
delivery-judge = Оценить
delivery-judged-by = { $author }, { $when }
delivery-reason = Причина
delivery-reason-required = Причина (обязательно)
delivery-reason-optional = Причина (необязательно)
delivery-deadline = Срок
delivery-deadline-set = Установить срок
delivery-deadline-move = Перенести срок
delivery-deadline-reason = Причина переноса срока (обязательно)
delivery-deadline-original = Первоначальный срок — { $date }; продлевался { $count ->
    [one] { $count } раз
    [few] { $count } раза
    [many] { $count } раз
   *[other] { $count } раза
}
delivery-deadline-changes = Изменения срока
delivery-deadline-moved = { $from } → { $to }, { $author }, { $when }:
delivery-agency = Ответственный орган
delivery-agencies-ministries = Министерства
delivery-agencies-akimats = Акиматы
delivery-agencies-companies = Государственные компании
delivery-project = Стратегический проект
delivery-none = —
delivery-assignees = Исполнители
delivery-assignees-none = На доске ещё нет участников; руководитель добавляет их в разделе «Участники и встраивание».
delivery-source = Источник
delivery-source-kind = Вид документа
delivery-source-number = Номер
delivery-source-date = Дата документа
delivery-source-paragraph = Пункт
delivery-source-save = Сохранить источник
due-on-track = В срок
due-soon = Срок истекает
due-overdue = Просрочено
due-done-on-time = Исполнено в срок
due-done-late = Исполнено с нарушением срока
source-address = Послание Главы государства
source-national-plan = Национальный план развития
source-decree = Указ
source-order = Распоряжение
source-protocol = Протокол совещания

lanes-label = Дорожки
lanes-none = Без дорожек
lanes-project = По стратегическим проектам
lanes-agency = По ответственным органам
lanes-assignee = По исполнителям
lanes-rag = По статусу исполнения
lane-unset = Не указано
filter-search = Поиск задач
filter-open = Фильтр
filter-open-active = { $count ->
    [one] Фильтр: { $count } условие
    [few] Фильтр: { $count } условия
    [many] Фильтр: { $count } условий
   *[other] Фильтр: { $count } условия
}
filter-special = Только на особом контроле
filter-extended = Только с перенесённым сроком
filter-hidden = { $count ->
    [one] Фильтр скрывает { $count } задачу
    [few] Фильтр скрывает { $count } задачи
    [many] Фильтр скрывает { $count } задач
   *[other] Фильтр скрывает { $count } задачи
}
filter-clear = Показать все
filter-all = Все
settings-open = Настройки доски
settings-due-soon = «Срок истекает»: за сколько дней до срока
settings-hard-limits = Жёсткие лимиты WIP: не допускать переноса или новой задачи сверх лимита этапа
stage-gate-leads = Задачи сюда переносят только руководители
stage-gate-members = Задачи сюда переносят участники

shortcut-title = Горячие клавиши
shortcut-help = Показать или скрыть этот список
shortcut-search = Поиск задач
shortcut-filter = Открыть или закрыть фильтр
shortcut-new = Добавить задачу на первый этап
shortcut-open = Открыть задачу в фокусе
shortcut-lift = Поднять задачу в фокусе, затем опустить
shortcut-move = Переместить поднятую задачу
shortcut-cancel = Вернуть поднятую задачу на место или закрыть окно
shortcut-key-space = Пробел

reject-not-author = Изменить или удалить комментарий может только его автор.
change-label-put = { $author }: задана метка «{ $name }»
change-label-deleted = { $author }: удалена метка
change-card-labels = { $author }: изменены метки задачи «{ $title }»
change-card-checklist = { $author }: обновлён чек-лист задачи «{ $title }»
change-card-commented = { $author }: добавлен комментарий к задаче «{ $title }»
change-card-comment-changed = { $author }: изменён комментарий к задаче «{ $title }»
change-card-links = { $author }: изменены ссылки задачи «{ $title }»

card-checklist-title = Чек-лист: выполнено { $done } из { $total }
card-comments-title = { $count ->
    [one] { $count } комментарий
    [few] { $count } комментария
    [many] { $count } комментариев
   *[other] { $count } комментария
}
color-blue = Синий
color-teal = Бирюзовый
color-green = Зелёный
color-yellow = Жёлтый
color-orange = Оранжевый
color-red = Красный
color-purple = Фиолетовый
color-grey = Серый
parts-labels = Метки
parts-labels-none = На доске ещё нет меток; их добавляют здесь руководители доски.
parts-label-name = Новая метка
parts-label-color = Цвет
parts-label-add = Добавить метку
parts-label-delete = Удалить метку «{ $name }» с доски
parts-checklist = Чек-лист
parts-checklist-add = Контрольная точка
parts-checklist-due = Срок контрольной точки
parts-ticked-by = Отметил(а) { $author }, { $when }
parts-remove-item = Удалить «{ $name }»
parts-add = Добавить
parts-links = Ссылки на документы
parts-link-title = Название
parts-link-url = Адрес (https://…)
parts-comments = Комментарии
parts-comment-placeholder = Напишите комментарий
parts-comment-add = Отправить
parts-comment-edited = изменён
parts-comment-edit = Изменить
parts-comment-delete = Удалить
parts-comment-delete-confirm = Удалить этот комментарий?
history-heading = История
history-loading = Загрузка истории…
history-stage = Этап
history-yes = да
history-no = нет
history-change = { $author }: { $field }: { $from } → { $to }
history-set = { $author }: { $field }: { $to }
menu-lists = Справочники
lists-title = Справочники Проектного офиса
lists-intro = Карточки указывают ответственный орган и стратегический проект из этих справочников. Запись лучше вывести из употребления, чем удалять: карточки, где она указана, останутся читаемыми.
lists-saved = Сохранено.
lists-form-title = Добавить или изменить запись (существующий код изменяет эту запись)
lists-is-project = Стратегический проект (не орган)
lists-code = Код (строчные латинские буквы, цифры и дефисы)
lists-kind = Вид
lists-kind-ministry = Министерство
lists-kind-akimat = Акимат
lists-kind-company = Государственная компания
lists-name-kk = Название на казахском
lists-name-ru = Название на русском
lists-name-en = Название на английском
lists-projects = Стратегические проекты
lists-agencies = Ответственные органы
lists-edit = Изменить
lists-retire = Вывести из употребления
lists-restore = Восстановить
menu-portfolio = Портфель
portfolio-title = Портфель
portfolio-intro = Показатели на { $at }; в скобках — изменение с { $since }. Каждый показатель открывает доску с отбором по этим задачам.
portfolio-teams = Команды
portfolio-team = Команда
portfolio-projects = Стратегические проекты
portfolio-attention = Требуют внимания
portfolio-attention-none = Нет задач на особом контроле, красных или просроченных.
portfolio-open = Открытые задачи
portfolio-red = Красные
portfolio-amber-red = Жёлто-красные
portfolio-overdue = Просрочено
portfolio-special = Особый контроль
portfolio-extended = Срок продлён
past-shown = Доска на { $when }, только просмотр; { $count ->
    [one] { $count } задача сейчас в другом месте (отмечена).
    [few] { $count } задачи сейчас в другом месте (отмечены).
    [many] { $count } задач сейчас в другом месте (отмечены).
   *[other] { $count } задачи сейчас в другом месте (отмечены).
}
past-back = Вернуться к текущей доске
past-open = Как было…
past-when = Момент
past-show = Показать
menu-my-work = Мои задачи
my-work-title = Мои задачи
my-work-since = Отмечены задачи, изменившиеся с вашего прошлого просмотра ({ $when }).
my-work-none = Вам пока не назначено ни одной задачи.
my-work-no-deadline = Без срока
my-work-changed = изменена
menu-inbox = Уведомления
menu-unread = { $count ->
    [one] { $count } непрочитанное
    [few] { $count } непрочитанных
    [many] { $count } непрочитанных
   *[other] { $count } непрочитанного
}
inbox-title = Уведомления
inbox-empty = Пока ничего: здесь появится, если вам назначат задачу, упомянут вас в комментарии, ваша задача станет красной или задачу вашей команды поставят на особый контроль.
inbox-mark-all = Отметить все как прочитанные
inbox-assigned = { $author }: вы назначены исполнителем задачи «{ $title }»
inbox-mentioned = { $author } упомянул(а) вас в комментарии к задаче «{ $title }»
inbox-red = { $author }: ваша задача «{ $title }» оценена как красная
inbox-control-set = { $author }: задача «{ $title }» поставлена на особый контроль
inbox-control-lifted = { $author }: задача «{ $title }» снята с особого контроля
inbox-due-soon = Срок вашей задачи «{ $title }» скоро истекает
inbox-overdue = Срок вашей задачи «{ $title }» истёк
portfolio-no-boards = Вы пока не входите ни в одну команду; портфель показывает доски, которые вам доступны.
portfolio-no-projects = Ни одна задача пока не указывает стратегический проект; укажите его в разделе «Исполнение» задачи, и он будет учтён здесь.
metrics-open = Метрики
metrics-title = Метрики
metrics-of-board = { $board }: как движется работа
metrics-of-project = { $project }: как движется работа по командам
metrics-from = С
metrics-to = По
metrics-weeks = { $count ->
    [one] { $count } неделя
    [few] { $count } недели
    [many] { $count } недель
   *[other] { $count } недели
}
metrics-year = Год
metrics-flow = Накопительная диаграмма потока
metrics-flow-hint = Сколько задач было на каждом этапе в конце каждого дня. Расширяющаяся полоса — работа накапливается; растущая нижняя полоса — работа завершается.
metrics-stage-times = Время на этапах
metrics-stage-times-hint = Сколько дней задача провела на этапе (учитываются пребывания на этапе, завершившиеся за период): полоса — до медианы, отметка — 85-й процентиль.
metrics-cycle = Время цикла
metrics-cycle-hint = Число дней от выхода из этапа «{ $first }» до поступления на этап «{ $last }»; одна точка — одна задача, завершённая за период. Пунктирные линии — медиана и 85-й процентиль.
metrics-throughput = Пропускная способность
metrics-throughput-hint = Сколько задач завершено за каждую неделю и как они уложились в срок.
metrics-extensions = Продления сроков у завершённых задач
metrics-extensions-hint = Завершённые задачи со сроком — по тому, сколько раз срок продлевали.
metrics-median = медиана { $days }
metrics-p85 = 85% { $days }
metrics-days = { $count ->
    [one] { $count } день
    [few] { $count } дня
    [many] { $count } дней
   *[other] { $count } дня
}
metrics-stays = { $count ->
    [one] { $count } пребывание
    [few] { $count } пребывания
    [many] { $count } пребываний
   *[other] { $count } пребывания
}
metrics-finished-count = { $count ->
    [one] завершена { $count } задача
    [few] завершено { $count } задачи
    [many] завершено { $count } задач
   *[other] завершено { $count } задачи
}
metrics-on-time = В срок
metrics-after-extension = После продления
metrics-late = С нарушением срока
metrics-no-deadline = Без срока
metrics-week-of = Неделя с { $day }
metrics-day = День
metrics-week = Неделя
metrics-task = Задача
metrics-finished-on = Дата завершения
metrics-cycle-days = Время цикла, дней
metrics-extension-times = { $count ->
    [0] Срок не продлевался
    [one] Срок продлён один раз
    [2] Срок продлён дважды
   *[other] Срок продлён 3 раза и более
}
metrics-as-table = Показатели в виде таблицы
metrics-readout-hint = Чтобы увидеть показатели, наведите курсор на диаграмму или выберите её и используйте клавиши со стрелками.
metrics-empty-flow = В этот период на доске не было задач.
metrics-none-finished = За этот период не завершено ни одной задачи; завершённые задачи появятся здесь со своим временем цикла.
metrics-no-stays = За этот период ни одна задача ещё не покинула этап.
metrics-stage-waiting = Не начаты
metrics-stage-doing = В работе
metrics-stage-done = Завершены
metrics-back-board = Вернуться к доске
metrics-back-portfolio = Вернуться к портфелю
change-card-decision-asked = { $author }: запрошено решение руководства по задаче «{ $title }»
change-card-decision-taken = { $author }: решение по задаче «{ $title }» отмечено как принятое
delivery-decision = Требуется решение руководства
delivery-decision-hint = Решение не запрашивалось. Укажите здесь, что должно решить руководство; вопрос будет включён в отчёт о ходе работ.
delivery-decision-question = Что нужно решить
delivery-decision-ask = Запросить
delivery-decision-taken = Решение принято
delivery-decision-by = запросил(а) { $author }, { $when }
card-decision-short = Нужно решение
stocktake-open = Отчёт о ходе работ
stocktake-title = Отчёт о ходе работ
stocktake-of = { $name }, { $from } – { $to }
stocktake-print = Печать
stocktake-download = Скачать:
stocktake-csv = CSV
stocktake-xlsx = Excel
stocktake-json = JSON
stocktake-as-of = Состояние на { $when }; перемещения задач, завершённые задачи и продления сроков — за период.
stocktake-nothing = За этот период ничего нет.
stocktake-decisions = Нужны решения руководства
stocktake-attention = Красные, жёлто-красные и просроченные
stocktake-special = На особом контроле
stocktake-finished = Завершено
stocktake-extended = Продлённые сроки
stocktake-moved = Что сдвинулось
stocktake-added = добавлена
stocktake-archived = в архиве
stocktake-extended-by = продлил(а) { $author }, { $when }
metrics-finished-tasks = Завершено задач
portfolio-attention-more = { $count ->
    [one] И ещё { $count } задача: показатели каждой команды выше открывают их на её доске.
    [few] И ещё { $count } задачи: показатели каждой команды выше открывают их на её доске.
    [many] И ещё { $count } задач: показатели каждой команды выше открывают их на её доске.
   *[other] И ещё { $count } задачи: показатели каждой команды выше открывают их на её доске.
}
error-bad-period = Выберите период, который заканчивается позже начала, длится не больше года и не выходит за пределы { $first }–{ $last } годов.
people-audit-link = Журнал безопасности
audit-title = Журнал безопасности
audit-admins-only = Журнал доступен только администраторам.
audit-empty = Пока ничего не записано.
audit-when = Когда
audit-who = Кто
audit-what = Что
audit-subject = Кого или что касается
audit-detail = Подробности
audit-address = Адрес
audit-older = Более ранние записи
audit-signed-in = Вход
audit-sign-in-failed = Неудачный вход
audit-signed-out = Выход
audit-password-changed = Пароль изменён
audit-sessions-ended = Сеансы завершены
audit-account-created = Учётная запись создана
audit-account-changed = Учётная запись изменена
audit-role-set = Назначена роль
audit-role-removed = Снят с доски
audit-embed-created = Создана ссылка для встраивания
audit-embed-revoked = Ссылка для встраивания отозвана
audit-throttled = Слишком много попыток
audit-wrong-password = Неверный логин или пароль
audit-every-session = Все сеансы
audit-one-session = Один сеанс
audit-detail-name = имя
audit-detail-admin = назначен администратором
audit-detail-not-admin = больше не администратор
audit-detail-disabled = отключена
audit-detail-enabled = включена
audit-detail-password = задан пароль
audit-detail-temporary = временный пароль
audit-token-created = Создан токен доступа
audit-token-revoked = Токен доступа отозван
tokens-title = Токены доступа для скриптов
tokens-intro = Скрипт или другая система работает с Qadam от вашего имени и в пределах ваших прав (только чтение, если вы так решите), передавая токен в заголовке Authorization: Bearer и затем сам токен.
tokens-name = Для чего он
tokens-days = Срок действия
tokens-days-option = { $days } дн.
tokens-read-only = Только чтение
tokens-create = Создать токен
tokens-secret = Скопируйте токен сейчас: больше он показан не будет.
tokens-expires = действует до { $date }
tokens-last-used = последнее использование { $ago }
tokens-never-used = ещё не использовался
tokens-revoke = Отозвать

transfer-title = Импорт и экспорт
transfer-export = Экспорт доски
transfer-export-hint = Таблицы содержат открытые задачи на вашем языке. Файл доски содержит всё, включая архив и историю, и импортируется в другой Qadam.
transfer-export-xlsx = Excel
transfer-export-csv = CSV
transfer-export-json = Файл доски (JSON)
transfer-import = Импорт задач
transfer-import-hint = Файл доски Qadam, JSON-экспорт доски Trello или таблица (CSV или Excel), по одной задаче в строке. Вы увидите, что он добавит, прежде чем что-либо изменится.
transfer-template = Шаблон:
transfer-template-xlsx = Excel
transfer-template-csv = CSV
transfer-choose-file = Файл для импорта
transfer-reading = Чтение файла…
transfer-source-qadam = Файл доски Qadam
transfer-source-trello = Экспорт Trello
transfer-source-csv = Таблица CSV
transfer-source-xlsx = Книга Excel
transfer-summary = { $tasks ->
    [one] { $tasks } задача
    [few] { $tasks } задачи
   *[other] { $tasks } задач
} (в архиве: { $archived }), контрольных точек: { $items }, комментариев: { $comments }
transfer-new-stages = Новые этапы: { $names }
transfer-new-labels = Новые метки: { $names }
transfer-unmatched = Не входят в команду доски, поэтому не назначены (их комментарии сохранят имена): { $names }
transfer-already-there = { $count ->
    [one] У { $count } из этих задач такое же название, как у задачи на доске: этот файл уже импортировали?
    [few] У { $count } из этих задач такие же названия, как у задач на доске: этот файл уже импортировали?
   *[other] У { $count } из этих задач такие же названия, как у задач на доске: этот файл уже импортировали?
}
transfer-special-dropped = { $count ->
    [one] { $count } задача поступит без особого контроля: его устанавливают только администраторы
    [few] { $count } задачи поступят без особого контроля: его устанавливают только администраторы
   *[other] { $count } задач поступят без особого контроля: его устанавливают только администраторы
}
transfer-problems = Ничего не будет импортировано, пока это не исправлено:
transfer-whole-file = Файл
transfer-row = Строка { $row }
transfer-task = Задача { $row }
transfer-import-go = { $count ->
    [one] Импортировать { $count } задачу
    [few] Импортировать { $count } задачи
   *[other] Импортировать { $count } задач
}
transfer-imported = { $count ->
    [one] Импортирована { $count } задача
    [few] Импортировано { $count } задачи
   *[other] Импортировано { $count } задач
}
problem-unreadable = Qadam не читает такой файл
problem-newer-version = создан более новой версией Qadam
problem-no-title-column = нет столбца с названиями задач
problem-missing-title = у задачи нет названия
problem-bad-date = это не дата (пишите 31.12.2026)
problem-unknown-stage = на доске нет такого этапа
problem-unknown-agency = такого органа нет в перечне офиса
problem-unknown-project = такого стратегического проекта нет в перечне офиса
problem-unknown-status = это не статус исполнения
problem-ambiguous-person = в команде несколько человек с таким именем: укажите логин
problem-refused = правила доски этого не допускают
problem-too-many-tasks = задач больше, чем принимает один импорт ({ $max }) или вмещает доска
problem-too-many-changes = изменений (задачи, поля, контрольные точки, комментарии) больше, чем делает один импорт ({ $max }): разделите файл
problem-too-many-stages = этапов больше, чем вмещает доска

reference-title = Справочник API
reference-intro = Другие системы читают и изменяют Qadam через этот API с теми же правами, что у человека, чей токен доступа они передают (Authorization: Bearer). Токен создаётся на странице учётной записи.
reference-socket = Доска отслеживается в реальном времени через WebSocket (/api/boards/<id>/ws): клиент отправляет кадры ClientMsg и получает кадры ServerMsg в формате JSON, как описано в схемах ниже.
reference-download = Скачать документ OpenAPI 3.1
reference-protocol = Скачать схему сообщений WebSocket (JSON Schema)
reference-link = Справочник API для скриптов и других систем
reference-public = Вход не требуется.
reference-param = Параметр
reference-where = Где
reference-meaning = Значение
reference-body = Тело запроса:
reference-schemas = Схемы
reference-tag-session = Вход и текущий пользователь
reference-tag-boards = Доски
reference-tag-live = В реальном времени (WebSocket)
reference-tag-reports = Портфель и отчёты
reference-tag-people = Пользователи и журнал аудита
reference-tag-embeds = Встраивание
reference-tag-lists = Справочники офиса
reference-tag-tokens = Токены доступа
reference-tag-meta = О сервисе
reference-tag-webhooks = Вебхуки

webhooks-title = Вебхуки
webhooks-intro = Qadam отправляет каждое выбранное изменение этой доски на эти адреса в формате JSON, подписывая его секретом вебхука, и повторяет попытки со всё большими паузами, пока получатель не ответит статусом 2xx.
webhooks-none = Вебхуков пока нет.
webhooks-new = Новый вебхук
webhooks-url = URL получателя
webhooks-url-example = https://reports.example.kz/qadam
webhooks-events = Какие изменения отправлять
webhooks-create = Добавить вебхук
webhooks-secret = Секрет подписи
webhooks-secret-once = Показывается один раз: сохраните его в настройках получателя. Каждая доставка несёт заголовок Qadam-Signature: t=<время>,v1=<HMAC-SHA256 от "<время>.<тело>" с этим секретом>.
webhooks-copy = Скопировать секрет
webhooks-copied = Секрет скопирован.
webhooks-active = Включён
webhooks-paused = Приостановлен
webhooks-pause = Приостановить
webhooks-resume = Возобновить
webhooks-ping = Отправить проверку
webhooks-pinged = Проверка поставлена в очередь.
webhooks-delete = Удалить
webhooks-delete-confirm = Удалить вебхук на { $url }? Ещё не отправленное ему отправлено не будет.
webhooks-deliveries = Доставки
webhooks-no-deliveries = Пока ничего не отправлено.
webhooks-counts = ожидают: { $pending }, не доставлены: { $failed }
webhooks-made = добавил(а) { $by }, { $when }
webhook-event-card-created = Задача добавлена
webhook-event-card-moved = Задача перенесена на другой этап
webhook-event-card-archived = Задача перенесена в архив или восстановлена
webhook-event-field-changed = Изменены другие поля задачи
webhook-event-comment-added = Добавлен комментарий
webhook-event-deadline-extended = Срок продлён
webhook-event-rag-changed = Оценён статус исполнения
webhook-event-ping = Проверка
delivery-when = Создана
delivery-event = Изменение
delivery-state = Итог
delivery-answer = Ответ
delivery-failure-not-url = Это не веб-адрес
delivery-failure-unreachable = Адрес, недоступный для вебхуков
delivery-failure-timeout = Ответ не пришёл вовремя
delivery-failure-connect = Не удалось подключиться
delivery-failure-failed = Запрос не удался
delivery-attempts = Попытки
delivery-next = Следующая попытка
delivery-pending = Ожидает
delivery-delivered = Доставлена
delivery-failed = Не доставлена
error-bad-url = Укажите веб-адрес получателя, начинающийся с http:// или https://, длиной не более { $max } символов.
error-unreachable-url = Вебхуки нельзя отправлять на сам этот сервер, на локальные адреса канала (link-local) и в службу метаданных облака.
error-bad-events = Выберите одно или несколько изменений, которые будет отправлять вебхук.
error-bad-columns = Выберите один или несколько этапов доски: один из выбранных тем временем удалили.
error-invalid-name = Каждое название — на казахском, русском и английском — должно состоять из одной строки длиной от 1 до { $max } символов.
error-too-large = Это больше, чем принимает сервер: файл может быть не больше { $mb } МБ.
error-too-many-webhooks = У доски может быть не больше { $max } вебхуков.
audit-webhook-created = Вебхук добавлен
audit-webhook-deleted = Вебхук удалён
audit-webhook-paused = Вебхук приостановлен
audit-webhook-resumed = Вебхук возобновлён
audit-webhook-events-changed = Изменено, какие изменения отправляет вебхук
sign-out-unsent = { $count ->
    [one] { $count } изменение, сделанное здесь, ещё не дошло до сервера; при выходе оно пропадёт. Всё равно выйти?
    [few] { $count } изменения, сделанные здесь, ещё не дошли до сервера; при выходе они пропадут. Всё равно выйти?
    [many] { $count } изменений, сделанных здесь, ещё не дошли до сервера; при выходе они пропадут. Всё равно выйти?
   *[other] { $count } изменения, сделанные здесь, ещё не дошли до сервера; при выходе они пропадут. Всё равно выйти?
}

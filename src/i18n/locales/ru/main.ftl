# Lanyard — русский язык. Каждый ключ должен присутствовать во всех языках (это проверяет тест).

app-name = Lanyard
skip-to-content = Перейти к основному содержанию
lang-switch-label = Язык
footer-text = Аккредитация: Lanyard

events-title = Мероприятия
events-empty = В настоящее время нет мероприятий с открытой регистрацией.

event-when = Время
event-local-times = Указано местное время ({ $zone }).
event-programme = Программа
event-registration-open = Регистрация открыта до { $closes }.
event-registration-not-yet = Регистрация открывается { $opens }.
event-registration-closed = Регистрация закрыта { $closes }.
event-register-button = Зарегистрироваться
event-approval-note = Организаторы рассматривают каждую заявку перед её подтверждением.
event-invitation-note = Участие в мероприятии — только по приглашению.
session-places-left = { $left ->
    [one] Осталось { $left } место
    [few] Осталось { $left } места
    [many] Осталось { $left } мест
   *[other] Осталось мест: { $left }
}
session-full = Мест нет
session-for = Для категорий: { $categories }

register-title = Регистрация: { $event }
register-intro = Поля, отмеченные *, обязательны для заполнения. Имена можно писать в любой письменности.
register-section-person = О Вас
register-section-contact = Контактные данные
register-section-programme = Программа
register-section-needs = Особые потребности и язык
field-honorific = Титул или обращение
field-honorific-hint = Например: Его Превосходительство г-н, д-р, г-жа.
field-given_name = Имя
field-given_name-hint = Если у Вас только одно имя, укажите его здесь, а поле фамилии оставьте пустым.
field-family_name = Фамилия
field-native_name = Имя в Вашей письменности
field-native_name-hint = Необязательно, например 张伟 или حسام الحسيني.
field-badge_name = Имя на бейдже
field-badge_name-hint = Оставьте пустым, чтобы напечатать Ваши имя и фамилию.
field-email = Электронная почта
field-phone = Телефон
field-phone-hint = С кодом страны, например +86 10 6532 1234.
field-country = Страна
field-country-choose = Выберите страну
field-organization = Организация
field-position = Должность
field-category = Категория
field-category-choose = Выберите категорию
field-sessions = Заседания, в которых Вы примете участие
field-sessions-none = В этом мероприятии нет заседаний для выбора.
field-dietary = Требования к питанию
field-accessibility = Потребности в доступной среде
field-locale = Язык писем
register-submit = Зарегистрироваться
register-errors-summary = { $count ->
    [one] Пожалуйста, исправьте { $count } поле, отмеченное ниже.
    [few] Пожалуйста, исправьте { $count } поля, отмеченных ниже.
    [many] Пожалуйста, исправьте { $count } полей, отмеченных ниже.
   *[other] Пожалуйста, исправьте отмеченные ниже поля ({ $count }).
}

error-required = Это поле обязательно для заполнения.
error-too-long = Не более { $max } символов.
error-control-chars = Удалите невидимые управляющие символы.
error-email-invalid = Введите адрес электронной почты, например name@example.org.
error-phone-invalid = Введите номер телефона из 6–20 цифр, например +86 10 6532 1234.
error-country-unknown = Выберите страну из списка.
error-category-unknown = Выберите категорию из списка.
error-session-unknown = Выбранное заседание больше не существует; пожалуйста, выберите снова.
error-session-not-allowed = Заседание «{ $session }» недоступно для выбранной Вами категории.
error-session-full = На заседании «{ $session }» нет свободных мест.
error-sessions-overlap = Заседания «{ $first }» и «{ $second }» проходят одновременно.
error-locale-unknown = Выберите язык из списка.
error-already-registered = Этот адрес электронной почты уже зарегистрирован на данное мероприятие. Найдите письмо с подтверждением в своём почтовом ящике или свяжитесь с организаторами.

registered-title = Заявка получена
registered-title-confirmed = Регистрация подтверждена
registered-title-ended = Регистрация недействительна
registered-ended = Ваша регистрация на мероприятие «{ $event }» больше не действительна. Пожалуйста, ознакомьтесь с письмом организаторов.
register-expired = В целях безопасности срок действия формы истёк, поэтому ничего не было сохранено. Введённые Вами данные сохранены ниже: пожалуйста, проверьте их и отправьте форму ещё раз.
registered-confirmed = Вы зарегистрированы на мероприятие «{ $event }».
registered-pending = Ваша заявка на участие в мероприятии «{ $event }» получена. Организаторы рассмотрят её, и после одобрения Вы получите письмо.
registered-reference = Ваш регистрационный номер
registered-reference-hint = Указывайте этот номер во всех сообщениях организаторам.
registered-email-sent = Письмо с подтверждением отправлено на адрес { $email }.
registered-sessions = Ваша программа

closed-title = Регистрация закрыта
closed-not-yet = Регистрация на мероприятие «{ $event }» открывается { $opens }.
closed-ended = Регистрация на мероприятие «{ $event }» закрыта { $closes }.
closed-invitation = Регистрация на мероприятие «{ $event }» — только по приглашению. Пожалуйста, воспользуйтесь ссылкой из Вашего приглашения.
closed-contact = Вопросы? Пишите на { $contact }.

error-title-400 = Запрос не распознан
error-text-400 = Пожалуйста, вернитесь назад и повторите попытку.
error-title-403 = Срок действия формы истёк
error-text-403 = Форма была открыта слишком долго или отправлена с другого сайта, поэтому ничего не было сохранено. Вернитесь назад, обновите страницу и отправьте форму ещё раз.
error-title-404 = Страница не найдена
error-text-404 = Не удалось найти эту страницу. Проверьте адрес или начните со списка мероприятий.
error-title-413 = Слишком много данных
error-text-413 = Объём отправленных данных превышает допустимый для Lanyard. Сократите его и повторите попытку.
error-title-500 = Произошла ошибка
error-text-500 = Произошла непредвиденная ошибка, ничего не было сохранено. Пожалуйста, повторите попытку через некоторое время; если ошибка повторится, свяжитесь с организаторами.
error-title-503 = Сервер занят, повторите попытку
error-text-503 = Сейчас Lanyard сильно загружен, ничего не было сохранено. Пожалуйста, повторите попытку через несколько секунд.
error-title-429 = Слишком много запросов
error-text-429 = Вы отправили слишком много запросов за короткое время, поэтому этот запрос не принят и ничего не сохранено. Подождите минуту и повторите попытку.
error-title-forbidden = Действие запрещено
error-text-forbidden = Ваша роль не разрешает это действие. При необходимости обратитесь к администратору.
error-back = К списку мероприятий

mail-subject-confirmed = Регистрация подтверждена: { $event } ({ $reference })
mail-subject-received = Заявка получена: { $event } ({ $reference })
mail-greeting = Уважаемый(-ая) { $name }!
mail-confirmed-body = Благодарим Вас за регистрацию на мероприятие «{ $event }». Ваша регистрация подтверждена.
mail-received-body = Благодарим Вас за регистрацию на мероприятие «{ $event }». Организаторы рассматривают каждую заявку; после одобрения Вашей заявки Вы получите ещё одно письмо.
mail-subject-approved = Заявка одобрена: { $event } ({ $reference })
mail-subject-rejected = Заявка не принята: { $event } ({ $reference })
mail-subject-cancelled = Регистрация отменена: { $event } ({ $reference })
mail-approved-body = Ваша заявка на участие в мероприятии «{ $event }» одобрена. Будем рады приветствовать Вас.
mail-rejected-body = С сожалением сообщаем, что Ваша заявка на участие в мероприятии «{ $event }» не может быть принята.
mail-cancelled-body = Ваша регистрация на мероприятие «{ $event }» отменена.
mail-reason = Причина, указанная организаторами: { $reason }
mail-reference = Ваш регистрационный номер: { $reference }
mail-programme = Ваша программа
mail-no-sessions = Вы не выбрали ни одного заседания.
mail-ics-note = Приложенный файл programme.ics добавит эти заседания в Ваш календарь.
mail-details = Ваши данные
mail-event-page = Программа и подробности: { $url }
mail-contact = Вопросы? Ответьте на это письмо или напишите на { $contact }.
mail-not-you = Если Вы не регистрировались на это мероприятие, просто проигнорируйте это письмо.
mail-signature = Организаторы мероприятия «{ $event }»

api-unauthorized = Требуется действительный токен (Authorization: Bearer …).
api-forbidden = Роль этого токена не разрешает это действие.
api-event-scope = Этот токен работает с другим мероприятием или не привязан ни к одному.

## Персонал
staff-nav = Персонал
staff-home = Мероприятия
staff-password = Сменить пароль
staff-logout = Выйти
login-title = Вход для персонала
login-email = Электронная почта
login-password = Пароль
login-submit = Войти
login-invalid = Неверный адрес электронной почты или пароль.
login-locked = Слишком много неудачных попыток. Повторите попытку после { $until }.
password-title = Смена пароля
password-current = Текущий пароль
password-new = Новый пароль
password-new-hint = Не менее 12 символов; несколько не связанных между собой слов легко запомнить.
password-repeat = Повторите новый пароль
password-submit = Сменить пароль
password-wrong-current = Текущий пароль указан неверно.
password-mismatch = Новые пароли не совпадают.
password-changed = Ваш пароль изменён; все остальные Ваши сеансы завершены.
error-password-short = Не менее 12 символов.
error-password-long = Не более 200 символов.
dashboard-title = Мероприятия
dashboard-registrations = Регистрации
dashboard-counts = Всего регистраций: { $total } (на рассмотрении: { $pending }, одобрено: { $approved }, отклонено: { $rejected }, отменено: { $cancelled })
list-title = Регистрации: { $event }
list-search = Поиск
list-search-hint = Часть имени в любой письменности, адрес электронной почты, номер или организация
list-status = Статус
list-any = Любой
list-category = Категория
list-country = Страна
list-session = Заседание
list-sort = Сортировка
sort-newest = Сначала новые
sort-oldest = Сначала старые
sort-name = Фамилия
sort-country = Страна
sort-precedence = Протокольное старшинство
list-apply = Применить
list-count = { $total ->
    [one] Найдена { $total } регистрация.
    [few] Найдено { $total } регистрации.
    [many] Найдено { $total } регистраций.
   *[other] Найдено регистраций: { $total }.
}
list-none = Регистрации не найдены.
list-col-select = Выбрать
list-col-reference = Номер
list-col-name = Имя
list-col-organization = Организация
list-col-country = Страна
list-col-category = Категория
list-col-status = Статус
list-col-registered = Дата регистрации
list-col-badge = Бейдж
list-bulk-approve = Одобрить выбранные
list-bulk-reject = Отклонить выбранные
list-bulk-reject-reason = Причина (делегаты прочтут её, если их уведомить)
list-bulk-reject-notify = Уведомить по электронной почте (снимите отметку для регистраций, которые вы считаете поддельными)
list-previous = Предыдущая страница
list-next = Следующая страница
list-page = Страница { $page } из { $pages }
status-pending = На рассмотрении
status-approved = Одобрена
status-rejected = Отклонена
status-cancelled = Отменена
detail-title = { $name } ({ $reference })
detail-status = Статус
detail-reason = Причина
detail-sessions = Заседания
detail-source = Способ регистрации
detail-created = Дата регистрации
detail-edit = Изменить
detail-approve = Одобрить
detail-reject = Отклонить
detail-reject-reason = Причина (её увидит делегат)
detail-cancel = Отменить регистрацию
detail-cancel-reason = Причина (необязательно; её увидит делегат)
detail-history = История
detail-mails = Письма
source-web = регистрационная форма
source-api = API
source-import = импорт
source-staff = персонал
done-approved = Одобрено. Делегат получит письмо.
done-rejected = Отклонено. Делегат получит письмо.
done-cancelled = Отменено. Делегат получит письмо.
done-updated = Изменения сохранены.
done-bulk = { $count ->
    [one] Одобрена { $count } регистрация.
    [few] Одобрено { $count } регистрации.
    [many] Одобрено { $count } регистраций.
   *[other] Одобрено регистраций: { $count }.
}
done-bulk-rejected = { $count ->
    [one] Отклонена { $count } регистрация.
    [few] Отклонено { $count } регистрации.
    [many] Отклонено { $count } регистраций.
   *[other] Отклонено регистраций: { $count }.
}
done-reason-required = Укажите причину отклонения; её увидит делегат.
done-not-allowed = Ничего не изменено: это действие неприменимо к регистрации в её текущем состоянии.
done-full = Ничего не изменено: на одном из заседаний этой регистрации нет свободных мест.
edit-title = Изменение: { $name }
edit-submit = Сохранить изменения
edit-cancel = Вернуться без сохранения
error-email-taken = Этот адрес электронной почты уже используется в другой регистрации на это мероприятие.
audit-registration-approve = одобрение
audit-registration-reject = отклонение
audit-registration-reject_unmailed = отклонение без письма
audit-registration-hold_lapsed = места освобождены по истечении брони
audit-registration-cancel = отмена
audit-registration-update = изменение
mail-kind-registration_confirmed = подтверждение
mail-kind-registration_received = получение заявки (ожидает одобрения)
mail-kind-registration_approved = одобрение
mail-kind-registration_rejected = отклонение
mail-kind-registration_cancelled = отмена
mail-status-queued = в очереди
mail-status-sending = отправляется
mail-status-sent = отправлено
mail-status-retry = ошибка, будет повторная попытка
mail-status-failed = ошибка
list-audit = Журнал действий
audit-title = Журнал действий: { $event }
audit-empty = Действий персонала пока нет.
list-export = Экспорт списка (CSV)
list-import = Импорт регистраций (CSV)
import-title = Импорт регистраций: { $event }
import-intro = Загрузите CSV-файл, в котором каждая строка — одна регистрация. Ничего не будет сохранено, пока Вы не просмотрите результаты проверки каждой строки и не подтвердите импорт.
import-columns = Столбцы, названные в первой строке (в любом порядке): { $columns }. Столбцы given_name и email обязательны; заседания разделяются точкой с запятой.
import-file = CSV-файл (UTF-8)
import-check = Проверить файл
import-too-large = Размер файла превышает 4 МБ; разделите его на части и импортируйте их по отдельности.
import-unreadable = Не удалось прочитать файл: { $reason }
import-summary = Новые: { $new } · уже зарегистрированы (без изменений): { $existing } · с ошибками (пропущены): { $invalid }
import-row-create = будет зарегистрирован
import-row-exists = уже зарегистрирован; без изменений
import-row-duplicate = тот же адрес электронной почты, что в строке { $line }; пропущено
import-col-line = Строка
import-col-outcome = Результат
import-confirm = { $count ->
    [one] Импортировать { $count } новую регистрацию
    [few] Импортировать { $count } новые регистрации
    [many] Импортировать { $count } новых регистраций
   *[other] Импортировать новые регистрации ({ $count })
}
import-again = Проверить другой файл
done-imported = { $count ->
    [one] Импортирована { $count } регистрация.
    [few] Импортировано { $count } регистрации.
    [many] Импортировано { $count } регистраций.
   *[other] Импортировано регистраций: { $count }.
}
audit-registrations-import = импорт регистраций

## Приглашения
invitation-banner = Приглашение для { $organization }: свободно мест — { $left } из { $quota }.
invitation-invalid-title = Приглашение недействительно
invitation-invalid = Ссылка на приглашение недействительна или была отозвана. Пожалуйста, свяжитесь с организаторами.
error-quota-reached = Все места по этому приглашению заняты. Глава делегации может освободить место, отменив одну из регистраций.
error-quota = Укажите число мест от 1 до 500.
delegation-title = Делегация: { $organization }
delegation-intro = { $event } · занято мест: { $used } из { $quota }
delegation-register = Зарегистрировать делегата
delegation-none = По этому приглашению пока никто не зарегистрирован.
delegation-cancel = Отменить эту регистрацию
delegation-full = Все места по этому приглашению заняты.
list-invitations = Приглашения
invitations-title = Приглашения: { $event }
invitations-create = Новое приглашение
invitations-none = Приглашений пока нет.
invitation-organization = Организация
invitation-country = Страна
invitation-contact-name = Контактное лицо
invitation-contact-email = Электронная почта контактного лица
invitation-quota = Места
invitation-locale = Язык письма с приглашением
invitation-submit = Создать и отправить приглашение
invitation-used = Занято { $used } из { $quota }
invitation-link = Страница делегации
invitation-revoke = Отозвать
invitation-revoked = отозвано
done-invited = Приглашение создано; письмо отправляется.
done-revoked = Приглашение отозвано; ссылка больше не действует.
done-quota = Ничего не изменено: все места по приглашению заняты.
audit-invitation-create = создание приглашения
audit-invitation-revoke = отзыв приглашения
mail-kind-invitation = приглашение
mail-subject-invitation = Приглашение: { $event }
mail-invitation-greeting-anonymous = Уважаемые коллеги!
mail-invitation-body = { $organization } приглашается зарегистрировать участников мероприятия «{ $event }», которое состоится { $when }. Максимальное число участников: { $quota }.
mail-invitation-register = Зарегистрируйте каждого участника здесь:
mail-invitation-manage = Просмотр регистраций Вашей делегации и управление ими:
mail-invitation-deadline = Регистрация закрывается { $closes }.
mail-invitation-keep = Пожалуйста, передавайте ссылку для регистрации только в пределах Вашей делегации: любой, у кого она есть, может зарегистрироваться по Вашему приглашению. Ссылку для управления храните только у себя: с её помощью можно просматривать и отменять регистрации Вашей делегации.

## Двухфакторный вход
login-code-title = Одноразовый код
login-code = 6-значный код
login-code-hint = Из приложения-аутентификатора на Вашем телефоне.
login-code-invalid = Неверный код. Проверьте часы на телефоне и введите самый новый код.
login-code-expired = Вход занял слишком много времени. Пожалуйста, снова введите адрес электронной почты и пароль.
totp-title = Двухфакторный вход
totp-intro = Отсканируйте этот код приложением-аутентификатором (например, FreeOTP, Google Authenticator или Microsoft Authenticator), затем введите показанный им 6-значный код.
totp-qr-alt = QR-код для настройки приложения-аутентификатора
totp-secret = Или введите этот ключ в приложение:
totp-enable = Включить двухфакторный вход
totp-already = Двухфакторный вход уже включён. Чтобы настроить новый телефон, сначала отключите его с помощью действующего кода.
totp-enabled = Для Вашей учётной записи включён двухфакторный вход.
totp-disable = Отключить двухфакторный вход
totp-cannot-disable = Администратор требует двухфакторный вход для всех учётных записей персонала.
totp-required-note = Администратор требует двухфакторный вход. Настройте его, чтобы продолжить.
security-title = Безопасность
security-log-title = Журнал безопасности
security-log-intro = Входы, неудачные и заблокированные попытки входа, просроченные или поддельные формы, отклонённые запросы, использование API-токенов (не чаще раза в минуту) и выгрузки персональных данных — сначала новые, с учётной записью или токеном и адресом. Хранится 180 дней.
security-log-kind = Событие
security-log-every-kind = Все
security-log-empty = Пока ничего не записано.
security-log-time = Время (UTC)
security-log-who = Учётная запись или токен
security-log-address = Адрес
security-log-detail = Страница
security-kind-login_succeeded = вход
security-kind-login_failed = неудачный вход
security-kind-login_locked = вход заблокирован
security-kind-csrf_rejected = форма отклонена (CSRF)
security-kind-forbidden = отказано (403)
security-kind-token_used = использован API-токен
security-kind-export = выгрузка
security-required-on = Двухфакторный вход обязателен для всех учётных записей персонала.
security-required-off = Двухфакторный вход необязателен для учётных записей персонала.
security-require-on = Сделать двухфакторный вход обязательным для всех
security-require-off = Сделать двухфакторный вход необязательным
audit-staff-totp-enable = включение двухфакторного входа
audit-staff-totp-disable = отключение двухфакторного входа
audit-settings-require-totp = изменение требования двухфакторного входа

## Настройка мероприятия
dashboard-setup = Настроить
dashboard-new-event = Новое мероприятие
setup-title = Настройка: { $event }
setup-new = Новое мероприятие
setup-event = Мероприятие
setup-name = Название
setup-slug = Краткое имя для ссылок
setup-slug-hint = Строчные латинские буквы, цифры и дефисы, например qianhai-2027.
setup-ref_prefix = Префикс номера
setup-ref_prefix-hint = От 1 до 4 заглавных латинских букв, например QH.
setup-description = Описание
setup-time_zone = Часовой пояс
setup-time_zone-hint = Имя IANA, например Asia/Shanghai. Всё время на этой странице указывается по местному времени этого пояса.
setup-starts_at = Начало
setup-ends_at = Окончание
setup-registration_opens_at = Открытие регистрации
setup-registration_closes_at = Закрытие регистрации
setup-contact_email = Контактный адрес для делегатов
setup-approval_required = Регистрации требуют одобрения персоналом
setup-invitation_only = Только по приглашению
setup-save = Сохранить
setup-venues = Места проведения
setup-venue_name = Название места проведения
setup-address = Адрес
setup-add-venue = Добавить место проведения
setup-categories = Категории в порядке старшинства
setup-category_name = Название категории
setup-badge_colour = Цвет бейджа
setup-self_register = Делегаты могут выбрать её сами
setup-staff-only = назначается только персоналом
setup-add-category = Добавить категорию
setup-sessions = Заседания
setup-add-session = Новое заседание
setup-title-field = Название
setup-venue = Место проведения
setup-capacity = Вместимость
setup-capacity-hint = Оставьте пустым, чтобы не ограничивать. Сейчас занято мест: { $taken }.
setup-allowed = Для категорий (если ничего не отмечено — для всех)
setup-save-session = Сохранить заседание
error-slug = От 2 до 40 строчных латинских букв, цифр или дефисов.
error-slug-taken = Это краткое имя уже используется другим мероприятием.
error-prefix = От 1 до 4 заглавных латинских букв.
error-time-zone = Введите часовой пояс IANA, например Asia/Shanghai.
error-datetime = Введите дату и время.
error-ends-before-start = Окончание должно быть позже начала.
error-colour = Введите цвет, например #1F4E8C.
error-category-taken = В этом мероприятии уже есть категория с таким названием.
error-capacity = Введите целое число мест или оставьте поле пустым, чтобы не ограничивать.
error-capacity-below-taken = Уже занято мест: { $taken }; вместимость не может быть меньше.
error-session-before-event = Мероприятие начинается { $first }; заседание не может начинаться раньше этого дня.
error-session-after-event = Мероприятие заканчивается { $last }; заседание не может заканчиваться позже этого дня.
audit-event-create = создание мероприятия
audit-event-update = изменение настроек мероприятия
audit-venue-create = добавление места проведения
audit-category-create = добавление категории
audit-session-create = добавление заседания
audit-session-update = изменение заседания

## Учётные записи и токены
accounts-title = Учётные записи
accounts-staff = Учётные записи персонала
accounts-role = Роль
accounts-name = Имя
accounts-create = Создать учётную запись
accounts-created = Учётная запись { $email } создана. Её пароль (показывается только сейчас): { $password }
accounts-taken = Учётная запись персонала с этим адресом электронной почты уже существует.
accounts-bad-role = Выберите роль из списка.
accounts-active = активна
accounts-inactive = деактивирована
accounts-locked = заблокирована после неудачных попыток входа
accounts-doors = Места проведения, где эта учётная запись контроля входа может сканировать
accounts-doors-save = Сохранить места проведения
audit-staff-venues = изменение мест проведения учётной записи контроля входа
audit-staff-password-change = смена собственного пароля
accounts-deactivate = Деактивировать
accounts-activate = Активировать снова
role-admin = Администратор
role-registrar = Регистратор
role-printer = Печать бейджей
role-door = Контроль входа
tokens-title = Токены API
tokens-name = Назначение
tokens-event = Его мероприятие
tokens-every-event = все мероприятия (только администратор)
tokens-event-required = API-токен работает с одним мероприятием; только токен администратора может работать со всеми. Выберите его мероприятие.
tokens-create = Создать токен
tokens-created = Токен создан. Скопируйте его сейчас — он показывается только один раз: { $token }
tokens-bad = Укажите название и роль токена.
tokens-created-at = Создан
tokens-last-used = Последнее использование
tokens-revoke = Отозвать
tokens-revoked = отозван
audit-staff-create = создание учётной записи персонала
audit-staff-activate = повторная активация учётной записи персонала
audit-staff-deactivate = деактивация учётной записи персонала
audit-token-create = создание токена API
audit-token-revoke = отзыв токена API
invitations-import = Приглашения из файла
invitations-import-hint = CSV-файл со столбцами organization, country, contact_name, contact_email, quota и locale. Сначала проверяется каждая строка; уже существующие приглашения пропускаются.
invitations-import-submit = Создать и отправить приглашения
invitations-imported = Создано и отправлено приглашений: { $created }; уже существовало: { $skipped }.
invitations-bad-line = Строка { $line }: { $problems }

## Бейджи
badge-version = v{ $version }
badge-section = Бейдж
badge-current = Версия бейджа: { $version }
badge-qr-alt = QR-код бейджа версии { $version }
badge-not-printed = Ещё не напечатан.
badge-printed = Напечатан (раз: { $count }), последний раз { $when }, { $who }.
badge-none-yet = Бейдж выдаётся после одобрения регистрации.
badge-print = Напечатать бейдж
badge-preview = Предпросмотр (PDF)
badge-reissue = Перевыпустить бейдж
badge-reissue-reason = Причина выпуска нового бейджа (старый перестанет действовать)
reissue-lost = Утерян
reissue-damaged = Повреждён
reissue-name-corrected = Исправлено имя
reissue-stolen = Украден
reissue-other = Другое
badge-photo = Фотография
badge-photo-hint = JPEG или PNG, не более 10 МБ, не менее 200 пикселей по каждой стороне; фотография обрезается до 3:4 по центру.
badge-photo-alt = Фотография делегата
badge-photo-upload = Загрузить фотографию
badge-precedence = Протокольное старшинство
badge-precedence-hint = Для глав миссий: 1 — дуайен дипломатического корпуса. Для остальных оставьте пустым.
badge-layout-a6 = Бейдж A6 (105 × 148 мм)
badge-layout-cr80 = Карта CR80 (54 × 85,6 мм)
badge-layout-a4-4up = Лист A4, 4 бейджа с метками обреза
badges-title = Бейджи: { $event }
badges-nav = Бейджи
badges-delegation = Делегация (страна)
badges-sort = Порядок
badges-sort-name = По имени
badges-sort-country = По делегации
badges-sort-precedence = По протокольному старшинству
badges-layout = Бумага
badges-unprinted = Только ещё не напечатанные бейджи
badges-show = Показать
badges-count = { $count ->
    [one] { $count } одобренная регистрация
    [few] { $count } одобренные регистрации
    [many] { $count } одобренных регистраций
   *[other] Одобренных регистраций: { $count }
}
badges-download = Скачать PDF
badges-mark-printed = Отметить как напечатанные
badges-mark-hint = Отметьте их после завершения печати; если бумагу зажевало, напечатайте тот же список ещё раз.
badges-col-printed = Раз напечатан
done-reissued = Выпущен новый бейдж. Старый QR-код больше не действует.
done-photo = Фотография сохранена.
done-precedence = Протокольное старшинство сохранено.
done-precedence-invalid = Протокольное старшинство должно быть целым числом от 1 до 9999.
done-badge-not-approved = Бейджи есть только у одобренных регистраций.
done-marked-none = Ничего не отмечено.
done-marked = { $count ->
    [one] { $count } бейдж отмечен как напечатанный.
    [few] { $count } бейджа отмечены как напечатанные.
    [many] { $count } бейджей отмечены как напечатанные.
   *[other] Отмечено как напечатанные: { $count }.
}
photo-error-empty = Выберите фотографию для загрузки.
photo-error-too-large = Размер фотографии превышает 10 МБ. Выберите файл меньшего размера.
photo-error-format = Файл не является изображением JPEG или PNG.
photo-error-too-small = Фотография слишком мала для печати: нужно не менее 200 пикселей по каждой стороне.
photo-error-too-many-pixels = Фотография больше 16 мегапикселей или одна из её сторон превышает 8000 пикселей. Выберите изображение меньшего размера.
photo-error-unusual = Такое изображение (16 бит на цвет, CMYK или анимация) использовать нельзя. Сохраните его как обычную фотографию JPEG или PNG и повторите попытку.
photo-error-busy = Сейчас обрабатывается много фотографий. Отправьте форму ещё раз через несколько секунд; всё, что вы ввели, сохранено в форме.
error-title-badge-not-approved = Бейджа пока нет
error-text-badge-not-approved = Бейджи есть только у одобренных регистраций.
error-title-badges-none = Нечего печатать
error-text-badges-none = Ни одна из этих регистраций не одобрена.
mail-badge-page = Ваш бейдж с QR-кодом для прохода и PDF-файлом для печати: { $url }
badge-page-title = Ваш бейдж
badge-page-not-yet = Ваша регистрация
badge-page-show = Если у Вас нет с собой напечатанного бейджа, покажите этот код на входе.
badge-page-pdf = Скачать бейдж (PDF)
badge-page-has-photo = Ваша фотография размещена на бейдже. Вы можете заменить её.
badge-page-no-photo = Добавьте фотографию: сотрудники на входе сверяют её с Вами, и она печатается на Вашем бейдже.
badge-page-private = Это личная страница: не пересылайте ссылку.
setup-layout-event = Бумага мероприятия
field-photo = Фотография для бейджа (необязательно)
door-admit = ВХОД РАЗРЕШЁН
door-already = ВХОД УЖЕ ОТМЕЧЕН
door-refused = ВХОД ЗАПРЕЩЁН
door-already-detail = Вход отмечен в { $time }, { $venue }.
door-reason-unknown_code = Неизвестный код: это не бейдж данного мероприятия.
door-reason-old_badge = Старый бейдж (версия { $version }; действующая — { $current }). Бейдж был перевыпущен.
door-reason-not_approved = Регистрация не одобрена.
door-reason-cancelled = Регистрация отменена.
door-reason-not_allowed_in_session = Доступ на это заседание не разрешён.
door-reason-outside_session_time = Вне времени заседания.
door-reason-session_at_another_venue = Это заседание проходит в другом месте.
door-title = Пункт сканирования
door-choose-event = Выберите мероприятие
door-choose-place = Выберите место сканирования
door-no-venues = Вашей учётной записи не назначено ни одного места проведения. Обратитесь к администратору.
door-whole-venue = всё место проведения
door-change = изменить
door-code-label = Код бейджа
door-code-hint = Отсканируйте бейдж: сканер введёт код и нажмёт Enter. Или введите код вручную.
door-submit = Проверить
door-count = { $count ->
    [one] Пока допущен { $count } человек
    [few] Пока допущено { $count } человека
    [many] Пока допущено { $count } человек
   *[other] Пока допущено: { $count }
}
door-manual-title = Нет бейджа? Найдите участника
door-manual-search = Имя или номер
door-manual-admit = Пропустить вручную
door-no-results = Среди одобренных никто не найден.
door-offline = Нет связи: отсканируйте ещё раз.
attendance-title = Посещаемость: { $event }
attendance-nav = Посещаемость
attendance-export = Журнал сканирования (CSV)
attendance-refresh = Страница обновляется каждые 15 секунд, кроме времени, когда открыт список.
attendance-venues = Места проведения
attendance-venue = Место проведения
attendance-inside = Сейчас внутри
attendance-admitted-venue = Допущено на входе в место проведения
attendance-sessions = Заседания
attendance-session = Заседание
attendance-admitted = Допущено
attendance-expected = Ожидается
attendance-not-arrived = Ещё не прибыли, по делегациям
attendance-log = Последние сканирования
attendance-time = Время
attendance-outcome = Ответ
attendance-where = Место
attendance-staff = Сотрудник
attendance-manual = Допущен вручную
attendance-old-badge = Старый бейдж (перевыпущен)
door-list-footer = Ожидается: { $count } · страница { $page } из { $pages } · отмечайте каждого прибывшего
door-list-link = Печатный список (PDF)
attendance-history = Посещаемость
attendance-none = Сканирований пока нет.
attendance-chart = Прибытие по 15-минутным интервалам
attendance-chart-label = { $count ->
    [one] { $count } проход, по 15-минутным интервалам
    [few] { $count } прохода, по 15-минутным интервалам
    [many] { $count } проходов, по 15-минутным интервалам
   *[other] Проходов: { $count }, по 15-минутным интервалам
}

# Devices, offline scanning, exits, clashes
door-exited = ВЫХОД ОТМЕЧЕН
door-exit = выход
api-device-scope = Это устройство не может сканировать здесь: оно привязано к другим площадкам или другому мероприятию.
attendance-offline = решено офлайн
attendance-export-xlsx = Журнал сканирований (Excel)
attendance-clashes = Офлайн-конфликты
attendance-clashes-hint = Устройство пропустило эти бейджи без связи, но сервер уже принял иное решение. Проверьте их вместе с сотрудниками на входе.
attendance-device = Устройство
attendance-server-said = Решение сервера
devices-title = Устройства сканирования
devices-page-title = Устройства сканирования: { $event }
devices-all-venues = все площадки мероприятия
devices-name-missing = Назовите устройство, например «Зал, вход 2 (iPad)».
devices-bad-venue = Выберите только площадки этого мероприятия.
devices-intro = Привяжите телефон или планшет как пункт сканирования: назовите его, выберите площадки и откройте QR-код ниже его камерой. Без сети он продолжает работать, а при утере его можно отозвать здесь.
devices-paired = { $name } готово к привязке
devices-paired-hint = Откройте этот QR-код камерой устройства или ссылку в его браузере. Он показывается только сейчас.
devices-qr-alt = QR-код со ссылкой для привязки
devices-link = Ссылка для привязки
devices-none = Устройств пока нет.
devices-name = Название устройства
devices-venues = Площадки
devices-add = Добавить устройство
devices-name-hint = Показывается в журнале сканирований и на панели.
devices-venues-hint = Не выбрано: все площадки этого мероприятия.
devices-create = Создать и показать QR-код
device-online = В сети
device-offline = НЕТ СВЯЗИ: решение по синхронизированному списку
device-synced = Список на { $time }
device-queued = Ожидают отправки: { $count }
device-count = Пропущено: { $count }
device-unpaired = Устройство не привязано. Попросите у организатора QR-код.
device-revoked = Привязка устройства отозвана или истекла: данных на нём больше нет. Попросите организатора привязать его снова.
device-offline-decided = Решено на этом устройстве (без связи); будет отправлено позже.
device-no-camera = Не удалось включить камеру. Разрешите доступ или используйте сканер либо клавиатуру.
device-not-synced = Список ещё не синхронизирован: подключитесь к сети хотя бы раз.
device-start = Начать сканирование
device-camera = Камера
audit-device-create = привязал(а) устройство сканирования
audit-device-revoke = отозвал(а) устройство сканирования
error-summary-item = { $field }: { $message }
attendance-who-inside = Кто внутри
attendance-since = с { $time }
# Credentials: security vetting, custody (handing badges over), custody receipts
role-security = Сотрудник службы безопасности
setup-vetting_required = Бейджи действуют только после того, как служба безопасности допустит их владельца
setup-issue_required = Бейджи действуют только после выдачи на стойке
door-reason-not_vetted = Допуск службы безопасности ещё не получен.
door-reason-vetting_refused = Отказано службой безопасности. Обратитесь в службу безопасности.
door-reason-not_issued = Бейдж ещё не выдан: направьте человека на стойку аккредитации.
vetting-nav = Проверка безопасности
vetting-title = Проверка службой безопасности · { $event }
vetting-intro = Сверьте каждого человека с его фотографией и удостоверяющими личность данными, затем зафиксируйте своё решение. Ваше примечание видит только служба безопасности: пункты контроля входа и другие сотрудники видят лишь итоговое решение.
vetting-status = Проверка службой безопасности
vetting-status-pending = Ещё не проверен
vetting-status-cleared = Допущен
vetting-status-refused = Не допущен
vetting-status-more_info = Нужны дополнительные сведения
vetting-outcome = Решение
vetting-note = Примечание (только для службы безопасности)
vetting-save = Сохранить решение
vetting-show-all = Показать всех
vetting-show-open = Показать только ожидающих проверки
vetting-none = Проверки никто не ожидает.
vetting-done-vetted = Решение сохранено. Оно сразу действует на всех пунктах контроля входа.
vetting-done-note-too-long = Ничего не сохранено: примечание длиннее 1000 символов.
vetting-bad-outcome = Решение должно иметь одно из значений: cleared, refused или more_info.
vetting-note-too-long = Примечание длиннее 1000 символов.
badge-state-not_printed = Не напечатан
badge-state-printed = Напечатан, не выдан
badge-state-issued = Выдан
badge-state-lost = Утерян (аннулирован)
badge-state-replaced = Заменён (аннулирован)
handover-nav = Выдача
handover-title = Выдача бейджей · { $event }
handover-intro = Выберите делегацию, отметьте напечатанные бейджи, выдаваемые вместе, и распечатайте расписку в получении, которую подпишет получатель.
handover-delegation = Делегация
handover-show = Показать её бейджи
handover-include = Выдать
handover-state = Бейдж
handover-collected-by = Получатель (полное имя)
handover-on-behalf = Получено от имени владельцев бейджей (офицер связи, помощник)
handover-desk = Стойка
handover-submit = Выдать отмеченные бейджи
handover-submit-one = Зафиксировать выдачу
handover-receipt = Распечатать расписку в получении
handover-collector = Укажите полное имя человека, получающего бейдж.
handover-count = Выберите для выдачи от 1 до 500 бейджей.
handover-not_found = Ничего не выдано: у этого мероприятия нет регистраций с такими номерами
handover-not_approved = Ничего не выдано: эти регистрации не одобрены
handover-not_printed = Ничего не выдано: эти бейджи ещё не напечатаны
handover-not_vetted = Ничего не выдано: служба безопасности ещё не допустила этих лиц
handover-vetting_refused = Ничего не выдано: служба безопасности отказала этим лицам в допуске
handover-already_issued = Ничего не выдано: эти бейджи уже выданы
done-issued = Выдача зафиксирована. Бейдж действует с этого момента.
receipt-title = Расписка в получении аккредитационных бейджей
receipt-collected = Получатель: { $name }
receipt-collected-on-behalf = Получатель: { $name }, от имени владельцев бейджей
receipt-desk = Стойка: { $desk } · выдал сотрудник: { $staff }
receipt-col-name = Имя
receipt-col-reference = Номер
receipt-col-country = Страна
receipt-col-version = Версия бейджа
receipt-total = Выдано бейджей: { $count }
receipt-sign-collector = Подпись получателя
receipt-sign-staff = Подпись сотрудника аккредитации
receipt-footer = Расписка { $id } · страница { $page } из { $pages }
accounts-events = Мероприятия, на которых этот сотрудник службы безопасности может проводить проверку
accounts-events-save = Сохранить мероприятия
# Badge page links that can be revoked; photos frozen after approval
error-title-link-replaced = Эта ссылка больше не действительна
error-text-link-replaced = По электронной почте была отправлена более новая ссылка на страницу этого бейджа, либо бейдж был перевыпущен. Воспользуйтесь ссылкой из последнего письма организаторов или попросите их прислать новую.
error-title-link-expired = Срок действия ссылки истёк
error-text-link-expired = Ссылки на страницы бейджей перестают действовать после окончания мероприятия. Если Вам что-либо потребуется, пожалуйста, свяжитесь с организаторами.
mail-kind-badge_link = новая ссылка на бейдж
mail-subject-badge-link = Новая ссылка на Ваш бейдж: { $event } ({ $reference })
mail-badge-link-body = Направляем Вам новую ссылку на страницу Вашего бейджа для мероприятия «{ $event }». Ранее отправленные Вам ссылки больше не действуют; если Ваш бейдж был перевыпущен, проход возможен только по новому бейджу.
badge-link-send = Отправить новую ссылку на бейдж
badge-link-hint = Делегат получит новую ссылку по электронной почте; все прежние ссылки, в том числе пересланные другим лицам, сразу перестанут действовать.
done-link-sent = Новая ссылка на бейдж отправлена. Прежние ссылки больше не действуют.
done-photo-pending = Благодарим Вас. Сотрудники аккредитации проверят Вашу новую фотографию; до этого на пунктах контроля входа используется прежняя.
done-photo-accepted = Новая фотография принята: с этого момента она отображается на пунктах контроля входа.
done-photo-rejected = Новая фотография отклонена; на пунктах контроля входа остаётся прежняя.
done-photo-none-pending = Новых фотографий, ожидающих проверки, нет.
badge-page-photo-pending = Отправленная Вами новая фотография ожидает проверки сотрудниками аккредитации.
photo-review-title = Новая фотография от делегата
photo-review-sent = Отправлена { $when }. Пока Вы не примете эту фотографию, на пунктах контроля входа отображается прежняя.
photo-review-alt = Новая фотография, ожидающая проверки
photo-review-accept = Принять новую фотографию
photo-review-reject = Отклонить
door-photo-changed = Фотография изменена { $when }: внимательно сверьте лицо.
devices-expires = Действует до
devices-expired = срок истёк
devices-renew = Продлить
device-wiped = Устройство слишком долго не связывалось с сервером и удалило список бейджей. Подключите его к сети, чтобы синхронизировать снова.
devices-pin = PIN-код (необязательно)
devices-pin-hint = От 4 до 8 цифр. Пост блокируется после 5 минут бездействия или кнопкой «Заблокировать», пока кто-нибудь не введёт PIN-код.
devices-pin-bad = PIN-код должен состоять из 4–8 цифр.
devices-pin-set = С PIN-кодом
device-lock = Заблокировать
device-locked = Этот пост заблокирован.
device-pin-label = PIN-код
device-unlock = Разблокировать
device-pin-wrong = Неверный PIN-код.
badge-lost-versions = утерян: { $versions }

## Конфиденциальность: политика, согласие, срок хранения и права субъекта персональных данных
privacy-title = Политика конфиденциальности
privacy-version = Версия { $version } настоящей политики
privacy-open = Открыть политику конфиденциальности на отдельной странице
consent-label = Я ознакомился(-ась) с политикой конфиденциальности и даю согласие на обработку моих данных в соответствии с ней.
field-consent = Согласие
field-lawful_basis = Правовое основание
error-consent-required = Отметьте флажок, чтобы выразить согласие с политикой конфиденциальности; без этого мы не можем Вас зарегистрировать.
error-lawful-basis = Неизвестное правовое основание: укажите consent, contract, legal_obligation, public_task или legitimate_interests.
error-retention = Введите целое число дней от 0 до 3650.
privacy-controller-default = Организаторы мероприятия «{ $event }»
privacy-heading-controller = Оператор персональных данных
privacy-heading-purposes = Цели обработки
privacy-heading-data = Обрабатываемые данные
privacy-heading-recipients = Получатели данных
privacy-heading-retention = Срок хранения
privacy-heading-rights = Ваши права
privacy-heading-contact = Контакты
privacy-controller = Оператор Ваших персональных данных (лицо, ответственное за их обработку): { $controller }.
privacy-purposes = Аккредитация на данное мероприятие: рассмотрение Вашей заявки на регистрацию, печать Вашего бейджа, его проверка на входах в места проведения, а также направление Вам писем, касающихся мероприятия.
privacy-data = Ваше имя во всех указанных Вами системах письма, контактные данные, организация, должность, страна, фотография, требования к питанию и потребности в доступной среде, выбранные Вами заседания, а также время сканирования Вашего бейджа на каждом входе.
privacy-recipients = Сотрудники организатора, отвечающие за регистрацию, протокол и безопасность. Сотрудники контроля входа видят Ваше имя, фотографию и категорию при сканировании бейджа. Ваши данные не продаются и не используются ни для каких иных целей.
privacy-retention = До { $date } (количество дней после окончания мероприятия: { $days }). Затем данные удаляются; сохраняется только обезличенная статистика.
privacy-rights = Вы вправе запросить доступ к своим данным, их исправление или удаление, а также в любой момент отозвать своё согласие (в этом случае Ваш бейдж перестанет действовать). Вы также вправе подать жалобу в орган по защите персональных данных.
privacy-contact = По любым вопросам и запросам, касающимся Ваших данных, пишите по адресу { $email }.
privacy-contact-none = По любым вопросам и запросам, касающимся Ваших данных, обращайтесь к организаторам на стойке аккредитации.
privacy-staff-link = Конфиденциальность и хранение данных
privacy-staff-title = Конфиденциальность — { $event }
privacy-held = Персональные данные, хранящиеся в настоящее время
privacy-held-registrations = Регистрации с персональными данными
privacy-held-photos = Фотографии
privacy-held-mails = Письма в исходящих
privacy-held-invitations = Приглашения с контактным лицом
privacy-due = Персональные данные будут удалены { $date }, по истечении срока хранения.
privacy-purged = Данные удалены { $date }.
privacy-purge-explain = Срок хранения истёк. При очистке удаляются имена, контактные данные, фотографии, бейджи, письма и персональные значения в истории изменений. Статистика посещаемости сохраняется.
privacy-purge = Очистить сейчас
privacy-purge-done = Персональные данные мероприятия удалены.
privacy-purge-not-due = Срок хранения ещё не истёк: ничего не удалено.
privacy-saved = Сохранено. Текущая версия политики конфиденциальности: { $version }.
setup-privacy_controller = Оператор (лицо, ответственное за обработку данных)
setup-retention_days = Срок хранения персональных данных после мероприятия (в днях)
setup-notice = Ваш собственный текст ({ $language })
setup-notice-hint = Оставьте поле языка пустым, чтобы показывать стандартную политику, составленную на основе указанных выше настроек. Разделяйте абзацы пустой строкой.
setup-notice_en = Ваш собственный текст на английском языке
setup-notice_zh = Ваш собственный текст на китайском языке
setup-notice_fr = Ваш собственный текст на французском языке
setup-notice_es = Ваш собственный текст на испанском языке
setup-notice_ru = Ваш собственный текст на русском языке
setup-notice_ar = Ваш собственный текст на арабском языке
privacy-person = Персональные данные
privacy-export = Выгрузить все хранящиеся данные об этом лице (JSON)
privacy-erase-hint = Удаление немедленно стирает данные этого лица и не может быть отменено; статистика посещаемости сохраняется. Для подтверждения введите { $reference }.
privacy-erase-confirm = Регистрационный номер
privacy-erase = Удалить данные этого лица
done-erased = Данные лица удалены.
basis-consent = согласие
basis-contract = договор
basis-legal-obligation = юридическая обязанность
basis-public-task = задача в публичных интересах
basis-legitimate-interests = законные интересы
detail-basis = Правовое основание: { $basis }.
detail-basis-consent = Правовое основание: { $basis } (версия политики { $version }, дано { $when }).

# Order of precedence
field-precedence_class = Глава представительства (порядок старшинства)
field-precedence_class-none = Не глава представительства
field-credentials_presented_at = Верительные грамоты вручены
field-credentials_presented_at-hint = Дата или дата и время по местному времени мероприятия: 2019-03-04 или 2019-03-04T10:30. Главы представительств одного класса располагаются по этой дате, начиная с самой ранней.
precedence-class-ambassador = Посол, нунций или верховный комиссар
precedence-class-envoy = Посланник
precedence-class-charge_d_affaires = Поверенный в делах
precedence-class-charge_d_affaires_ai = Временный поверенный в делах
error-precedence-class-unknown = Выберите класс из списка: ambassador, envoy, charge_d_affaires или charge_d_affaires_ai.
error-credentials-date-invalid = Введите дату в виде 2019-03-04 или дату и время в виде 2019-03-04T10:30.

# Door rules
setup-door-rules = Правила входа
setup-single_entry = Однократный вход (повторное сканирование — «уже допущен»; без отметки можно выйти и вернуться)
setup-registered_only = Только записавшиеся (лишь выбравшие это мероприятие, а не все его категории)
setup-doors_open_minutes = Двери открываются за столько минут до начала
error-doors-open = Введите целое число минут от 0 до 1440.

# Места делегаций и выходы по сессиям
door-reason-delegation_full = Делегация заполнена: внутри { $inside } из { $quota }. Сначала кто-то из них должен выйти.
door-reason-exit_not_scanned = На двери этой сессии выходы не сканируются.
attendance-delegation-full = Делегация заполнена
setup-exit_scanning = Сканирование выхода (дверь сканирует выходящих; выход освобождает место делегации)
setup-delegation_quota = Мест на делегацию одновременно
setup-delegation_quota-hint = Пусто: без ограничения. Делегация — страна приглашения, иначе страна регистрации.
error-delegation-quota = Введите целое число мест от 1 до 10000 или оставьте поле пустым.

# Репетиция
rehearsal-title = Репетиция
rehearsal-on = { $count ->
    [one] Двери в режиме репетиции: сканы принимаются в любое время и нигде не учитываются. Пока { $count } репетиционный скан.
    [few] Двери в режиме репетиции: сканы принимаются в любое время и нигде не учитываются. Пока { $count } репетиционных скана.
   *[other] Двери в режиме репетиции: сканы принимаются в любое время и нигде не учитываются. Пока { $count } репетиционных сканов.
}
rehearsal-off = Двери работают: каждый скан учитывается. Репетиция позволяет проверить двери заранее.
rehearsal-start = Начать репетицию
rehearsal-clear = Удалить репетиционные сканы
rehearsal-end = Завершить репетицию (удаляет её сканы)
door-rehearsal = РЕПЕТИЦИЯ: этот скан не учитывается.
audit-session-rules = изменение правил входа заседания
audit-rehearsal-start = начало репетиции дверей
audit-rehearsal-clear = удаление репетиционных сканов
audit-rehearsal-end = завершение репетиции дверей

# Door notes
door-note-title = Заметка для входа
door-note-ack = Прочитано
door-note-acked = Прочитано: отмечено вместе со сканом.
door-note-field = Заметка для входа
door-note-hint = Показывается на каждом посту вместе с ответом по бейджу и требует подтверждения (например, «проводить в VIP-зал», «на инвалидной коляске»). Не более 300 символов; пустая — удаляется.
done-door-note = Заметка для входа сохранена.
done-door-note-invalid = Заметка для входа — не более 300 символов.
audit-registration-door_note = изменение заметки для входа

# Watch list and arrival alerts
alerts-title = Оповещения о прибытии
alerts-hint = Делегаты, за которыми вы следите, сразу после пропуска в любом месте (без перезагрузки).
alerts-none = Никто из делегатов, за которыми вы следите, ещё не прибыл.
alert-arrived = { $name } прибыл(а): { $place }, { $time } ({ $door })
watch-legend = Оповещение о прибытии: кому сообщить о пропуске
watch-hint = Каждый отмеченный увидит прибытие на своей панели посещаемости в течение секунд.
done-watch = Список наблюдения сохранён.
audit-registration-watch = изменение получателей оповещения о прибытии

# A whole delegation at the door
door-delegation-title = Пропустить всю делегацию
door-delegation-hint = Каждый утверждённый член делегации пропускается здесь вручную от вашего имени по тем же правилам, что и при сканировании.
door-delegation-field = Делегация
door-delegation-admit = Пропустить делегацию
door-delegation-done = Пропущено { $admitted } из { $count }

# Walk-ins
walk-in-title = Без предварительной регистрации: { $event }
walk-in-intro = Для прибывшего без регистрации: регистрация, утверждение и печать бейджа за один шаг. Он получит обычное письмо с подтверждением.
walk-in-submit = Зарегистрировать, утвердить и напечатать бейдж
walk-in-submit-no-print = Зарегистрировать и утвердить
walk-in-photo-hint = Необязательно: на планшете или телефоне откроется камера; иначе выберите JPEG или PNG.
walk-in-link = Стойка без регистрации

## Messages to segments and the mail log
error-filter-key = «{ $key }» — не фильтр. Возможные фильтры: status, category, country, session, invitation, not_arrived, watched или heads_of_delegation.
error-filter-value = У фильтра значение неверного типа (фильтры «да/нет» принимают true или false).
error-filter-unknown = Фильтр «{ $key }» ничему не соответствует в этом мероприятии; ничего не отправлено.
error-message-locale = «{ $locale }» — не один из языков (en, zh, fr, es, ru, ar).
error-message-text-required = Укажите тему и текст (хотя бы на одном языке).
error-message-too-long = Слишком длинно: не более { $max } знаков.
error-message-subject-line = Тема должна быть в одну строку.
error-message-no-recipients = Ни одна регистрация с адресом электронной почты не подходит под эти фильтры; ничего не отправлено.
error-message-too-many = { $count } получателей — больше, чем допускает одно сообщение ({ $max }); сузьте фильтры.
error-mail-status = «{ $status }» — не статус письма (queued, sending, sent, retry, failed).
error-mail-not-found = В этом мероприятии нет такого письма (или данные человека удалены).
error-mail-already-resent = Это письмо уже отправлено повторно; более новое есть в журнале.
error-mail-not-finished = Это письмо ещё отправляется или ждёт повторной попытки; отправьте его заново, когда оно будет отправлено или не удастся.
mail-kind-message = сообщение
mail-status-resent = отправлено повторно
audit-message-send = отправил(а) сообщение
audit-mail-resend = повторно отправил(а) письмо
messages-title = Сообщения: { $event }
messages-link = Сообщения
messages-all = Все сообщения
messages-back = Регистрации
messages-errors = Сообщение не отправлено
messages-recipients = Получатели
messages-main-language = остальные языки берут текст отсюда
messages-subject = Тема
messages-body = Текст
messages-fallback-hint = Читатели языка, оставленного пустым, получат текст на первом языке.
messages-preview = Предпросмотр
messages-preview-button = Предпросмотр и подсчёт
messages-count = { $count ->
    [one] { $count } получатель
    [few] { $count } получателя
   *[other] { $count } получателей
}
messages-send = { $count ->
    [one] Отправить { $count } получателю
   *[other] Отправить { $count } получателям
}
messages-sent = Отправленные сообщения
messages-none = Сообщений пока не отправлялось.
messages-col-when = Отправлено
messages-col-recipients = Получатели
messages-col-by = Кем
message-sent-line = Отправлено { $when }, отправитель: { $by }.
mails-title = Журнал писем: { $event }
mails-link = Журнал писем
mails-failed-link = Неотправленные письма
mails-filter = Письма по статусу
mails-all = Все
mails-none = Здесь нет писем.
mails-col-when = В очереди с
mails-col-kind = Вид
mails-col-language = Язык
mails-col-status = Статус
mails-col-count = Письма
mails-col-attempts = Попытки
mails-col-error = Последняя ошибка
mails-resend = Отправить снова
mails-refused = Письмо отклонено: проверьте адрес
mails-refused-check = Почтовый сервер делегата отклонил последнее письмо: проверьте адрес, исправьте его и отправьте снова.
mails-refused-corrected = Последнее письмо было отклонено; с тех пор адрес исправлен. Отправьте его на новый адрес.
mails-done-resent = Письмо снова поставлено в очередь.
mails-done-already-resent = Это письмо уже отправлено повторно.
mails-done-not-finished = Это письмо ещё отправляется; отправьте его снова, когда оно будет отправлено или не удастся.
mails-done-not-found = Это письмо нельзя отправить снова (его нет или нет адреса).
list-invitation = Приглашение
list-more = Другие фильтры
list-not-arrived = Ещё не прибыли
list-watched = В списке наблюдения
list-heads = Главы делегаций
list-write = Написать им
setup-host_locale = Язык принимающей стороны
setup-host-locale-none = Нет
setup-host-locale-hint = Письма делегатам, читающим на другом языке, содержат под их текстом текст на этом языке (дипломатическая практика).
setup-bilingual_mail = Писать письма также на языке принимающей стороны
error-host-locale = Выберите один из шести языков или «нет».
translations-title = Переводы: { $event }
translations-intro = Тексты написаны на языке: { $language }; читатели другого языка видят введённый здесь перевод, а если поле пусто — оригинал.
translations-link = Переводы
translations-back = Настройка мероприятия
translations-save = Сохранить переводы
translations-saved = Переводы сохранены.
translations-event-name = Название мероприятия
translations-event-description = Описание мероприятия
translations-venue-name = Площадка
translations-session-title = Сессия
translations-category-name = Категория
error-translation-unknown = «{ $text }» — не текст этого мероприятия.
error-translation-locale = «{ $locale }» — не язык перевода (en, zh, fr, es, ru, ar, кроме языка мероприятия, { $default }).
audit-event-translations = изменил(а) переводы
unprintable-warning = Этих знаков нет ни в одном шрифте бейджа: { $chars }. Они напечатаются пустыми квадратами; добавьте написание латиницей или имя для бейджа.
unprintable-desk = В имени есть знаки, которых нет в шрифтах бейджа ({ $chars }): они напечатаются пустыми квадратами. Перед печатью укажите имя для бейджа в печатаемом написании.
unprintable-delegate = Некоторые знаки вашего имени нельзя напечатать на бейдже ({ $chars }); группа аккредитации видит это в вашей регистрации и может попросить другое написание.

# Badge layouts
badge-layout-own = Собственный макет
badge-layout-a4-2up = Лист A4, 2 бейджа A5 с метками обреза
badge-layout-a4-8up = Лист A4, 8 бейджей A7 с метками обреза
badge-layout-avery-5395 = Наклейки Avery 5395, 8 на лист Letter
audit-badge_layout-save = сохранил(а) макет бейджа
audit-badge_image-save = загрузил(а) изображение для бейджа
error-layout-no-back = Оборотная сторона есть только у карт CR80; «{ $paper }» печатается с одной стороны. Уберите оборот или выберите cr80.
error-layout-too-many = Не более { $max } элементов на стороне.
error-layout-no-qr = На лицевой стороне каждого бейджа нужен QR-код (в случае «{ $case }» он не рисуется).
error-layout-category-unknown = У мероприятия нет категории с идентификатором «{ $category }».
error-layout-category-taken = Категория «{ $category }» уже использует макет «{ $layout }».
error-layout-bad-box = Задайте элементу положение, а также ширину и высоту больше 0 мм.
error-layout-off-paper = Элемент выходит за край бейджа ({ $paper }, { $width } × { $height } мм). Сдвиньте или уменьшите его.
error-layout-qr-too-small = QR-код шириной { $size } мм; нужно не менее { $min } мм, чтобы его читали на входе.
error-layout-image-unknown = Изображение с именем «{ $image }» не загружено.
error-layout-bad-size = Размеры шрифта от 2 до 200 пт, наименьший не больше наибольшего; отступы от 0 до 50 мм; в стопке от 1 до 20 строк.
error-layout-text-required = Постоянному тексту нужны слова (не более { $max } символов).
error-layout-text-does-not-fit = «{ $text }» (пример { $sample }) не помещается в { $width } × { $height } мм при { $min } пт. Увеличьте рамку или уменьшите минимальный размер.
error-layout-id = Идентификатор макета: от 1 до 40 строчных латинских букв, цифр или дефисов.
error-layout-json = Это не документ макета: { $detail }
error-image-too-large = Изображение слишком велико: не более 2 МБ и 4000 пикселей по стороне.
error-image-unreadable = Изображение должно быть читаемым файлом PNG или SVG.
error-image-svg-text = SVG содержит текст: преобразуйте текст в кривые (контуры) и загрузите файл снова.

# Print stations
stations-title = Пункты печати: { $event }
stations-link = Пункты печати
stations-intro = Пункт печати — это принтер стойки: его бумага, его смещение (измеряется по калибровочному листу) и, для печати с сервера, его адрес IPP. Каждая печать с пункта применяет его поправки.
stations-name = Пункт
stations-offset-x = Сдвиг вправо (мм)
stations-offset-y = Сдвиг вниз (мм)
stations-scale = Масштаб
stations-printer = Принтер IPP (ipp://…)
stations-calibration = Калибровочный лист
stations-new = Новый пункт
stations-add = Добавить пункт
stations-saved = Пункт сохранён.
stations-station = Пункт
stations-none = Без пункта (простой PDF)
stations-printer-of = Принтер пункта
badge-send = Отправить на принтер
badge-printed-with = Впервые напечатан по макету «{ $layout }», версия { $version } (версия 0 — встроенный); повторная печать — по нему же.
print-jobs = Задания печати
print-jobs-none = На принтеры ещё ничего не отправлялось.
print-jobs-at = Отправлено
print-jobs-badges = Бейджи
print-jobs-state = Состояние
print-job-sending = отправляется
print-job-sent = на принтере, не завершено
print-job-completed = напечатано
print-job-failed = ошибка
done-print-sent = Отправлено на принтер. Бейдж считается напечатанным, когда принтер сообщит о завершении задания.
done-print-failed = Принтер не принял задание; причина — в разделе «Задания печати».
calibration-cross = Крест должен быть в { $x } мм от левого края и в { $y } мм от верхнего края бумаги.
calibration-offsets = Если он напечатан на 2 мм правее, введите −2 в «Сдвиг вправо»; на 1 мм выше — введите 1 в «Сдвиг вниз». Напечатайте лист снова для проверки.
calibration-now = Лист напечатан с поправками: вправо { $x } мм, вниз { $y } мм, масштаб { $scale }.
error-station-name = Дайте пункту название от 1 до 60 символов.
error-station-name-taken = Другой пункт этого мероприятия уже так называется.
error-station-paper = Выберите бумагу из списка.
error-station-offset = Смещение — число миллиметров от −{ $max } до { $max }.
error-station-scale = Масштаб — число от 0,9 до 1,1.
error-station-printer = Адрес принтера начинается с ipp://, ipps://, http:// или https://, содержит имя хоста и не содержит пароля.
error-title-station-no-printer = На этом пункте нет принтера
error-text-station-no-printer = У этого пункта нет принтера IPP: напечатайте его PDF.
audit-station-save = сохранил(а) пункт печати

# Badge designer
layouts-title = Макеты бейджей: { $event }
layouts-link = Макеты бейджей
layouts-intro = Макет размещает элементы бейджа в миллиметрах. Макет «default» печатает все категории без собственного макета. Бейдж сохраняет версию, с которой был напечатан впервые.
layouts-id = Макет
layouts-version = Версия
layouts-categories = Для категорий
layouts-builtin = встроенный (ещё не сохранён)
layouts-new-id = Новый макет (строчные латинские буквы, цифры, дефисы)
layouts-new = Создать
layouts-back = Назад к макетам
designer-title = Макет «{ $layout }»
designer-unsaved = Ещё не опубликован: это встроенный макет.
designer-version = Опубликована версия { $version }. Публикация сохраняет следующую версию; уже напечатанные бейджи сохраняют свою.
designer-refused = Этот макет пока нельзя печатать:
designer-moved = Перемещено:
designer-selected = Выбрано:
designer-help = Перетащите элемент, чтобы сдвинуть его, или его угол, чтобы изменить размер. С клавиатуры: Tab до элемента, стрелки сдвигают его на 0,5 мм (с Shift — на 5 мм), Alt со стрелками меняет размер. Ctrl+Z отменяет.
designer-side = Сторона
designer-front = Лицевая
designer-back = Оборот (CR80)
designer-undo = Отменить
designer-canvas = Бейдж в масштабе
designer-none = Элемент не выбран
designer-x = От левого края (мм)
designer-y = От верхнего края (мм)
designer-width = Ширина (мм)
designer-height = Высота (мм)
designer-document = Документ макета (JSON)
designer-sample = Предпросмотр для
designer-preview = Предпросмотр (PDF)
designer-publish = Опубликовать
designer-published = Опубликовано как версия { $version }.

# Zones
door-reason-zone_required = Для этой сессии нужна зона, которой нет на бейдже.
error-zones-too-many = Не более { $max } зон.
error-zone-code = Код зоны — от 1 до 12 заглавных латинских букв, цифр или дефисов, например VIP.
error-zone-code-twice = Код { $code } указан дважды.
error-zone-name = Дайте зоне название от 1 до 60 символов.
error-zone-in-use = Сессия «{ $session }» требует зону { $code }: оставьте её или сначала снимите требование.
error-zone-unknown = У мероприятия нет зоны с таким кодом.
audit-event-zones = изменил(а) зоны
audit-registration-zones = изменил(а) зоны
field-zones = Зоны

zones-title = Зоны: { $event }
zones-link = Зоны
zones-intro = Зоны и привилегии (зал ожидания, крыша, площадка для прессы) печатаются на бейджах кодами или цветными вкладками, а сессия может требовать зону на входе. Здесь зона назначается целым категориям, а отдельному делегату — на его странице. Очистите строку, чтобы удалить зону.
zones-new = Новая зона { $n }
zones-code = Код (заглавные буквы, цифры, дефисы)
zones-name = Название
zones-colour = Цвет (#RRGGBB, необязательно)
zones-categories = Её получают все бейджи этих категорий
zones-save = Сохранить зоны
zones-saved = Зоны сохранены.
zones-row-error = Зона { $n }: { $message }
zones-required = Требуются на входе
zones-own-legend = Зоны этого бейджа
zones-own-hint = Отметьте зоны, которые есть у делегата сверх зон его категории. Зона от категории остаётся на бейдже.
zones-from-category = от категории
done-zones = Зоны сохранены.
done-zones-unknown = У мероприятия нет такой зоны; ничего не изменено.
stations-unverified = Принимать собственный сертификат принтера (ipps)
stations-unverified-hint = Большинство принтеров шифруют соединение собственным сертификатом, не подписанным ни одним центром. Отметьте, чтобы отправлять на такой принтер по ipps: задание шифруется, а сертификат не проверяется.
layouts-paper-overridden = У категории «{ $category }» в настройках указана своя бумага ({ $own }), но ни один макет её не называет, поэтому она печатается по макету по умолчанию на { $used }. Дайте ей собственный макет или уберите её бумагу в настройках.

# Lanyard — العربية

app-name = Lanyard
skip-to-content = الانتقال إلى المحتوى الرئيسي
lang-switch-label = اللغة
footer-text = خدمة الاعتماد مقدَّمة من Lanyard

events-title = الفعاليات
events-empty = لا توجد حاليًا أي فعالية مفتوحة للتسجيل.

event-when = الموعد
event-local-times = جميع الأوقات بالتوقيت المحلي في { $zone }.
event-programme = البرنامج
event-registration-open = باب التسجيل مفتوح حتى { $closes }.
event-registration-not-yet = يُفتح باب التسجيل في { $opens }.
event-registration-closed = أُغلق باب التسجيل في { $closes }.
event-register-button = سجِّل الآن
event-approval-note = تراجع الجهة المنظِّمة كل طلب تسجيل قبل تأكيده.
event-invitation-note = المشاركة في هذه الفعالية بدعوة فقط.
session-places-left = { $left ->
    [zero] لم يبقَ أي مقعد
    [one] بقي مقعد واحد
    [two] بقي مقعدان
    [few] بقيت { $left } مقاعد
    [many] بقي { $left } مقعدًا
   *[other] بقي { $left } مقعد
}
session-full = مكتملة
session-for = الفئات المؤهلة: { $categories }

register-title = التسجيل لحضور { $event }
register-intro = الحقول المعلَّمة بعلامة * إلزامية. يمكن كتابة الأسماء بأي نظام كتابة.
register-section-person = بياناتك الشخصية
register-section-contact = بيانات الاتصال
register-section-programme = البرنامج
register-section-needs = الاحتياجات واللغة
field-honorific = اللقب أو صفة التشريف
field-honorific-hint = مثل: معالي، سعادة، الدكتور، السيدة.
field-given_name = الاسم الأول
field-given_name-hint = إذا كان لك اسم واحد فقط، فأدخله هنا واترك اسم العائلة فارغًا.
field-family_name = اسم العائلة
field-native_name = الاسم بنظام الكتابة الخاص بلغتك
field-native_name-hint = اختياري، مثل 张伟 أو حسام الحسيني.
field-badge_name = الاسم على الشارة
field-badge_name-hint = اتركه فارغًا لطباعة اسمك الأول واسم العائلة.
field-email = البريد الإلكتروني
field-phone = الهاتف
field-phone-hint = مع رمز البلد، مثل +86 10 6532 1234.
field-country = البلد
field-country-choose = اختر بلدًا
field-organization = الجهة
field-position = المنصب
field-category = الفئة
field-category-choose = اختر فئة
field-sessions = الجلسات التي ستحضرها
field-sessions-none = لا تتضمن هذه الفعالية جلسات للاختيار.
field-dietary = المتطلبات الغذائية
field-accessibility = احتياجات تيسير الوصول
field-locale = لغة الرسائل الإلكترونية
register-submit = تسجيل
register-errors-summary = { $count ->
    [zero] يُرجى تصحيح الحقول المشار إليها أدناه.
    [one] يُرجى تصحيح الحقل المشار إليه أدناه.
    [two] يُرجى تصحيح الحقلين المشار إليهما أدناه.
    [few] يُرجى تصحيح الحقول المشار إليها أدناه، وعددها { $count }.
    [many] يُرجى تصحيح الحقول المشار إليها أدناه، وعددها { $count }.
   *[other] يُرجى تصحيح الحقول المشار إليها أدناه، وعددها { $count }.
}

error-required = هذا الحقل إلزامي.
error-too-long = الحد الأقصى لعدد الأحرف هو { $max }.
error-control-chars = يُرجى حذف أحرف التحكم غير المرئية.
error-email-invalid = يُرجى إدخال عنوان بريد إلكتروني مثل name@example.org.
error-phone-invalid = يُرجى إدخال رقم هاتف يتكون من 6 إلى 20 رقمًا، مثل +86 10 6532 1234.
error-country-unknown = يُرجى اختيار بلد من القائمة.
error-category-unknown = يُرجى اختيار فئة من القائمة.
error-session-unknown = إحدى الجلسات المختارة لم تعد موجودة؛ يُرجى الاختيار مجددًا.
error-session-not-allowed = الجلسة «{ $session }» غير متاحة للفئة التي اخترتها.
error-session-full = الجلسة «{ $session }» مكتملة.
error-sessions-overlap = تُعقد الجلستان «{ $first }» و«{ $second }» في الوقت نفسه.
error-locale-unknown = يُرجى اختيار لغة من القائمة.
error-already-registered = عنوان البريد الإلكتروني هذا مسجَّل بالفعل في هذه الفعالية. يُرجى البحث عن رسالة التأكيد في بريدك الوارد، أو التواصل مع الجهة المنظِّمة.

registered-title = تم استلام التسجيل
registered-title-confirmed = تم تأكيد التسجيل
registered-title-ended = التسجيل غير نافذ
registered-ended = لم يعد تسجيلك لحضور { $event } نافذًا. يُرجى الاطلاع على الرسالة الواردة من الجهة المنظِّمة.
register-expired = حرصًا على أمانك، انتهت صلاحية هذا النموذج، ولذلك لم يُحفظ أي شيء بعد. وقد أبقينا ما أدخلته أدناه: يُرجى مراجعته وإرسال النموذج مرة أخرى.
registered-confirmed = تم تسجيلك لحضور { $event }.
registered-pending = تم استلام طلب تسجيلك لحضور { $event }. ستراجعه الجهة المنظِّمة، وستتلقى رسالة بالبريد الإلكتروني فور اعتماده.
registered-reference = رقمك المرجعي
registered-reference-hint = يُرجى ذكر هذا الرقم المرجعي في أي مراسلة مع الجهة المنظِّمة.
registered-email-sent = يجري إرسال رسالة تأكيد إلى { $email }.
registered-sessions = برنامجك

closed-title = باب التسجيل مغلق
closed-not-yet = يُفتح باب التسجيل لحضور { $event } في { $opens }.
closed-ended = أُغلق باب التسجيل لحضور { $event } في { $closes }.
closed-invitation = التسجيل لحضور { $event } بدعوة فقط. يُرجى استخدام الرابط الوارد في دعوتك.
closed-contact = للاستفسار، يُرجى الكتابة إلى { $contact }.

error-title-400 = تعذَّر فهم الطلب
error-text-400 = يُرجى الرجوع والمحاولة مرة أخرى.
error-title-403 = انتهت صلاحية هذا النموذج
error-text-403 = ظل النموذج مفتوحًا مدة طويلة جدًا أو ورد من موقع آخر، ولذلك لم يُحفظ أي شيء. يُرجى الرجوع وإعادة تحميل الصفحة ثم إرسال النموذج مجددًا.
error-title-404 = الصفحة غير موجودة
error-text-404 = تعذَّر العثور على هذه الصفحة. يُرجى التحقق من العنوان، أو البدء من قائمة الفعاليات.
error-title-413 = حجم البيانات كبير جدًا
error-text-413 = ما أرسلته يتجاوز الحجم الذي يقبله Lanyard. يُرجى تقليصه والمحاولة مرة أخرى.
error-title-500 = حدث خطأ
error-text-500 = حدث خطأ غير متوقع ولم يُحفظ أي شيء. يُرجى المحاولة مرة أخرى بعد قليل؛ وإذا تكرر الخطأ، فيُرجى التواصل مع الجهة المنظِّمة.
error-title-503 = ضغط كبير، يُرجى إعادة المحاولة
error-text-503 = يشهد Lanyard ضغطًا كبيرًا في الوقت الحالي، ولم يُحفظ أي شيء. يُرجى المحاولة مرة أخرى بعد بضع ثوانٍ.
error-title-429 = طلبات كثيرة جدًا
error-text-429 = لقد أرسلت طلبات كثيرة في وقت قصير، لذا لم يُقبل هذا الطلب ولم يُحفظ أي شيء. يُرجى الانتظار دقيقة ثم المحاولة مرة أخرى.
error-title-forbidden = غير مسموح
error-text-forbidden = لا يسمح دورك بهذا الإجراء. يُرجى مراجعة أحد المسؤولين إن كنت بحاجة إليه.
error-back = العودة إلى قائمة الفعاليات

mail-subject-confirmed = تأكيد التسجيل: { $event } ({ $reference })
mail-subject-received = استلام التسجيل: { $event } ({ $reference })
mail-greeting = حضرة { $name }،
mail-confirmed-body = نشكرك على التسجيل لحضور { $event }. وقد تم تأكيد تسجيلك.
mail-received-body = نشكرك على التسجيل لحضور { $event }. تراجع الجهة المنظِّمة جميع طلبات التسجيل، وستتلقى رسالة أخرى فور اعتماد تسجيلك.
mail-subject-approved = اعتماد التسجيل: { $event } ({ $reference })
mail-subject-rejected = عدم قبول التسجيل: { $event } ({ $reference })
mail-subject-cancelled = إلغاء التسجيل: { $event } ({ $reference })
mail-approved-body = تم اعتماد تسجيلك لحضور { $event }. ونتطلع إلى الترحيب بك.
mail-rejected-body = نأسف لتعذُّر قبول تسجيلك لحضور { $event }.
mail-cancelled-body = تم إلغاء تسجيلك لحضور { $event }.
mail-reason = السبب الذي أوردته الجهة المنظِّمة: { $reason }
mail-reference = رقمك المرجعي: { $reference }
mail-programme = برنامجك
mail-no-sessions = لم تختر أي جلسة.
mail-ics-note = يضيف الملف المرفق programme.ics هذه الجلسات إلى تقويمك.
mail-details = بياناتك
mail-event-page = البرنامج والتفاصيل: { $url }
mail-contact = للاستفسار، يُرجى الرد على هذه الرسالة أو الكتابة إلى { $contact }.
mail-not-you = إذا لم تكن قد سجلت في هذه الفعالية، فيُرجى تجاهل هذه الرسالة.
mail-signature = الجهة المنظِّمة لفعالية { $event }

api-unauthorized = يلزم رمز وصول صالح (Authorization: Bearer …).
api-forbidden = لا يسمح دور هذا الرمز بهذا الإجراء.
api-event-scope = يعمل هذا الرمز على فعالية أخرى، أو لم تُحدَّد له أي فعالية.

## Staff
staff-nav = فريق العمل
staff-home = الفعاليات
staff-password = تغيير كلمة المرور
staff-logout = تسجيل الخروج
login-title = دخول فريق العمل
login-email = البريد الإلكتروني
login-password = كلمة المرور
login-submit = تسجيل الدخول
login-invalid = البريد الإلكتروني أو كلمة المرور غير صحيحة.
login-locked = محاولات فاشلة كثيرة جدًا. يُرجى المحاولة مرة أخرى بعد { $until }.
password-title = تغيير كلمة المرور
password-current = كلمة المرور الحالية
password-new = كلمة المرور الجديدة
password-new-hint = 12 حرفًا على الأقل؛ ومن السهل تذكُّر بضع كلمات لا رابط بينها.
password-repeat = تأكيد كلمة المرور الجديدة
password-submit = تغيير كلمة المرور
password-wrong-current = كلمة المرور الحالية غير صحيحة.
password-mismatch = كلمتا المرور الجديدتان غير متطابقتين.
password-changed = تم تغيير كلمة المرور، وسُجِّل خروجك من جلسات الدخول الأخرى.
error-password-short = يُرجى استخدام 12 حرفًا على الأقل.
error-password-long = يُرجى استخدام 200 حرف على الأكثر.
dashboard-title = الفعاليات
dashboard-registrations = التسجيلات
dashboard-counts = إجمالي التسجيلات { $total }: قيد المراجعة { $pending }، المعتمدة { $approved }، المرفوضة { $rejected }، الملغاة { $cancelled }
list-title = التسجيلات: { $event }
list-search = بحث
list-search-hint = جزء من اسم بأي نظام كتابة، أو بريد إلكتروني، أو رقم مرجعي، أو جهة
list-status = الحالة
list-any = الكل
list-category = الفئة
list-country = البلد
list-session = الجلسة
list-sort = الترتيب حسب
sort-newest = الأحدث أولًا
sort-oldest = الأقدم أولًا
sort-name = اسم العائلة
sort-country = البلد
sort-precedence = الأسبقية
list-apply = تطبيق
list-count = { $total ->
    [zero] لا يوجد تسجيل مطابق.
    [one] يوجد تسجيل واحد مطابق.
    [two] يوجد تسجيلان مطابقان.
    [few] توجد { $total } تسجيلات مطابقة.
    [many] يوجد { $total } تسجيلًا مطابقًا.
   *[other] يوجد { $total } تسجيل مطابق.
}
list-none = لا يوجد تسجيل مطابق.
list-col-select = تحديد
list-col-reference = الرقم المرجعي
list-col-name = الاسم
list-col-organization = الجهة
list-col-country = البلد
list-col-category = الفئة
list-col-status = الحالة
list-col-registered = تاريخ التسجيل
list-col-badge = الشارة
list-bulk-approve = اعتماد المحدَّد
list-bulk-reject = رفض المحدَّد
list-bulk-reject-reason = السبب (يقرؤه المندوبون إذا أُبلغوا)
list-bulk-reject-notify = إبلاغهم بالبريد الإلكتروني (ألغِ التحديد للتسجيلات التي ترى أنها مزيفة)
list-previous = الصفحة السابقة
list-next = الصفحة التالية
list-page = الصفحة { $page } من { $pages }
status-pending = قيد المراجعة
status-approved = معتمد
status-rejected = مرفوض
status-cancelled = ملغى
detail-title = { $name } ({ $reference })
detail-status = الحالة
detail-reason = السبب
detail-sessions = الجلسات
detail-source = وسيلة التسجيل
detail-created = تاريخ التسجيل
detail-edit = تعديل
detail-approve = اعتماد
detail-reject = رفض
detail-reject-reason = السبب، كما سيقرؤه المندوب
detail-cancel = إلغاء التسجيل
detail-cancel-reason = السبب (اختياري)، كما سيقرؤه المندوب
detail-history = السجل
detail-mails = الرسائل الإلكترونية
source-web = نموذج التسجيل
source-api = API
source-import = الاستيراد
source-staff = فريق العمل
done-approved = تم الاعتماد. سيتلقى المندوب رسالة بالبريد الإلكتروني.
done-rejected = تم الرفض. سيتلقى المندوب رسالة بالبريد الإلكتروني.
done-cancelled = تم الإلغاء. سيتلقى المندوب رسالة بالبريد الإلكتروني.
done-updated = تم حفظ التغييرات.
done-bulk = { $count ->
    [zero] لم يُعتمد أي تسجيل.
    [one] تم اعتماد تسجيل واحد.
    [two] تم اعتماد تسجيلين.
    [few] تم اعتماد { $count } تسجيلات.
    [many] تم اعتماد { $count } تسجيلًا.
   *[other] تم اعتماد { $count } تسجيل.
}
done-bulk-rejected = { $count ->
    [zero] لم يُرفض أي تسجيل.
    [one] تم رفض تسجيل واحد.
    [two] تم رفض تسجيلين.
    [few] تم رفض { $count } تسجيلات.
    [many] تم رفض { $count } تسجيلًا.
   *[other] تم رفض { $count } تسجيل.
}
done-reason-required = يُرجى كتابة سبب الرفض؛ إذ سيطَّلع عليه المندوب.
done-not-allowed = لم يتغير شيء: هذا الإجراء لا ينطبق على هذا التسجيل في وضعه الحالي.
done-full = لم يتغير شيء: إحدى جلسات هذا التسجيل مكتملة.
edit-title = تعديل { $name }
edit-submit = حفظ التغييرات
edit-cancel = رجوع دون حفظ
error-email-taken = يستخدم تسجيل آخر في هذه الفعالية عنوان البريد الإلكتروني هذا.
audit-registration-approve = اعتماد التسجيل
audit-registration-reject = رفض التسجيل
audit-registration-reject_unmailed = رفض التسجيل دون بريد
audit-registration-hold_lapsed = أُفرج عن الأماكن بعد انتهاء مدة الحجز
audit-registration-cancel = إلغاء التسجيل
audit-registration-update = تعديل التسجيل
mail-kind-registration_confirmed = تأكيد
mail-kind-registration_received = إشعار استلام (بانتظار الاعتماد)
mail-kind-registration_approved = اعتماد
mail-kind-registration_rejected = رفض
mail-kind-registration_cancelled = إلغاء
mail-status-queued = في قائمة الانتظار
mail-status-sending = جارٍ الإرسال
mail-status-sent = أُرسلت
mail-status-retry = تعذَّر الإرسال، وستُعاد المحاولة
mail-status-failed = تعذَّر الإرسال
list-audit = سجل التدقيق
audit-title = سجل التدقيق: { $event }
audit-empty = لم يتخذ فريق العمل أي إجراء بعد.
list-export = تصدير هذه القائمة (CSV)
list-import = استيراد تسجيلات (CSV)
import-title = استيراد تسجيلات: { $event }
import-intro = يُرجى تحميل ملف CSV يتضمن تسجيلًا واحدًا في كل سطر. لن يُحفظ أي شيء قبل أن تطَّلع على نتيجة التحقق من كل سطر وتؤكد الاستيراد.
import-columns = الأعمدة، وتُذكر أسماؤها في السطر الأول (بأي ترتيب): { $columns }. العمودان given_name و email إلزاميان؛ ويُفصل بين الجلسات بفاصلة منقوطة.
import-file = ملف CSV (UTF-8)
import-check = التحقق من الملف
import-too-large = حجم الملف يتجاوز 4 ميغابايت؛ يُرجى تقسيمه واستيراد أجزائه.
import-unreadable = تعذَّرت قراءة الملف: { $reason }
import-summary = جديدة: { $new } · مسجَّلة سابقًا (دون تغيير): { $existing } · تحتوي على أخطاء (تم تخطيها): { $invalid }
import-row-create = سيُسجَّل
import-row-exists = مسجَّل سابقًا؛ لن يتغير شيء
import-row-duplicate = البريد الإلكتروني نفسه الوارد في السطر { $line }؛ تم التخطي
import-col-line = السطر
import-col-outcome = النتيجة
import-confirm = { $count ->
    [zero] استيراد التسجيلات الجديدة
    [one] استيراد التسجيل الجديد
    [two] استيراد التسجيلين الجديدين
    [few] استيراد { $count } تسجيلات جديدة
    [many] استيراد { $count } تسجيلًا جديدًا
   *[other] استيراد { $count } تسجيل جديد
}
import-again = التحقق من ملف آخر
done-imported = { $count ->
    [zero] لم يُستورد أي تسجيل.
    [one] تم استيراد تسجيل واحد.
    [two] تم استيراد تسجيلين.
    [few] تم استيراد { $count } تسجيلات.
    [many] تم استيراد { $count } تسجيلًا.
   *[other] تم استيراد { $count } تسجيل.
}
audit-registrations-import = استيراد تسجيلات

## Invitations
invitation-banner = دعوة موجَّهة إلى { $organization }: المقاعد المتبقية { $left } من أصل { $quota }.
invitation-invalid-title = الدعوة غير صالحة
invitation-invalid = رابط الدعوة هذا غير صالح أو تم سحبه. يُرجى التواصل مع الجهة المنظِّمة.
error-quota-reached = جميع مقاعد هذه الدعوة مشغولة. ويمكن لرئيس الوفد إتاحة مقعد بإلغاء أحد التسجيلات.
error-quota = يُرجى إدخال عدد مقاعد بين 1 و500.
delegation-title = الوفد: { $organization }
delegation-intro = { $event } · المقاعد المشغولة: { $used } من أصل { $quota }
delegation-register = تسجيل مندوب
delegation-none = لم يُسجَّل أحد بموجب هذه الدعوة حتى الآن.
delegation-cancel = إلغاء هذا التسجيل
delegation-full = جميع مقاعد هذه الدعوة مشغولة.
list-invitations = الدعوات
invitations-title = الدعوات: { $event }
invitations-create = دعوة جديدة
invitations-none = لا توجد دعوات بعد.
invitation-organization = الجهة
invitation-country = البلد
invitation-contact-name = اسم مسؤول الاتصال
invitation-contact-email = البريد الإلكتروني لمسؤول الاتصال
invitation-quota = المقاعد
invitation-locale = لغة رسالة الدعوة
invitation-submit = إنشاء الدعوة وإرسالها
invitation-used = المشغول: { $used } من { $quota }
invitation-link = صفحة الوفد
invitation-revoke = سحب
invitation-revoked = مسحوبة
done-invited = تم إنشاء الدعوة، ويجري إرسال الرسالة.
done-revoked = تم سحب الدعوة؛ ولم يعد رابطها صالحًا.
done-quota = لم يتغير شيء: جميع مقاعد الدعوة مشغولة.
audit-invitation-create = إنشاء دعوة
audit-invitation-revoke = سحب دعوة
mail-kind-invitation = دعوة
mail-subject-invitation = دعوة: { $event }
mail-invitation-greeting-anonymous = الزميلات والزملاء الأعزاء،
mail-invitation-body = يسرُّنا دعوة { $organization } إلى تسجيل مشاركيها في { $event }، المقرر انعقادها في { $when }، على ألا يتجاوز عددهم { $quota }.
mail-invitation-register = يُرجى تسجيل كل مشارك من خلال الرابط التالي:
mail-invitation-manage = يمكنكم الاطلاع على تسجيلات وفدكم وإدارتها من خلال الرابط التالي:
mail-invitation-deadline = يُغلق باب التسجيل في { $closes }.
mail-invitation-keep = يُرجى قصر تداول رابط التسجيل على أعضاء وفدكم، إذ يمكن لأي شخص يحوزه التسجيل بموجب دعوتكم. أما رابط الإدارة فيُرجى الاحتفاظ به لأنفسكم وعدم مشاركته، إذ يتيح الاطلاع على تسجيلات وفدكم وإلغاءها.

## Two-factor login
login-code-title = رمز لمرة واحدة
login-code = رمز من 6 أرقام
login-code-hint = من تطبيق المصادقة على هاتفك.
login-code-invalid = هذا الرمز غير صحيح. يُرجى التحقق من ضبط ساعة هاتفك وتجربة أحدث رمز.
login-code-expired = استغرق تسجيل الدخول وقتًا أطول من اللازم. يُرجى إدخال البريد الإلكتروني وكلمة المرور مجددًا.
totp-title = تسجيل الدخول بخطوتين
totp-intro = امسح هذا الرمز باستخدام تطبيق مصادقة (مثل FreeOTP أو Google Authenticator أو Microsoft Authenticator)، ثم أدخل الرمز المكوَّن من 6 أرقام الذي يعرضه التطبيق.
totp-qr-alt = رمز QR لإعداد تطبيق المصادقة
totp-secret = أو اكتب هذا المفتاح في التطبيق:
totp-enable = تفعيل تسجيل الدخول بخطوتين
totp-already = تسجيل الدخول بخطوتين مفعَّل بالفعل. يُرجى إيقافه باستخدام رمز حالي قبل إعداد هاتف جديد.
totp-enabled = تسجيل الدخول بخطوتين مفعَّل لحسابك.
totp-disable = إيقاف تسجيل الدخول بخطوتين
totp-cannot-disable = فرض أحد المسؤولين تسجيل الدخول بخطوتين على جميع حسابات فريق العمل.
totp-required-note = فرض أحد المسؤولين تسجيل الدخول بخطوتين. يُرجى إعداده للمتابعة.
security-title = الأمان
security-log-title = سجل الأمان
security-log-intro = عمليات تسجيل الدخول والمحاولات الفاشلة والمقفلة، والنماذج المنتهية أو المزوّرة، والطلبات المرفوضة، واستخدام رموز واجهة البرمجة (مرة في الدقيقة على الأكثر)، وتصدير البيانات الشخصية، الأحدث أولًا، مع الحساب أو الرمز والعنوان. يُحتفظ به 180 يومًا.
security-log-kind = الحدث
security-log-every-kind = الكل
security-log-empty = لم يُسجَّل شيء بعد.
security-log-time = الوقت (UTC)
security-log-who = الحساب أو الرمز
security-log-address = العنوان
security-log-detail = الصفحة
security-kind-login_succeeded = تسجيل دخول
security-kind-login_failed = تسجيل دخول فاشل
security-kind-login_locked = تسجيل دخول مقفل
security-kind-csrf_rejected = نموذج مرفوض (CSRF)
security-kind-forbidden = مرفوض (403)
security-kind-token_used = استُخدم رمز واجهة البرمجة
security-kind-export = تصدير
security-required-on = تسجيل الدخول بخطوتين إلزامي لجميع حسابات فريق العمل.
security-required-off = تسجيل الدخول بخطوتين اختياري لحسابات فريق العمل.
security-require-on = جعل تسجيل الدخول بخطوتين إلزاميًا للجميع
security-require-off = جعل تسجيل الدخول بخطوتين اختياريًا
audit-staff-totp-enable = تفعيل تسجيل الدخول بخطوتين
audit-staff-totp-disable = إيقاف تسجيل الدخول بخطوتين
audit-settings-require-totp = تغيير اشتراط تسجيل الدخول بخطوتين

## Event setup
dashboard-setup = الإعداد
dashboard-new-event = فعالية جديدة
setup-title = إعداد: { $event }
setup-new = فعالية جديدة
setup-event = الفعالية
setup-name = الاسم
setup-slug = الاسم المختصر للروابط
setup-slug-hint = أحرف لاتينية صغيرة وأرقام وشرطات، مثل qianhai-2027.
setup-ref_prefix = بادئة الرقم المرجعي
setup-ref_prefix-hint = من حرف إلى 4 أحرف لاتينية كبيرة، مثل QH.
setup-description = الوصف
setup-time_zone = المنطقة الزمنية
setup-time_zone-hint = اسم وفق IANA، مثل Asia/Shanghai. جميع الأوقات في هذه الصفحة بالتوقيت المحلي لتلك المنطقة.
setup-starts_at = البداية
setup-ends_at = النهاية
setup-registration_opens_at = فتح باب التسجيل
setup-registration_closes_at = إغلاق باب التسجيل
setup-contact_email = البريد الإلكتروني لتواصل المندوبين
setup-approval_required = تتطلب التسجيلات اعتماد فريق العمل
setup-invitation_only = بدعوة فقط
setup-save = حفظ
setup-venues = المقرات
setup-venue_name = اسم المقر
setup-address = عنوان المقر
setup-add-venue = إضافة مقر
setup-categories = الفئات، حسب ترتيب الأسبقية
setup-category_name = اسم الفئة
setup-badge_colour = لون الشارة
setup-self_register = يمكن للمندوبين اختيارها بأنفسهم
setup-staff-only = يحددها فريق العمل فقط
setup-add-category = إضافة فئة
setup-sessions = الجلسات
setup-add-session = جلسة جديدة
setup-title-field = العنوان
setup-venue = المقر
setup-capacity = السعة
setup-capacity-hint = اتركه فارغًا لعدم تحديد سعة. المقاعد المحجوزة حاليًا: { $taken }.
setup-allowed = الفئات المسموح لها (عدم تحديد أي فئة يعني أنها متاحة للجميع)
setup-save-session = حفظ الجلسة
error-slug = يُرجى استخدام من 2 إلى 40 حرفًا من الأحرف اللاتينية الصغيرة أو الأرقام أو الشرطات.
error-slug-taken = هذا الاسم المختصر مستخدم بالفعل لفعالية أخرى.
error-prefix = يُرجى استخدام من حرف إلى 4 أحرف لاتينية كبيرة.
error-time-zone = يُرجى إدخال منطقة زمنية وفق IANA، مثل Asia/Shanghai.
error-datetime = يُرجى إدخال تاريخ ووقت.
error-ends-before-start = يجب أن تكون النهاية بعد البداية.
error-colour = يُرجى إدخال لون مثل #1F4E8C.
error-category-taken = توجد بالفعل فئة بهذا الاسم في هذه الفعالية.
error-capacity = يُرجى إدخال عدد صحيح من المقاعد، أو ترك الحقل فارغًا لعدم تحديد سعة.
error-capacity-below-taken = عدد المقاعد المحجوزة بالفعل { $taken }؛ ولا يمكن أن تقل السعة عن ذلك.
error-session-before-event = تبدأ الفعالية في { $first }؛ ولا يمكن أن تبدأ الجلسة قبل هذا اليوم.
error-session-after-event = تنتهي الفعالية في { $last }؛ ولا يمكن أن تنتهي الجلسة بعد هذا اليوم.
audit-event-create = إنشاء الفعالية
audit-event-update = تغيير إعدادات الفعالية
audit-venue-create = إضافة مقر
audit-category-create = إضافة فئة
audit-session-create = إضافة جلسة
audit-session-update = تعديل جلسة

## Accounts and tokens
accounts-title = الحسابات
accounts-staff = حسابات فريق العمل
accounts-role = الدور
accounts-name = الاسم
accounts-create = إنشاء حساب
accounts-created = تم إنشاء الحساب { $email }. كلمة المرور الخاصة به، ولن تُعرض إلا الآن: { $password }
accounts-taken = يوجد بالفعل حساب لفريق العمل بهذا البريد الإلكتروني.
accounts-bad-role = يُرجى اختيار دور من القائمة.
accounts-active = نشط
accounts-inactive = معطَّل
accounts-locked = مقفل بعد محاولات دخول فاشلة
accounts-doors = المقرات التي يمكن لحساب المدخل هذا إجراء المسح فيها
accounts-doors-save = حفظ المقرات
audit-staff-venues = تغيير مقرات حساب مدخل
audit-staff-password-change = تغيير كلمة المرور
accounts-deactivate = تعطيل
accounts-activate = إعادة التفعيل
role-admin = مسؤول
role-registrar = موظف التسجيل
role-printer = موظف طباعة الشارات
role-door = موظف المدخل
tokens-title = رموز API
tokens-name = الغرض منه
tokens-event = فعاليته
tokens-every-event = كل الفعاليات (للمسؤول فقط)
tokens-event-required = يعمل رمز واجهة البرمجة على فعالية واحدة؛ ولا يصل إلى كل الفعاليات إلا رمز المسؤول. اختر فعاليته.
tokens-create = إنشاء رمز
tokens-created = تم إنشاء الرمز. انسخه الآن؛ فلن يُعرض إلا مرة واحدة: { $token }
tokens-bad = يُرجى تحديد اسم ودور للرمز.
tokens-created-at = تاريخ الإنشاء
tokens-last-used = آخر استخدام
tokens-revoke = إبطال
tokens-revoked = مُبطَل
audit-staff-create = إنشاء حساب لفريق العمل
audit-staff-activate = إعادة تفعيل حساب لفريق العمل
audit-staff-deactivate = تعطيل حساب لفريق العمل
audit-token-create = إنشاء رمز API
audit-token-revoke = إبطال رمز API
invitations-import = دعوات من ملف
invitations-import-hint = ملف CSV يتضمن الأعمدة: organization، country، contact_name، contact_email، quota، locale. يُتحقَّق من كل سطر أولًا، وتُتخطّى الدعوات الموجودة مسبقًا.
invitations-import-submit = إنشاء الدعوات وإرسالها
invitations-imported = عدد الدعوات التي أُنشئت وأُرسلت: { $created }؛ وعدد الدعوات الموجودة مسبقًا: { $skipped }.
invitations-bad-line = السطر { $line }: { $problems }

## Badges
badge-version = الإصدار { $version }
badge-section = الشارة
badge-current = إصدار الشارة: { $version }
badge-qr-alt = رمز QR لإصدار الشارة { $version }
badge-not-printed = لم تُطبع بعد.
badge-printed = عدد مرات الطباعة: { $count }، وآخرها في { $when } بواسطة { $who }.
badge-none-yet = تصدر الشارة عند اعتماد التسجيل.
badge-print = طباعة الشارة
badge-preview = معاينة (PDF)
badge-reissue = إعادة إصدار الشارة
badge-reissue-reason = سبب إصدار شارة جديدة (تتوقف الشارة القديمة عن العمل)
reissue-lost = مفقودة
reissue-damaged = تالفة
reissue-name-corrected = تصحيح الاسم
reissue-stolen = مسروقة
reissue-other = سبب آخر
badge-photo = الصورة
badge-photo-hint = بصيغة JPEG أو PNG، بحجم لا يتجاوز 10 ميغابايت، وبما لا يقل عن 200 بكسل لكل ضلع؛ وتُقتطع بنسبة 3:4 حول المركز.
badge-photo-alt = صورة المندوب
badge-photo-upload = تحميل الصورة
badge-precedence = ترتيب الأسبقية
badge-precedence-hint = لرؤساء البعثات: الرقم 1 لعميد السلك الدبلوماسي. يُترك فارغًا لغيرهم.
badge-layout-a6 = شارة A6 (105 × 148 مم)
badge-layout-cr80 = بطاقة CR80 (54 × 85.6 مم)
badge-layout-a4-4up = ورقة A4، 4 شارات مع علامات القص
badges-title = الشارات: { $event }
badges-nav = الشارات
badges-delegation = الوفد (البلد)
badges-sort = الترتيب
badges-sort-name = حسب الاسم
badges-sort-country = حسب الوفد
badges-sort-precedence = حسب ترتيب الأسبقية
badges-layout = الورق
badges-unprinted = الشارات غير المطبوعة فقط
badges-show = عرض
badges-count = { $count ->
    [zero] لا توجد تسجيلات معتمدة
    [one] تسجيل واحد معتمد
    [two] تسجيلان معتمدان
    [few] { $count } تسجيلات معتمدة
    [many] { $count } تسجيلًا معتمدًا
   *[other] { $count } تسجيل معتمد
}
badges-download = تنزيل PDF
badges-mark-printed = تسجيلها على أنها مطبوعة
badges-mark-hint = سجِّلها على أنها مطبوعة بعد أن تنتهي الطابعة؛ وفي حال انحشار الورق، اطبع القائمة نفسها مرة أخرى.
badges-col-printed = مرات الطباعة
done-reissued = صدرت شارة جديدة. ولم يعد رمز QR القديم صالحًا.
done-photo = تم حفظ الصورة.
done-precedence = تم حفظ ترتيب الأسبقية.
done-precedence-invalid = يجب أن يكون ترتيب الأسبقية عددًا صحيحًا من 1 إلى 9999.
done-badge-not-approved = الشارات متاحة للتسجيلات المعتمدة فقط.
done-marked-none = لم تُسجَّل أي شارة.
done-marked = { $count ->
    [zero] لم تُسجَّل أي شارة على أنها مطبوعة.
    [one] تم تسجيل شارة واحدة على أنها مطبوعة.
    [two] تم تسجيل شارتين على أنهما مطبوعتان.
    [few] تم تسجيل { $count } شارات على أنها مطبوعة.
    [many] تم تسجيل { $count } شارةً على أنها مطبوعة.
   *[other] تم تسجيل { $count } شارة على أنها مطبوعة.
}
photo-error-empty = يُرجى اختيار صورة لتحميلها.
photo-error-too-large = حجم الصورة يتجاوز 10 ميغابايت. يُرجى اختيار ملف أصغر.
photo-error-format = الملف ليس صورة بصيغة JPEG أو PNG.
photo-error-too-small = الصورة أصغر من أن تُطبع: يجب ألا يقل كل ضلع من أضلاعها عن 200 بكسل.
photo-error-too-many-pixels = تتجاوز الصورة 16 ميغابكسل أو يتجاوز أحد ضلعيها 8000 بكسل. يُرجى اختيار صورة أصغر.
photo-error-unusual = لا يمكن استخدام هذا النوع من الصور (16 بت لكل لون أو CMYK أو صورة متحركة). يُرجى حفظها كصورة JPEG أو PNG عادية والمحاولة مرة أخرى.
photo-error-busy = تجري معالجة صور كثيرة في الوقت الحالي. يُرجى إرسال النموذج مرة أخرى بعد بضع ثوانٍ؛ وكل ما كتبته محفوظ.
error-title-badge-not-approved = لا توجد شارة بعد
error-text-badge-not-approved = الشارات متاحة للتسجيلات المعتمدة فقط.
error-title-badges-none = لا يوجد ما يُطبع
error-text-badges-none = لم يُعتمد أي من هذه التسجيلات.
mail-badge-page = شارتك، مع رمز QR الخاص بالدخول وملف PDF للطباعة: { $url }
badge-page-title = شارتك
badge-page-not-yet = تسجيلك
badge-page-show = يُرجى إبراز هذا الرمز عند المدخل إذا لم تكن شارتك المطبوعة بحوزتك.
badge-page-pdf = تنزيل الشارة (PDF)
badge-page-has-photo = صورتك موجودة على الشارة. ويمكنك استبدالها.
badge-page-no-photo = يُرجى إضافة صورة: يطابقها موظفو المداخل مع صاحب الشارة، وتُطبع على شارتك.
badge-page-private = هذه الصفحة شخصية: يُرجى عدم مشاركة رابطها.
setup-layout-event = الورق المعتمد للفعالية
field-photo = صورة لشارتك (اختياري)
door-admit = يُسمح بالدخول
door-already = سبق الدخول
door-refused = الدخول مرفوض
door-already-detail = وقت الدخول: { $time }، المقر: { $venue }.
door-reason-unknown_code = رمز غير معروف: ليس شارة لهذه الفعالية.
door-reason-old_badge = شارة قديمة (الإصدار { $version }؛ والإصدار الحالي { $current }). أُعيد إصدارها.
door-reason-not_approved = التسجيل غير معتمد.
door-reason-cancelled = التسجيل ملغى.
door-reason-not_allowed_in_session = غير مسموح بحضور هذه الجلسة.
door-reason-outside_session_time = خارج وقت الجلسة.
door-reason-session_at_another_venue = هذه الجلسة تُعقد في مقر آخر.
door-title = محطة المسح
door-choose-event = اختر الفعالية
door-choose-place = اختر مكان المسح
door-no-venues = لم يُخصَّص أي مقر لحسابك. يُرجى مراجعة أحد المسؤولين.
door-whole-venue = المقر بأكمله
door-change = تغيير
door-code-label = رمز الشارة
door-code-hint = امسح الشارة: يكتب الماسح الرمز ثم يضغط Enter. أو اكتب الرمز يدويًا.
door-submit = تحقُّق
door-count = { $count ->
    [zero] لم يُسمح بدخول أحد حتى الآن
    [one] سُمح بدخول شخص واحد حتى الآن
    [two] سُمح بدخول شخصين حتى الآن
    [few] سُمح بدخول { $count } أشخاص حتى الآن
    [many] سُمح بدخول { $count } شخصًا حتى الآن
   *[other] سُمح بدخول { $count } شخص حتى الآن
}
door-manual-title = لا توجد شارة؟ ابحث عن الشخص
door-manual-search = الاسم أو الرقم المرجعي
door-manual-admit = السماح بالدخول يدويًا
door-no-results = لا يوجد شخص معتمد مطابق.
door-offline = لا يوجد اتصال: أعد المسح.
attendance-title = الحضور: { $event }
attendance-nav = الحضور
attendance-export = سجل المسح (CSV)
attendance-refresh = تتحدّث هذه الصفحة كل 15 ثانية، إلا حين تكون إحدى القوائم مفتوحة.
attendance-venues = المقرات
attendance-venue = المقر
attendance-inside = في الداخل الآن
attendance-admitted-venue = دخلوا عبر مدخل المقر
attendance-sessions = الجلسات
attendance-session = الجلسة
attendance-admitted = الداخلون
attendance-expected = المتوقَّعون
attendance-not-arrived = لم يصلوا بعد، حسب الوفد
attendance-log = أحدث عمليات المسح
attendance-time = الوقت
attendance-outcome = النتيجة
attendance-where = المكان
attendance-staff = الموظف
attendance-manual = دخول يدوي
attendance-old-badge = شارة قديمة (أُعيد إصدارها)
door-list-footer = المتوقَّع حضورهم: { $count } · الصفحة { $page } من { $pages } · ضع علامة عند وصول كل شخص
door-list-link = قائمة مطبوعة (PDF)
attendance-history = الحضور
attendance-none = لا توجد عمليات مسح بعد.
attendance-chart = عدد الواصلين في كل ربع ساعة
attendance-chart-label = { $count ->
    [zero] لا توجد حالات دخول، حسب ربع الساعة
    [one] حالة دخول واحدة، حسب ربع الساعة
    [two] حالتا دخول، حسب ربع الساعة
    [few] { $count } حالات دخول، حسب ربع الساعة
    [many] { $count } حالةَ دخول، حسب ربع الساعة
   *[other] { $count } حالة دخول، حسب ربع الساعة
}

# Devices, offline scanning, exits, clashes
door-exited = تم تسجيل الخروج
door-exit = خروج
api-device-scope = لا يمكن لهذا الجهاز المسح هنا: فقد رُبط بأماكن أخرى أو بفعالية أخرى.
attendance-offline = قرار دون اتصال
attendance-export-xlsx = سجل المسح (Excel)
attendance-clashes = تعارضات دون اتصال
attendance-clashes-hint = سمح جهاز بدخول هذه الشارات دون اتصال، بينما كان الخادم قد قرر غير ذلك. تحقق منها مع موظفي الباب.
attendance-device = الجهاز
attendance-server-said = قرار الخادم
devices-title = أجهزة المسح
devices-page-title = أجهزة المسح: { $event }
devices-all-venues = جميع أماكن الفعالية
devices-name-missing = سمِّ الجهاز، مثلًا «باب القاعة 2 (iPad)».
devices-bad-venue = اختر أماكن هذه الفعالية فقط.
devices-intro = اربط هاتفًا أو جهازًا لوحيًا كمحطة مسح: سمِّه واختر أماكنه، ثم افتح رمز QR أدناه بكاميرته. يواصل المسح عند انقطاع الشبكة، ويمكنك إلغاؤه من هنا إن فُقد.
devices-paired = ‏{ $name } جاهز للربط
devices-paired-hint = افتح رمز QR هذا بكاميرا الجهاز، أو الرابط في متصفحه. لا يُعرض إلا الآن.
devices-qr-alt = رمز QR يحمل رابط الربط
devices-link = رابط الربط
devices-none = لا توجد أجهزة بعد.
devices-name = اسم الجهاز
devices-venues = الأماكن
devices-add = إضافة جهاز
devices-name-hint = يظهر في سجل المسح وفي لوحة المتابعة.
devices-venues-hint = لم يُختر شيء: جميع أماكن هذه الفعالية.
devices-create = إنشاء وعرض رمز QR
device-online = متصل
device-offline = دون اتصال: القرار وفق القائمة المتزامنة
device-synced = قائمة الساعة { $time }
device-queued = بانتظار الرفع: { $count }
device-count = عدد من دخلوا: { $count }
device-unpaired = هذا الجهاز غير مربوط. اطلب رمز QR الخاص به من أحد المنظمين.
device-revoked = أُلغي ربط هذا الجهاز أو انتهت صلاحيته: لم يعد يحتفظ بأي بيانات. اطلب من أحد المنظمين ربطه من جديد.
device-offline-decided = قرار على هذا الجهاز (دون اتصال)؛ سيُرفع لاحقًا.
device-no-camera = تعذّر تشغيل الكاميرا. اسمح باستخدامها، أو استخدم قارئًا أو لوحة المفاتيح.
device-not-synced = لم تُزامَن أي قائمة بعد: اتصل بالشبكة مرة واحدة.
device-start = ابدأ المسح
device-camera = الكاميرا
audit-device-create = ربط جهاز مسح
audit-device-revoke = ألغى جهاز مسح
error-summary-item = { $field }: { $message }
attendance-who-inside = من في الداخل
attendance-since = منذ { $time }
# Credentials: security vetting, custody (handing badges over), custody receipts
role-security = موظف الأمن
setup-vetting_required = لا تعمل الشارات إلا بعد حصول حامليها على الموافقة الأمنية
setup-issue_required = لا تعمل الشارات إلا بعد تسليمها في أحد المكاتب
door-reason-not_vetted = لم تصدر الموافقة الأمنية بعد.
door-reason-vetting_refused = مرفوض من قِبل الأمن. يُرجى مراجعة مكتب الأمن.
door-reason-not_issued = لم تُسلَّم الشارة بعد: يُرجى توجيه الشخص إلى مكتب الاعتماد.
vetting-nav = التدقيق الأمني
vetting-title = التدقيق الأمني · { $event }
vetting-intro = قارن كل شخص بصورته وبيانات هويته، ثم سجِّل قرارك. تبقى ملاحظتك لدى الأمن وحده: لا يرى موظفو المداخل وسائر فريق العمل إلا النتيجة.
vetting-status = التدقيق الأمني
vetting-status-pending = لم يخضع للتدقيق بعد
vetting-status-cleared = موافَق عليه
vetting-status-refused = مرفوض
vetting-status-more_info = مطلوب مزيد من المعلومات
vetting-outcome = القرار
vetting-note = ملاحظة (للأمن فقط)
vetting-save = حفظ القرار
vetting-show-all = عرض الجميع
vetting-show-open = عرض من لم يخضعوا للتدقيق بعد فقط
vetting-none = لا أحد بانتظار التدقيق.
vetting-done-vetted = تم حفظ القرار، وهو يسري فورًا على جميع المداخل.
vetting-done-note-too-long = لم يُحفظ شيء: الملاحظة تتجاوز 1000 حرف.
vetting-bad-outcome = يجب أن تكون النتيجة cleared أو refused أو more_info.
vetting-note-too-long = الملاحظة تتجاوز 1000 حرف.
badge-state-not_printed = غير مطبوعة
badge-state-printed = مطبوعة، لم تُسلَّم
badge-state-issued = مُسلَّمة
badge-state-lost = مفقودة (ملغاة)
badge-state-replaced = مستبدَلة (ملغاة)
handover-nav = التسليم
handover-title = تسليم الشارات · { $event }
handover-intro = اختر وفدًا، وحدِّد الشارات المطبوعة التي تُسلَّم معًا، ثم اطبع إيصال الاستلام ليوقّعه الشخص الذي يستلمها.
handover-delegation = الوفد
handover-show = عرض شاراته
handover-include = تسليم
handover-state = الشارة
handover-collected-by = المستلِم (الاسم الكامل)
handover-on-behalf = الاستلام نيابةً عن حاملي الشارات (ضابط الاتصال، المساعد)
handover-desk = المكتب
handover-submit = تسليم الشارات المحدَّدة
handover-submit-one = تسجيل التسليم
handover-receipt = طباعة إيصال الاستلام
handover-collector = يُرجى كتابة الاسم الكامل للشخص الذي يستلم الشارة.
handover-count = يُرجى اختيار ما بين 1 و500 شارة للتسليم.
handover-not_found = لم يُسلَّم شيء: لا يوجد في هذه الفعالية تسجيل يحمل هذه الأرقام المرجعية
handover-not_approved = لم يُسلَّم شيء: هذه التسجيلات غير معتمدة
handover-not_printed = لم يُسلَّم شيء: هذه الشارات لم تُطبع بعد
handover-not_vetted = لم يُسلَّم شيء: لم يحصل هؤلاء الأشخاص على الموافقة الأمنية بعد
handover-vetting_refused = لم يُسلَّم شيء: رفض الأمن هؤلاء الأشخاص
handover-already_issued = لم يُسلَّم شيء: سبق تسليم هذه الشارات
done-issued = تم التسليم والتسجيل. أصبحت الشارة صالحة من الآن.
receipt-title = إيصال استلام شارات الاعتماد
receipt-collected = المستلِم: { $name }
receipt-collected-on-behalf = المستلِم: { $name } نيابةً عن حاملي الشارات
receipt-desk = المكتب: { $desk } · سلَّمها: { $staff }
receipt-col-name = الاسم
receipt-col-reference = الرقم المرجعي
receipt-col-country = البلد
receipt-col-version = إصدار الشارة
receipt-total = عدد الشارات المسلَّمة: { $count }
receipt-sign-collector = توقيع المستلِم
receipt-sign-staff = توقيع موظف الاعتماد
receipt-footer = الإيصال { $id } · الصفحة { $page } من { $pages }
accounts-events = الفعاليات التي يجوز لموظف الأمن هذا إجراء التدقيق الأمني فيها
accounts-events-save = حفظ الفعاليات
# Badge page links that can be revoked; photos frozen after approval
error-title-link-replaced = لم يعد هذا الرابط صالحًا
error-text-link-replaced = أُرسل بالبريد الإلكتروني رابط أحدث إلى صفحة هذه الشارة، أو أُعيد إصدار الشارة. يُرجى استخدام الرابط الوارد في أحدث رسالة من الجهة المنظِّمة، أو طلب إرسال رابط جديد منها.
error-title-link-expired = انتهت صلاحية هذا الرابط
error-text-link-expired = تتوقف روابط صفحات الشارات عن العمل بعد انتهاء الفعالية. يُرجى التواصل مع الجهة المنظِّمة إذا احتجت إلى أي شيء.
mail-kind-badge_link = رابط جديد للشارة
mail-subject-badge-link = رابط جديد لشارتك: { $event } ({ $reference })
mail-badge-link-body = نرسل إليك رابطًا جديدًا إلى صفحة شارتك لحضور { $event }. ولم تعد الروابط التي أُرسلت إليك سابقًا صالحة؛ وإذا أُعيد إصدار شارتك، فلا يُسمح بالدخول إلا بالشارة الجديدة.
badge-link-send = إرسال رابط جديد للشارة
badge-link-hint = يتلقى المندوب رابطًا جديدًا بالبريد الإلكتروني؛ وتتوقف جميع الروابط السابقة عن العمل فورًا، بما فيها أي رابط أُعيد توجيهه إلى شخص آخر.
done-link-sent = أُرسل رابط جديد للشارة. ولم تعد الروابط السابقة صالحة.
done-photo-pending = شكرًا لك. سيراجع موظفو الاعتماد صورتك الجديدة؛ وإلى حين ذلك تظل المداخل تعتمد الصورة السابقة.
done-photo-accepted = قُبلت الصورة الجديدة: وستظهر عند المداخل اعتبارًا من الآن.
done-photo-rejected = رُفضت الصورة الجديدة؛ وتظل المداخل تعتمد الصورة السابقة.
done-photo-none-pending = لا توجد صورة جديدة بانتظار المراجعة.
badge-page-photo-pending = الصورة الجديدة التي أرسلتها بانتظار أن يراجعها موظفو الاعتماد.
photo-review-title = صورة جديدة من المندوب
photo-review-sent = أُرسلت في { $when }. تظهر الصورة السابقة عند المداخل إلى أن تقبل هذه الصورة.
photo-review-alt = صورة جديدة بانتظار المراجعة
photo-review-accept = قبول الصورة الجديدة
photo-review-reject = رفض الصورة
door-photo-changed = غُيِّرت الصورة في { $when }: يُرجى مقارنة الوجه بعناية.
devices-expires = صالح حتى
devices-expired = منتهي الصلاحية
devices-renew = تجديد
device-wiped = لم يتصل هذا الجهاز بالخادم منذ مدة طويلة، فحذف قائمة الشارات. يُرجى توصيله بالشبكة لإعادة المزامنة.
devices-pin = رمز PIN (اختياري)
devices-pin-hint = من 4 إلى 8 أرقام. تُقفل المحطة بعد 5 دقائق من عدم الاستخدام، أو بزر القفل، إلى أن يُدخل أحدهم الرمز.
devices-pin-bad = يجب أن يتكون رمز PIN من 4 إلى 8 أرقام.
devices-pin-set = مقفل برمز
device-lock = قفل
device-locked = هذه المحطة مقفلة.
device-pin-label = رمز PIN
device-unlock = فتح القفل
device-pin-wrong = رمز PIN غير صحيح.
badge-lost-versions = مفقودة: { $versions }

## الخصوصية: الإشعار والموافقة ومدة الاحتفاظ وحقوق الشخص
privacy-title = إشعار الخصوصية
privacy-version = الإصدار { $version } من هذا الإشعار
privacy-open = فتح إشعار الخصوصية في صفحة مستقلة
consent-label = قرأتُ إشعار الخصوصية وأوافق على استخدام بياناتي على النحو المبيَّن فيه.
field-consent = الموافقة
field-lawful_basis = الأساس القانوني
error-consent-required = يُرجى تحديد المربع للموافقة على إشعار الخصوصية، إذ لا يمكننا تسجيلك من دون ذلك.
error-lawful-basis = أساس قانوني غير معروف: يُرجى استخدام consent أو contract أو legal_obligation أو public_task أو legitimate_interests.
error-retention = يُرجى إدخال عدد صحيح من الأيام بين 0 و3650.
privacy-controller-default = الجهة المنظِّمة لفعالية { $event }
privacy-heading-controller = المسؤول عن معالجة البيانات
privacy-heading-purposes = أغراض المعالجة
privacy-heading-data = البيانات التي نحتفظ بها
privacy-heading-recipients = من يطّلع على البيانات
privacy-heading-retention = مدة الاحتفاظ
privacy-heading-rights = حقوقك
privacy-heading-contact = التواصل
privacy-controller = المسؤول عن معالجة بياناتك الشخصية هو: { $controller }.
privacy-purposes = اعتمادك لحضور هذه الفعالية: مراجعة طلب تسجيلك، وطباعة شارتك، والتحقق منها عند مداخل المقرات، ومراسلتك بشأن الفعالية.
privacy-data = اسمك بكل نظام كتابة تقدّمه، وبيانات الاتصال بك، والجهة التي تنتمي إليها، ومنصبك، وبلدك، وصورتك، ومتطلباتك الغذائية واحتياجاتك لتيسير الوصول، والجلسات التي اخترتها، ووقت مسح شارتك عند كل مدخل.
privacy-recipients = موظفو الجهة المنظِّمة المختصون بالتسجيل والمراسم والأمن. ويرى موظفو المداخل اسمك وصورتك وفئتك عند مسح شارتك. ولا تُباع بياناتك ولا تُستخدم لأي غرض آخر.
privacy-retention = حتى { $date } (عدد الأيام بعد انتهاء الفعالية: { $days }). ثم تُحذف البيانات، ولا يُحتفظ إلا بأعداد إجمالية لا تتضمن أسماء.
privacy-rights = يحق لك طلب الاطلاع على بياناتك أو تصحيحها أو محوها، كما يحق لك سحب موافقتك في أي وقت (وعندئذٍ تتوقف شارتك عن العمل). ويحق لك أيضًا تقديم شكوى إلى إحدى هيئات حماية البيانات.
privacy-contact = لأي استفسار أو طلب يتعلق ببياناتك، يُرجى مراسلة { $email }.
privacy-contact-none = لأي استفسار أو طلب يتعلق ببياناتك، يُرجى مراجعة الجهة المنظِّمة في مكتب الاعتماد.
privacy-staff-link = الخصوصية ومدة الاحتفاظ
privacy-staff-title = الخصوصية · { $event }
privacy-held = البيانات الشخصية المحتفظ بها حاليًا
privacy-held-registrations = التسجيلات التي تتضمن بيانات شخصية
privacy-held-photos = الصور
privacy-held-mails = الرسائل في صندوق الصادر
privacy-held-invitations = الدعوات التي تتضمن جهة اتصال
privacy-due = تُحذف البيانات الشخصية في { $date } عند انتهاء مدة الاحتفاظ.
privacy-purged = حُذفت البيانات نهائيًا في { $date }.
privacy-purge-explain = انتهت مدة الاحتفاظ. يؤدي الحذف النهائي إلى إزالة الأسماء وبيانات الاتصال والصور والشارات والرسائل والقيم الشخصية الواردة في السجل. وتبقى أعداد الحضور محفوظة.
privacy-purge = الحذف النهائي الآن
privacy-purge-done = حُذفت البيانات الشخصية الخاصة بالفعالية.
privacy-purge-not-due = لم تنتهِ مدة الاحتفاظ بعد: لم يُحذف أي شيء.
privacy-saved = تم الحفظ. أصبح إشعار الخصوصية الآن في إصداره رقم { $version }.
setup-privacy_controller = المسؤول عن معالجة البيانات (الجهة المسؤولة عن البيانات)
setup-retention_days = عدد أيام الاحتفاظ بالبيانات الشخصية بعد الفعالية
setup-notice = نص الإشعار الخاص بك ({ $language })
setup-notice-hint = اترك حقل اللغة فارغًا لعرض الإشعار القياسي المُعَدّ استنادًا إلى الإعدادات أعلاه. افصل بين الفقرات بسطر فارغ.
setup-notice_en = نص الإشعار الخاص بك باللغة الإنجليزية
setup-notice_zh = نص الإشعار الخاص بك باللغة الصينية
setup-notice_fr = نص الإشعار الخاص بك باللغة الفرنسية
setup-notice_es = نص الإشعار الخاص بك باللغة الإسبانية
setup-notice_ru = نص الإشعار الخاص بك باللغة الروسية
setup-notice_ar = نص الإشعار الخاص بك باللغة العربية
privacy-person = البيانات الشخصية
privacy-export = تنزيل جميع البيانات المحتفظ بها عن هذا الشخص (JSON)
privacy-erase-hint = يؤدي المحو إلى إزالة بيانات هذا الشخص فورًا، ولا يمكن التراجع عنه؛ وتبقى أعداد الحضور محفوظة. اكتب { $reference } للتأكيد.
privacy-erase-confirm = الرقم المرجعي
privacy-erase = محو بيانات هذا الشخص
done-erased = تم محو بيانات الشخص.
basis-consent = الموافقة
basis-contract = العقد
basis-legal-obligation = الالتزام القانوني
basis-public-task = أداء مهمة للمصلحة العامة
basis-legitimate-interests = المصالح المشروعة
detail-basis = الأساس القانوني: { $basis }.
detail-basis-consent = الأساس القانوني: { $basis } على الإصدار { $version } من الإشعار، المقدَّمة في { $when }.

# Order of precedence
field-precedence_class = رئيس البعثة (ترتيب الأسبقية)
field-precedence_class-none = ليس رئيس بعثة
field-credentials_presented_at = تاريخ تقديم أوراق الاعتماد
field-credentials_presented_at-hint = التاريخ، أو التاريخ والوقت، بالتوقيت المحلي للفعالية: 2019-03-04 أو 2019-03-04T10:30. يُرتَّب رؤساء البعثات من الفئة نفسها حسب هذا التاريخ، الأقدم أولاً.
precedence-class-ambassador = سفير أو سفير بابوي أو مفوض سامٍ
precedence-class-envoy = مبعوث
precedence-class-charge_d_affaires = قائم بالأعمال
precedence-class-charge_d_affaires_ai = قائم بالأعمال بالنيابة
error-precedence-class-unknown = اختر فئة من القائمة: ambassador أو envoy أو charge_d_affaires أو charge_d_affaires_ai.
error-credentials-date-invalid = أدخل تاريخًا مثل 2019-03-04، أو تاريخًا ووقتًا مثل 2019-03-04T10:30.

# Door rules
setup-door-rules = قواعد الباب
setup-single_entry = دخول واحد (المسح الثاني «سبق قبوله»؛ دون تحديد: يمكن الخروج والعودة)
setup-registered_only = المسجلون فقط (من اختاروا هذه الجلسة فقط، لا جميع فئاتها)
setup-doors_open_minutes = تُفتح الأبواب قبل البدء بهذا العدد من الدقائق
error-doors-open = أدخل عددًا صحيحًا من الدقائق بين 0 و1440.

# مقاعد الوفود والخروج لكل جلسة
door-reason-delegation_full = اكتمل عدد الوفد: { $inside } من { $quota } في الداخل. يجب أن يخرج أحدهم أولًا.
door-reason-exit_not_scanned = باب هذه الجلسة لا يمسح الخروج.
attendance-delegation-full = اكتمل عدد الوفد
setup-exit_scanning = مسح الخروج (يمسح الباب الخارجين؛ الخروج يحرر مقعدًا للوفد)
setup-delegation_quota = عدد مقاعد كل وفد في الداخل في آن واحد
setup-delegation_quota-hint = فارغ: بلا حد. الوفد هو بلد الدعوة، وإلا فبلد التسجيل.
error-delegation-quota = أدخل عددًا صحيحًا من المقاعد بين 1 و10000، أو اتركه فارغًا.

# التمرين
rehearsal-title = التمرين
rehearsal-on = { $count ->
    [zero] الأبواب في وضع التمرين: يُقبل المسح في أي وقت ولا يُحتسب في أي رقم. لا توجد عمليات مسح تمرينية بعد.
    [one] الأبواب في وضع التمرين: يُقبل المسح في أي وقت ولا يُحتسب في أي رقم. عملية مسح تمرينية واحدة حتى الآن.
   *[other] الأبواب في وضع التمرين: يُقبل المسح في أي وقت ولا يُحتسب في أي رقم. { $count } عمليات مسح تمرينية حتى الآن.
}
rehearsal-off = الأبواب في الخدمة: كل عملية مسح تُحتسب. يتيح التمرين للموظفين تجربة الأبواب قبل يوم الحدث.
rehearsal-start = بدء تمرين
rehearsal-clear = مسح عمليات المسح التمرينية
rehearsal-end = إنهاء التمرين (يمسح عملياته)
door-rehearsal = تمرين: عملية المسح هذه لا تُحتسب.
audit-session-rules = تعديل قواعد باب جلسة
audit-rehearsal-start = بدء تمرين الأبواب
audit-rehearsal-clear = مسح عمليات المسح التمرينية
audit-rehearsal-end = إنهاء تمرين الأبواب

# Door notes
door-note-title = ملاحظة للباب
door-note-ack = تمت القراءة
door-note-acked = تمت القراءة: سُجّلت مع عملية المسح هذه.
door-note-field = ملاحظة للباب
door-note-hint = تظهر في كل محطة باب مع نتيجة الشارة ويجب تأكيد قراءتها (مثل «مرافقة إلى صالة كبار الشخصيات»، «مستخدم كرسي متحرك»). 300 حرف على الأكثر؛ تركها فارغة يحذفها.
done-door-note = حُفظت الملاحظة للباب.
done-door-note-invalid = يجب ألا تتجاوز الملاحظة للباب 300 حرف.
audit-registration-door_note = تعديل الملاحظة للباب

# Watch list and arrival alerts
alerts-title = تنبيهات الوصول
alerts-hint = المندوبون الذين تتابعهم فور السماح لهم بالدخول في أي مكان (دون إعادة التحميل).
alerts-none = لم يصل بعد أي من المندوبين الذين تتابعهم.
alert-arrived = وصل { $name }: { $place }، { $time } ({ $door })
watch-legend = تنبيه الوصول: من يُبلَّغ عند السماح بالدخول
watch-hint = كل من يُحدَّد يرى الوصول في لوحة الحضور خاصته خلال ثوانٍ.
done-watch = حُفظت قائمة المتابعة.
audit-registration-watch = تعديل من يُنبَّه عند الوصول

# A whole delegation at the door
door-delegation-title = إدخال وفد كامل
door-delegation-hint = يُسمح لكل عضو معتمد بالدخول هنا دخولًا يدويًا باسمك، وفق القواعد نفسها للمسح.
door-delegation-field = الوفد
door-delegation-admit = إدخال الوفد
door-delegation-done = سُمح بدخول { $admitted } من { $count }

# Walk-ins
walk-in-title = تسجيل فوري: { $event }
walk-in-intro = لمن يصل دون تسجيل: يُسجَّل ويُعتمد وتُطبع شارته في خطوة واحدة. ويتلقى رسالة التأكيد المعتادة.
walk-in-submit = تسجيل واعتماد وطباعة الشارة
walk-in-submit-no-print = تسجيل واعتماد
walk-in-photo-hint = اختياري: على الجهاز اللوحي أو الهاتف تُفتح الكاميرا؛ وفي غيرهما اختر ملف JPEG أو PNG.
walk-in-link = مكتب التسجيل الفوري

## Messages to segments and the mail log
error-filter-key = «{ $key }» ليس عامل تصفية. العوامل الممكنة: status وcategory وcountry وsession وinvitation وnot_arrived وwatched وheads_of_delegation.
error-filter-value = قيمة أحد عوامل التصفية من نوع غير صحيح (عوامل نعم/لا تقبل true أو false).
error-filter-unknown = عامل التصفية «{ $key }» لا يطابق شيئًا في هذه الفعالية؛ لم يُرسَل شيء.
error-message-locale = «{ $locale }» ليست من اللغات المتاحة (en وzh وfr وes وru وar).
error-message-text-required = اكتب موضوعًا ونصًا (بلغة واحدة على الأقل).
error-message-too-long = النص طويل جدًا: { $max } حرفًا على الأكثر.
error-message-subject-line = يجب أن يكون الموضوع في سطر واحد.
error-message-no-recipients = لا يطابق عواملَ التصفية هذه أيُّ تسجيل له عنوان بريد إلكتروني؛ لم يُرسَل شيء.
error-message-too-many = عدد المستلمين { $count } يتجاوز الحد الأقصى للرسالة الواحدة ({ $max })؛ ضيّق عوامل التصفية.
error-mail-status = «{ $status }» ليست حالة بريد (queued وsending وsent وretry وfailed).
error-mail-not-found = لا توجد هذه الرسالة في هذه الفعالية (أو مُحيت بيانات صاحبها).
error-mail-already-resent = أُعيد إرسال هذه الرسالة من قبل؛ الأحدث موجودة في السجل.
error-mail-not-finished = ما زالت هذه الرسالة قيد الإرسال أو بانتظار محاولة جديدة؛ أعد إرسالها بعد أن تُرسَل أو تفشل.
mail-kind-message = رسالة
mail-status-resent = أُعيد إرسالها
audit-message-send = أرسل رسالة
audit-mail-resend = أعاد إرسال رسالة بريد
messages-title = الرسائل: { $event }
messages-link = الرسائل
messages-all = كل الرسائل
messages-back = التسجيلات
messages-errors = لم تُرسَل الرسالة
messages-recipients = المستلمون
messages-main-language = تعتمد عليها اللغات الأخرى
messages-subject = الموضوع
messages-body = النص
messages-fallback-hint = من يقرأ لغةً تُركت فارغة يتلقى نص اللغة الأولى.
messages-preview = معاينة
messages-preview-button = معاينة وعدّ
messages-count = { $count ->
    [zero] لا مستلمين
    [one] مستلم واحد
    [two] مستلمان
    [few] { $count } مستلمين
    [many] { $count } مستلمًا
   *[other] { $count } مستلم
}
messages-send = إرسال إلى { $count }
messages-sent = الرسائل المرسلة
messages-none = لم تُرسَل أي رسالة بعد.
messages-col-when = أُرسلت
messages-col-recipients = المستلمون
messages-col-by = بواسطة
message-sent-line = أُرسلت في { $when } بواسطة { $by }.
mails-title = سجل البريد: { $event }
mails-link = سجل البريد
mails-failed-link = الرسائل التي تعذّر إرسالها
mails-filter = رسائل البريد حسب الحالة
mails-all = الكل
mails-none = لا توجد رسائل هنا.
mails-col-when = دخلت قائمة الانتظار
mails-col-kind = النوع
mails-col-language = اللغة
mails-col-status = الحالة
mails-col-count = الرسائل
mails-col-attempts = المحاولات
mails-col-error = آخر خطأ
mails-resend = إعادة الإرسال
mails-refused = رُفضت الرسالة: تحقّق من العنوان
mails-refused-check = رفض خادم بريد المندوب آخر رسالة: تحقّق من العنوان وصحّحه ثم أعد الإرسال.
mails-refused-corrected = رُفضت آخر رسالة، وقد صُحّح العنوان بعد ذلك. أعد إرسالها إلى العنوان الجديد.
mails-done-resent = أُعيدت الرسالة إلى قائمة الإرسال.
mails-done-already-resent = أُعيد إرسال هذه الرسالة من قبل.
mails-done-not-finished = ما زالت هذه الرسالة قيد الإرسال؛ أعد إرسالها بعد أن تُرسَل أو تفشل.
mails-done-not-found = لا يمكن إعادة إرسال هذه الرسالة (غير موجودة أو بلا عنوان).
list-invitation = الدعوة
list-more = عوامل تصفية أخرى
list-not-arrived = لم يصلوا بعد
list-watched = على قائمة متابعة
list-heads = رؤساء الوفود
list-write = مراسلة هؤلاء
setup-host_locale = لغة البلد المضيف
setup-host-locale-none = لا شيء
setup-host-locale-hint = تحمل الرسائل إلى المندوبين الذين يقرؤون لغة أخرى هذه اللغةَ تحت لغتهم (عُرف دبلوماسي).
setup-bilingual_mail = كتابة الرسائل بلغة البلد المضيف أيضًا
error-host-locale = اختر إحدى اللغات الست، أو لا شيء.
translations-title = الترجمات: { $event }
translations-intro = النصوص مكتوبة باللغة: { $language }؛ يرى قرّاء اللغات الأخرى الترجمة المُدخلة هنا، أو النص الأصلي إن تُركت فارغة.
translations-link = الترجمات
translations-back = إعداد الفعالية
translations-save = حفظ الترجمات
translations-saved = حُفظت الترجمات.
translations-event-name = اسم الفعالية
translations-event-description = وصف الفعالية
translations-venue-name = المكان
translations-session-title = الجلسة
translations-category-name = الفئة
error-translation-unknown = «{ $text }» ليس نصًا من نصوص هذه الفعالية.
error-translation-locale = «{ $locale }» ليست لغة ترجمة متاحة (en وzh وfr وes وru وar، عدا لغة الفعالية { $default }).
audit-event-translations = غيّر الترجمات
unprintable-warning = لا يحتوي أي خط من خطوط الشارة على هذه الأحرف: { $chars }. ستُطبع مربعاتٍ فارغة؛ أضف تهجئة لاتينية أو اسمًا للشارة.
unprintable-desk = يحتوي هذا الاسم على أحرف لا يحتويها أي خط من خطوط الشارة ({ $chars }): ستُطبع مربعاتٍ فارغة. حدّد اسمًا قابلًا للطباعة للشارة قبل الطباعة.
unprintable-delegate = تعذّرت طباعة بعض أحرف اسمك على الشارة ({ $chars })؛ يرى فريق الاعتماد ذلك في تسجيلك وقد يطلب منك تهجئة أخرى.

# Badge layouts
badge-layout-own = تخطيطها الخاص
badge-layout-a4-2up = ورقة A4، شارتان A5 مع علامات القص
badge-layout-a4-8up = ورقة A4، 8 شارات A7 مع علامات القص
badge-layout-avery-5395 = ملصقات Avery 5395، 8 في ورقة Letter
audit-badge_layout-save = حفظ تخطيط شارة
audit-badge_image-save = رفع صورة للشارات
error-layout-no-back = لبطاقات CR80 وحدها ظهر؛ «{ $paper }» تُطبع على وجه واحد. احذف الظهر أو اختر cr80.
error-layout-too-many = { $max } عنصرًا على الأكثر في الوجه الواحد.
error-layout-no-qr = يحتاج الوجه الأمامي إلى رمز QR لكل شارة (لا يُرسم أي رمز في الحالة «{ $case }»).
error-layout-category-unknown = لا توجد في الفعالية فئة بالمعرّف «{ $category }».
error-layout-category-taken = الفئة «{ $category }» تستخدم التخطيط «{ $layout }» بالفعل.
error-layout-bad-box = أعطِ العنصر موضعًا وعرضًا وارتفاعًا أكبر من 0 مم.
error-layout-off-paper = يتجاوز العنصر حدود الشارة ({ $paper }، { $width } × { $height } مم). حرّكه أو صغّره.
error-layout-qr-too-small = عرض رمز QR ‏{ $size } مم؛ اجعله { $min } مم على الأقل لتقرأه الماسحات عند الأبواب.
error-layout-image-unknown = لا توجد صورة مرفوعة باسم «{ $image }».
error-layout-bad-size = أحجام الخط من 2 إلى 200 نقطة، والأصغر لا يزيد على الأكبر؛ والمسافات من 0 إلى 50 مم؛ والمكدّس من 1 إلى 20 عنصرًا.
error-layout-text-required = يحتاج النص الثابت إلى كلمات ({ $max } حرفًا على الأكثر).
error-layout-text-does-not-fit = «{ $text }» (المندوب النموذجي { $sample }) لا يتسع في { $width } × { $height } مم بحجم { $min } نقطة. كبّر المربع أو صغّر الحجم الأدنى.
error-layout-id = معرّف التخطيط من 1 إلى 40 حرفًا لاتينيًا صغيرًا أو رقمًا أو شرطة.
error-layout-json = هذا ليس مستند تخطيط: { $detail }
error-image-too-large = الصورة كبيرة جدًا: 2 ميغابايت و4000 بكسل للضلع على الأكثر.
error-image-unreadable = يجب أن تكون الصورة ملف PNG أو SVG يمكن قراءته.
error-image-svg-text = ملف SVG يحتوي على نص: حوّل النص إلى مسارات (خطوط محيطية) ثم ارفعه مرة أخرى.

# Print stations
stations-title = محطات الطباعة: { $event }
stations-link = محطات الطباعة
stations-intro = المحطة هي طابعة المكتب: ورقها، ومقدار انحرافها (يُقاس على ورقة المعايرة)، وعنوان IPP للطباعة من الخادم. كل طباعة من المحطة تطبّق تصحيحاتها.
stations-name = المحطة
stations-offset-x = إزاحة إلى اليمين (مم)
stations-offset-y = إزاحة إلى الأسفل (مم)
stations-scale = المقياس
stations-printer = طابعة IPP ‏(ipp://…)
stations-calibration = ورقة المعايرة
stations-new = محطة جديدة
stations-add = إضافة المحطة
stations-saved = حُفظت المحطة.
stations-station = المحطة
stations-none = بلا محطة (PDF عادي)
stations-printer-of = طابعة
badge-send = إرسال إلى الطابعة
badge-printed-with = طُبعت أول مرة بالتخطيط «{ $layout }»، الإصدار { $version } (الإصدار 0: المدمج)؛ وتُعاد طباعتها به.
print-jobs = مهام الطباعة
print-jobs-none = لم تُرسل أي مهمة إلى طابعة بعد.
print-jobs-at = أُرسلت
print-jobs-badges = الشارات
print-jobs-state = الحالة
print-job-sending = قيد الإرسال
print-job-sent = في الطابعة، لم تكتمل
print-job-completed = طُبعت
print-job-failed = فشلت
done-print-sent = أُرسلت إلى الطابعة. تُحتسب الشارة مطبوعة حين تعلن الطابعة اكتمال المهمة.
done-print-failed = لم تقبل الطابعة المهمة؛ السبب مذكور تحت «مهام الطباعة».
calibration-cross = يجب أن يكون الصليب على بعد { $x } مم من الحافة اليسرى و{ $y } مم من الحافة العليا للورقة.
calibration-offsets = إذا طُبع أبعد إلى اليمين بمقدار 2 مم فأدخل −2 في «إزاحة إلى اليمين»؛ وإذا طُبع أعلى بمقدار 1 مم فأدخل 1 في «إزاحة إلى الأسفل». اطبع الورقة مجددًا للتحقق.
calibration-now = طُبعت هذه الورقة بالإعدادات: يمين { $x } مم، أسفل { $y } مم، مقياس { $scale }.
error-station-name = أعطِ المحطة اسمًا من 1 إلى 60 حرفًا.
error-station-name-taken = توجد محطة أخرى بهذا الاسم في الفعالية.
error-station-paper = اختر ورقًا من القائمة.
error-station-offset = الإزاحة عدد من المليمترات بين −{ $max } و{ $max }.
error-station-scale = المقياس عدد بين 0.9 و1.1.
error-station-printer = يبدأ عنوان الطابعة بـ ipp:// أو ipps:// أو http:// أو https://، ويذكر اسم مضيف ولا يحتوي كلمة مرور.
error-title-station-no-printer = لا طابعة في هذه المحطة
error-text-station-no-printer = ليس لهذه المحطة طابعة IPP: اطبع ملف PDF الخاص بها بدلًا من ذلك.
audit-station-save = حفظ محطة طباعة

# Badge designer
layouts-title = تخطيطات الشارات: { $event }
layouts-link = تخطيطات الشارات
layouts-intro = يضع كل تخطيط عناصر الشارة بالمليمترات. التخطيط «default» يطبع كل فئة ليس لها تخطيط خاص. تحتفظ الشارة بالإصدار الذي طُبعت به أول مرة.
layouts-id = التخطيط
layouts-version = الإصدار
layouts-categories = للفئات
layouts-builtin = مدمج (لم يُحفظ بعد)
layouts-new-id = تخطيط جديد (حروف لاتينية صغيرة وأرقام وشرطات)
layouts-new = صمّمه
layouts-back = العودة إلى تخطيطات الشارات
designer-title = تخطيط الشارة «{ $layout }»
designer-unsaved = لم يُنشر بعد: هذا هو التخطيط المدمج.
designer-version = الإصدار المنشور { $version }. النشر يحفظ الإصدار التالي؛ وتحتفظ الشارات المطبوعة من قبل بإصدارها.
designer-refused = لا يمكن طباعة هذا التخطيط بعد:
designer-moved = نُقل:
designer-selected = حُدّد:
designer-help = اسحب عنصرًا لنقله، أو زاويته لتغيير حجمه. بلوحة المفاتيح: Tab إلى العنصر، ومفاتيح الأسهم تنقله 0.5 مم (مع Shift ‏5 مم)، وAlt مع الأسهم يغيّر حجمه. Ctrl+Z للتراجع.
designer-side = الوجه
designer-front = الأمام
designer-back = الظهر (CR80)
designer-undo = تراجع
designer-canvas = الشارة بمقياس حقيقي
designer-none = لا عنصر محددًا
designer-x = من اليسار (مم)
designer-y = من الأعلى (مم)
designer-width = العرض (مم)
designer-height = الارتفاع (مم)
designer-document = مستند التخطيط (JSON)
designer-sample = معاينة باسم
designer-preview = معاينة (PDF)
designer-publish = نشر
designer-published = نُشر بوصفه الإصدار { $version }.

# Zones
door-reason-zone_required = تتطلب هذه الجلسة منطقة لا تحملها الشارة.
error-zones-too-many = { $max } منطقة على الأكثر.
error-zone-code = رمز المنطقة من 1 إلى 12 حرفًا لاتينيًا كبيرًا أو رقمًا أو شرطة، مثل VIP.
error-zone-code-twice = الرمز { $code } مذكور مرتين.
error-zone-name = أعطِ المنطقة اسمًا من 1 إلى 60 حرفًا.
error-zone-in-use = الجلسة «{ $session }» تتطلب المنطقة { $code }: أبقِها، أو ألغِ هذا الشرط أولًا.
error-zone-unknown = لا توجد في الفعالية منطقة بهذا الرمز.
audit-event-zones = غيّر المناطق
audit-registration-zones = غيّر المناطق
field-zones = المناطق

zones-title = المناطق: { $event }
zones-link = المناطق
zones-intro = تُطبع المناطق والامتيازات (صالة، السطح، منصة الصحافة) على الشارات رموزًا أو ألسنة ملونة، ويمكن لجلسة أن تشترط منطقة عند بابها. امنح هنا منطقة لفئات كاملة، أو لمندوب واحد في صفحته. أفرغ السطر لحذف منطقته.
zones-new = منطقة جديدة { $n }
zones-code = الرمز (أحرف لاتينية كبيرة وأرقام وشرطات)
zones-name = الاسم
zones-colour = اللون (‎#RRGGBB، اختياري)
zones-categories = تحملها كل شارات هذه الفئات
zones-save = حفظ المناطق
zones-saved = حُفظت المناطق.
zones-row-error = المنطقة { $n }: { $message }
zones-required = مطلوبة عند الباب
zones-own-legend = مناطق هذه الشارة
zones-own-hint = حدّد المناطق التي يملكها هذا المندوب زيادة على مناطق فئته. تبقى المنطقة التي تمنحها فئته على الشارة.
zones-from-category = من الفئة
done-zones = حُفظت المناطق.
done-zones-unknown = ليس للفعالية هذه المنطقة؛ لم يتغير شيء.
stations-unverified = قبول شهادة الطابعة الخاصة (ipps)
stations-unverified-hint = تشفّر معظم الطابعات بشهادة خاصة بها لم توقّعها أي جهة. حدّد هذا للإرسال إلى طابعة كهذه عبر ipps: تُشفَّر المهمة، ولا يُتحقَّق من الشهادة.
layouts-paper-overridden = للفئة «{ $category }» ورقها الخاص ({ $own }) في الإعدادات، لكن لا يسمّيها أي تصميم، فتُطبع بالتصميم الافتراضي على { $used }. امنحها تصميمًا خاصًا بها، أو امسح ورقها في الإعدادات.

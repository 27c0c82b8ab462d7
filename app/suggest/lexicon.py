"""Word lists for the suggestion engine (Arabic and English), folded at import.

Entries are written in ordinary spelling and folded with :func:`fold`, so the
lists stay readable and always agree with the matching view.  Verbs ("v")
only accept the conjunction clitics و/ف, nouns ("n") accept prepositions and
the article too; that keeps, e.g., بشكل ("in a manner") from looking like the
verb شكّل ("constituted").
"""

from __future__ import annotations

from functools import lru_cache

from .normalize import fold

# Folded form of a literal word, cached: the engine compares tokens with literals in hot loops.
word = lru_cache(maxsize=4096)(fold)

# --- helpers -----------------------------------------------------------------


def _words(block: str) -> list[str]:
    """Split a whitespace/comma separated block into folded words."""
    return [fold(w) for w in block.replace(",", " ").split() if w.strip()]


# Arabic pronoun and case suffixes stripped (crudely) to reach a stem.
AR_SUFFIXES = ("هما", "هم", "هن", "ها", "كم", "نا", "ه", "ا")

# --- lexicon: folded form -> tags -------------------------------------------
# Each tag is "category" or "category:value".  POS decides clitic handling.

LEX_V: dict[str, set[str]] = {}
LEX_N: dict[str, set[str]] = {}
LEX_EN: dict[str, set[str]] = {}


def _add(target: dict[str, set[str]], words: list[str], tag: str) -> None:
    for w in words:
        target.setdefault(w, set()).add(tag)


# Reporting verbs (finite).  Attribution frames are built around them.
_add(LEX_V, _words("""
قال قالت قالوا يقول تقول يقولون أضاف أضافت يضيف تضيف أكد أكدت أكدوا يؤكد تؤكد
أشار أشارت يشير تشير أفاد أفادت أفادوا يفيد تفيد ذكر ذكرت يذكر تذكر أوضح أوضحت يوضح توضح
صرح صرحت يصرح كشف كشفت يكشف تكشف نقل نقلت ينقل تنقل رصد رصدت رصدوا نشر نشرت
أبلغ أبلغت زعم زعمت نفى نفت ينفي تنفي حذر حذرت يحذر تحذر تحدث تحدثت تحدثوا
قدر قدرت يقدر تقدر روى روت أعلن أعلنت يعلن تعلن أعلنوا بينت
"""), "attr_verb")
# Reporting participles continue the previous source ("مؤكدة أن ...").
_add(LEX_N, _words("""
مؤكدا مؤكدة مؤكدين مشيرا مشيرة مضيفا مضيفة موضحا موضحة لافتا لافتة منوها منوهة
مرجعا مرجعة معتبرا معتبرة محذرا محذرة
"""), "attr_part")
# Prepositional frames ("بحسب", "وفق").
_add(LEX_N, _words("بحسب حسب وفق وفقا طبقا نقلا استنادا"), "attr_prep")
# Nouns that name a source; they make an attribution frame "named".
_add(LEX_N, _words("""
وكالة مصادر مصدر مراسل مراسلة مراسلو شهود شاهد مسؤول مسؤولون مسؤولين مسؤولة متحدث المتحدث
وزارة وزير وزيرة مديرية مدير مديرة محافظ رئيس رئيسة مجلس هيئة منظمة حكومة الحكومة
تقرير تقارير بيان بيانات تقديرات أرقام إحصاءات معطيات صحيفة قناة موقع خبير خبراء
"""), "source")
_add(LEX_N, _words("ذاتها ذاته ذاتهم نفسها نفسه نفسهم"), "same")

# Predictions and plans.
# Expectation verbs report a source's view ("ويتوقع خبراء أن ...") when they have a subject.
_add(LEX_V, _words("يتوقع تتوقع يتوقعون توقع توقعت يرجح ترجح رجح رجحت"), "attr_verb")
_add(LEX_V, _words("""
يتوقع تتوقع يتوقعون توقع توقعت تخطط يخطط خططت تعتزم يعتزم تنوي ينوي يرجح ترجح رجح رجحت
"""), "predict")
_add(LEX_N, _words("""
متوقع متوقعة المتوقع توقعات ترجيحات المرجح مرجح المقرر مقرر مرتقب المرتقب المرتقبة المنتظر سوف
"""), "predict")
_add(LEX_N, _words("المقبل المقبلة المقبلين القادم القادمة المقبلتين القادمين"), "future_rel")
_add(LEX_N, _words("الماضي الماضية الماضيين السابق السابقة السابقين الأخيرة الأخير الفائت الفائتة المنصرم"), "past_rel")

# Negation and "no comment" statements.
_add(LEX_N, _words("لم لن"), "neg")
_add(LEX_V, _words("""
يصدر تصدر يعلن تعلن يعلق تعلق يرد ترد يؤكد تؤكد يصرح تصرح ينشر تنشر يكشف تكشف يعلقوا
"""), "report_v")
_add(LEX_N, _words("تعليق تعليقا تصريح بيان رد"), "report_n")
# Statements of uncertainty ("remains unclear").
_add(LEX_N, _words("واضحة واضح واضحا يتضح غموض غامض غامضة توضيح يعرف"), "unclear")
# Opinion, evaluation and interpretation: not check-worthy on their own.
_add(LEX_V, _words("""
يشكل تشكل شكل شكلت يعتبر تعتبر اعتبر اعتبرت اعتبرت يعني تعني يرى ترى يرون رأى رأت
يثير تثير أثار أثارت تعرف يعرف
"""), "opinion")
_add(LEX_N, _words("""
مؤشر مؤشرا مهم مهما مهمة هام هاما حساس حساسا حساسة حاسم حاسما بارز بارزا لافت لافتا لافتة
تحول تحولا تساؤلات مستقبل
"""), "opinion")
# Hedges.
_add(LEX_N, _words("ربما محتمل محتملة المحتمل المحتملة احتمال احتمالات أي"), "hedge")
_add(LEX_N, _words("قد"), "qad")

# Comparison and superlatives (أفعل forms).
_add(LEX_N, _words("""
أكبر أصغر أعلى أدنى أطول أقصر أسرع أبطأ أقدم أحدث أوسع أضيق أبعد أسوأ أفضل أخطر أغنى أفقر
أشد أضخم أعمق أكثر أقل أكثف أعنف الأكبر الأصغر الأعلى الأدنى الأطول الأقدم الأحدث الأوسع
الأسوأ الأفضل الأكثر الأقل الأضخم الأشد
"""), "compare")
_add(LEX_N, _words("قياسي قياسية قياسيا مسبوق"), "record")
_add(LEX_N, _words("أول"), "first")
_add(LEX_N, _words("مقارنة مقارنةً بالمقارنة"), "versus")

# Place cues (indefinite construct: "قاعدة X", "ريف X").
_add(LEX_N, _words("""
قاعدة قاعدتي قاعدتا قواعد ريف أرياف إقليم منطقة مناطق محافظة محافظات مدينة مدن بلدة بلدات
قرية قرى حي أحياء ميناء مرفأ مطار معبر مخيم مخيمات سوق محطة مستشفى شارع جسر نهر سد جبل
ناحية قضاء حقل حقول
"""), "place_cue")
_add(LEX_N, _words("شمال جنوب شرق غرب شمالي جنوبي شرقي غربي وسط"), "direction")
_add(LEX_N, _words("الحدود حدود الحدودي الحدودية الحزام مثلث"), "border")
_add(LEX_V, _words("تقع يقع تمتد"), "locverb")
# Generic place nouns: a cue followed by one of these names nothing.
_add(LEX_N, _words("""
المنطقة البلاد المدينة المحافظة الداخل الخارج المناطق الأراضي الميدان الموقع
سيطرة نفوذ تمركز انتشار عمليات نشاط واسعة واسع كبيرة كبير صغيرة جديدة جديد عديدة مختلفة رئيسية رئيسي
عسكرية محلية أخرى عدة كثيرة
"""), "generic")

# Actors (organisations and roles).
_add(LEX_N, _words("""
وزارة وزير الحكومة حكومة رئيس مجلس وكالة شركة هيئة منظمة الجيش جيش قوات القوات التحالف
البنتاغون مسؤول مسؤولين مسؤولون المتحدث محافظ مديرية مدير الإدارة الشرطة الأمن الأمم البرلمان
"""), "actor")

# Events: verbs and verbal nouns (past and present stems).
_add(LEX_V, _words("""
انسحب انسحبت انسحبوا ينسحب تنسحب سحب سحبت يسحب تسحب سلم سلمت يسلم تسلم أخلى أخلت يخلي
نقل نقلت دخل دخلت يدخل تدخل بدأ بدأت يبدأ تبدأ بدأوا أغلق أغلقت أغلقوا يغلق تغلق افتتح افتتحت
وصل وصلت يصل تصل قتل قتلت قتلوا أصيب أصيبت اعتقل اعتقلت هاجم هاجمت قصف قصفت انفجر
وقع وقعت ارتفع ارتفعت يرتفع ترتفع انخفض انخفضت ينخفض تنخفض تراجع تراجعت يتراجع تتراجع
زاد زادت يزيد تزيد بلغ بلغت يبلغ تبلغ سجل سجلت يسجل تسجل انقطع انقطعت توقف توقفت يتوقف
استأنف استأنفت تضرر تضررت دمر دمرت خصص خصصت يخصص وافق وافقت أقر أقرت رفض رفضت صرف صرفت
أنتج أنتجت ينتج تنتج حصد استلم استلمت تسلم تسلمت أطلق أطلقت خرج خرجت خرجوا اندلع اندلعت
تجاوز تجاوزت يتجاوز تتجاوز تعاقد تعاقدت وصلت ضمت ضم تضم يضم يستورد تستورد استورد استوردت
خفض خفضت يخفض تخفض رفع رفعت تعرض تعرضت يتعرض أدى أدت شيد شيدت بني بنيت أنشئ أنشئت
تأثر تأثرت يتأثر تتأثر يحتفظ تحتفظ احتفظ احتفظت باع باعوا باعت حدد حددت يمنع تمنع منع منعت
يعمل تعمل عمل استقبل استقبلت تسلموا وصلوا أغرق غرقت غرق يستغرق تستغرق استغرق استغرقت
"""), "event")
_add(LEX_N, _words("""
انسحاب انسحابات سحب تسليم إخلاء نقل دخول بدء إغلاق افتتاح وصول مقتل إصابة إصابات اعتقال
هجوم قصف انفجار توقيع ارتفاع انخفاض تراجع زيادة تسجيل انقطاع توقف استئناف تخصيص موافقة
إقرار رفض إنتاج حصاد استلام استيراد تصدير إطلاق حريق اندلاع إعادة تشغيل تعاقد قرار اتفاق
احتجاج احتجاجات مظاهرة إنشاء إنهاء تقليص تعطل أعطال عطل نزوح تهجير فيضان فيضانات
"""), "event")

# Counted units -> canonical key (bilingual lexicon shared with similar.py).
UNIT_WORDS: dict[str, list[str]] = {
    "soldier": ["جندي", "جنود", "عسكري", "عسكريين", "عسكريون", "مقاتل", "مقاتلين", "troop", "troops",
                "soldier", "soldiers", "servicemen", "personnel", "fighters"],
    "truck": ["شاحنة", "شاحنات", "truck", "trucks", "lorry", "lorries"],
    "vehicle": ["آلية", "آليات", "مركبة", "مركبات", "سيارة", "سيارات", "vehicle", "vehicles", "car", "cars"],
    "base": ["قاعدة", "قواعد", "base", "bases"],
    "person": ["شخص", "أشخاص", "شخصا", "مواطن", "مواطنين", "سكان", "ساكن", "مدني", "مدنيين", "نسمة",
               "راكب", "ركاب", "طفل", "أطفال", "طالب", "طلاب", "تلميذ", "تلاميذ", "مريض", "مرضى",
               "people", "persons", "person", "residents", "civilians", "inhabitants", "passengers", "passenger",
               "children", "child", "pupils", "pupil", "students", "student", "patients", "patient"],
    "worker": ["عامل", "عمال", "موظف", "موظفين", "workers", "worker", "employees", "staff"],
    "family": ["عائلة", "عائلات", "أسرة", "أسر", "families", "family", "households", "household"],
    "home": ["منزل", "منازل", "بيت", "بيوت", "مسكن", "مساكن", "homes", "home", "houses", "house",
             "properties", "property", "dwellings"],
    "business": ["شركة", "شركات", "محل", "محلات", "businesses", "business", "companies", "company", "firms", "firm"],
    "ton": ["طن", "أطنان", "tonnes", "tonne", "tons", "ton"],
    "hectare": ["هكتار", "هكتارات", "hectares", "hectare"],
    "dunum": ["دونم", "دونمات", "dunums", "dunams"],
    "km": ["كيلومتر", "كيلومترات", "كم", "km", "kilometres", "kilometers", "kilometre", "kilometer"],
    "mile": ["ميل", "أميال", "miles", "mile"],
    "metre": ["متر", "أمتار", "m", "metres", "meters", "metre", "meter"],
    "litre": ["لتر", "ليتر", "لترات", "ليترات", "litres", "liters", "litre", "liter"],
    "barrel": ["برميل", "براميل", "barrels", "barrel"],
    "mw": ["ميغاواط", "ميغاوات", "ميجاوات", "ميجاواط", "mw", "megawatts", "megawatt"],
    "usd": ["دولار", "دولارات", "dollars", "dollar", "usd", "$"],
    "cent": ["سنت", "سنتات", "cents", "cent"],
    "gbp": ["جنيه إسترليني", "استرليني", "pounds", "pound", "gbp", "£", "sterling"],
    "eur": ["يورو", "euros", "euro", "eur", "€"],
    "syp": ["ليرة", "ليرات", "ليرة سورية"],
    "iqd": ["دينار", "دنانير", "dinars", "dinar"],
    "egp": ["جنيه", "جنيهات"],
    "percent": ["%", "بالمئة", "بالمائة", "percent", "per cent", "في المئة", "في المائة"],
    "vote": ["صوت", "أصوات", "صوتا", "votes", "vote"],
    "vessel": ["سفينة", "سفن", "باخرة", "بواخر", "vessels", "vessel", "ships", "ship", "boats", "boat"],
    "centre": ["مركز", "مراكز", "centres", "centers", "centre", "center"],
    "degree": ["درجة", "درجات", "degrees", "degree"],
    "killed": ["قتيل", "قتلى", "killed", "dead", "deaths"],
    "injured": ["جريح", "جرحى", "مصاب", "مصابين", "injured", "wounded"],
    "displaced": ["نازح", "نازحين", "لاجئ", "لاجئين", "displaced", "refugees"],
    "station": ["محطة", "محطات", "stations", "station"],
    "unit": ["وحدة", "وحدات", "units", "unit"],
    "generator": ["مولدة", "مولدات", "generators", "generator"],
    "petition": ["توقيع", "تواقيع", "signatures"],
}
UNIT_KEY: dict[str, str] = {}
for _key, _forms in UNIT_WORDS.items():
    for _f in _forms:
        UNIT_KEY.setdefault(fold(_f), _key)

# Time units -> days (durations).  Dual forms carry their own count.
TIME_UNITS: dict[str, tuple[str, float, int]] = {}  # folded form -> (unit, days, count or 0)


def _tu(unit: str, days: float, singular: str, plural: str, dual: str) -> None:
    for w in _words(singular):
        TIME_UNITS[w] = (unit, days, 1)
    for w in _words(plural):
        TIME_UNITS[w] = (unit, days, 0)
    for w in _words(dual):
        TIME_UNITS[w] = (unit, days, 2)


_tu("minute", 1 / 1440, "دقيقة minute", "دقائق minutes", "دقيقتين دقيقتان")
_tu("hour", 1 / 24, "ساعة hour", "ساعات hours", "ساعتين ساعتان")
_tu("day", 1, "يوم يوما day", "أيام days", "يومين يومان")
_tu("week", 7, "أسبوع أسبوعا week", "أسابيع weeks", "أسبوعين أسبوعان fortnight")
_tu("month", 30, "شهر شهرا month", "أشهر شهور months", "شهرين شهران")
_tu("year", 365, "سنة عام عاما year", "سنوات سنين أعوام years", "سنتين سنتان عامين عامان")
_tu("decade", 3650, "عقد decade", "عقود decades", "عقدين عقدان")
_tu("century", 36500, "قرن century", "قرون centuries", "قرنين")
# "عام" also means "general"; it only counts as a unit with a number or a qualifier.
AMBIGUOUS_TIME_UNITS = frozenset(_words("عام عاما عقد"))

MONTHS: dict[str, int] = {}
for _n, _names in enumerate([
    "يناير كانون-الثاني january jan",
    "فبراير شباط february feb",
    "مارس آذار march mar",
    "أبريل إبريل نيسان april apr",
    "مايو أيار may",
    "يونيو يونيه حزيران june jun",
    "يوليو يوليه تموز july jul",
    "أغسطس آب august aug",
    "سبتمبر أيلول september sep sept",
    "أكتوبر تشرين-الأول october oct",
    "نوفمبر تشرين-الثاني november nov",
    "ديسمبر كانون-الأول december dec",
], start=1):
    for _w in _names.split():
        MONTHS[fold(_w.replace("-", " "))] = _n
# Names that are also ordinary words: only months next to a day or a year.
AMBIGUOUS_MONTHS = frozenset(_words("مارس آب may march mar jan dec sept"))

WEEKDAYS: dict[str, int] = {}
for _n, _names in enumerate([
    "الاثنين monday", "الثلاثاء tuesday", "الأربعاء wednesday", "الخميس thursday",
    "الجمعة friday", "السبت saturday", "الأحد sunday",
]):
    for _w in _names.split():
        WEEKDAYS[fold(_w)] = _n
DAYPARTS = frozenset(_words("صباح مساء ليلة ظهر فجر morning evening night afternoon"))

# Arabic number words.
AR_UNITS = {
    **dict.fromkeys(_words("واحد واحدة"), 1), **dict.fromkeys(_words("اثنان اثنين اثنتان اثنتين اثنا اثني"), 2),
    **dict.fromkeys(_words("ثلاث ثلاثة"), 3), **dict.fromkeys(_words("أربع أربعة"), 4),
    **dict.fromkeys(_words("خمس خمسة"), 5), **dict.fromkeys(_words("ست ستة"), 6),
    **dict.fromkeys(_words("سبع سبعة"), 7), **dict.fromkeys(_words("ثمان ثماني ثمانية"), 8),
    **dict.fromkeys(_words("تسع تسعة"), 9), **dict.fromkeys(_words("عشر عشرة"), 10),
}
# Colloquial Levantine and Egyptian forms (ث -> ت, the teens in one word). Left out on purpose: words
# that are also common nouns ("تمن" price, "تنين" dragon, "ميتين" dead) or fractions ("تلت" a third).
AR_UNITS.update({
    **dict.fromkeys(_words("اتنين اتنتين"), 2), **dict.fromkeys(_words("تلات تلاتة"), 3),
    **dict.fromkeys(_words("تمانية تمنية تماني"), 8),
    **dict.fromkeys(_words("حداشر احداشر"), 11), **dict.fromkeys(_words("اتناشر اطناشر"), 12),
    **dict.fromkeys(_words("تلتاشر"), 13), **dict.fromkeys(_words("اربعتاشر اربعطاشر"), 14),
    **dict.fromkeys(_words("خمستاشر خمسطاشر"), 15), **dict.fromkeys(_words("ستاشر سطاشر"), 16),
    **dict.fromkeys(_words("سبعتاشر سبعطاشر"), 17), **dict.fromkeys(_words("تمنتاشر تمانتاشر"), 18),
    **dict.fromkeys(_words("تسعتاشر تسعطاشر"), 19),
})
AR_TEEN_ONE = frozenset(_words("أحد إحدى"))
AR_TENS = {}
for _v, _f in [(20, "عشرون عشرين"), (30, "ثلاثون ثلاثين"), (40, "أربعون أربعين"), (50, "خمسون خمسين"),
               (60, "ستون ستين"), (70, "سبعون سبعين"), (80, "ثمانون ثمانين"), (90, "تسعون تسعين"),
               (30, "تلاتين تلاتون"), (80, "تمانين تمنين")]:  # colloquial
    for _w in _words(_f):
        AR_TENS[_w] = _v
AR_HUNDREDS = {**dict.fromkeys(_words("مئة مائة مية"), 100), **dict.fromkeys(_words("مئتين مئتان مائتين مائتان مئتي مائتي"), 200)}
for _v, _p in [(300, "ثلاث"), (400, "أربع"), (500, "خمس"), (600, "ست"), (700, "سبع"), (800, "ثمان"), (900, "تسع")]:
    AR_HUNDREDS[fold(_p + "مئة")] = _v
    AR_HUNDREDS[fold(_p + "مائة")] = _v
AR_HUNDREDS[fold("ثمانيمئة")] = 800
for _v, _f in [(300, "تلتمية تلاتمية ثلاثمية"), (400, "ربعمية اربعمية أربعمية"), (500, "خمسمية"), (600, "ستمية"),
               (700, "سبعمية"), (800, "تمنمية تمانمية ثمانمية"), (900, "تسعمية")]:  # colloquial
    for _w in _words(_f):
        AR_HUNDREDS[_w] = _v
# word -> (scale, count implied: 1 singular, 2 dual, 0 plural, SCALE_ALIF for "ألفا"/"مليونا": the dual in
# construct state alone ("ألفا شخص", 2,000 people) but the singular with tanwin after a count ("عشرون ألفا")).
SCALE_ALIF = -1
AR_SCALES = {
    **{w: (1000, 1) for w in _words("ألف")}, **{w: (1000, 2) for w in _words("ألفان ألفين ألفي")},
    **{w: (1000, 0) for w in _words("آلاف")},
    **{w: (10**6, 1) for w in _words("مليون")}, **{w: (10**6, 2) for w in _words("مليونان مليونين مليوني")},
    **{w: (10**6, 0) for w in _words("ملايين")},
    **{w: (10**9, 1) for w in _words("مليار بليون")}, **{w: (10**9, 2) for w in _words("ملياران مليارين ملياري")},
    **{w: (10**9, 0) for w in _words("مليارات")},
    **{w: (scale, SCALE_ALIF) for w, scale in ((fold("ألفا"), 1000), (fold("مليونا"), 10**6), (fold("مليارا"), 10**9))},
}
AR_FRACTIONS = {**dict.fromkeys(_words("نصف النصف"), 0.5), **dict.fromkeys(_words("ثلث الثلث"), 1 / 3),
                **dict.fromkeys(_words("ربع الربع"), 0.25), **dict.fromkeys(_words("ثلثي ثلثا"), 2 / 3)}
AR_VAGUE = {fold("عشرات"): 10, fold("مئات"): 100, fold("بضع"): 3, fold("بضعة"): 3}
AR_TIMES = {fold("مرتين"): 2, fold("مرتان"): 2}

EN_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
EN_TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if i > 1}
EN_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12,
             "m": 10**6, "mn": 10**6, "bn": 10**9, "k": 1000}
EN_VAGUE = {"dozens": 12, "hundreds": 100, "thousands": 1000, "millions": 10**6, "scores": 20, "several": 3}
EN_FRACTIONS = {"half": 0.5, "third": 1 / 3, "quarter": 0.25, "fifth": 0.2, "tenth": 0.1}
EN_TIMES = {"twice": 2, "thrice": 3}

# Quantity qualifiers: phrase (folded tokens) -> qualifier.
QUALIFIERS: dict[tuple[str, ...], str] = {}
for _q, _phrases in {
    "approx": "نحو|بنحو|قرابة|حوالي|بحوالي|زهاء|ما يقارب|يقارب|ما يناهز|يناهز|تقريبا"
              "|about|around|approximately|roughly|nearly|almost|some|an estimated|estimated|close to|circa",
    "more_than": "أكثر من|بأكثر من|ما يزيد عن|ما يزيد على|يزيد عن|يزيد على|أزيد من|تجاوزت|تجاوز|يتجاوز|تتجاوز"
                 "|more than|over|above|in excess of|upwards of|exceed|exceeds|exceeded|exceeding",
    "less_than": "أقل من|بأقل من|ما دون|fewer than|less than|under|below",
    "up_to": "تصل إلى|يصل إلى|ما يصل إلى|حتى|up to|as many as|as much as",
    "at_least": "ما لا يقل عن|لا يقل عن|لا تقل عن|على الأقل|at least|no fewer than|no less than",
}.items():
    for _p in _phrases.split("|"):
        QUALIFIERS[tuple(fold(_p).split())] = _q

# English function words -> tags (English is matched in lower case).
_add(LEX_EN, "said says say told tells added stated reported reports announced confirmed noted wrote claimed "
     "estimated estimates argued warned insisted explained denied admitted acknowledged quoted "
     "predicted believes".split(), "attr_verb")
_add(LEX_EN, ["according", "citing"], "attr_prep")
_add(LEX_EN, "will shall expected expects expect plans planned planning scheduled forecast projected "
     "due set going would should".split(), "predict")
_add(LEX_EN, "next coming upcoming".split(), "future_rel")
_add(LEX_EN, "last past previous recent recently ago earlier".split(), "past_rel")
_add(LEX_EN, "not no never declined refused n't".split(), "neg")
_add(LEX_EN, "comment commented said announced confirmed responded disclosed explained".split(), "report_v")
_add(LEX_EN, "unclear uncertain".split(), "unclear")
_add(LEX_EN, "considered signals signal appears seems believe important significant notable "
     "crucial convinced questioned argued hope hopes".split(), "opinion")
_add(LEX_EN, "may might could possibly perhaps potential potentially".split(), "hedge")
_add(LEX_EN, "whether".split(), "whether")
_add(LEX_EN, "largest biggest smallest highest lowest most least longest shortest fastest slowest oldest newest "
     "worst best busiest deadliest heaviest".split(), "superlative")
_add(LEX_EN, "record unprecedented ever".split(), "record")
_add(LEX_EN, ["first"], "first")
_add(LEX_EN, "larger bigger smaller higher lower longer shorter faster older newer worse better "
     "than compared".split(), "versus")
_add(LEX_EN, "base bases province provinces district districts region city town village port harbour harbor "
     "airport border crossing camp street river bridge dam county state governorate neighbourhood "
     "neighborhood basin station university".split(), "place_cue")
_add(LEX_EN, "north south east west northern southern eastern western northeast northwest southeast "
     "southwest".split(), "direction")
_add(LEX_EN, ["border", "borders", "frontier"], "border")
_add(LEX_EN, ["located", "lies", "situated"], "locverb")
_add(LEX_EN, "ministry minister government council agency company army forces coalition pentagon officials "
     "official authority authorities department mayor spokesman spokeswoman spokesperson director police "
     "chamber association inspectors committee union parliament court".split(), "actor")
_add(LEX_EN, "authority agency ministry officials official spokesman spokeswoman spokesperson council "
     "minutes report statement figures data inspectors association chamber department police mayor "
     "director minister government committee reuters ap afp".split(), "source")
_add(LEX_EN, ["same"], "same")
_add(LEX_EN, """
withdrew withdraw withdrawn withdrawal handed evacuated evacuation moved entered began begin begun started
closed closure opened reopened reopening arrived killed injured arrested attacked launched signed rose risen
fell fallen increased decreased reached recorded approved rejected allocated spent cut raised built
completed delayed suspended resumed damaged flooded produced harvested received delivered voted passed
committed borrow borrowed rescued burst diverted handled installed collapsed contained laid dock docked
berth operate operated lost protect protected campaigned fixed includes include cost costs failed met
resume resumes reopen reopens arrive arrives arriving close closes open opens start starts leave leaves
withdraws withdrawing evacuate evacuates hand hands deliver delivers rise rises fall falls increase cut cuts
""".split(), "event")

# Stop words (both languages) for lexical keys and unit guessing.
STOP_WORDS = frozenset(_words("""
في من إلى على عن مع بين حول حتى منذ خلال بعد قبل عند لدى ضد دون نحو عبر تحت فوق أمام وراء
و أو ثم ف أم بل لا لم لن ما ماذا إذا إن أن كان كانت يكون تكون كانوا قد لقد هذا هذه ذلك تلك هؤلاء
التي الذي الذين اللذين اللتين هو هي هم هن نحن أنا أنت الى علي كل بعض جميع أي غير سوى كما لكن
ليس ليست إلا أيضا فقط حيث إذ بأن فإن وإن إنه أنه أنها لأن ضمن وفق بحسب حسب ذات نفس عدة عدد
the a an of to in on at for from by with and or but as is are was were be been being this that these
those it its their there here which who whom whose what when where while than then so such not no
has have had do does did will would shall should can could may might must into about over after
before between during under also only just more most other some any each all per via up out off
he she they we you i his her our your them us
"""))
COMPLEMENTIZERS_AR = frozenset(_words("أن إن بأن فإن وإن وأن أنه أنها بأنه بأنها فإنه إنه إنها لأن إنو بإنو وإنو إنّو"))

# Arabic dual nouns: "شاحنتين" is two trucks, "مدرستين" two schools, "شخصان" two persons.
_NOT_DUAL_UNITS = frozenset({"percent", "usd", "syp", "iqd", "egp", "gbp", "eur", "cent"})
_DUAL_ENDINGS = (("تين", "ه"), ("تان", "ه"), ("تي", "ه"), ("ان", ""), ("ين", ""))


def _participle(base: str) -> bool:
    """فاعل ("عامل", "نازح"): such nouns take the plural in ين too ("عاملين" is workers, not two)."""
    return len(base) == 4 and base[1] == "ا"


def dual_noun(f: str) -> str | None:
    """The unit of a folded Arabic word read as a dual noun (the noun counts two of itself): its unit key
    when the unit list knows the noun; "" for a feminine noun it does not know ("مدرستين", "غارتين": the noun
    is the unit); None when the word is not read as a dual.

    A feminine dual (تين/تان) cannot be a plural (that is ات). A masculine ending is read only on a known
    unit, and ين not on a known plural form or a فاعل noun: "لاجئين", "مدنيين", "عاملين" are plurals;
    words ending in "ستان" are countries."""
    if f in AR_TIMES or f in TIME_UNITS or f in STOP_WORDS or f in UNIT_KEY or f.startswith("ال") or f.endswith("ستان"):
        return None
    if any(w in table for w in (f, f[1:]) for table in (AR_UNITS, AR_TENS, AR_HUNDREDS, AR_SCALES)):
        return None  # "تلاتين", "وثلاثين": a number word
    for suf, add in _DUAL_ENDINGS:
        if not f.endswith(suf) or len(f) <= len(suf) + 2:
            continue
        base = f[: -len(suf)] + add
        for b in (base, base[1:]) if base[0] in "وبل" else (base,):
            key = UNIT_KEY.get(b)
            if key and not (suf == "ين" and (_participle(b) or b + "ون" in UNIT_KEY)):
                return None if key in _NOT_DUAL_UNITS else key
        if add and suf != "تي" and len(base) >= 4 and base not in STOP_WORDS and base not in TIME_UNITS:
            return ""
    return None

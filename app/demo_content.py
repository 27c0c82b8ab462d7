"""Demo content for ClaimDesk: two original articles, their claims, and demo users.

Everything here was written for the demo in the desk's own words. It reports the
same events as Enab Baladi's article of 21 February 2026 on the evacuation of
Qasrak base, but does not reproduce its text. Evidence entries point at
demo.claimdesk.example source records, not at real article URLs; their excerpts
are short paraphrases written by the desk. The "local monitor" source is a
fictional source that exists only to show a conflicting figure.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------
# Shared source records (the same URL is reused across several claims).
# ---------------------------------------------------------------------------

_ENAB_BALADI = {
    "url": "https://demo.claimdesk.example/sources/enab-baladi-2026-02-21",
    "title": "Coalition starts evacuating Qasrak base in Hasakah (demo source record)",
    "publisher": "Enab Baladi",
    "published_at": "2026-02-21",
    "reliability": "B",
}

_REUTERS = {
    "url": "https://demo.claimdesk.example/sources/reuters-2026-02-19",
    "title": "US plans to withdraw remaining troops from Syria (demo source record)",
    "publisher": "Reuters",
    "published_at": "2026-02-19",
    "reliability": "A",
}

_AP = {
    "url": "https://demo.claimdesk.example/sources/ap-syria-drawdown",
    "title": "AP report on the US drawdown in Syria (demo source record)",
    "publisher": "Associated Press",
    "published_at": None,
    "reliability": "A",
}

_SDF_MEDIA = {
    "url": "https://demo.claimdesk.example/sources/sdf-affiliated-media-2026-02-21",
    "title": "SDF-affiliated outlets on the Qasrak evacuation (demo source record)",
    "publisher": "Media outlets close to the SDF",
    "published_at": "2026-02-21",
    "reliability": "D",
}

_LOCAL_MONITOR = {
    "url": "https://demo.claimdesk.example/sources/hasakah-monitor-2026-02-21",
    "title": "Hasakah convoy sighting (fictional demo source)",
    "publisher": "Hasakah Local Monitor (fictional)",
    "published_at": "2026-02-21",
    "reliability": "E",
}

_BACKGROUND = {
    "url": "https://demo.claimdesk.example/sources/coalition-in-syria-background",
    "title": "Background file: the US-led coalition in Syria since 2014 (demo record)",
    "publisher": "ClaimDesk research desk",
    "published_at": None,
    "reliability": "B",
}


# ---------------------------------------------------------------------------
# Article 1: Arabic
# ---------------------------------------------------------------------------

_AR_BODY = (
    "شرعت قوات التحالف الدولي بقيادة الولايات المتحدة في نقل عتادها ومعداتها "
    "من قاعدة «قسرك» الواقعة في ريف محافظة الحسكة الشمالي، في عملية انطلقت "
    "قبل أيام من ٢١ شباط ٢٠٢٦، بحسب ما أفادت به وسائل إعلام محسوبة على "
    "«قوات سوريا الديمقراطية» (قسد)، نقلًا عن مصادر لم تكشف هويتها.\n\n"
    "وتقدّر هذه الوسائل أن يستغرق إخلاء القاعدة قرابة ثلاثين يومًا، على أن "
    "تتسارع وتيرة النقل تدريجيًا، مشيرة إلى أن الجنود والمعدات المنسحبة "
    "ستُنقل إلى إقليم كردستان العراق. غير أنها لم تحسم ما إذا كان الأمر "
    "يتعلق بإخلاء تام للقاعدة أم بتقليص جزئي لعدد القوات فيها.\n\n"
    "وفي مؤشر ميداني على ذلك، شوهدت صباح السبت قافلة عسكرية أمريكية تعبر من "
    "جهة الحدود العراقية متجهة نحو القاعدة، وضمّت ما يزيد على ٢٠ شاحنة خالية "
    "من الحمولة ترافقها عربات عسكرية، وهو ما فُسّر على أنه استعداد لتحميل "
    "المعدات ونقلها إلى خارج البلاد.\n\n"
    "وتحتل «قسرك» مكانة خاصة في خريطة الانتشار العسكري الأجنبي، إذ تُصنَّف بين كبرى "
    "قواعد التحالف على الأراضي السورية، وتؤدي دور مركز إمداد وعمليات في "
    "الشمال الشرقي بحكم قربها من الطريق الدولي ومن الشريط الحدودي مع العراق. "
    "وإلى جانبها، لا يزال التحالف يشغل قاعدة خراب الجير قرب رميلان، المنطقة "
    "المعروفة بحقولها النفطية.\n\n"
    "ولا تبدو الخطوة معزولة عن سياقها؛ فقبل أسابيع أخلت قوات التحالف قاعدة "
    "الشدادي في جنوب الحسكة، وقاعدة التنف عند نقطة التقاء الحدود السورية "
    "والأردنية والعراقية، وسلّمت الموقعين إلى الحكومة السورية، في تطور رأى "
    "فيه مراقبون علامة على مراجعة واشنطن لحجم حضورها العسكري في البلاد.\n\n"
    "وكانت وكالة «رويترز» قد نقلت في ١٩ شباط عن مسؤولين أمريكيين أن بلادهم "
    "تعتزم إعادة كامل جنودها الباقين في سوريا، وعددهم ما يقارب 1000 جندي، على "
    "مراحل قد تمتد حتى شهرين. أما وكالة «أسوشيتد برس» فذكرت أن القرار اتُّخذ "
    "إثر مراجعة للوضع الأمني على الأرض، ورأت فيه إعادة تموضع لا قطيعة كاملة "
    "مع الملف الأمني في المنطقة.\n\n"
    "في المقابل، التزمت وزارة الدفاع الأمريكية (البنتاغون) الصمت، ولم تُصدر "
    "أي توضيح رسمي يبيّن ما إذا كان إخلاء «قسرك» حلقة في خطة الانسحاب الشامل "
    "أم مجرد إجراء ميداني محدود. كما لم يُعلَن رسميًا إغلاق القاعدة، ولا "
    "الجهة التي قد تتسلمها لاحقًا.\n\n"
    "فهل يمهّد ما يجري في «قسرك» لطيّ صفحة الوجود الأمريكي في شمال شرقي "
    "سوريا؟ سؤال يشغل «قسد» التي استندت طوال سنوات إلى دعم التحالف عسكريًا "
    "ولوجستيًا، ويفتح بدوره نقاشًا حول مستقبل ملاحقة خلايا تنظيم «الدولة "
    "الإسلامية»، وحول شكل العلاقة المقبلة بين «الإدارة الذاتية» ودمشق.\n\n"
    "يُذكر أن الانخراط العسكري الأمريكي في سوريا بدأ عام 2014 ضمن التحالف "
    "الذي تشكّل لمحاربة التنظيم، ثم اتسع تدريجيًا ليشمل شبكة من القواعد "
    "ونقاط التمركز في الشمال الشرقي.\n\n"
    "أُعدّ هذا الخبر استنادًا إلى تقرير نشره موقع عنب بلدي في ٢١ شباط ٢٠٢٦، "
    "وإلى ما أوردته وكالتا «رويترز» و«أسوشيتد برس»."
)

_AR_CLAIMS = [
    {
        "quote": "انطلقت قبل أيام من ٢١ شباط ٢٠٢٦",
        "statement": "بدأ نقل معدات التحالف من قاعدة قسرك قبل أيام من ٢١ شباط ٢٠٢٦.",
        "kind": "time",
        "attributed_to": "وسائل إعلام مقرّبة من قسد نقلًا عن مصادر غير معلنة",
        "stage": "in_review",
        "verdict": "likely_true",
        "confidence": "medium",
        "rationale": "يتقاطع تقرير عنب بلدي مع ما نشرته المنابر المقرّبة من قسد، "
        "لكن المصدر الأصلي واحد ولم يصدر تأكيد رسمي بعد.",
        "recheck_on": None,
        "evidence": [
            {
                **_ENAB_BALADI,
                "credibility": 3,
                "stance": "supports",
                "excerpt": "ينقل التقرير عن منابر قريبة من قسد أن نقل المعدات من "
                "القاعدة بدأ قبل أيام من صدوره.",
                "reported_value": None,
                "reported_unit": None,
                "note": "مصدر ثانوي يعتمد على مصادر «خاصة» لم تُسمَّ.",
            },
            {
                **_SDF_MEDIA,
                "credibility": 3,
                "stance": "supports",
                "excerpt": "تتحدث المنابر عن بدء نقل المعدات قبل أيام وتوقّع "
                "تصاعد الوتيرة لاحقًا.",
                "reported_value": None,
                "reported_unit": None,
                "note": "منابر ذات صلة بطرف معنيّ؛ تحتاج إلى مصدر مستقل.",
            },
        ],
    },
    {
        "quote": "قرابة ثلاثين يومًا",
        "statement": "يُتوقع أن يستغرق إخلاء قاعدة قسرك نحو شهر.",
        "kind": "duration",
        "attributed_to": "وسائل إعلام مقرّبة من قسد",
        "stage": "in_review",
        "verdict": "unverified",
        "confidence": "low",
        "rationale": "توقّع مستقبلي لا يمكن الحكم عليه الآن؛ يُعاد فحصه بعد انقضاء "
        "المدة المذكورة.",
        "recheck_on": "2026-03-25",
        "evidence": [
            {
                **_SDF_MEDIA,
                "credibility": 3,
                "stance": "supports",
                "excerpt": "تقدّر المنابر أن يستمر الإخلاء نحو شهر كامل.",
                "reported_value": "1",
                "reported_unit": "شهر",
                "note": "تقدير لا تقرير عن واقعة.",
            },
            {
                **_REUTERS,
                "credibility": 2,
                "stance": "context",
                "excerpt": "يتحدث عن انسحاب تدريجي لكامل القوات قد يستغرق حتى "
                "شهرين، دون تفصيل لكل قاعدة.",
                "reported_value": "2",
                "reported_unit": "شهر",
                "note": "المدة تخص الانسحاب الشامل لا قاعدة قسرك وحدها.",
            },
        ],
    },
    {
        "quote": "ستُنقل إلى إقليم كردستان العراق",
        "statement": "القوات والمعدات المنسحبة من قسرك تتجه إلى إقليم كردستان العراق.",
        "kind": "place",
        "attributed_to": "وسائل إعلام مقرّبة من قسد",
        "stage": "awaiting_approval",
        "verdict": "likely_true",
        "confidence": "medium",
        "rationale": "دخول القافلة من الحدود العراقية ينسجم مع وجهة كردستان، لكن "
        "لا تأكيد رسميًا للوجهة.",
        "recheck_on": None,
        "evidence": [
            {
                **_SDF_MEDIA,
                "credibility": 3,
                "stance": "supports",
                "excerpt": "تذكر المنابر أن القوات المنسحبة ستذهب إلى إقليم كردستان.",
                "reported_value": None,
                "reported_unit": None,
                "note": "",
            },
            {
                **_ENAB_BALADI,
                "credibility": 2,
                "stance": "context",
                "excerpt": "رصد مراسل في الحسكة قافلة قادمة من جهة الحدود العراقية "
                "نحو القاعدة.",
                "reported_value": None,
                "reported_unit": None,
                "note": "يدعم الوجهة بصورة غير مباشرة فقط.",
            },
        ],
    },
    {
        "quote": "ما يزيد على ٢٠ شاحنة خالية",
        "statement": "ضمّت القافلة التي وصلت إلى قسرك أكثر من 20 شاحنة فارغة.",
        "kind": "quantity",
        "attributed_to": "مراسل في الحسكة",
        "stage": "in_review",
        "verdict": "mixed",
        "confidence": "low",
        "rationale": "مصدر محلي (تجريبي) يذكر رقمًا أكبر بكثير؛ يلزم تصوير أو "
        "شاهد مستقل لحسم العدد.",
        "recheck_on": None,
        "evidence": [
            {
                **_ENAB_BALADI,
                "credibility": 2,
                "stance": "supports",
                "excerpt": "يفيد المراسل بأن القافلة ضمّت أكثر من عشرين شاحنة فارغة "
                "مع آليات عسكرية.",
                "reported_value": "أكثر من 20",
                "reported_unit": "شاحنة",
                "note": "مشاهدة مباشرة لمراسل.",
            },
            {
                **_LOCAL_MONITOR,
                "credibility": 4,
                "stance": "contradicts",
                "excerpt": "حساب محلي يتحدث عن نحو مئة شاحنة دخلت باتجاه القاعدة.",
                "reported_value": "نحو 100",
                "reported_unit": "شاحنة",
                "note": "مصدر وهمي لأغراض العرض؛ رقم غير مدعوم بصور.",
            },
        ],
    },
    {
        "quote": "بين كبرى قواعد التحالف على الأراضي السورية",
        "statement": "قاعدة قسرك من أكبر قواعد التحالف الدولي في سوريا.",
        "kind": "comparison",
        "attributed_to": None,
        "stage": "open",
        "verdict": "unverified",
        "confidence": None,
        "rationale": "",
        "recheck_on": None,
        "evidence": [],
    },
    {
        "quote": "وسلّمت الموقعين إلى الحكومة السورية",
        "statement": "سلّم التحالف قاعدتي الشدادي والتنف إلى الحكومة السورية قبل أسابيع.",
        "kind": "event",
        "attributed_to": None,
        "stage": "approved",
        "verdict": "confirmed",
        "confidence": "high",
        "rationale": "ورد التسليم في تقرير عنب بلدي ويطابق ملف الخلفية لدى فريق التحقق.",
        "recheck_on": None,
        "evidence": [
            {
                **_ENAB_BALADI,
                "credibility": 2,
                "stance": "supports",
                "excerpt": "يذكر التقرير انسحاب التحالف من الشدادي والتنف وتسليمهما "
                "لدمشق قبل أسابيع.",
                "reported_value": None,
                "reported_unit": None,
                "note": "",
            },
            {
                **_BACKGROUND,
                "credibility": 2,
                "stance": "supports",
                "excerpt": "يسجّل ملف الخلفية تسلّم القوات الحكومية السورية موقعي "
                "الشدادي والتنف بعد خروج التحالف منهما.",
                "reported_value": None,
                "reported_unit": None,
                "note": "",
            },
        ],
    },
    {
        "quote": "نقلت في ١٩ شباط عن مسؤولين أمريكيين",
        "statement": "نشرت رويترز في ١٩ شباط ٢٠٢٦ تقريرًا نقلت فيه عن مسؤولين "
        "أمريكيين خطة لسحب جميع القوات من سوريا.",
        "kind": "attribution",
        "attributed_to": "رويترز",
        "stage": "approved",
        "verdict": "confirmed",
        "confidence": "high",
        "rationale": "تحققنا من سجل تقرير رويترز وتاريخه ومصادره.",
        "recheck_on": None,
        "evidence": [
            {
                **_REUTERS,
                "credibility": 1,
                "stance": "supports",
                "excerpt": "تقرير بتاريخ ١٩ شباط ينسب خطة الانسحاب الكامل إلى "
                "مسؤولين أمريكيين لم يُكشف عنهم.",
                "reported_value": None,
                "reported_unit": None,
                "note": "",
            },
        ],
    },
    {
        "quote": "ما يقارب 1000 جندي",
        "statement": "يبلغ عدد الجنود الأمريكيين الباقين في سوريا نحو 1000 جندي.",
        "kind": "quantity",
        "attributed_to": "رويترز نقلًا عن مسؤولين أمريكيين",
        "stage": "awaiting_approval",
        "verdict": "likely_true",
        "confidence": "medium",
        "rationale": "الرقم منسوب إلى مسؤولين عبر رويترز، والأرقام المعلنة تغيّرت "
        "عبر السنوات.",
        "recheck_on": None,
        "evidence": [
            {
                **_REUTERS,
                "credibility": 2,
                "stance": "supports",
                "excerpt": "يقدّر عدد القوات المتبقية بنحو ألف جندي.",
                "reported_value": "1000",
                "reported_unit": "جندي",
                "note": "",
            },
            {
                **_BACKGROUND,
                "credibility": 3,
                "stance": "context",
                "excerpt": "تفاوتت الأعداد المعلنة رسميًا للقوات الأمريكية في سوريا "
                "من مرحلة إلى أخرى.",
                "reported_value": None,
                "reported_unit": None,
                "note": "سياق فقط؛ لا رقم رسمي حديث.",
            },
        ],
    },
    {
        "quote": "اتُّخذ إثر مراجعة للوضع الأمني على الأرض",
        "statement": "أفادت أسوشيتد برس بأن قرار الانسحاب جاء بعد تقييم للوضع الأمني "
        "الميداني.",
        "kind": "attribution",
        "attributed_to": "أسوشيتد برس",
        "stage": "open",
        "verdict": "unverified",
        "confidence": None,
        "rationale": "",
        "recheck_on": None,
        "evidence": [],
    },
    {
        "quote": "الانخراط العسكري الأمريكي في سوريا بدأ عام 2014",
        "statement": "بدأ الانخراط العسكري الأمريكي في سوريا ضمن التحالف الدولي عام 2014.",
        "kind": "time",
        "attributed_to": None,
        "stage": "approved",
        "verdict": "confirmed",
        "confidence": "high",
        "rationale": "بدأت الحملة الجوية للتحالف في سوريا في أيلول 2014؛ أما "
        "الانتشار البري فجاء لاحقًا، والعبارة تتحدث عن الانخراط عمومًا.",
        "recheck_on": None,
        "evidence": [
            {
                **_BACKGROUND,
                "credibility": 1,
                "stance": "supports",
                "excerpt": "بدأت غارات التحالف في سوريا خريف 2014، وتلاها نشر قوات "
                "برية في مرحلة لاحقة.",
                "reported_value": "2014",
                "reported_unit": "سنة",
                "note": "يفرّق بين بدء الغارات وبدء الانتشار البري.",
            },
        ],
    },
]


# ---------------------------------------------------------------------------
# Article 2: English
# ---------------------------------------------------------------------------

_EN_BODY = (
    "The United States is preparing to pull its remaining troops out of Syria, "
    "Reuters reported on 19 February 2026, citing US officials. The plan would "
    "cover roughly 1,000 service members and could be carried out in stages "
    "over as long as two months.\n\n"
    "Within days, the first visible signs of the drawdown appeared in the "
    "north-east. Outlets close to the Kurdish-led Syrian Democratic Forces (SDF) "
    "said the US-led coalition had started moving equipment out of Qasrak, one "
    "of its biggest installations in the country, in the northern countryside "
    "of Hasakah province. According to those outlets, the work had begun "
    "several days before 21 February and was expected to last around a month, "
    "with departing personnel relocating to the Kurdistan Region of Iraq.\n\n"
    "On the morning of Saturday, 21 February, a US military convoy was seen "
    "crossing from the Iraqi border toward the base. Enab Baladi reported that "
    "it included military vehicles and more than 20 trucks that arrived empty, "
    "which local observers read as a sign that loading was about to begin.\n\n"
    "Qasrak is not the first site to be vacated. In recent weeks coalition "
    "troops left al-Shaddadi, in southern Hasakah, and al-Tanf, near the point "
    "where the Syrian, Jordanian and Iraqi borders meet, and both bases were "
    "handed to the Syrian government. For now the coalition still operates "
    "from Kharab al-Jir, close to the oil fields of Rmelan.\n\n"
    "The Associated Press reported that the decision followed a review of the "
    "security situation on the ground, and described the move as a "
    "repositioning rather than a complete disengagement from regional "
    "security. The Pentagon had not commented publicly on whether the Qasrak "
    "evacuation is part of the broader withdrawal, and no formal closure of "
    "the base has been announced.\n\n"
    "A full exit would close a chapter that opened in 2014, when the US-led "
    "coalition launched its campaign against the Islamic State group in "
    "Syria. It would also leave the SDF, which has leaned on coalition support "
    "for years, facing hard questions about the fight against the group's "
    "remaining cells and about its future relationship with Damascus.\n\n"
    "This report summarises Enab Baladi's article of 21 February 2026 and "
    "Reuters, 19 February 2026."
)

_EN_CLAIMS = [
    {
        "quote": "roughly 1,000 service members",
        "statement": "About 1,000 US troops remain in Syria.",
        "kind": "quantity",
        "attributed_to": "Reuters, citing US officials",
        "stage": "approved",
        "verdict": "likely_true",
        "confidence": "medium",
        "rationale": "Figure attributed to US officials via Reuters; official "
        "troop counts have shifted over the years, so not marked confirmed.",
        "recheck_on": None,
        "evidence": [
            {
                **_REUTERS,
                "credibility": 2,
                "stance": "supports",
                "excerpt": "US officials put the remaining force at about a thousand "
                "troops.",
                "reported_value": "1000",
                "reported_unit": "troops",
                "note": "",
            },
            {
                **_BACKGROUND,
                "credibility": 3,
                "stance": "context",
                "excerpt": "Publicly disclosed US troop numbers in Syria have varied "
                "between periods.",
                "reported_value": None,
                "reported_unit": None,
                "note": "Context only; no recent official figure on file.",
            },
        ],
    },
    {
        "quote": "over as long as two months",
        "statement": "The full US withdrawal from Syria may take up to two months.",
        "kind": "duration",
        "attributed_to": "Reuters, citing US officials",
        "stage": "in_review",
        "verdict": "unverified",
        "confidence": "low",
        "rationale": "Forward-looking timeline; recheck once the window has passed.",
        "recheck_on": "2026-04-20",
        "evidence": [
            {
                **_REUTERS,
                "credibility": 2,
                "stance": "supports",
                "excerpt": "The withdrawal would be gradual and could stretch to two "
                "months.",
                "reported_value": "2",
                "reported_unit": "months",
                "note": "",
            },
        ],
    },
    {
        "quote": "relocating to the Kurdistan Region of Iraq",
        "statement": "Personnel leaving Qasrak are moving to Iraq's Kurdistan Region.",
        "kind": "place",
        "attributed_to": "Outlets close to the SDF",
        "stage": "awaiting_approval",
        "verdict": "likely_true",
        "confidence": "medium",
        "rationale": "Consistent with the convoy arriving from the Iraqi border, "
        "but the destination has not been officially confirmed.",
        "recheck_on": None,
        "evidence": [
            {
                **_SDF_MEDIA,
                "credibility": 3,
                "stance": "supports",
                "excerpt": "Outlets say the departing forces will go to the Kurdistan "
                "Region.",
                "reported_value": None,
                "reported_unit": None,
                "note": "",
            },
            {
                **_ENAB_BALADI,
                "credibility": 2,
                "stance": "context",
                "excerpt": "A Hasakah correspondent saw a convoy arrive from the Iraqi "
                "border side.",
                "reported_value": None,
                "reported_unit": None,
                "note": "Indirect support for the destination.",
            },
        ],
    },
    {
        "quote": "more than 20 trucks that arrived empty",
        "statement": "The convoy that reached Qasrak included more than 20 empty "
        "trucks.",
        "kind": "quantity",
        "attributed_to": "Enab Baladi correspondent",
        "stage": "in_review",
        "verdict": "mixed",
        "confidence": "low",
        "rationale": "A (fictional) local monitor gives a much higher count; "
        "independent imagery needed.",
        "recheck_on": None,
        "evidence": [
            {
                **_ENAB_BALADI,
                "credibility": 2,
                "stance": "supports",
                "excerpt": "Correspondent counted more than twenty empty trucks plus "
                "military vehicles.",
                "reported_value": "more than 20",
                "reported_unit": "trucks",
                "note": "First-hand sighting.",
            },
            {
                **_LOCAL_MONITOR,
                "credibility": 4,
                "stance": "contradicts",
                "excerpt": "Local account claims about a hundred trucks headed to "
                "the base.",
                "reported_value": "about 100",
                "reported_unit": "trucks",
                "note": "Fictional demo source; no imagery.",
            },
        ],
    },
    {
        "quote": "one of its biggest installations in the country",
        "statement": "Qasrak is one of the largest coalition bases in Syria.",
        "kind": "comparison",
        "attributed_to": None,
        "stage": "open",
        "verdict": "unverified",
        "confidence": None,
        "rationale": "",
        "recheck_on": None,
        "evidence": [],
    },
    {
        "quote": "both bases were handed to the Syrian government",
        "statement": "The coalition handed al-Shaddadi and al-Tanf bases to the "
        "Syrian government.",
        "kind": "event",
        "attributed_to": None,
        "stage": "approved",
        "verdict": "confirmed",
        "confidence": "high",
        "rationale": "Reported by Enab Baladi and matches the desk background file.",
        "recheck_on": None,
        "evidence": [
            {
                **_ENAB_BALADI,
                "credibility": 2,
                "stance": "supports",
                "excerpt": "Coalition left al-Shaddadi and al-Tanf weeks earlier and "
                "handed both to Damascus.",
                "reported_value": None,
                "reported_unit": None,
                "note": "",
            },
            {
                **_BACKGROUND,
                "credibility": 2,
                "stance": "supports",
                "excerpt": "Desk background file records Syrian government forces "
                "taking over al-Shaddadi and al-Tanf after the coalition left.",
                "reported_value": None,
                "reported_unit": None,
                "note": "",
            },
        ],
    },
    {
        "quote": "followed a review of the security situation on the ground",
        "statement": "According to AP, the withdrawal decision followed a security "
        "assessment.",
        "kind": "attribution",
        "attributed_to": "Associated Press",
        "stage": "in_review",
        "verdict": "likely_true",
        "confidence": "medium",
        "rationale": "AP record located; publication date still to be confirmed.",
        "recheck_on": None,
        "evidence": [
            {
                **_AP,
                "credibility": 2,
                "stance": "supports",
                "excerpt": "AP links the decision to an assessment of security "
                "conditions and calls it a repositioning.",
                "reported_value": None,
                "reported_unit": None,
                "note": "Date not yet recorded.",
            },
        ],
    },
    {
        "quote": "The Pentagon had not commented publicly",
        "statement": "The Pentagon had not commented on the Qasrak evacuation at "
        "the time of writing.",
        "kind": "event",
        "attributed_to": None,
        "stage": "open",
        "verdict": "unverified",
        "confidence": None,
        "rationale": "",
        "recheck_on": None,
        "evidence": [],
    },
    {
        "quote": "a chapter that opened in 2014",
        "statement": "US military involvement in Syria as part of the coalition "
        "began in 2014.",
        "kind": "time",
        "attributed_to": None,
        "stage": "approved",
        "verdict": "confirmed",
        "confidence": "high",
        "rationale": "Coalition air strikes in Syria began in September 2014; "
        "ground deployments came later, which the wording does not contradict.",
        "recheck_on": None,
        "evidence": [
            {
                **_BACKGROUND,
                "credibility": 1,
                "stance": "supports",
                "excerpt": "Coalition air campaign in Syria started in autumn 2014; "
                "ground forces followed later.",
                "reported_value": "2014",
                "reported_unit": "year",
                "note": "Distinguishes air campaign from ground deployment.",
            },
        ],
    },
]


ARTICLES: list[dict] = [
    {
        "title": "التحالف يباشر إخلاء «قسرك» شمالي الحسكة وسط حديث عن انسحاب "
        "أمريكي شامل من سوريا",
        "body": _AR_BODY,
        "language": "ar",
        "url": "https://demo.claimdesk.example/ar/qasrak-evacuation",
        "publisher": "ClaimDesk demo desk",
        "published_at": "2026-02-22",
        "claims": _AR_CLAIMS,
    },
    {
        "title": "US weighs full Syria exit as coalition starts emptying Qasrak base",
        "body": _EN_BODY,
        "language": "en",
        "url": "https://demo.claimdesk.example/en/us-syria-drawdown",
        "publisher": "ClaimDesk demo desk",
        "published_at": "2026-02-23",
        "claims": _EN_CLAIMS,
    },
]


USERS: list[dict] = [
    {"email": "admin@demo.claimdesk.example", "role": "admin", "name": "Demo Admin"},
    {"email": "editor@demo.claimdesk.example", "role": "editor", "name": "Layla Haddad"},
    {"email": "editor2@demo.claimdesk.example", "role": "editor", "name": "Daniel Moreau"},
    {"email": "reviewer@demo.claimdesk.example", "role": "reviewer", "name": "ريم الحسن"},
]

"""A small bilingual gazetteer: Arabic and English names mapped to one place id.

The desk can extend :data:`PLACES` (or call :func:`add_place`) with the places
its articles cover.  Each entry: ``(id, level, arabic names, english names,
arabic adjectives, english adjectives)``, names separated by ``|``.  Levels:
``country``, ``region``, ``city``, ``site`` (bases, towns, districts,
crossings), ``feature`` (rivers, roads).  Adjectives ("السورية", "Iraqi")
give a place key for similarity but count only weakly as a place mention.
"""

from __future__ import annotations

from dataclasses import dataclass

from .normalize import fold

PLACES: list[tuple[str, str, str, str, str, str]] = [
    # --- countries -------------------------------------------------------------
    ("syria", "country", "سوريا|سورية|الجمهورية العربية السورية", "Syria",
     "سوري|السوري|السورية|سوريين|السوريين|السوريون", "Syrian|Syrians"),
    ("iraq", "country", "العراق", "Iraq", "عراقي|العراقي|العراقية|عراقية|العراقيين", "Iraqi|Iraqis"),
    ("usa", "country", "الولايات المتحدة|الولايات المتحدة الأمريكية|أمريكا|أميركا",
     "United States|USA|U.S.|US|America",
     "أمريكي|أمريكية|الأمريكي|الأمريكية|أمريكيين|الأمريكيين|أمريكيون|أميركي|أميركية|الأميركي|الأميركية|أمريكيا",
     "American|Americans"),
    ("jordan", "country", "الأردن", "Jordan", "أردني|الأردني|الأردنية|أردنية", "Jordanian"),
    ("turkey", "country", "تركيا", "Turkey|Türkiye", "تركي|التركي|التركية|تركية", "Turkish"),
    ("lebanon", "country", "لبنان", "Lebanon", "لبناني|اللبناني|اللبنانية", "Lebanese"),
    ("iran", "country", "إيران", "Iran", "إيراني|الإيراني|الإيرانية|إيرانية", "Iranian"),
    ("russia", "country", "روسيا", "Russia", "روسي|الروسي|الروسية|روسية", "Russian"),
    ("israel", "country", "إسرائيل", "Israel", "إسرائيلي|الإسرائيلي|الإسرائيلية", "Israeli"),
    ("egypt", "country", "مصر", "Egypt", "مصري|المصري|المصرية", "Egyptian"),
    ("saudi", "country", "السعودية|المملكة العربية السعودية", "Saudi Arabia", "السعودي", "Saudi"),
    ("qatar", "country", "قطر", "Qatar", "القطري|القطرية", "Qatari"),
    ("uae", "country", "الإمارات|الإمارات العربية المتحدة", "United Arab Emirates|UAE", "الإماراتي|الإماراتية",
     "Emirati"),
    ("kuwait", "country", "الكويت", "Kuwait", "الكويتي|الكويتية", "Kuwaiti"),
    ("yemen", "country", "اليمن", "Yemen", "اليمني|اليمنية", "Yemeni"),
    ("libya", "country", "ليبيا", "Libya", "الليبي|الليبية", "Libyan"),
    ("sudan", "country", "السودان", "Sudan", "السوداني|السودانية", "Sudanese"),
    ("palestine", "country", "فلسطين", "Palestine", "الفلسطيني|الفلسطينية", "Palestinian"),
    ("uk", "country", "بريطانيا|المملكة المتحدة", "United Kingdom|Britain|UK|U.K.", "البريطاني|البريطانية",
     "British"),
    ("france", "country", "فرنسا", "France", "الفرنسي|الفرنسية", "French"),
    ("germany", "country", "ألمانيا", "Germany", "الألماني|الألمانية", "German"),
    ("china", "country", "الصين", "China", "الصيني|الصينية", "Chinese"),
    ("south-korea", "country", "كوريا الجنوبية", "South Korea", "الكوري|الكورية", "Korean|South Korean"),
    ("japan", "country", "اليابان", "Japan", "الياباني|اليابانية", "Japanese"),
    ("india", "country", "الهند", "India", "الهندي|الهندية", "Indian"),
    # --- regions ---------------------------------------------------------------
    ("kurdistan", "region", "إقليم كردستان|إقليم كوردستان|كردستان العراق|كردستان|كوردستان",
     "Kurdistan Region|Kurdistan|Iraqi Kurdistan|KRI", "", ""),
    ("gulf", "region", "الخليج|دول الخليج|الخليج العربي", "Gulf|Persian Gulf|Gulf states", "الخليجي|الخليجية",
     ""),
    ("europe", "region", "أوروبا", "Europe", "الأوروبي|الأوروبية", "European"),
    ("gaza", "region", "غزة|قطاع غزة", "Gaza|Gaza Strip", "", ""),
    ("west-bank", "region", "الضفة الغربية", "West Bank", "", ""),
    ("anbar", "region", "الأنبار", "Anbar", "", ""),
    ("jazira", "region", "الجزيرة السورية", "Jazira", "", ""),
    # --- Syria: cities, towns, bases ------------------------------------------
    ("hasakah", "city", "الحسكة", "Hasakah|Hasaka|al-Hasakah|Al-Hasakah|Hassakeh", "", ""),
    ("qamishli", "city", "القامشلي|قامشلو", "Qamishli|Qamishlo|Kamishli", "", ""),
    ("deir-ez-zor", "city", "دير الزور", "Deir ez-Zor|Deir el-Zour|Deir Ezzor|Deir al-Zor|Deir Ez-Zor", "", ""),
    ("raqqa", "city", "الرقة", "Raqqa|al-Raqqa|Rakka", "", ""),
    ("damascus", "city", "دمشق", "Damascus", "الدمشقي", ""),
    ("aleppo", "city", "حلب", "Aleppo", "الحلبي", ""),
    ("homs", "city", "حمص", "Homs", "", ""),
    ("hama", "city", "حماة", "Hama", "", ""),
    ("idlib", "city", "إدلب", "Idlib", "", ""),
    ("latakia", "city", "اللاذقية", "Latakia", "", ""),
    ("tartus", "city", "طرطوس", "Tartus|Tartous", "", ""),
    ("daraa", "city", "درعا", "Daraa|Deraa", "", ""),
    ("suwayda", "city", "السويداء", "Suwayda|Sweida", "", ""),
    ("palmyra", "city", "تدمر", "Palmyra|Tadmur", "", ""),
    ("manbij", "city", "منبج", "Manbij", "", ""),
    ("kobani", "city", "عين العرب|كوباني", "Kobani|Kobane|Ain al-Arab", "", ""),
    ("afrin", "city", "عفرين", "Afrin", "", ""),
    ("tal-abyad", "site", "تل أبيض", "Tal Abyad", "", ""),
    ("ras-al-ain", "site", "رأس العين|سري كانيه", "Ras al-Ain|Ras al-Ayn|Serekaniye", "", ""),
    ("malikiyah", "site", "المالكية|ديريك", "al-Malikiyah|Malikiyah|Derik", "", ""),
    ("amuda", "site", "عامودا", "Amuda", "", ""),
    ("tal-tamr", "site", "تل تمر", "Tal Tamr", "", ""),
    ("abu-kamal", "site", "البوكمال|أبو كمال", "Abu Kamal|al-Bukamal|Albu Kamal", "", ""),
    ("mayadin", "site", "الميادين", "Mayadin|al-Mayadin", "", ""),
    ("tanf", "site", "التنف", "al-Tanf|Tanf|At-Tanf", "", ""),
    ("shaddadi", "site", "الشدادي|الشدادة", "al-Shaddadi|Shaddadi|al-Shaddadah|Shadadi", "", ""),
    ("rmelan", "site", "رميلان", "Rmelan|Rumeilan|Rmeilan", "", ""),
    ("qasrak", "site", "قسرك", "Qasrak", "", ""),
    ("kharab-al-jir", "site", "خراب الجير", "Kharab al-Jir|Kharab al-Jeer", "", ""),
    ("omar-field", "site", "حقل العمر", "al-Omar oil field|Omar oil field|al-Omar field", "", ""),
    ("conoco", "site", "حقل كونيكو|كونيكو", "Conoco gas field|Conoco field", "", ""),
    ("semalka", "site", "سيمالكا|معبر سيمالكا", "Semalka|Semalka crossing", "", ""),
    ("yarubiyah", "site", "اليعربية|ربيعة", "al-Yarubiyah|Yarubiyah|Rabia", "", ""),
    ("abu-zandin", "site", "أبو الزندين|معبر أبو الزندين", "Abu al-Zandin|Abu az-Zandin|Abu Zandin", "", ""),
    # --- Iraq -------------------------------------------------------------------
    ("baghdad", "city", "بغداد", "Baghdad", "البغدادي", ""),
    ("erbil", "city", "أربيل|هولير", "Erbil|Arbil|Hawler", "", ""),
    ("mosul", "city", "الموصل", "Mosul", "", ""),
    ("kirkuk", "city", "كركوك", "Kirkuk", "", ""),
    ("basra", "city", "البصرة", "Basra|Basrah", "البصري|البصرية", ""),
    ("najaf", "city", "النجف", "Najaf", "", ""),
    ("karbala", "city", "كربلاء", "Karbala", "", ""),
    ("sulaymaniyah", "city", "السليمانية", "Sulaymaniyah|Sulaimani", "", ""),
    ("duhok", "city", "دهوك", "Duhok|Dohuk", "", ""),
    ("sinjar", "site", "سنجار", "Sinjar", "", ""),
    ("ain-al-asad", "site", "عين الأسد", "Ain al-Asad", "", ""),
    ("fishkhabour", "site", "فيشخابور", "Fishkhabour|Faysh Khabur", "", ""),
    # --- elsewhere --------------------------------------------------------------
    ("washington", "city", "واشنطن", "Washington", "", ""),
    ("new-york", "city", "نيويورك", "New York", "", ""),
    ("moscow", "city", "موسكو", "Moscow", "", ""),
    ("tehran", "city", "طهران", "Tehran", "", ""),
    ("ankara", "city", "أنقرة", "Ankara", "", ""),
    ("istanbul", "city", "إسطنبول|اسطنبول", "Istanbul", "", ""),
    ("amman", "city", "عمان", "Amman", "", ""),
    ("beirut", "city", "بيروت", "Beirut", "", ""),
    ("cairo", "city", "القاهرة", "Cairo", "", ""),
    ("riyadh", "city", "الرياض", "Riyadh", "", ""),
    ("doha", "city", "الدوحة", "Doha", "", ""),
    ("jerusalem", "city", "القدس", "Jerusalem", "", ""),
    ("london", "city", "لندن", "London", "", ""),
    ("paris", "city", "باريس", "Paris", "", ""),
    ("berlin", "city", "برلين", "Berlin", "", ""),
    ("brussels", "city", "بروكسل", "Brussels", "", ""),
    ("geneva", "city", "جنيف", "Geneva", "", ""),
    ("gaziantep", "city", "غازي عنتاب", "Gaziantep", "", ""),
    ("euphrates", "feature", "الفرات|نهر الفرات", "Euphrates", "", ""),
    ("tigris", "feature", "دجلة|نهر دجلة", "Tigris", "", ""),
]

# Words that open a place name and are not one by themselves: "أبو الزندين", "أم القرى", "عين العرب", "تل أبيض",
# "رأس العين", "دير حافر", "كفر نبل". A name read after a cue ("معبر", "مخيم", "حي") takes the next word too.
NAME_HEADS = frozenset(fold(w) for w in "أبو أبي أم عين تل رأس دير كفر".split())

_TOKEN_SPLIT = str.maketrans({c: " " for c in "-–—'’.,()"})


def name_tokens(name: str) -> tuple[str, ...]:
    """Tokenise a place name the way the engine tokenises text."""
    f = fold(name)
    if f in ("u.s.", "u.k."):
        return (f,)
    return tuple(f.translate(_TOKEN_SPLIT).split())


@dataclass(frozen=True)
class Place:
    """One gazetteer entry."""

    id: str
    level: str
    adjective: bool = False


# Folded token tuple -> Place.  Arabic names are stored with and without the
# article so clitic stripping ("بالحسكة" -> "الحسكة") finds them.
NAMES: dict[tuple[str, ...], Place] = {}
FIRST_TOKENS: set[str] = set()  # first word of every name: a cheap pre-check per token
MAX_NAME_TOKENS = 1
# Place id -> (its first Arabic name, its first English name): how a reader is told which place it is.
DISPLAY: dict[str, tuple[str, str]] = {}


def add_place(pid: str, level: str, ar: str = "", en: str = "", ar_adj: str = "", en_adj: str = "") -> None:
    """Register a place (names separated by '|') under a canonical id."""
    global MAX_NAME_TOKENS
    first = [next((n.strip() for n in names.split("|") if n.strip()), "") for names in (ar, en)]
    DISPLAY.setdefault(pid, (first[0] or first[1] or pid, first[1] or first[0] or pid))
    for names, adjective in ((ar, False), (en, False), (ar_adj, True), (en_adj, True)):
        for name in filter(None, (n.strip() for n in names.split("|"))):
            toks = name_tokens(name)
            if not toks:
                continue
            place = Place(pid, level, adjective)
            NAMES.setdefault(toks, place)
            FIRST_TOKENS.add(toks[0])
            MAX_NAME_TOKENS = max(MAX_NAME_TOKENS, len(toks))


for _entry in PLACES:
    add_place(*_entry)


def lookup(tokens: tuple[str, ...]) -> Place | None:
    """Return the place for an exact folded token tuple, if any."""
    return NAMES.get(tokens)

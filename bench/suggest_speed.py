"""Time claim suggestions on a ~10,000-word mixed Arabic/English article.

Run from the repository root:  python bench/suggest_speed.py

The article is generated from template sentences (written for this bench)
varied with numbers, places, dates and sources, then ``suggest()`` is timed
five times and the median printed.  Target: <= 0.3 s.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.suggest import suggest  # noqa: E402

TARGET_SECONDS = 0.3
TARGET_WORDS = 10_000

AR_PLACES = ["الحسكة", "القامشلي", "دير الزور", "الرقة", "أربيل", "بغداد", "دمشق", "منبج"]
EN_PLACES = ["Hasakah", "Qamishli", "Deir ez-Zor", "Raqqa", "Erbil", "Baghdad", "Damascus", "Manbij"]
AR_SOURCES = ["وزارة الزراعة", "مديرية الصحة", "المتحدث باسم البلدية", "مسؤولون في الميناء", "منظمة محلية"]
EN_SOURCES = ["Reuters", "local officials", "the health ministry", "a UN spokesperson", "the provincial council"]
AR_MONTHS = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "أيلول", "تشرين الأول"]
EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "September", "October"]
AR_NUMBERS = ["نحو ألف", "أكثر من 20", "قرابة ١٥٠", "عشرين", "مئتي", "ثلاثة آلاف", "زهاء ٤٠٠"]

# Template sentences written for this bench (harvests, water, schools, ports, power, health).
AR_TEMPLATES = [
    "وأعلنت {src}، الثلاثاء {day} من {month}، أن كميات القمح المستلمة في {place} بلغت {num} طن.",
    "وقال مدير المحطة إن أعمال الصيانة ستستغرق {dur}، وإن التيار سيعود تدريجيًا إلى الأحياء الشرقية.",
    "وبحسب {src}، فإن {num} عائلة استفادت من توزيع المياه في ريف {place} منذ مطلع العام.",
    "وتُعد مدرسة الشهيد في {place} من أقدم المدارس في المحافظة، إذ افتتحت عام {year}.",
    "ولم تعلق {src} على الأرقام حتى لحظة نشر هذا التقرير.",
    "وذكرت مصادر في الميناء أن {num} سفينة رست خلال {dur}، مقارنة بعشر سفن في الفترة نفسها من العام الماضي.",
    "ويتوقع خبراء أن ترتفع أسعار الخبز في {place} خلال الأشهر المقبلة.",
    "ويرى سكان أن الخدمات في المدينة تحسنت قليلًا رغم استمرار الانقطاعات.",
]
EN_TEMPLATES = [
    "{src} said on Tuesday that about {n} families in {place} would receive water tanks within {dur_en}.",
    "The clinic, which opened in {place} on {month_en} {day}, treated more than {n} patients in its first week.",
    "According to {src}, the new bridge is the longest in the province.",
    "Officials expect repairs to the power station to take about a month, with a review planned for {year}.",
    "Mr. Hale told reporters the U.S. had spent ${money}m on school repairs since {year}.",
    "Traders in {place} said bread prices rose by nearly {pct} percent after the crossing closed.",
    "The ministry has not commented on the figures, and it is unclear whether the scheme will continue.",
    "Residents see the new market as a sign that the town is slowly recovering.",
]
DURS_AR = ["شهرين", "أسبوعين", "نحو شهر", "ثلاثة أشهر", "يومين"]
DURS_EN = ["two months", "a few weeks", "about a month", "three months", "two years"]


def build_article(words: int = TARGET_WORDS, seed: int = 7) -> str:
    """A mixed-language article of about ``words`` words, paragraphs of three sentences."""
    rnd = random.Random(seed)
    paras: list[str] = []
    count = 0
    while count < words:
        if rnd.random() < 0.5:
            sents = [rnd.choice(AR_TEMPLATES).format(
                src=rnd.choice(AR_SOURCES), day=rnd.randint(1, 28), month=rnd.choice(AR_MONTHS),
                num=rnd.choice(AR_NUMBERS),
                dur=rnd.choice(DURS_AR), place=rnd.choice(AR_PLACES), year=rnd.randint(2011, 2026),
            ) for _ in range(3)]
        else:
            sents = [rnd.choice(EN_TEMPLATES).format(
                src=rnd.choice(EN_SOURCES), n=f"{rnd.randint(2, 3000):,}", place=rnd.choice(EN_PLACES),
                dur_en=rnd.choice(DURS_EN), month_en=rnd.choice(EN_MONTHS), day=rnd.randint(1, 28),
                year=rnd.randint(2011, 2027), money=rnd.randint(5, 900) / 10, pct=rnd.randint(3, 40),
            ) for _ in range(3)]
        para = " ".join(sents)
        paras.append(para)
        count += len(para.split())
    return "\n\n".join(paras)


def main() -> int:
    """Build the article, time suggest() five times, print the median."""
    text = build_article()
    n_words = len(text.split())
    suggest(text)  # warm-up: compiled patterns and caches, as in a running server
    times = []
    count = 0
    for _ in range(5):
        t0 = time.perf_counter()
        count = len(suggest(text))
        times.append(time.perf_counter() - t0)
    median = statistics.median(times)
    verdict = "meets" if median <= TARGET_SECONDS else "ABOVE"
    print(f"article: {n_words} words, {len(text)} characters, {count} suggestions")
    print(f"suggest(): median of 5 = {median:.3f} s (min {min(times):.3f} s, max {max(times):.3f} s); "
          f"{verdict} target <= {TARGET_SECONDS} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

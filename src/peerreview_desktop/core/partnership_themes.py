"""The themes across the partnership's schools: criteria most often judged in the weaker grades, and the
commonest findings (next steps and areas for development; strengths), their wording normalised lightly so that the
same idea written a little differently is counted once. Part of the overview (`core.partnership`)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .frameworks import FrameworkDef
from .partnership_data import ReviewEntry


@dataclass
class PriorityTheme:
    framework_key: str
    framework: str
    criterion: str
    title: str
    area_title: str
    weakest: int  # schools judged in the weakest grade
    lower: int  # schools judged in the weaker half of the scale (weakest included)
    judged: int  # schools with a grade on the scale for it
    weakest_label: str
    schools: list[str]  # in the weaker half, weakest first


@dataclass
class FindingTheme:
    text: str  # the commonest wording
    schools: list[str]
    kinds: dict[str, int]  # kind → how many findings
    wordings: int  # how many different wordings were grouped

    @property
    def count(self) -> int:
        return len(self.schools)


def priorities(latest: list[ReviewEntry], fws: dict[str, FrameworkDef], judged: dict) -> list[PriorityTheme]:
    tally: dict[tuple[str, str], dict] = {}
    for e in latest:
        fw = fws[e.framework_id]
        if not fw.graded:
            continue
        pos = {g.key: g.position for g in fw.grades}
        n = len(fw.grades)
        for j in judged.get(e.id, ()):
            if j.grade not in pos:
                continue
            try:
                c = fw.criterion(j.criterion)
            except Exception:
                continue
            t = tally.setdefault((fw.key, c.code), {
                "fw": fw, "c": c, "weakest": 0, "lower": [], "judged": 0})
            t["judged"] += 1
            p = pos[j.grade]
            if p == n - 1:
                t["weakest"] += 1
            if p >= n / 2:
                t["lower"].append((-p, e.school))
    out = []
    for (key, code), t in tally.items():
        if not t["lower"]:
            continue
        fw, c = t["fw"], t["c"]
        out.append(PriorityTheme(key, fw.name, code, c.title, fw.area(c.area_code).title, t["weakest"],
                                 len(t["lower"]), t["judged"], fw.grades[-1].label,
                                 [name for _, name in sorted(t["lower"], key=lambda x: (x[0], x[1].casefold()))]))
    out.sort(key=lambda p: (-p.weakest, -p.lower, p.framework_key, p.criterion))
    return out


_STOP = {"a", "an", "the", "to", "further", "continue", "ensure", "that", "should", "more", "so", "of", "for",
         "in", "on", "and", "across", "all", "their", "its", "our", "is", "are", "be", "with"}
_WORD = re.compile(r"[\w]+")


def theme_key(text: str) -> tuple[str, ...]:
    """A finding's wording normalised lightly, so the same idea written a little differently groups together:
    case, punctuation, "KS2"/"Key Stage 2", "Yr 4"/"Year 4", plurals and filler words do not matter."""
    t = text.casefold().replace("\u2019", "'").replace("'", "").replace("&", " and ")
    t = re.sub(r"\bks\s?(\d)\b", r"key stage \1", t)
    t = re.sub(r"\b(?:yr|y)\s?(\d{1,2})\b", r"year \1", t)
    t = re.sub(r"\bsend\b", "send", t)
    words = []
    for w in _WORD.findall(t):
        if w in _STOP:
            continue
        if len(w) > 4 and w.endswith("ies"):
            w = w[:-3] + "y"
        elif len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        words.append(w)
    return tuple(words)


def finding_themes(latest: list[ReviewEntry], found: dict, kinds: tuple[str, ...]) -> list[FindingTheme]:
    groups: dict[tuple[str, ...], dict] = {}
    for e in latest:
        for f in found.get(e.id, ()):
            if f.kind not in kinds or not f.text.strip():
                continue
            k = theme_key(f.text)
            if not k:
                continue
            g = groups.setdefault(k, {"wordings": Counter(), "schools": {}, "kinds": Counter()})
            g["wordings"][f.text.strip().rstrip(".")] += 1
            g["schools"][e.school_id] = e.school
            g["kinds"][f.kind] += 1
    out = [FindingTheme(g["wordings"].most_common(1)[0][0], sorted(g["schools"].values(), key=str.casefold),
                        dict(g["kinds"]), len(g["wordings"])) for g in groups.values()]
    out.sort(key=lambda t: (-t.count, t.text.casefold()))
    return out



"""A suggested blame-free rewrite of a harmful user turn.

When a turn blames, demands or threatens (the ``blame``, ``demand`` and ``ultimatum`` skill
flags), the coach offers the same concern as an "I feel … when … because …; would you …?"
line (DESIGN.md, ``rewrite`` under "rehearse analyze"; the article's "Speak your truth",
"Make requests, not demands" and "Set kind but firm boundaries").

How: deterministic templates, no model. A table of topic patterns (texting back, time
together, going quiet, honesty, commitment…) picks a situation, a reason, a fitting feeling
and a request that leaves a choice. When no topic matches, the person's own words are reused
safely ("you never call me back" -> "when you don't call me back"), with insults stripped;
failing that, a generic line about the distance between us. Ultimatums keep the boundary
("this matters a lot to me and I need us to work on it") and drop the threat.

Also here: ``FEELING_WORDS`` (real feelings, shared with the "I feel" drill),
``PSEUDO_FEELINGS`` (words that sound like feelings but accuse, e.g. "ignored") and
``is_blame_free``, which tests and the optional LLM polish use to reject a line that still
blames.

Left to others: deciding whether a turn blames, demands or threatens is the analyser's job
(this module trusts the flags it is given); polishing the wording with an LLM is optional and
lives elsewhere (it must keep a polish only when ``is_blame_free`` holds).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = [
    "ALL_FEELINGS",
    "FEELING_WORDS",
    "INSULTS",
    "PSEUDO_FEELINGS",
    "TOPICS",
    "Topic",
    "is_blame_free",
    "rewrite",
    "topic_of",
]

# Real feelings: what is going on inside the speaker, with nobody accused.
FEELING_WORDS: dict[str, tuple[str, ...]] = {
    "lonely/hurt/sad": ("lonely", "hurt", "sad", "disappointed", "discouraged", "heartbroken"),
    "anxious/scared/insecure": (
        "anxious",
        "scared",
        "insecure",
        "worried",
        "nervous",
        "afraid",
        "uneasy",
        "vulnerable",
    ),
    "frustrated": ("frustrated", "irritated", "impatient", "exasperated", "stuck", "resentful"),
    "confused": ("confused", "uncertain", "unsure", "lost", "torn", "puzzled"),
    "overwhelmed/tired": ("overwhelmed", "helpless", "drained", "exhausted", "tired", "tense"),
    "hopeful/grateful": (
        "hopeful",
        "grateful",
        "relieved",
        "connected",
        "calm",
        "happy",
        "tender",
        "moved",
    ),
}

ALL_FEELINGS: frozenset[str] = frozenset(w for words in FEELING_WORDS.values() for w in words)

# Words that sound like feelings but describe what the other person did to us: they accuse.
PSEUDO_FEELINGS: frozenset[str] = frozenset(
    {
        "abandoned",
        "attacked",
        "belittled",
        "betrayed",
        "blamed",
        "cheated",
        "controlled",
        "cornered",
        "criticized",
        "dismissed",
        "disrespected",
        "ignored",
        "insulted",
        "intimidated",
        "invalidated",
        "invisible",
        "judged",
        "left out",
        "let down",
        "manipulated",
        "misunderstood",
        "neglected",
        "pressured",
        "provoked",
        "pushed away",
        "put down",
        "rejected",
        "shut out",
        "smothered",
        "taken for granted",
        "trapped",
        "unappreciated",
        "unheard",
        "unloved",
        "unseen",
        "unsupported",
        "unwanted",
        "used",
    }
)

# Character words: stripped from reused text, and a sign of blame in any line.
INSULTS: frozenset[str] = frozenset(
    {
        "selfish",
        "cold",
        "liar",
        "pathetic",
        "coward",
        "heartless",
        "ridiculous",
        "child",
        "childish",
        "immature",
        "stupid",
        "idiot",
        "useless",
        "lazy",
        "jerk",
        "crazy",
        "psycho",
        "loser",
        "baby",
    }
)


@dataclass(frozen=True)
class Topic:
    """One concern: how to spot it and how to say it without blame."""

    name: str
    pattern: re.Pattern[str]
    feeling: str  # a word from FEELING_WORDS
    situation: str  # reads after "I feel <feeling> when "
    reason: str  # reads after "because "
    ask: str  # a question that leaves a choice, without the "?"


def _topic(name: str, pattern: str, feeling: str, situation: str, reason: str, ask: str) -> Topic:
    return Topic(name, re.compile(pattern, re.IGNORECASE), feeling, situation, reason, ask)


# First match wins, so the more specific concerns come first.
TOPICS: tuple[Topic, ...] = (
    _topic(
        "heated",
        r"\bshut up\b|out of my face|leave me alone|get away from me|stop talking"
        r"|don'?t (even )?talk to me|can'?t stand (you|this)|sick of you",
        "overwhelmed",
        "our talks get this heated",
        "I don't want us to say things that hurt each other",
        "could we take a short break and come back to this when we're both calmer",
    ),
    _topic(
        "walking-out",
        r"\b(walk|storm|run)\w* (out|off|away) (during|in the middle|mid|on me)"
        r"|\bhang\w* up on me|\bleav\w* (during|in the middle)",
        "anxious",
        "a hard talk stops halfway",
        "I want us to be able to get through this together",
        "if it gets to be too much, could we take a break and agree when we'll come back to it",
    ),
    _topic(
        "therapy",
        r"\btherap|\bcounsel",
        "worried",
        "I see you carrying so much on your own",
        "I care about you and I'm not sure how to help",
        "would you be willing to think about talking to a therapist, on your own or together",
    ),
    _topic(
        "app",
        r"\bapps?\b|dating (site|profile)|tinder|\bbumble\b|\bhinge\b",
        "insecure",
        "I think about that app being on your phone",
        "I'm not sure where I stand with you",
        "could we talk about it and find something that helps us both feel secure",
    ),
    _topic(
        "follow-through",
        r"\bpromises\b|\byour word\b|\byou promised\b|\byou said (you'?d|you would|you'?ll)"
        r"|haven'?t changed|hasn'?t changed|nothing (has |ever )?chang|still haven'?t"
        r"|promis(ed|ing) to|month of nothing|gone back to|back to your old|so much for",
        "disappointed",
        "the changes we talked about haven't happened yet",
        "I was really hopeful about us",
        "could we look at what got in the way and pick one small step that feels doable for you",
    ),
    _topic(
        "texting",
        r"\btext|\bmessag|\brepl(y|ies|ied)\b|\bcall(s|ed|ing)?\b|\bring me\b"
        r"|answer (when|my|the phone|your phone)|get back to me|hear(d|ing)? (back )?from you"
        r"|\bghost|\bleft on read\b|\bon read\b|\brespond",
        "anxious",
        "I don't hear from you for a while",
        "I start to worry about where we stand",
        "could we find a way to stay in touch that works for both of us, "
        "like a quick text or call when you're busy",
    ),
    _topic(
        "mixed-messages",
        r"hot and cold|mixed (signals|messages)|one minute|one day you|other people"
        r"|in public|in front of|\bact like you\b|\bpretend",
        "confused",
        "things between us feel close one moment and far apart the next",
        "I want to know where I stand with you",
        "would you be willing to tell me what's happening for you when that shifts",
    ),
    _topic(
        "affection",
        r"\blove me\b|\bi love you\b|affection|\bhug|\bkiss|\btouch|intima|\bsex\b|cuddl"
        r"|hold me|hold my hand",
        "lonely",
        "there's less affection between us than there used to be",
        "feeling loved by you means so much to me",
        "could we talk about how we each like to show love",
    ),
    _topic(
        "overwhelm",
        r"overwhelm|stress|so hard\b|being loved|poor you|too much for you|burn(ed|t) out",
        "helpless",
        "I see you struggling and don't know how to help",
        "I want to understand what it's like for you",
        "would you be willing to tell me what would make things lighter, "
        "so we can find a pace that works for both of us",
    ),
    _topic(
        "fault",
        r"\bmy fault\b|all on me|blam(e|ing) me\b|\bit'?s on me\b",
        "hurt",
        "this starts to sound like it's all on me",
        "I want us to look at it together, not against each other",
        "could you help me understand what you meant, so we can work on it as a team",
    ),
    _topic(
        "work",
        r"\b(your|at|from|after|with|using|about|on) (work|job)\b|\bwork (first|late|over)\b"
        r"|\boffice\b|\bcareer\b|\bovertime\b|\blaptop\b",
        "lonely",
        "work takes up so much of your time and energy",
        "I miss having you with me",
        "could we find a little time each week that's just for us",
    ),
    _topic(
        "shutting-down",
        r"shut\w* (me )?(out|down)|walls? up|\bclam\w* up|stonewall",
        "lonely",
        "a talk between us goes quiet partway through",
        "I want to understand what's happening for you",
        "would you be willing to tell me when it feels like too much, so we can pause and come "
        "back to it",
    ),
    _topic(
        "distance",
        r"\bcold\b|distant|distance|pull\w* away|push\w* (me )?away"
        r"|checked out|disappear|vanish|ignor|\bquiet\b|silen(t|ce)|\bspace\b|withdraw"
        r"|\bavoid|\bgone (off|dark)|\bdistan|\bshrug",
        "lonely",
        "we go a few days without really talking",
        "I miss feeling close to you",
        "would you be willing to tell me when you need some space, so I know it's not about us",
    ),
    _topic(
        "talk-now",
        r"\b(need|have|got) to talk\b|we'?re talking|having this (conversation|talk)"
        r"|we'?re doing this|\bsit down\b|\btalk(ing)? (right )?now\b|talk to me now",
        "anxious",
        "something important between us is left unsaid",
        "I want us to sort it out together",
        "could we sit down and talk today, at a time that works for you",
    ),
    _topic(
        "phone",
        r"\bphones?\b|\bscreens?\b|\bscroll|\bgam(e|es|ing)\b|\btv\b|instagram|tiktok",
        "lonely",
        "we're together but our phones get most of our attention",
        "our time together means a lot to me",
        "could we try putting our phones away at dinner",
    ),
    _topic(
        "plans",
        r"\bcancel|\bplans?\b|\bbail|\bflak|stood me up|last minute|show(ed)? up|\blate\b",
        "disappointed",
        "plans we made change at the last minute",
        "I really look forward to our time together",
        "would you be willing to let me know as early as you can when plans need to change",
    ),
    _topic(
        "friends-family",
        r"\bfriends?\b|\bfamily\b|\bmom\b|\bmum\b|\bmother\b|\bdad\b|\bparents\b|\bthe guys\b"
        r"|\bthe girls\b|\bbrother\b|\bsister\b|\bmates\b",
        "lonely",
        "most of our free time goes to friends or family",
        "I'd love to feel like a part of your life too",
        "could we find a balance, maybe one evening a week that's just ours",
    ),
    _topic(
        "time-together",
        r"\btime (for|with) (me|us)\b|\bmak\w* time\b|\bspend\w* (more |any )?time"
        r"|quality time|\b(your|our) time\b|\bbusy\b|\bhome\b|anywhere else|rather be"
        r"|date night|\bweekends?\b|\bevenings?\b|\bsee (you|me)\b|\bseeing (you|me)\b",
        "lonely",
        "we go a while without real time together",
        "I miss being close to you",
        "could we plan an evening this week that's just for the two of us",
    ),
    _topic(
        "my-needs",
        r"\bmy needs\b|what i need|\bi need\b|need from you|\bmy feelings\b",
        "sad",
        "what I need gets lost between us",
        "I want us both to feel looked after",
        "could we each share what we need right now and see where we meet",
    ),
    _topic(
        "your-needs",
        r"what you need|\byour needs\b|what you want from me|\bguessing\b",
        "confused",
        "I'm guessing at what you need",
        "I really want to get it right for you",
        "would you be willing to tell me what would help you most, whenever you're ready",
    ),
    _topic(
        "compromise",
        r"\bcompromis|halfway|in the middle|\bmy way\b|\byour way\b|negotiat|give an inch",
        "discouraged",
        "we get stuck on the same disagreement",
        "I want to find something that works for both of us",
        "could we each name one small thing we'd be okay trying",
    ),
    _topic(
        "team",
        r"whatever you want|do what you want|your own thing|without asking|without me"
        r"|what i told you|what i said|not discussing|end of discussion|\bdecid",
        "frustrated",
        "decisions between us don't feel shared",
        "I want us to feel like a team",
        "could we talk the next one through together until we find something we can both live with",
    ),
    _topic(
        "honesty",
        r"\bhonest\b|\bhonesty\b|\blie\b|\blies\b|\blying\b|\bliar\b|\bhid(e|ing)\b|\bsecrets?\b"
        r"|someone else|\bcheat|\btruth\b|\btrust\b|\bbehind my back\b",
        "insecure",
        "I'm not sure I know the whole story",
        "trust between us matters so much to me",
        "would you be willing to share what's on your mind, even if it's hard to say",
    ),
    _topic(
        "commitment",
        r"be with me|\bcommit|\bfuture\b|where (this|we'?re|we are|this is) going|\bserious\b"
        r"|\bmarr|move in|\brelationship\b|yes or no|\bus\b.*\bworth\b",
        "anxious",
        "I'm not sure how you see our future",
        "I'm hoping for a future with you",
        "would you be willing to share how you see us, whenever you feel ready",
    ),
    _topic(
        "listening",
        r"\blisten|hear me|everything about you|about you\b|interrupt|\bheard\b|my side",
        "lonely",
        "my side gets little room in our talks",
        "I want us both to feel heard",
        "could we take turns, so we each get a chance to say what's on our mind",
    ),
    _topic(
        "fairness",
        r"\bunfair\b|not fair|\btreat(s|ing)? me\b|disrespect|\brude\b",
        "hurt",
        "things between us feel one-sided",
        "I want us both to feel respected",
        "could we talk about what would feel fair to each of us",
    ),
    _topic(
        "care",
        r"care about me|\bdon'?t care\b|\bnotic|\bexist\b|matter to you|for granted"
        r"|\bwant me\b|\bmiss me\b|\bappreciat",
        "insecure",
        "I'm not sure how you feel about me",
        "I care about you and want to feel close again",
        "would you be willing to tell me where your heart is with us right now, "
        "whenever you're ready",
    ),
    _topic(
        "openness",
        r"\bexplain|\btell me\b|\banswer|going on|\bstraight\b|\bdodg|\bexcuse|open(ing)? up"
        r"|talk to me|\bsay it\b|\bspit it out\b|\bwhy (you|you've|you're|have you)\b|\btalk\b",
        "confused",
        "I don't understand what's going on between us",
        "I want to understand you",
        "would you be willing to tell me what's been happening for you, when you're ready",
    ),
)

_GENERIC = Topic(
    "generic",
    re.compile(r"(?!)"),
    "sad",
    "there's this much distance between us",
    "you matter a lot to me",
    "would you be willing to talk about what's been happening for each of us",
)

_ULTIMATUM_REASON = "this matters a lot to me and I need us to work on it"

# Texting shorthand, so that patterns and reused words see ordinary spelling.
_SHORTHAND: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"\b{short}\b", re.IGNORECASE), full)
    for short, full in (
        ("u", "you"),
        ("ur", "your"),
        ("r", "are"),
        ("pls", "please"),
        ("plz", "please"),
        ("dont", "don't"),
        ("cant", "can't"),
        ("wont", "won't"),
        ("doesnt", "doesn't"),
        ("didnt", "didn't"),
        ("im", "I'm"),
        ("ive", "I've"),
        ("youre", "you're"),
        ("thx", "thanks"),
        ("txt", "text"),
        ("msg", "message"),
        ("msgs", "messages"),
        ("bc", "because"),
        ("cuz", "because"),
        ("rn", "right now"),
    )
)


def _normalise(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'")
    for pattern, full in _SHORTHAND:
        text = pattern.sub(full, text)
    return " ".join(text.split())


def topic_of(text: str) -> str | None:
    """The name of the first topic whose pattern the text matches, or None."""
    found = _find_topic(_normalise(text))
    return found.name if found else None


def _find_topic(text: str) -> Topic | None:
    for topic in TOPICS:
        if topic.pattern.search(text):
            return topic
    return None


def _compose(feeling: str, situation: str, reason: str, ask: str, ultimatum: bool) -> str:
    if ultimatum:
        return (
            f"I feel scared about where we're heading when {situation}, "
            f"because {_ULTIMATUM_REASON}; {ask}?"
        )
    return f"I feel {feeling} when {situation}, because {reason}; {ask}?"


# --- fallback: the person's own words, made safe -------------------------------------------

_I = re.IGNORECASE
_CLAUSE = r"([a-z' ]{2,80}?)\s*(?:[,.!?;]|\band\b|\bbut\b|\bthen\b|\bor\b|$)"
_NEVER = re.compile(
    r"\byou (?:never|don't ever|do not ever|won't ever|will never|never ever)\s+"
    r"(?:even |just |really )*" + _CLAUSE,
    _I,
)
_WHY_CANT = re.compile(
    r"\bwhy (?:can't|won't|don't|can you not|do you never) you (?:ever |just |even )*" + _CLAUSE,
    _I,
)
_ALWAYS = re.compile(r"\byou (?:always|constantly|keep on)\s+(?:just |have to )*" + _CLAUSE, _I)
_NEED_TO = re.compile(
    r"\b(?:you (?:need to|have to|must|better|had better|'d better|should)"
    r"|if you don't|if you do not|if you won't|unless you|either you)\s+(?:just |start to )?"
    + _CLAUSE,
    _I,
)
_STOP = re.compile(r"(?:^|[.!?]\s+)(?:please |just )?(stop [a-z' ]{2,60}?)\s*(?:[,.!?;]|$)", _I)

_FILLERS = re.compile(
    r"\b(?:just|even|ever|literally|really|seriously|actually|honestly|again|anymore|smh|lol"
    r"|lmao|tbh|ugh|omg|ok|okay|huh)\b",
    _I,
)
_DANGLING = re.compile(
    r"\s*\b(?:so|such|a|an|the|being|to|and|or|but|like|my|your|of|with|for)$", _I
)
_UNSAFE = re.compile(
    r"\b(?:always|never|fault|hate|damn|hell|shit|fuck\w*|bitch|bastard|whatever|obviously"
    r"|clearly|typical|ever|wtf|ffs)\b|you're so|you are so",
    _I,
)


def _clean_clause(clause: str) -> str | None:
    """The reusable part of a clause: insults and fillers gone, shouting lowered, or None."""
    words = []
    insulted = False
    for word in clause.split():
        if word.strip("'").lower() in INSULTS:
            insulted = True
            continue
        words.append(word.lower() if word.isupper() and len(word) > 1 else word)
    cleaned = " ".join(_FILLERS.sub(" ", " ".join(words)).split())
    while _DANGLING.search(cleaned):
        if insulted:  # "being so <insult>": what is left is a fragment of a character attack
            return None
        cleaned = _DANGLING.sub("", cleaned)
    if not cleaned or _UNSAFE.search(cleaned) or cleaned.lower() == "stop":
        return None
    if not 1 <= len(cleaned.split()) <= 10:
        return None
    cleaned = cleaned[0].lower() + cleaned[1:]
    return re.sub(r"\bi\b", "I", cleaned)


def _negated(clause: str) -> str:
    """'call me back' -> "don't call me back"; 'be honest' -> "aren't honest"."""
    first, _, rest = clause.partition(" ")
    if first == "be":
        return f"you're not {rest}".strip()
    if first in {"have", "do"} and not rest:
        return f"you don't {first}"
    return f"you don't {clause}"


def _from_own_words(text: str, ultimatum: bool) -> str | None:
    found = _NEED_TO.search(text)
    if found and (clause := _clean_clause(found.group(1))):
        return _compose(
            "uneasy",
            "things are left hanging between us",
            "it matters a lot to me",
            f"would you be willing to {clause}",
            ultimatum,
        )
    found = _STOP.search(text)
    if found and (clause := _clean_clause(found.group(1))):
        return _compose(
            "uneasy",
            "things get this tense between us",
            "I want us to feel safe with each other",
            f"would you be willing to {clause}",
            ultimatum,
        )
    found = _NEVER.search(text)
    if found and (clause := _clean_clause(found.group(1))):
        return _compose(
            "hurt",
            _negated(clause),
            "it matters a lot to me",
            "could we talk about what would help that happen more",
            ultimatum,
        )
    found = _WHY_CANT.search(text)
    if found and (clause := _clean_clause(found.group(1))):
        return _compose(
            "frustrated",
            f"it's hard for you to {clause}",
            "it matters a lot to me",
            "could we talk about what would make that easier",
            ultimatum,
        )
    found = _ALWAYS.search(text)
    if found and (clause := _clean_clause(found.group(1))):
        return _compose(
            "frustrated",
            f"you {clause}",
            "I'd like this to feel fair for both of us",
            "could we talk about what's going on for you when that happens",
            ultimatum,
        )
    return None


def rewrite(text: str, flags: Mapping[str, bool]) -> str | None:
    """A blame-free "I feel … when … because …; would you …?" version of a harmful turn.

    None unless ``flags`` has ``blame``, ``demand`` or ``ultimatum`` true. The result keeps
    the person's concern, starts with "I feel", names a word from ``FEELING_WORDS`` and ends
    with a question that leaves the partner a choice.
    """
    blame = bool(flags.get("blame", False))
    demand = bool(flags.get("demand", False))
    ultimatum = bool(flags.get("ultimatum", False))
    if not (blame or demand or ultimatum):
        return None
    normal = _normalise(text)
    topic = _find_topic(normal)
    if topic is not None:
        return _compose(topic.feeling, topic.situation, topic.reason, topic.ask, ultimatum)
    own = _from_own_words(normal, ultimatum)
    if own is not None and is_blame_free(own) and len(own.split()) < 60:
        return own
    g = _GENERIC
    return _compose(g.feeling, g.situation, g.reason, g.ask, ultimatum)


# --- blame check -----------------------------------------------------------------------------

_PSEUDO = "|".join(sorted((re.escape(w) for w in PSEUDO_FEELINGS), key=len, reverse=True))
_BLAME = re.compile(
    "|".join(
        (
            # always/never aimed at the partner
            r"\byou(?:'re|'ve|'ll| are| have| will)?\s+(?:\w+\s+){0,2}?(?:always|never)\b",
            r"\b(?:always|never)\s+you\b",
            r"\byou (?:don't|do not|won't|can't) (?:\w+ )?ever\b",
            r"\bwhy (?:can't|won't|don't|do) you (?:\w+ )?(?:ever|always)\b",
            r"\bwhy can't you\b",
            r"\byou keep\b",
            # character and fault
            r"\byour fault\b",
            r"\byou(?:'re| are) (?:so|such|being|nothing but)\b",
            r"\byou still (?:haven't|don't|won't|can't|never)\b|\b(?:all|always) my fault\b",
            r"\byou(?:'ve| have)? (?:been )?"
            r"(?:ignor|abandon|manipulat|reject|neglect|attack)\w* me\b",
            r"\bwhat(?:'s| is) wrong with you\b",
            r"\bwhat(?:'s| is) your (?:problem|excuse)\b",
            r"\bclearly\b|\bobviously\b|\bwhat'?s (?:even )?the point\b",
            # threats
            r"\bif you (?:don't|do not|won't|can't|cannot)\b",
            r"\bor (?:else|i'll|i will|i'm|we're|we are)\b",
            r"\b(?:i'm|i am) (?:leaving|done|out|finished|ending)\b",
            r"\bwe(?:'re| are) (?:done|finished|over|through)\b",
            r"\bdon't bother\b|\bsee what happens\b",
            # accusations dressed as feelings
            r"\bi feel (?:like|that|as if|as though) (?:you|you're|you've|you'd)\b",
            r"\bi feel you(?:'re| are)?\b",
            rf"\bi feel (?:so |really |very |totally |completely )?(?:{_PSEUDO})\b",
            # sarcasm
            r"\boh (?:great|sure|wow|please|right|poor)\b|\bwow,? thanks\b|\bthanks for finally\b",
            r"\blook who\b|\bso much for\b|\byeah,? yeah\b|\bpoor you\b|\btypical\b",
            r"\bfor once\b|\btoo much to ask\b|\bmust be nice\b|\bbig surprise\b|\bgo figure\b",
            r"\bheard it (?:all|a hundred|a thousand|before)\b|\bwhat a surprise\b",
        )
    ),
    re.IGNORECASE,
)
_INSULT = re.compile(r"\b(?:" + "|".join(sorted(INSULTS)) + r")\b", re.IGNORECASE)
_SHOUTED = re.compile(r"\b(?!I\b|OK\b|TV\b)[A-Z]{2,}\b")


def is_blame_free(text: str) -> bool:
    """False if the line still accuses: always/never aimed at the partner, "your fault",
    "you're so…", an insult, "why can't you", "if you don't", a threat, "I feel like you…",
    a pseudo-feeling ("I feel ignored") or a sarcasm marker (including SHOUTED words)."""
    normal = _normalise(text)
    if _SHOUTED.search(normal):
        return False
    return not (_BLAME.search(normal) or _INSULT.search(normal))

"""The safety check of one user turn: is the person in danger, from themselves or their partner?

`check(text)` returns a `SafetyCategory` or None:

- ``"self_harm"``: the user's own thoughts of suicide or self-injury, direct ("I want to
  kill myself") or indirect ("everyone would be better off without me").
- ``"abuse"``: violence, threats, coercive control or fear of the partner ("he hit me",
  "she checks my phone and won't let me see my friends", "he said he'd kill himself if I
  leave": coercion by the partner is abuse, not the user's self-harm).

`support_message(category)` is the calm text shown instead of the partner's reply.

How it works, in plain ``re`` compiled once at import (well under 1 ms a sentence):

1. `_normalise` folds the text: Unicode NFKC, accents and control characters dropped,
   curly apostrophes straightened, contractions expanded ("won't" -> "will not", also
   the apostrophe-less "dont", "im"), a few typos and slang forms mended.
2. `_IDIOMS` are blanked out ("dying to see you", "I could kick myself", "die of
   embarrassment", "hit me up"), so they cannot trigger a rule.
3. The rule tables are tried in order: `ABUSE_OVERRIDES`, `SELF_HARM_RULES`,
   `ABUSE_RULES`; the first hit that survives the filters names the category. A turn
   with both kinds of crisis is reported as self-harm, the more urgent one, except that
   a partner telling the user to kill themselves is abuse.
4. Filters: a negation just before the hit, in its clause ("I would never hurt myself",
   "he has never hit me"), cancels it, except for phrases that do not negate what follows
   ("I can't believe he hit me", "I can't stop thinking about killing myself"); and a
   self-harm hit whose subject is someone else ("my friend is suicidal") is dropped.

Idioms and the topic itself ("this is killing me", "he pushes me away") do not match by
construction: violence needs a person as subject and "me" as object, self-harm needs the
user as subject. Rules lean to recall: a false alarm costs a pause and a kind message,
a miss costs far more. English is recognised, plus a few obvious Spanish, French and
German phrases; any other text is handled without error and returns None.

Left to others: what to do with a category. The analyser reports it; the rehearsal loop
decides to pause, shows `support_message` instead of the partner's reply, and does not
send the turn to the partner model. Nothing here logs or stores the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rehearsal.vocabulary import SafetyCategory

__all__ = [
    "ABUSE_OVERRIDES",
    "ABUSE_RULES",
    "SELF_HARM_RULES",
    "Finding",
    "Rule",
    "check",
    "find",
    "support_message",
]


# --------------------------------------------------------------------------------------
# Building blocks. Every pattern runs with re.IGNORECASE on normalised text (contractions
# expanded, accents dropped), so "he'd" arrives as "he would", "can't" as "can not".
# --------------------------------------------------------------------------------------

_PARTNER_NOUN = (
    r"(?:partner|boyfriend|girlfriend|husband|hubby|wife|fiancee?|spouse|ex|bf|gf|man|"
    r"other half|significant other|lover)"
)
# Capitalised words that start sentences or name feelings, not people. Any other
# capitalised word counts as a name, matched case-sensitively ("Mark hit me").
_NOT_NAMES = (
    r"I|It|Its|This|That|These|Those|The|Then|And|But|So|Or|When|What|Which|Who|Why|How|"
    r"Reality|Life|Everything|Nothing|Something|Someone|Somebody|Everyone|Everybody|Nobody|"
    r"Yesterday|Today|Tonight|Suddenly|Finally|Honestly|Sometimes|There|Here|One|Last|"
    r"Once|Now|Later|After|Before|If|Because|Well|Oh|Yes|No|Maybe|Actually|Also|Still|"
    r"Just|My|Your|Our|Their|We|You|Truth|News|Work|God|Please|Thanks|Okay|Ok|Hi|Hey|"
    r"Grief|Guilt|Anxiety|Depression|Panic|Sadness|Loneliness|Fear|Shame|Sorrow|Regret|"
    r"Realisation|Realization|Exhaustion|Love|Karma|Memories|Stress|Pain|Anger|Jealousy|"
    r"Covid|Burnout|Insomnia|Illness|Sickness|Flu|Cancer|Loss|Heartbreak|Emotions?|Feelings|"
    r"Nostalgia|Tiredness|Music|Time|School|Sleep|Christmas|Winter|Monday"
)
_NAME = rf"(?-i:(?=[A-Z])(?!(?:{_NOT_NAMES})\b)[A-Z][a-z]+)"
# Who can hurt, threaten or control the user: the partner, by pronoun, noun or name.
_PARTNER = rf"(?:\b(?:he|she|they)\b|\b(?:my|his|her|our|the)\s+{_PARTNER_NOUN}\b|\b{_NAME}\b)"
_SUBJECT = re.compile(_PARTNER, re.IGNORECASE)
_OBJ_PARTNER = rf"(?:\b(?:him|her)\b|\b(?:my|the)\s+{_PARTNER_NOUN}\b|\b{_NAME}\b)"
# Words allowed between a subject and its verb: auxiliaries, modals, adverbs, and the
# negations that the negation filter then reads ("he has never hit me").
_GAP_WORD = (
    r"(?:has|had|have|is|was|are|were|did|does|do|would|will|could|might|may|can|shall|"
    r"should|just|really|finally|actually|literally|physically|once|twice|again|also|"
    r"even|then|sometimes|often|always|still|never|not|ever|been|kept|keeps|keep|started|"
    r"starts|began|begins|tried to|tries to|going to|used to|almost|nearly|basically|"
    r"repeatedly|constantly|usually|only|already|to|ended up|end up|once again|being|"
    r"getting|get|got|keep getting)"
)
_GAP = rf"(?P<gap>(?:\s+{_GAP_WORD}){{0,4}})"  # the negation filter reads this group
_GAP2 = rf"(?P<gap2>(?:\s+{_GAP_WORD}){{0,4}})"  # a second gap in the same pattern
# "<verb> me" then the end of the clause or a harmless continuation.
_ME_END = (
    r"(?=\s*(?:[.!?,;:)~]|$)|\s+(?:and|when|because|again|today|yesterday|last|twice|once|"
    r"in|so|while|after|before|during|every|the other|in front of)\b)"
)

_VIOLENT_VERB = (
    r"(?:hit|hits|hitting|punch(?:es|ed|ing)?|slap(?:s|ped|ping)?|smack(?:s|ed|ing)?|"
    r"kick(?:s|ed|ing)?|shov(?:e|es|ed|ing)|chok(?:e|es|ed|ing)|strangl(?:e|es|ed|ing)|"
    r"throttl(?:e|es|ed|ing)|beat(?:s|ing|en)?|bit|bites?|biting|rap(?:e|es|ed|ing)|"
    r"assault(?:s|ed|ing)?|stab(?:s|bed|bing)?|head-?butt(?:s|ed|ing)?|"
    r"physically attack(?:s|ed|ing)?|spit(?:s|ting)? (?:on|at)|spat (?:on|at)|"
    r"molest(?:s|ed|ing)?|smother(?:s|ed|ing)?|suffocat(?:e|es|ed|ing))"
)
# After "<verb> me": continuations that make it an idiom, not violence.
_NOT_VIOLENT_AFTER = (
    r"(?!\s+(?:up\b|out\b|to it|to the|at\b|in (?:a|the) (?:race|game|argument|debate)|"
    r"by \d|with (?:the|a|this|that|some|his|her|its) (?:news|question|truth|request|"
    r"guilt|bill|reality|fact|idea|surprise|joke|compliment|line|comeback|trip|story|"
    r"announcement)))"
)
# "If I open up he'll hurt me": emotional hurt, not a threat.
_EMOTIONAL_IF = (
    r"(?:if\s+i\s+)?(?:open|trust|let|get close|fall|love|commit|give|show|share|"
    r"am vulnerable|tell (?:him|her) how)\b"
)
_MEDS = (
    r"(?:pills|tablets|meds|medication|medicine|painkillers|paracetamol|tylenol|ibuprofen|"
    r"aspirin|xanax|oxys?|antidepressants|benzos|opioids|insulin|prescriptions?)"
)
_FRIENDS_FAMILY = (
    r"(?:(?:my|any|his|her|our|other)\s+)?(?:\w+\s+)?(?:friends?|family|parents?|mom|mum|"
    r"mother|dad|father|sisters?|brothers?|siblings|kids|children|anyone|anybody|people|"
    r"colleagues|coworkers|co-workers|therapist|doctor|relatives)\b"
)
# What a controlling partner stops the user doing ("won't let me ...").
_CONTROLLED_ACTS = (
    rf"(?:(?:see|visit|meet|call|phone|text|message|talk to|speak to|hang out with|"
    rf"spend time with|contact|go out with|go see)\s+{_FRIENDS_FAMILY}|go out\b|"
    r"go anywhere|go outside|leave the house|leave the (?:flat|apartment|room|house)|"
    r"go to (?:work|school|college|uni|church|class|the gym|parties)|leave\b|"
    r"have (?:my own|a job|money|any money|friends|a phone|access|a bank|a car|a life)|"
    r"work\b(?!\s+(?:on|through|it|things|this))|get a job|keep my job|drive|"
    r"use (?:the|my) (?:car|phone|computer|laptop|money|bank|card)|wear|spend|eat|sleep|"
    r"lock the|close the|be alone with)"
)


@dataclass(frozen=True)
class Rule:
    """One named group of patterns for one category.

    ``negatable``: a negation just before the hit cancels it ("I would never hurt
    myself"); patterns that hold their own negation ("I don't want to live") start at it,
    so it never lies before the hit.
    ``not_subjects``: for self-harm, the hit is dropped when the nearest person named
    before it, in its clause, is one of these words ("my friend wants to die").
    ``subject_led``: per pattern, whether it starts with the partner as subject; those are
    only tried where a subject was found (one scan for all of them keeps this fast).
    """

    name: str
    category: SafetyCategory
    patterns: tuple[re.Pattern[str], ...]
    negatable: bool = True
    not_subjects: frozenset[str] = frozenset()
    subject_led: tuple[bool, ...] = ()


_FIRST_PERSON = frozenset({"i", "me", "my", "myself", "mine"})
_PARTNER_WORDS = frozenset(
    {
        "he", "she", "him", "her", "his", "hers", "himself", "herself", "partner",
        "boyfriend", "girlfriend", "husband", "wife", "ex", "fiance", "fiancee", "spouse",
        "bf", "gf",
    }
)  # fmt: skip
_OTHER_PEOPLE = _PARTNER_WORDS | frozenset(
    {
        "they", "them", "their", "themselves", "friend", "friends", "brother", "sister",
        "mom", "mum", "dad", "mother", "father", "son", "daughter", "someone", "somebody",
        "people", "cousin", "colleague", "coworker", "uncle", "aunt", "grandma", "grandpa",
        "grandmother", "grandfather", "kid", "child", "patient", "student", "celebrity",
        "character", "actor", "singer", "roommate", "flatmate", "neighbour", "neighbor",
        "guy", "girl", "man", "woman",
    }
)  # fmt: skip


def _rule(
    name: str,
    category: SafetyCategory,
    *alternatives: str,
    negatable: bool = True,
    not_subjects: frozenset[str] = frozenset(),
) -> Rule:
    patterns = tuple(re.compile(a, re.IGNORECASE) for a in alternatives)
    subject_led = tuple(a.startswith(_PARTNER) for a in alternatives)
    return Rule(name, category, patterns, negatable, not_subjects, subject_led)


def _self_harm(
    name: str,
    *alternatives: str,
    negatable: bool = True,
    not_subjects: frozenset[str] = _OTHER_PEOPLE,
) -> Rule:
    return _rule(name, "self_harm", *alternatives, negatable=negatable, not_subjects=not_subjects)


def _abuse(name: str, *alternatives: str, negatable: bool = True) -> Rule:
    return _rule(name, "abuse", *alternatives, negatable=negatable)


# --------------------------------------------------------------------------------------
# Rule tables, tried in the order ABUSE_OVERRIDES, SELF_HARM_RULES, ABUSE_RULES.
# --------------------------------------------------------------------------------------

# Partner-directed words that would otherwise read as the user's own self-harm.
ABUSE_OVERRIDES: tuple[Rule, ...] = (
    _abuse(
        "partner_tells_user_to_die",
        r"\b(?:go\s+|just\s+|should\s+|to\s+)?(?:kill|hurt|cut)\s+yourself\b|\bkys\b|"
        r"\b(?:go|just)\s+(?:die|drop dead)\b|\byou\s+(?:should|deserve to|ought to)\s+"
        r"(?:just\s+)?die\b",
        rf"{_PARTNER}{_GAP}\s+(?:told|tells|telling|tell|said|says|saying|texted|screamed|"
        r"yelled|wrote)\s+(?:me\s+)?(?:that\s+)?(?:to|i should|i ought to|i need to|"
        r"i might as well)\s+(?:just\s+|go\s+)*(?:kill myself|die|drop dead|end my life|kys|"
        r"hurt myself|cut myself)\b",
    ),
)

SELF_HARM_RULES: tuple[Rule, ...] = (
    _self_harm(
        "act_on_myself",
        r"\b(?:kill(?:ing|ed|s)?|hurt(?:ing|s)?|harm(?:ing|ed|s)?|cut(?:ting|s)?|"
        r"injur(?:e|ing|ed)|burn(?:ing|ed|t|s)?|starv(?:e|ing|ed)|hang(?:ing|ed)?|"
        r"shoot(?:ing)?|shot|drown(?:ing|ed)?|poison(?:ing|ed)?|stab(?:bing|bed)?|"
        r"punch(?:ing|ed)?|suffocat(?:e|ing|ed)|strangl(?:e|ing|ed)|off(?:ing|ed)?|"
        r"unaliv(?:e|ing|ed)|end(?:ing)?|overdos(?:e|ing))\s+myself\b",
        r"\bkms\b|\bunalive\b",
    ),
    _self_harm(
        "suicide_word",
        r"\bsu[il]?[cs]{1,2}[iy]?d(?:e|es|al|el|le|ally|ality)?\b(?!\s+(?:squad|prevention|"
        r"awareness|bomb\w*|doors?|rates?|mission|run|statistics|stats))",
        r"\bsuizid\w*|\bselbstmord\w*|\bsuicidar\w*|\bsuicider\b|\bsewer ?slide\b",
    ),
    _self_harm(
        "self_harm_word",
        r"\bself[\s-]?(?:harm\w*|injur\w*|mutilat\w*)\b",
        r"\burges?\s+to\s+(?:cut|hurt myself|harm myself)\b",
    ),
    _self_harm(
        "wish_to_die",
        r"\b(?:want|wanted|wanting|wants|wish|wishing|long|longing|ready|deserve|plan|"
        r"planning|need)\s+to\s+(?:just\s+)?(?:die|be dead|not be alive|stop living|"
        r"stop existing|not exist|cease to exist|end it all|end my life|"
        r"take my (?:own\s+)?life)\b",
        r"\bi\s+(?:just\s+|really\s+|honestly\s+)*(?:should|might as well|would rather|"
        r"may as well)\s+(?:just\s+)?(?:die|be dead)\b(?!\s+than)",
        r"\b(?:wish|hope|wished)\s+(?:that\s+)?i\s+(?:was|were|had|would|could|would just|"
        r"could just)\s+(?:just\s+)?(?:dead|die|died|been dead|never been born|"
        r"disappear|stop existing|not exist|cease to exist)\b",
        r"\bwish\s+(?:that\s+)?i\s+(?:did not|had not|never)\s+(?:exist|been born)\b",
        r"\b(?:better off|rather be|be better)\s+dead\b",
        r"\b(?:tired|sick|exhausted|done|finished)\s+(?:of|with)\s+(?:living|being alive|"
        r"life|existing)\b(?!\s+(?:with|in|here|like|as|being|together|this way|when|"
        r"around|under|on|for|apart|without))",
        r"\b(?:give|giving|gave|given)\s+up\s+on\s+(?:life|living)\b",
        r"\b(?:think|thinking|thought|thoughts|fantasi[sz]e|fantasi[sz]ing|dream|dreaming)\s+"
        r"(?:a lot\s+)?(?:about|of)\s+(?:dying|being dead|not being alive|not existing|"
        r"not waking up|my (?:own\s+)?death|ending it all)\b",
        r"\b(?:want|wanted|wish|need)\s+(?:it\s+all|everything)\s+to\s+be\s+over\b",
        r"\b(?:end|ending|take|taking|put an end to)\s+(?:it all|my (?:own\s+)?life|"
        r"everything)\b(?!\s+(?:with|between|about))",
    ),
    _self_harm(
        "no_will_to_live",
        r"\b(?:do not|did not|never|no longer|not)\s+(?:(?:really|even|truly|think i|think i "
        r"even|know if i|know that i)\s+)*(?:want|feel like|wish)\s+(?:to\s+)?(?:live|living|"
        r"be alive|exist|keep living|go on living|stay alive|go on|keep going)\b(?=\s*"
        r"(?:[.!?,;~]|$)|\s+(?:anymore|any more|any longer|at all|and|but|because|since|"
        r"sometimes|most days|honestly|without|if|when|after)\b)",
        r"\b(?:do not|never|no longer)\s+(?:really\s+|even\s+)*want\s+to\s+wake\s+up\b"
        r"(?:\s+(?:again|anymore|tomorrow|ever|in the morning))?(?=\s*(?:[.!?,;~]|$)|\s+"
        r"(?:and|anymore|again)\b)",
        r"\bnot\s+(?:be|being)\s+(?:here|around|alive)\s+(?:anymore|any more|any longer)\b",
        r"\b(?:do not|did not|no longer)\s+want\s+to\s+be\s+(?:here|around|alive)\s+(?:anymore|"
        r"any longer|at all|on this earth|in this world)\b",
        r"\b(?:not sure|do not know|unsure)\s+(?:if|whether|that)?\s*i\s+(?:even\s+|still\s+)?"
        r"want\s+to\s+(?:live|be alive|be here|go on|keep going|keep living|exist|"
        r"wake up)\b(?!\s+(?:like|with|here))",
        r"\b(?:no|not (?:any|a single)|do not have (?:a|any)|no longer have (?:a|any))\s+"
        r"(?:\w+\s+)?(?:reason|point|will|purpose)\s+(?:left\s+)?(?:to|in|of|for)\s+"
        r"(?:live|living|go on|going on|keep going|keep living|go on living|continue living|"
        r"being alive|being here|exist|existing|carry on|carrying on|stay alive|"
        r"staying alive|life|me to live|me being here)\b"
        r"(?!\s+(?:with|like this|in this relationship))",
        r"\bnothing\s+(?:left\s+)?to\s+live\s+for\b",
        r"\b(?:life|living|my life|existence)\s+(?:is|is just|really is|feels)\s+(?:not|no "
        r"longer|never)\s+(?:worth|worth it|worth living)\b",
        r"\bnot\s+worth\s+living\b",
        r"\bwhat\s+is\s+(?:even\s+)?the\s+point\s+(?:of|in)\s+(?:living|life|going on|being "
        r"alive|being here|me|my life|existing|anything anymore)\b",
        r"\bwhy\s+(?:should\s+i\s+|do\s+i\s+|would\s+i\s+)?(?:even\s+)?(?:bother\s+)?"
        r"(?:living|staying alive|being alive)\b",
        r"\b(?:do not|can not|could not|no longer)\s+see\s+(?:the|a|any)\s+(?:point|reason)\s+"
        r"(?:in|of|to|for)\s+(?:going on|keep going|keep living|living|life|anything|"
        r"being alive|being here|"
        r"carrying on|continuing|existing|it all|me|waking up)\b"
        r"(?!\s+(?:with|dates?|a date|like|in (?:this|the|our) (?:relationship|conversation)|"
        r"about|to the|trip|holiday|vacation))",
        r"\b(?:do not think|not sure|do not know if|doubt)\s+i\s+can\s+(?:go on|keep going|"
        r"carry on|keep living|stay alive)\b(?!\s+(?:like|with))",
        r"\b(?:can not|could not)\s+(?:go on|keep going|carry on|keep living|go on living)"
        r"(?=\s*(?:[.!?,;~]|$)|\s+(?:anymore|any longer|any more|with life|living|and|"
        r"honestly|sometimes)\b)",
    ),
    _self_harm(
        "better_off_without_me",
        r"\b(?:better\s+off|better\s+place|happier|better|easier|simpler|relieved|freer)\s+(?:for\s+(?:everyone|"
        r"everybody|them|all|all of them|my family|him|her|you|everyone else)\s+)?(?:without\s+"
        r"me|with\s+me\s+(?:gone|dead)|if\s+i\s+(?:(?:was|were|had|am|just|had just)\s+){0,2}"
        r"(?:dead|gone|died|disappeared|killed myself|never been "
        r"born|was never born|did not exist|not here|not around|not alive|no longer here|"
        r"no longer around|out of the picture|not in (?:it|their lives|the picture|this world|"
        r"the world))\b)",
        r"\b(?:world|everyone|everybody)\s+(?:would|will)\s+be\s+better\s+without\s+me\b",
        r"\b(?:no one|nobody|noone|no-one|not a single person|not one person)\s+(?:would|"
        r"will|is going to)\s+(?:even\s+|really\s+)?(?:miss|notice|care|mind|cry)\b[^.!?]{0,30}"
        r"\b(?:if|when|once)\s+i\b[^.!?]{0,15}\b(?:gone|dead|died|die|disappear(?:ed)?|"
        r"not here|not around|kill(?:ed)? myself)\b",
        r"\b(?:no one|nobody|noone|no-one)\s+(?:would|will)\s+(?:even\s+)?miss\s+me\b",
        r"\bif\s+i\s+(?:just\s+)?(?:died|disappeared|was gone|were gone|killed myself|was dead|"
        r"were dead|was not here|were not here)\b[^.!?]{0,40}\b(?:no one|nobody|noone|no-one|"
        r"would anyone|would anybody|who would)\b",
        r"\bwould\s+(?:anyone|anybody)\s+(?:even\s+|really\s+)?(?:care|notice|miss me)\s+if\s+"
        r"i\s+(?:died|was gone|were gone|disappeared|was dead|were dead|killed myself)\b",
        r"\b(?:will not|would not|may not|might not|not going to)\s+be\s+(?:around|here|"
        r"alive)\s+(?:much|"
        r"for much|for)\s+(?:longer|long)\b",
        r"\b(?:will not|would not)\s+be\s+a\s+(?:burden|problem)\s+(?:much longer|for much "
        r"longer|anymore|any longer|for long)\b",
        # "he'd be better off without me" is about the relationship, not about living.
        not_subjects=_PARTNER_WORDS,
    ),
    _self_harm(
        "disappear_for_good",
        r"\b(?:want|need|going|like|love|try|trying)\s+to\s+(?:just\s+)?(?:disappear|vanish|"
        r"stop existing|cease to exist|fade away)\b(?!\s+(?:into|for|from|to\b|somewhere|"
        r"on\b|off\b|with|abroad))",
        r"\b(?:disappear|vanish|go away|sleep)\s+(?:forever|for good|permanently|for ever)\b",
    ),
    _self_harm(
        "never_wake_up",
        r"\b(?:sleep|asleep|bed|close my eyes)\b[^.!?]{0,40}?\b(?:never|not|will not|would "
        r"not|do not)\s+(?:have to\s+)?wake\s+up\b(?!\s+(?:until|till|in time|early|on time|"
        r"for|when|before|at|the)\b)",
        r"\b(?:hope|wish|pray)\s+(?:that\s+)?i\s+(?:never|do not|will not|would not|did not)"
        r"\s+wake\s+up\b",
        r"\bnever\s+wak(?:e|ing)\s+up\s+again\b",
        r"\bwish\s+i\s+could\s+(?:just\s+)?(?:go to sleep|sleep|fall asleep)\s+(?:forever|"
        r"and not|and never)\b",
    ),
    _self_harm(
        "overdose_pills",
        r"\b(?:took|take|taken|taking|swallowed|swallow|swallowing|downed|ate|popped|pop)\s+"
        r"(?:(?:like|about|around|maybe|almost|over|nearly)\s+)?(?:a\s+|the\s+)?"
        r"(?:(?:way|far|so)\s+)?(?:bunch|handful|lot|load|bottle|whole bottle|box|pack|packet|all|"
        r"too many|loads|dozens|heaps|fistful|whole pack|whole box|[1-9]\d+|twenty|thirty|"
        rf"forty|fifty)\s*(?:of\s+)?(?:my\s+|the\s+|his\s+|her\s+|those\s+)?(?:\w+\s+)?"
        rf"{_MEDS}\b",
        rf"\b(?:took|take|taking|swallowed|swallowing)\s+(?:\w+\s+){{0,5}}?{_MEDS}\s+"
        r"on\s+purpose\b",
        r"\b(?:overdos(?:e|ed|ing)|od'?d)\b",
        r"\b(?:stockpil\w*|sav(?:e|es|ed|ing)\s+up|hoard\w*|collect(?:ing|ed)|stash\w*)\s+"
        rf"(?:all\s+)?(?:of\s+)?(?:my\s+|the\s+)?(?:\w+\s+)?{_MEDS}\b",
    ),
    _self_harm(
        "cutting",
        r"\b(?:been|started|start|starting|keep|kept|back to|went back to|go back to|going "
        r"back to|relapsed and|relapsed into|i|urge to|urges to|want to|tempted to|"
        r"thinking about|thought about|think about|thinking of)\s+(?:\w+\s+)?(?:cut|cutting)"
        r"(?=\s*(?:[.!?,;~]|$)|\s+(?:again|myself|my\s+(?:arms?|wrists?|legs?|thighs?|skin|"
        r"stomach)|since|when|because|and|last|every|at night|lately|recently|today|"
        r"yesterday|in the bathroom|after)\b)",
        r"\b(?:cut|cutting|cuts|slit|slitting|slash\w*|carv\w*|burn(?:ed|t|ing|s)?|"
        r"scratch(?:ed|ing|es)?|scrap(?:e|ed|ing))\s+(?:my|both)\s+(?:own\s+)?(?:wrists?|arms?|"
        r"forearms?|thighs?|legs?|skin|veins?|stomach|hips?)\b(?!\s+(?:on\b|shaving|while|"
        r"when|in the|at the|\w+ing\b))",
    ),
    _self_harm(
        "method",
        r"\b(?:jump(?:ing|ed)?|throw(?:ing)?\s+myself|leap(?:ing)?)\s+(?:off|from)\s+(?:a|"
        r"the|this|that|our|my|an|some)\s+(?:\w+\s+)?(?:bridge|building|roof|rooftop|cliff|"
        r"balcony|window|tower|ledge|overpass|car park)\b",
        r"\b(?:jump(?:ing|ed)?|throw(?:ing)?\s+myself|step(?:ping)?|walk(?:ing)?|lie|lying|"
        r"lay)\s+(?:in front of|under)\s+(?:a|the|an|some)\s+(?:\w+\s+)?(?:train|car|bus|"
        r"truck|lorry|tram|subway|traffic)\b",
        r"\b(?:jump(?:ing|ed)?|throw(?:ing)?\s+myself|walk(?:ing)?)\s+into\s+(?:a|the)\s+"
        r"(?:river|sea|ocean|lake|traffic|canal)\b",
        r"\bjump(?:ing|ed)?\s+out\s+(?:of\s+)?(?:a|the|my|this)\s+window\b",
        r"\bwalk(?:ing)?\s+into\s+traffic\b",
        r"\bdriv(?:e|ing)(?:\s+(?:my|the)\s+car)?\s+(?:off|into)\s+(?:a|the)\s+(?:\w+\s+)?"
        r"(?:bridge|cliff|tree|wall|river|lake|ravine|truck|lorry|oncoming traffic|road|"
        r"edge|embankment|barrier|guardrail|motorway|highway)\b",
        r"\b(?:crash|drive)\s+(?:my|the)\s+car\s+(?:on purpose|deliberately)\b",
        r"\b(?:gun|pistol|knife|blade)\s+(?:to|against)\s+my\s+(?:head|throat|wrist|chest)\b",
        r"\bnoose\b|\brope\s+(?:ready|around my neck|to hang)\b|\blethal\s+dose\b",
        r"\b(?:got|have|had|put|keep)\s+(?:the|my|some|all the|enough)\s+(?:pills|tablets|"
        r"rope|razors?|blades?)\s+(?:ready|saved|hidden|lined up|stashed)\b",
        r"\b(?:looked up|look up|looking up|googled|googling|searched|searching|researched|"
        r"researching|read up on)\s+(?:how|ways|the best way|methods)\s+(?:to\s+)?(?:die|"
        r"kill myself|end my life|overdose|hang myself|commit)\b",
        r"\bhow\s+many\s+(?:pills|tablets)\b[^.!?]{0,40}\b(?:die|kill|fatal|lethal|"
        r"overdose|enough)\b",
        r"\b(?:scratch|pick|claw|dig|bit|bite|hit|bang)\w*\s+(?:at\s+)?(?:my|myself)\b"
        r"[^.!?]{0,30}\buntil\s+(?:it|they|i)\s+(?:bleed|bleeds|bled)\b",
        r"\bmake\s+myself\s+bleed\b",
        rf"\bcount(?:ing|ed)?\s+(?:out\s+)?(?:the\s+|my\s+|all\s+(?:the\s+|my\s+)?)?{_MEDS}\b",
        rf"\b{_MEDS}\b[^.!?]{{0,40}}\bcount(?:ing|ed)\s+them\b",
        r"\b(?:think|thinking|thought|thoughts)\s+(?:about|of)\s+(?:jumping|hanging myself|"
        r"overdosing|slitting|drowning myself|crashing (?:my|the) car|swallowing)\b(?!\s+(?:into|"
        r"at|on|in|ship|back|ahead|the gun|to conclusions))",
        r"\b(?:writing|wrote|write|written)\s+(?:\w+\s+)?(?:letters?|notes?|messages?)\s+"
        r"(?:to\s+say\s+goodbye|saying\s+goodbye|of\s+goodbye|to\s+(?:everyone|my family)\s+"
        r"(?:for\s+)?(?:after|when)\s+i\s+am\s+gone)\b",
        r"\bbought\s+(?:a|some)\s+rope\b(?!\s+(?:swing|ladder|for))",
        r"\b(?:thinking|thought|think|planning|planned|plan|figured out|worked out|decided|"
        r"know)\s+(?:about\s+|out\s+)?(?:how|when|where)\s+(?:i\s+would|i\s+will|i\s+am "
        r"going to|i\s+could|to)\s+do\s+it\b",
        r"\b(?:picture|picturing|imagine|imagining|plan|planning|think about|thinking about)\s+"
        r"my\s+(?:own\s+)?funeral\b",
        r"\b(?:wrote|writing|written|write|left|leave)\s+(?:a|my)\s+(?:goodbye|farewell)\s+"
        r"(?:note|letter)s?\b",
        r"\bgiv(?:e|ing|en)\s+away\s+(?:all\s+)?(?:of\s+)?my\s+(?:stuff|things|belongings|"
        r"possessions)\b",
        r"\b(?:want|wanted|wish)\s+(?:it\s+all|everything)\s+to\s+(?:end|stop)\b"
        r"(?!\s+(?:with|between))",
        r"\b(?:want|need)\s+(?:the\s+pain|it|everything)\s+to\s+(?:end|stop)\s+(?:forever|"
        r"for good|permanently)\b",
    ),
    _self_harm(
        "other_languages",
        # Spanish
        r"\b(?:quiero|quisiera|voy a)\s+(?:morir(?:me)?|matarme|suicidarme)\b|"
        r"\bme\s+quiero\s+(?:morir|matar)\b|\bquitarme\s+la\s+vida\b|\bhacerme\s+dano\b|"
        r"\bme\s+corto\b|\bno\s+quiero\s+(?:seguir\s+)?vivi(?:r|endo)\b",
        # French
        r"\bje\s+veux\s+mourir\b|\benvie\s+de\s+mourir\b|\b(?:veux|vais|envie de|pense a)\s+"
        r"me\s+(?:tuer|suicider)\b|\bne\s+veux\s+plus\s+vivre\b|\bmettre\s+fin\s+a\s+"
        r"(?:mes jours|ma vie)\b|\bme\s+faire\s+du\s+mal\b|\bme\s+scarifier\b",
        # German
        r"\bich\s+(?:will|mochte|moechte|werde)\s+(?:sterben|mich umbringen|nicht mehr leben)"
        r"\b|\b(?:will|mochte|moechte)\s+nicht\s+mehr\s+leben\b|\bmir\s+das\s+leben\s+(?:zu\s+)?"
        r"nehmen\b|\bmich\s+(?:selbst\s+)?(?:ritzen|verletzen)\b|\britze\s+mich\b",
    ),
)

ABUSE_RULES: tuple[Rule, ...] = (
    _abuse(
        "partner_violence",
        rf"{_PARTNER}{_GAP}\s+{_VIOLENT_VERB}\s+me\b{_NOT_VIOLENT_AFTER}",
        rf"{_PARTNER}{_GAP}\s+(?:push(?:ed|es|ing)?|throw(?:s|ing)?|threw|pin(?:ned|s|ning)?|"
        r"slam(?:med|s|ming)?|knock(?:ed|s|ing)?|shov(?:e|ed|es|ing))\s+me\s+(?:down\b|"
        r"over\b|into\s+(?:the|a|my|his|her)\s+(?:\w+\s+)?(?:wall|door|doorframe|table|"
        r"counter|furniture|cabinet|fridge|floor|mirror|window|bookshelf|shelf|dresser|"
        r"wardrobe|corner|radiator|sink|bathtub|stairs|car)\b|against\b|onto\b|"
        r"to the (?:ground|floor|wall|bed)|off (?:the|a|my)|"
        r"out of (?:the|a|my) (?:car|chair|bed)|across\b|so hard|around\b|down the|"
        r"up against|violently)",
        rf"{_PARTNER}{_GAP}\s+(?:pushed|pushes|shoved|shoves)\s+me{_ME_END}",
        rf"{_PARTNER}{_GAP}\s+knock(?:ed|s)\s+me\s+(?:out|unconscious)\b",
        rf"{_PARTNER}{_GAP}\s+drag(?:ged|s|ging)?\s+me\s+(?:by|across|down|along|to the "
        r"(?:floor|ground|car))\b",
        rf"{_PARTNER}{_GAP}\s+(?:held|holds|hold|holding|pinned|pins)\s+me\s+(?:down|against)\b",
        rf"{_PARTNER}{_GAP}\s+(?:grab(?:bed|s|bing)?|yank(?:ed|s|ing)?|twist(?:ed|s|ing)?|"
        r"squeez(?:e|ed|es|ing)|pull(?:ed|s|ing)?|shook|shakes)\s+(?:me\s+by\s+(?:the|my)\s+|"
        r"my\s+)(?:arms?|wrists?|throat|neck|hair|shoulders?|jaw)\b",
        rf"{_PARTNER}{_GAP}\s+(?:held|holds|squeez(?:e|ed|es))\s+my\s+(?:throat|neck)\b",
        r"\b(?:hands?|fingers|arm)\s+(?:around|round|on|against|across)\s+my\s+(?:neck|"
        r"throat)\b",
        rf"{_PARTNER}{_GAP}\s+(?:thr(?:ew|ows|owing|own)|hurl(?:ed|s)?|chuck(?:ed|s)?|"
        r"fl(?:ung|ings))\s+(?:(?!(?:glance|look|smile|tantrum|fit|party|words?|comments?|"
        r"questions?|accusations?|blame|insults?|past|mistakes?|shade|jabs?|digs?|"
        r"compliments?|back|it|that|this|everything)\b)\w+\s+){1,3}(?:at|towards)\s+(?:me|"
        r"my\s+(?:head|face))\b",
        rf"{_PARTNER}{_GAP}\s+(?:throws|threw|breaks|broke|smashes|smashed)\s+things\b",
        r"\b(?:throw|throws|threw|throwing|hurl\w*|chuck\w*|fling\w*|flung)\s+(?:things|"
        r"stuff|objects|plates|glasses|dishes|(?:a|his|her|the|my)\s+(?:phone|plate|glass|"
        r"cup|mug|bottle|shoe|remote|book|chair|knife|lamp|keys|laptop))\s+at\s+(?:me|my)\b",
        rf"{_PARTNER}{_GAP}\s+(?:punch(?:ed|es|ing)?|kick(?:ed|s|ing)?|smash(?:ed|es|ing)?)"
        r"\s+(?:(?:a|the|my|his|her)\s+)?(?:hole\s+in\s+the\s+)?(?:wall|walls|door|doors|"
        r"window|windows|table|phone|laptop|things|stuff|tv|television|mirror|plates|dishes|"
        r"furniture|chair)\b",
        rf"{_PARTNER}{_GAP}\s+(?:broke|breaks|fractured|dislocated|bruised|split)\s+my\s+"
        r"(?:arms?|wrists?|nose|jaw|ribs?|fingers?|legs?|hands?|lip|tooth|teeth|cheekbone|"
        r"collarbone|eye socket|skull)\b",
        rf"{_PARTNER}{_GAP}\s+(?:hurt(?:s|ing)?\s+me\s+physically|physically\s+hurt(?:s|ing)?"
        r"\s+me|(?:left|leaves|gave|gives)\s+me\s+(?:bruises|a black eye|a bruise|marks|"
        r"a split lip|a broken|a concussion))\b",
        r"\b(?:black eye|split lip|bruises)\b[^.!?]{0,40}\b(?:he|she|him|her|gave|from|"
        r"left|hide|cover|covered)\b",
        r"\b(?:hide|hiding|cover|covering|cover up|covering up)\s+(?:the|my)\s+bruises\b",
        rf"\b(?:hit|punched|slapped|kicked|shoved|choked|strangled|pushed|beaten|raped|"
        rf"assaulted|attacked|bitten|molested|burned)\s+(?:me\s+)?by\s+{_OBJ_PARTNER}",
        r"\bi(?P<gap>(?:\s+(?:am|was|have|had|been|being|keep|getting|get|got|never|not|"
        r"ever|still|often|sometimes|constantly|repeatedly|regularly|physically|sexually|"
        r"emotionally|verbally|just|also|even|once|really|no longer)){1,4})\s+(?:abused|"
        r"raped|sexually assaulted|assaulted|beaten(?:\s+up)?|strangled|choked)\b",
        rf"{_PARTNER}{_GAP}\s+(?:forc(?:ed|es|ing|e)|pressur(?:ed|es|ing)|made|makes|"
        r"coerc(?:ed|es|ing)|guilt(?:s|ed)?)\s+me\s+(?:to\s+|into\s+)?(?:have\s+sex|having "
        r"sex|sex\b|sleep with|sleeping with|do sexual|sexual)",
        r"\b(?:marital rape|raped me|sexually (?:assaulted|abused) me)\b",
    ),
    _abuse(
        "partner_violent_or_abusive",
        rf"{_PARTNER}{_GAP}(?:\s+(?:get|gets|got|getting|become|becomes|became|turn|turns|"
        r"turned|is|was|be|been|being|can be|has been))?(?:\s+(?:so|really|very|a|extremely|"
        r"more|quite|pretty|super|increasingly|physically|emotionally|verbally|sexually|"
        r"financially|and))*\s+(?:violent|abusive|physically aggressive)\b",
        r"\b(?:violent|abusive|aggressive)\s+(?:with|towards|toward|to)\s+me\b",
        r"\b(?:it|things|the (?:fight|argument|row))\s+(?:got|gets|get|turned|became|turns)"
        r"\s+(?:really\s+|very\s+)?(?:physical|violent)\b",
        rf"{_PARTNER}{_GAP}\s+abus(?:es|ed|ing|e)\s+me\b",
        rf"{_PARTNER}{_GAP}\s+(?:corner(?:s|ed|ing)?)\s+me\b",
        rf"{_PARTNER}{_GAP}\s+hurt\s+me\s+(?:again\s+)?(?:last night|yesterday|this morning|"
        r"tonight|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|physically|"
        r"really bad(?:ly)? (?:last night|yesterday))\b(?!\s+(?:by|when|with (?:his|her|"
        r"their) words|emotionally))",
        rf"{_PARTNER}{_GAP}\s+(?:put|puts|laid|lays|lay)\s+(?:his|her|their)\s+hands\s+on\s+"
        r"me\b",
        rf"{_PARTNER}{_GAP}\s+(?:get|gets|got|getting|becomes|became|turns|turned)\s+"
        r"(?:really\s+|very\s+|so\s+)?(?:rough|physical|aggressive)\s+(?:with me\s+)?"
        r"(?:when|if|whenever|after)\s+(?:he|she|they)\s+(?:is|are|gets|get|has|had|drinks|"
        r"drink|loses|lose)\b",
        r"\b(?:screams|screamed|yells|yelled|shouts|shouted|got|gets)\s+(?:right\s+)?in\s+my\s+"
        r"face\b",
        r"\b(?:domestic|intimate partner)\s+(?:violence|abuse)\b",
        r"\babusive\s+(?:relationship|partner|boyfriend|girlfriend|husband|wife|marriage|ex|"
        r"man|woman|home)\b",
        r"\b(?:emotional|physical|sexual|financial|verbal)\s+abuse\b",
        r"\bcoercive\s+control\b",
    ),
    _abuse(
        "partner_threats",
        r"\b(?:said|says|screamed|screams|yelled|yells|shouted|shouts|texted|texts|wrote|"
        r"threatened|threatens|told me|tells me|hissed|whispered)(?:\s+(?:me|to me|at me))?"
        r"\s*[:,]?\s*\"?\s*i\s+"
        r"(?:will|would|am going to|going to|could|swear i will)\s+(?:\w+\s+)?(?:kill|hurt|"
        r"hit|beat|murder|strangle|destroy|end|ruin|break)\s+you\b",
        rf"{_PARTNER}{_GAP}\s+threat(?:en|ens|ened|ening)\s+(?:to\s+|that\s+)?(?:(?:really|"
        r"actually|physically|seriously|badly|just|also)\s+)?(?:hurt|kill|hit|beat|harm|"
        r"shoot|stab|strangle|choke|punch|slap|burn|murder|destroy me|ruin me|ruin my|"
        r"take (?:the|my|our|away (?:the|my|our)) (?:kids|children|baby|son|daughter)|"
        r"expose|post|share|leak|report me|call (?:immigration|my boss|my work)|throw me|"
        r"kick me|lock me|have me|make me|tell (?:everyone|my|people|the)|out me|"
        r"send (?:my|the) (?:photos|pictures|nudes))",
        rf"{_PARTNER}{_GAP}\s+threat(?:en|ens|ened|ening)\s+(?:me|my\s+(?:life|safety|"
        r"family|kids|children|friends|pets?|dog|cat|parents))\b"
        r"(?!\s+with\s+(?:a\s+)?(?:divorce|break ?up|breaking up|leaving|separation|ending|"
        r"the silent treatment))",
        r"\bi\s+(?:was|am|have been|felt|feel)\s+threatened\s+by\s+(?:him|her)\b",
        rf"\b(?:said|says|told me|tells me|swore|swears|threatened|threatens|warned me|"
        rf"promised|screamed|yelled|texted)\s+(?:that\s+)?(?:if\s+[^.!?]{{0,50}}?\s+)?"
        rf"{_PARTNER}{_GAP}\s+(?:kill|hurt|"
        r"harm|murder|stab|shoot|strangle|beat|hit|break)\s+(?:me\b|my\s+(?:neck|legs?|arms?|"
        r"face|jaw|bones|nose|head|dog|cat|pets?|kids|children|family|parents|mom|mum|"
        r"friends|baby|son|daughter)\b)",
        rf"{_PARTNER}{_GAP}\s+make\s+(?:sure\s+)?(?:that\s+)?(?:i|me)\s+(?:regret|pay|suffer|"
        r"sorry)\b|\bmake\s+my\s+life\s+(?:a\s+)?(?:living\s+)?(?:hell|miserable)\b",
        rf"{_PARTNER}{_GAP}\s+(?:will|would|is going to|going to|was going to|could|might)\s+"
        r"(?:\w+\s+)?(?:find me|come after me|hunt me down|make me pay|ruin me|ruin my life|"
        r"destroy me|take (?:the|my|our) (?:kids|children|baby|son|daughter)|tell (?:everyone|"
        r"my (?:family|boss|parents|work|friends|employer))|out me|post|send (?:my|the)|"
        r"expose me|kick me out|throw me out|leave me with nothing|take everything)\b"
        r"(?=[^.!?]{0,60}\b(?:if|unless|the moment|once)\s+i\b)",
        r"\bif\s+i\s+(?:ever\s+)?(?:leave|left|go|went|tell|told|break up|broke up|end|"
        rf"try|tried|report|call)\b[^.!?]{{0,40}}{_PARTNER}{_GAP}\s+(?:will|would|is going to|"
        r"going to|was going to|could|might)\s+(?:\w+\s+)?(?:find me|come after me|hunt me "
        r"down|make me pay|ruin me|ruin my life|destroy me|take (?:the|my|our) (?:kids|"
        r"children|baby|son|daughter)|tell (?:everyone|my (?:family|boss|parents|work|"
        r"friends|employer))|out me|expose me|leave me with nothing|take everything)\b",
        r"\btake\s+(?:the|my|our)\s+(?:kids|children|baby|son|daughter)\s+(?:away\s+)?"
        r"(?:from me|away)\b",
        r"\b(?:never|not)\s+see\s+(?:the|my|our)?\s*(?:kids|children|them|my son|my daughter)"
        r"\s+again\b[^.!?]{0,30}\bif\s+i\b",
        rf"{_PARTNER}{_GAP}\s+(?:said|says|told me|tells me|warned me|threatened|texted|swore)\s+"
        r"(?:that\s+)?(?:if\s+[^.!?]{0,40}?\s+)?i\s+(?:would|will|am going to|was going to|"
        r"going to)\s+(?:regret|pay for|be sorry)\b",
        rf"{_PARTNER}{_GAP}\s+(?:kill|murder|hurt|harm|stab|shoot|strangle|beat)\s+(?:me|my\s+"
        r"(?:dog|cat|pets?|kids|children|family|parents|mom|mum|friends|baby|son|daughter))\b"
        r"[^.!?]{0,40}\b(?:if|unless|when|whenever|once|the moment|the day|every time)\s+"
        r"i\b",
        rf"\b(?:scared|afraid|terrified|frightened|fear|fearing|worried)\b"
        rf"(?:(?!\s{_EMOTIONAL_IF})[^.!?]){{0,40}}?"
        rf"{_PARTNER}{_GAP}\s+(?:(?:kill|murder)\s+me\b|hurt\s+me\s+physically|physically\s+"
        r"hurt\s+me|(?:hurt|hit|harm)\s+me(?=\s*(?:[.!?,;~]|$)|\s+(?:badly|tonight|when (?:he|"
        r"she) (?:is|gets) (?:drunk|angry|home))\b))",
        rf"\bif\s+i\s+(?!{_EMOTIONAL_IF})[^.!?]{{0,50}}?{_PARTNER}{_GAP}\s+(?:kill|murder|hurt|harm|"
        r"beat|hit|punish)\s+me\b(?!\s+(?:with (?:silence|the silent)|again emotionally))",
        r"\b(?:said|says|told me|tells me|warned me|screamed|yelled)\s+(?:that\s+)?i\s+"
        r"(?:was|am|would be|will be)\s+next\b",
        r"\b(?:pulled|pointed|waved|brandished|held|came at me with|threatened me with)\s+"
        r"(?:a|his|her|the)\s+(?:knife|gun|pistol|rifle|weapon|bat|hammer)\s+(?:at|on|to|"
        r"against)\s+(?:me|my)\b",
        r"\b(?:came at me with|threatened me with|pulled)\s+(?:a|his|her|the)\s+(?:knife|gun|"
        r"pistol|rifle|weapon)\b",
        r"\b(?:knife|gun|pistol|weapon)\s+(?:to|at|against)\s+(?:me|my\s+(?:throat|head|"
        r"chest|face))\b",
    ),
    _abuse(
        "partner_self_harm_coercion",
        rf"{_PARTNER}{_GAP2}\s+(?:(?:said|says|saying|told me|tells me|threatened|"
        r"threatens|threatening|swore|swears|keeps saying|texted|warned me|screams|screamed|"
        rf"cries)\s+(?:that\s+)?(?:to\s+)?(?:(?:he|she|they){_GAP}\s+)?)?(?:kill|hurt|harm|"
        r"cut|end|hang|shoot|overdose)(?:s|ed|ing)?\s*(?:himself|herself|themselves|themself|"
        r"his life|her life|their life|it all)\b(?=[^.!?]{0,50}\b(?:if|unless|when|whenever|"
        r"every time|the moment|once|because)\s+i\b)",
        r"\bthreat(?:en|ens|ened|ening)\s+(?:to\s+)?(?:commit\s+suicide|suicide|kill\s+"
        r"(?:himself|herself|themselves)|hurt\s+(?:himself|herself|themselves)|harm\s+"
        r"(?:himself|herself|themselves)|end (?:his|her|their) life)\b",
        r"\b(?:suicide\s+threats?|threats?\s+(?:of|to commit)\s+suicide)\b",
        r"\bif\s+i\s+(?:ever\s+)?(?:leave|left|go|went|break up|broke up|end|ended|stop|"
        r"say|said|see|talk|go out|do not|did not)\b[^.!?]{0,50}\b(?:he|she|they)\s+"
        r"(?:will|would|is going to|was going to|going to|might|could)\s+(?:\w+\s+)?"
        r"(?:kill|hurt|harm|cut|end)\s+(?:himself|herself|themselves|his life|her life)\b",
    ),
    _abuse(
        "coercive_control",
        # Watching the user.
        rf"{_PARTNER}{_GAP}\s+(?:check(?:s|ed|ing)?|read(?:s|ing)?|go(?:es)?\s+through|went\s+"
        r"through|going\s+through|look(?:s|ed|ing)?\s+through|monitor(?:s|ed|ing)?|"
        r"track(?:s|ed|ing)?|spy|spies|spied|spying|scroll(?:s|ed)? through|demand(?:s|ed)? "
        r"to see|insist(?:s|ed)? on (?:seeing|checking|reading))\s+(?:on\s+)?(?:all\s+)?"
        r"(?:of\s+)?my\s+(?:\w+\s+)?(?:phone|messages|texts|emails?|e-mails?|location|dms|"
        r"social media|browser|browsing|search history|bank|accounts?|whatsapp|chats?|"
        r"calls|call log|mileage|receipts|every move|laptop|computer|mail|post|diary)\b",
        rf"{_PARTNER}{_GAP}\s+(?:track(?:s|ed|ing)?|stalk(?:s|ed|ing)?)\s+(?:me|where\s+i|"
        r"my\s+every)\b(?!\s+(?:on|online))",
        rf"{_PARTNER}{_GAP}\s+follow(?:s|ed|ing)?\s+me\s+(?:everywhere|around|home|to work)\b",
        r"\b(?:put|puts|installed|installs|hid|hidden|planted)\s+(?:a\s+|an\s+)?(?:tracker|"
        r"tracking app|gps|spyware|airtag|app|camera)\s+(?:on|in)\s+(?:my|our)\b",
        rf"{_PARTNER}{_GAP}\s+(?:demand(?:s|ed)?|insist(?:s|ed)? on|make(?:s)? me (?:give|"
        r"share|hand over)|made me (?:give|share|hand over)|wants)\s+(?:all\s+)?(?:of\s+)?my\s+"
        r"(?:passwords?|passcodes?|pin|location)\b",
        r"\b(?:makes|made|forces|forced)\s+me\s+(?:to\s+)?(?:share|send)\s+(?:him\s+|her\s+)?"
        r"my\s+(?:live\s+)?location\b",
        r"\bkeeps?\s+(?:close\s+)?tabs\s+on\s+(?:me|where\s+i|everything\s+i|who\s+i)\b",
        r"\b(?:where\s+i\s+am|who\s+i\s+am\s+with)\s+(?:every (?:minute|second|hour)|at all "
        r"times|24/7|constantly)\b",
        r"\b(?:has|needs|wants|demands)\s+to\s+know\s+where\s+i\s+am\s+(?:at all times|every|"
        r"all the time|24/7|constantly)\b",
        # Stopping the user.
        rf"{_PARTNER}{_GAP}\s+(?:will not|would not|does not|did not|do not|never|no longer|"
        rf"refuses to|refused to)\s+(?:let|allow|allows|lets|permit)\s+me\s+(?:to\s+)?"
        rf"(?:even\s+|ever\s+)?{_CONTROLLED_ACTS}",
        rf"{_PARTNER}{_GAP}\s+(?:forbid(?:s|den)?|forbade|ban(?:s|ned)?|stop(?:s|ped)?|"
        r"prevent(?:s|ed)?|keep(?:s)?|kept|block(?:s|ed)?)\s+me\s+(?:from\s+|to\s+)?"
        r"(?:seeing|visiting|talking to|calling|going out|going to|leaving|working|having|"
        r"using|driving|meeting|contacting|spending time with|getting a job|texting)\b"
        r"(?!\s+(?:on|through|things out|it out))",
        rf"\bi\s+(?:am|was|have been|have never been)\s+(?:not|never|no longer)\s+allowed\s+to"
        rf"\s+(?:even\s+|ever\s+)?{_CONTROLLED_ACTS}",
        r"\bi\s+(?:have|need|had|must)\s+(?:to\s+)?(?:ask|get|beg)\s+(?:for\s+)?(?:his|her|"
        r"their)\s+permission\b",
        r"\bi\s+(?:have|had|need)\s+to\s+ask\s+(?:him|her)\s+(?:for\s+)?permission\b",
        r"\b(?:makes|made|forces|forced|make|force)\s+me\s+(?:to\s+)?(?:ask|beg)\s+"
        r"(?:(?:him|her)\s+)?(?:for\s+)?(?:(?:his|her)\s+)?permission\b",
        r"\b(?:makes|made|forces|forced|make|force)\s+me\s+(?:to\s+)?(?:hand over|give "
        r"(?:him|her)|show (?:him|her)|unlock)\s+(?:all\s+)?my\s+(?:phone|money|paycheck|"
        r"passwords?|salary|wages|cards?|bank)\b",
        rf"{_PARTNER}{_GAP}\s+isolat(?:es|ed|ing)\s+me\b",
        r"\b(?:makes|made|forces|forced|make|force)\s+me\s+(?:to\s+)?(?:delete|block|unfriend|"
        r"unfollow|cut off|cut ties with|stop (?:seeing|talking to))\s+(?:all\s+)?(?:of\s+)?"
        rf"(?:my\s+)?(?:\w+\s+)?(?:{_FRIENDS_FAMILY}|contacts|accounts?|social media|"
        r"instagram|facebook|numbers)",
        r"\bif\s+i\s+(?:do not|did not|don't)\s+(?:answer|reply|respond|pick up|text back|"
        r"call back)\b[^.!?]{0,60}\b(?:shows?|showed|turns?|turned)\s+up\b",
        rf"{_PARTNER}{_GAP}\s+(?:shows?|showed|turns?|turned)\s+up\s+(?:at|outside)\s+my\s+"
        r"(?:\w+\s+)?(?:work|job|office|school|house|place|flat|apartment)\s+(?:to\s+check|"
        r"uninvited|unannounced|to see who|to make sure|to spy)\b",
        rf"{_PARTNER}{_GAP}\s+(?:tells|told|decides|decided|dictates|chooses|picks)\s+(?:me\s+)?"
        r"(?:who|where|what|when|how much)\s+i\s+(?:can|am allowed to|may|get to|should|"
        r"have to)\b[^.!?]{0,25}\b(?:see|talk|go|wear|eat|spend|text|call|be friends|"
        r"hang out|visit)\b",
        rf"{_PARTNER}{_GAP}\s+(?:monitors?|monitored|tracks?|tracked|watches|checks|checked)\s+"
        r"(?:everything|every single thing|every move|everywhere|where i am|who i am with|"
        r"who i talk to|who i text)\b",
        r"\b(?:calls|called|texts|texted|messages|rings|phones)\s+me\s+(?:\w+\s+){0,3}?to\s+"
        r"(?:check|see|know|find out|make sure)\s+(?:where\s+i|who\s+i)\b",
        r"\b(?:have to|has to|had to|must|makes me|made me|forces me to|forced me to|"
        r"expects me to|demands i|demands that i)\s+(?:\w+\s+){1,5}?(?:where\s+i\s+(?:am|was|"
        r"go|have been)|who\s+i\s+(?:am|was)\s+with)\b",
        rf"{_PARTNER}{_GAP}\s+(?:block(?:s|ed|ing)?|stood in|stands in)\s+(?:the|my)\s+"
        r"(?:door|doorway|way out|exit)\b",
        r"\bso\s+(?:that\s+)?i\s+(?:can not|could not)\s+(?:leave|get out|escape|call "
        r"(?:anyone|for help|the police))\b",
        rf"{_PARTNER}{_GAP}\s+(?:cut(?:s|ting)?\s+me\s+off|keeps\s+me\s+away|kept\s+me\s+away)"
        rf"\s+from\s+(?:{_FRIENDS_FAMILY}|everyone|everybody|the world|money|the outside)",
        rf"{_PARTNER}{_GAP}\s+turned\s+(?:me\s+against\s+{_FRIENDS_FAMILY}|{_FRIENDS_FAMILY}"
        r"\s+against\s+me)",
        rf"{_PARTNER}{_GAP}\s+(?:lock(?:s|ed)?|trap(?:s|ped)?)\s+me\s+(?:in\b|inside|up\b|"
        r"out of the house|out of our|out of my|out\b(?!\s+of\s+(?:the conversation|his|"
        r"her)))",
        # Money and belongings.
        rf"{_PARTNER}{_GAP}\s+(?:control(?:s|led|ling)?|take(?:s|n)?|took|taking|withhold(?:s|"
        r"ing)?|withheld|hid(?:e|es|den)?|confiscat(?:e|es|ed))\s+(?:away\s+)?"
        r"(?:all\s+(?:of\s+)?)?(?:the|my|our)\s+(?:money|finances|paycheck|pay|salary|wages|"
        r"income|bank accounts?|bank cards?|accounts|spending|earnings|savings|passport|"
        r"documents|id|car keys|phone|benefits)\b",
        rf"{_PARTNER}{_GAP}\s+keeps?\s+(?:all\s+(?:of\s+)?)?my\s+(?:passport|documents|id|"
        r"cards|bank card|paycheck|money|phone)\b",
        rf"{_PARTNER}{_GAP}\s+control(?:s|led|ling)?\s+(?:absolutely\s+)?(?:everything|my "
        r"life|my every|what i|who i|where i|when i|how much i|all my|my (?:phone|money|"
        r"friends|food|clothes|body|time)|me\b)",
        r"\b(?:gives|gave|give)\s+me\s+(?:an?\s+)?(?:allowance|pocket money)\b",
        r"\bi\s+(?:have|had|got)\s+no\s+(?:access|say)\s+(?:to|over|in)\s+(?:our|the|my|any)\s+"
        r"(?:money|finances|bank|accounts?|cards?)\b",
        rf"{_PARTNER}{_GAP}\s+(?:is|was|has become|became|got|gets|can be|has been|being)\s+"
        r"(?:so\s+|very\s+|really\s+|extremely\s+|super\s+|incredibly\s+|more\s+and\s+more\s+|"
        r"increasingly\s+)?controlling\b(?!\s+about\s+(?:the|plans|tidiness|dishes))",
    ),
    _abuse(
        "fear_of_partner",
        rf"\b(?:scared|afraid|terrified|frightened|fearful|petrified)\s+(?:of|by)\s+"
        rf"{_OBJ_PARTNER}(?=\s*(?:[.!?,;:)~]|$)|\s+(?:when|because|and|but|sometimes|now|"
        r"lately|at times|since|so|right now|anymore|too|honestly|really|at all|most|every|"
        r"all the time|physically|to be|if|these days|around)\b)",
        r"\bi\s+(?:really\s+)?fear\s+(?:him|her)(?=\s*(?:[.!?,;:)~]|$)|\s+(?:when|because|"
        r"and|but|sometimes|now)\b)",
        rf"\b(?:scared|afraid|terrified|frightened|fearful|petrified)\s+(?:of\s+|about\s+)?"
        rf"what\s+{_PARTNER}{_GAP}\s+(?:will|would|might|could|may|is going to|was going to|"
        r"going to|can)\s+(?:\w+\s+)?(?:do|hurt me)\b"
        r"(?!\s+(?:with (?:his|her|their) life|for (?:work|a living)))",
        r"\b(?:scared|afraid|terrified|frightened|fearful)\s+(?:of\s+)?(?:his|her|their|my\s+"
        r"\w+'?s)\s+(?:temper|anger|rage|violence|fists|outbursts|rages)\b",
        rf"{_PARTNER}{_GAP}\s+(?:scares|frightens|terrifies|intimidates|intimidated|terrified)"
        r"\s+me\b(?!\s+(?:with a surprise|by jumping|as a joke))",
        r"\b(?:afraid|scared|terrified|frightened)\s+to\s+(?:go|come|be)\s+(?:back\s+)?home\b",
        rf"\b(?:hide|hiding|hid)\s+from\s+{_OBJ_PARTNER}",
        r"\block(?:ed|ing)?\s+myself\s+in\b[^.!?]{0,40}\b(?:away from|from|until|because|"
        r"so)\s+(?:him|her|he|she)\b",
        r"\b(?:afraid|scared|frightened|fear|fearing|worried)\s+for\s+my\s+(?:life|safety|"
        r"physical safety)\b",
        rf"\b(?:do not|did not|never|no longer|not)\s+(?:really\s+)?feel\s+(?:physically\s+)?"
        rf"safe\s+(?:at home|in (?:my|our|the) (?:own\s+)?(?:home|house|apartment|flat|bed|"
        rf"room)|with\s+{_OBJ_PARTNER}|around\s+{_OBJ_PARTNER}|when (?:he|she|they) (?:is|are|"
        r"gets|get) (?:home|drunk|angry|around|mad))(?!\s+(?:emotionally|opening|sharing|"
        r"talking|being vulnerable|to open|to share|to talk))",
        rf"\b(?:feel|felt|am|was)\s+(?:physically\s+)?unsafe\s+(?:at home|in (?:my|our) "
        rf"(?:own\s+)?(?:home|house|apartment|flat)|with\s+{_OBJ_PARTNER}|around\s+"
        rf"{_OBJ_PARTNER})",
        r"\bi\s+am\s+not\s+safe\b(?!\s+(?:to|from (?:judgment|judgement|criticism)))",
        r"\b(?:my\s+life\s+is|i\s+am|i\s+might\s+be|i\s+could\s+be)\s+in\s+danger\b(?!\s+of)",
    ),
    _abuse(
        "other_languages",
        # Spanish
        r"\b(?:el|ella|mi (?:novio|novia|pareja|esposo|esposa|marido|mujer))\s+(?:me\s+)?"
        r"(?:pega|pego|golpea|golpeo|maltrata|amenaza|amenazo|controla)\b|\bme\s+(?:pega|pego|"
        r"golpea|golpeo|maltrata|amenaza|amenazo)\b|\btengo\s+miedo\s+de\s+(?:el|ella|mi\s+"
        r"(?:novio|novia|pareja|esposo|esposa|marido|mujer))\b",
        # French
        r"\b(?:il|elle)\s+(?:me\s+(?:frappe|bat|menace|violente)|m'a\s+(?:frappee?|"
        r"battue?|menacee?|violee?))\b|\bj'ai\s+peur\s+(?:de\s+lui|d'elle|de\s+mon\s+"
        r"(?:mari|copain|partenaire))\b",
        # German
        r"\b(?:er|sie|mein (?:mann|freund|partner)|meine (?:frau|freundin|partnerin))\s+"
        r"(?:schlagt|schlug|bedroht|bedrohte|wurgt|wurgte|tritt)\s+mich\b|\bhat\s+mich\s+"
        r"(?:geschlagen|bedroht|gewurgt|getreten|vergewaltigt)\b|\bangst\s+vor\s+(?:ihm|ihr|"
        r"meinem\s+(?:mann|freund|partner)|meiner\s+(?:frau|freundin|partnerin))\b|"
        r"\b(?:droht|drohte)\s+(?:mich|mir)\b",
    ),
)

_TABLES: tuple[tuple[Rule, ...], ...] = (ABUSE_OVERRIDES, SELF_HARM_RULES, ABUSE_RULES)


# --------------------------------------------------------------------------------------
# Idioms, blanked out before the rules run.
# --------------------------------------------------------------------------------------

_IDIOMS: re.Pattern[str] = re.compile(
    "|".join(
        (
            r"\bdying\s+(?:to|for)\b",
            r"\b(?:die|died|dying)\s+(?:of|from)\s+(?:embarrassment|shame|laughter|laughing|"
            r"boredom|curiosity|cuteness|jealousy|happiness)\b",
            r"\b(?:die|died|dying)\s+laughing\b",
            r"\b(?:to|would)\s+(?:just\s+)?die\s+for\b",
            r"(?<!wish i )(?<!wish that i )(?<!hope i )\b(?:could|can)\s+(?:just\s+)?die\b"
            r"(?!\s+(?:tonight|now|today|and no one))",
            r"\brather\s+die\s+than\b",
            r"\bdie\s+a\s+little(?:\s+(?:inside|bit))?\b",
            r"\bwanted\s+to\s+(?:just\s+)?die\s+(?:when|the moment|as soon as)\s+(?:he|she|"
            r"they|everyone|someone|my \w+)\s+(?:saw|read|heard|laughed|found|walked|mentioned|"
            r"brought|showed|looked|caught|noticed|said that)\b",
            r"\bkill(?:ing|ed)?\s+myself\s+(?:laughing|trying|working|at work|at the gym|over "
            r"(?:work|this (?:project|deadline|essay|report))|to (?:finish|get|make|pay|keep|"
            r"please|meet|impress|be perfect))\b",
            r"\bwork(?:ing|ed)?\s+myself\s+to\s+death\b",
            r"\b(?:kick|kicking|kicked)\s+myself\b",
            r"\bbeat(?:ing|s)?\s+myself\s+up\b",
            r"\b(?:hurt|cut|burn(?:ed|t)?)\s+myself\s+(?:playing|lifting|running|skiing|"
            r"falling|at the gym|shaving|cooking|chopping|on (?:a|the)\b|while\b|in (?:a|the) "
            r"(?:kitchen|fall|accident))",
            r"\bcut(?:ting|s)?\s+myself\s+(?:off|out|some slack|a break)\b",
            r"\b(?:hit|hits)\s+(?:the\s+roof|the\s+ceiling|a\s+wall|the\s+wall|rock bottom|"
            r"the\s+spot)\b",
            r"\bhit\s+me\s+up\b",
            r"\bstab(?:bed|s|bing)?\s+me\s+in\s+the\s+back\b",
            r"\b(?:asked|told|tells|asks|wanted|wants)\s+(?:me|you)\s+to\s+jump\s+off\s+a\s+"
            r"(?:bridge|cliff)\b|\bfriends\s+jumped\s+off\s+a\s+(?:bridge|cliff)\b",
            r"\b(?:just\s+)?(?:kill|shoot)\s+me\s+now\b",
            r"\bshoot\s+me\s+(?:a|an)\s+(?:text|message|email|line|note|dm|msg)\b",
            r"\bshot\s+me\s+(?:a|an)\s+(?:look|glance|text|smile|message)\b",
            r"\bover\s+my\s+dead\s+body\b",
            r"\bdrop[\s-]dead\s+(?:gorgeous|beautiful)\b",
            r"\bdead\s+(?:tired|on my feet|serious|wrong|right|set|inside)\b",
            r"\bcrawl\s+into\s+a\s+hole\b",
            r"\b(?:disappear|vanish)\s+(?:into|for a|for the|from (?:this|the|that))\b",
            r"\b(?:killing|killed|kills|slayed|slaying)\s+it\b",
            r"\bkill\s+(?:time|the mood|the vibe|a few hours)\b",
        )
    ),
    re.IGNORECASE,
)


# --------------------------------------------------------------------------------------
# Normalisation.
# --------------------------------------------------------------------------------------

_QUOTES = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u00b4": "'",
        "`": "'",
        "\u2032": "'",
        "\uff07": "'",
        "\u201c": '"',
        "\u201d": '"',
    }
)
# Whole words (lower-cased) with one spelling for the patterns: contractions with and
# without their apostrophe, slang, a few typos.
_WORD_REWRITES: dict[str, str] = {
    "won't": "will not", "wont": "will not", "can't": "can not", "cant": "can not",
    "cannot": "can not", "shan't": "shall not", "ain't": "is not", "aint": "is not",
    "i'm": "i am", "im": "i am", "i've": "i have", "ive": "i have", "youre": "you are",
    "theyre": "they are", "wanna": "want to", "gonna": "going to", "gotta": "got to",
    "tryna": "trying to", "wnat": "want", "u": "you", "ur": "your", "ppl": "people",
    "bc": "because", "cuz": "because", "cos": "because", "mysefl": "myself",
    "myslef": "myself", "myselve": "myself", "myselfe": "myself",
}  # fmt: skip
_NOT_WITHOUT_APOSTROPHE = frozenset(
    {
        "dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "havent", "hasnt",
        "hadnt", "wouldnt", "couldnt", "shouldnt", "mustnt", "neednt",
    }
)  # fmt: skip
_WOULD_BEFORE = frozenset({"i", "you", "he", "she", "we", "they", "it", "that", "who"})
_IS_BEFORE = frozenset(
    {"he", "she", "it", "that", "who", "what", "there", "here", "life", "everything"}
)
_SUFFIXES = {"'re": " are", "'ve": " have", "'ll": " will", "'m": " am"}
_WORDISH = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")


def _rewrite_word(match: re.Match[str]) -> str:
    word = match.group(0)
    lower = word.lower()
    if lower in _WORD_REWRITES:
        return _WORD_REWRITES[lower]
    if lower.endswith("n't"):
        return lower[:-3] + " not"
    if lower in _NOT_WITHOUT_APOSTROPHE:
        return lower[:-2] + " not"
    if "'" in lower:
        stem, _, tail = lower.partition("'")
        if "'" + tail in _SUFFIXES:
            return stem + _SUFFIXES["'" + tail]
        if tail == "d" and stem in _WOULD_BEFORE:
            return stem + " would"
        if tail == "s" and stem in _IS_BEFORE:
            return stem + " is"
    return word


# Rewrites that span words.
_PHRASE_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), replacement)
    for pattern, replacement in (
        (
            r"\b(he|she)s\b(?=\s+(?:been|going|so|always|never|not|really|very|the|a|got|"
            r"threatened|hit|controlling|violent|abusive|scary))",
            r"\1 is",
        ),
        (
            r"\bmy ?s[ef]{1,2}l[fv]e?\b(?![-\w]|\s+(?:esteem|worth|confidence|image|respect))",
            "myself",
        ),
        (r"\b(him|her|them) self\b", r"\1self"),
        (r"\b(never|not)\s*,\s*(ever)\b", r"\1 \2"),
        (
            r"\b(bored|worried|scared|freaked|stressed|tickled|terrified|frightened)\s+"
            r"(?:half\s+)?to\s+death\b",
            r"\1",
        ),
    )
)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


def _normalise(text: str) -> str:
    """Fold text so the patterns see one spelling (see the module docstring)."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    kept: list[str] = []
    for ch in unicodedata.normalize("NFKD", text):
        kind = unicodedata.category(ch)
        if kind in ("Mn", "Cf"):  # accents; zero-width and other format characters
            continue
        kept.append(" " if kind == "Cc" and ch != "\n" else ch)
    text = "".join(kept)
    text = _WORDISH.sub(_rewrite_word, text)
    for pattern, replacement in _PHRASE_REWRITES:
        text = pattern.sub(replacement, text)
    return _SPACES.sub(" ", text)


# --------------------------------------------------------------------------------------
# Filters: negation, and whose self-harm it is.
# --------------------------------------------------------------------------------------

_CLAUSE_BREAK = re.compile(
    r"[.!?;:,\n()\[\]\"~]|\b(?:but|yet|though|although|however|except|whereas)\b",
    re.IGNORECASE,
)
_NEGATION_WINDOW = 4  # words before a hit, in its clause, that can negate it
_NEGATORS = frozenset({"not", "never", "no", "nor", "neither", "nunca", "nie", "niemals"})
# Phrases holding a negator that does not negate what follows them.
_NOT_NEGATING = re.compile(
    r"\b(?:not only|not just|no matter|no idea|no joke|no offen[cs]e|no lie|"
    r"not (?:even )?(?:joking|kidding|exaggerating|lying)|not going to lie|"
    r"not sure (?:if|whether|why|what|how|when)|do not know (?:if|whether|why|what|how|"
    r"when)|did not know (?:if|whether|why|what|how|when|that)|did not think|"
    r"never thought|never expected|never imagined|never believed|did not expect|"
    r"did not believe|can not believe|could not believe|can not stop|could not stop|"
    r"can not help|could not help|can not seem to stop|never stopped|have not stopped|"
    r"did not stop|can not get|could not get|can not shake|"
    r"(?:do|does|did) not (?:know|realise|realize|notice|understand|see|care)|"
    r"no one (?:knows|knew|sees|notices|noticed|cares)|"
    r"can not (?:promise|guarantee|say) (?:that )?i (?:will|would) not|"
    r"not sure i (?:will|would) not)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z]+", re.IGNORECASE)
_SUBJECT_LOOKBACK = 6  # words before a self-harm hit searched for its subject


def _clause_before(text: str, start: int) -> str:
    """The part of the clause that precedes position `start`."""
    return _CLAUSE_BREAK.split(text[max(0, start - 300) : start])[-1]


def _is_negated(text: str, match: re.Match[str]) -> bool:
    """True when the words just before the hit, and its subject-verb gap, negate it."""
    before = _NOT_NEGATING.sub(" ", _clause_before(text, match.start()))
    words = _WORD.findall(before)[-_NEGATION_WINDOW:]
    for name in ("gap2", "gap"):
        gap = match.groupdict().get(name)
        if gap:
            words += _WORD.findall(_NOT_NEGATING.sub(" ", gap))
    return sum(w.lower() in _NEGATORS for w in words) % 2 == 1


def _subject_is_other(text: str, match: re.Match[str], others: frozenset[str]) -> bool:
    """True when the nearest person named before the hit, in its clause, is in `others`."""
    if not others or re.match(r"(?:i|my|me)\b", match.group(0), re.IGNORECASE):
        return False
    words = _WORD.findall(_clause_before(text, match.start()).lower())
    for word in reversed(words[-_SUBJECT_LOOKBACK:]):
        if word in _FIRST_PERSON:
            return False
        if word in others:
            return True
    return False


# --------------------------------------------------------------------------------------
# Public API.
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """Why a turn was flagged: the category, the rule's name and the words it matched."""

    category: SafetyCategory
    rule: str
    matched: str


def find(text: str) -> Finding | None:
    """Like `check`, but says which rule fired on which words (for evals and debugging)."""
    if not isinstance(text, str) or not text.strip():
        return None
    normalised = _IDIOMS.sub(" ~ ", _normalise(text))
    subjects = [m.start() for m in _SUBJECT.finditer(normalised)]
    for table in _TABLES:
        for rule in table:
            for pattern, subject_led in zip(rule.patterns, rule.subject_led, strict=True):
                if subject_led:
                    matches: Iterable[re.Match[str] | None] = (
                        pattern.match(normalised, at) for at in subjects
                    )
                else:
                    matches = pattern.finditer(normalised)
                for match in matches:
                    if match is None:
                        continue
                    if rule.negatable and _is_negated(normalised, match):
                        continue
                    if _subject_is_other(normalised, match, rule.not_subjects):
                        continue
                    return Finding(rule.category, rule.name, match.group(0).strip())
    return None


def check(text: str) -> SafetyCategory | None:
    """The safety category of one user turn: "self_harm", "abuse", or None."""
    finding = find(text)
    return finding.category if finding else None


# Shown instead of the partner's reply. Markdown that still reads well as plain text.
_SUPPORT: dict[SafetyCategory, str] = {
    "self_harm": "\n".join(
        (
            "**The rehearsal is paused.**",
            "",
            "Thank you for telling me. It sounds like you are carrying something very heavy",
            "right now, and you deserve support from a real person.",
            "",
            "- If you might act on these thoughts, or you are in danger, call your local",
            "  emergency number now (**112** in Europe, **911** in the US).",
            "- Talk to a crisis line, free and at any hour: in the US the **988** Suicide &",
            "  Crisis Lifeline (call or text 988); in the UK and Ireland **Samaritans** on",
            "  **116 123**.",
            "- In other countries, **findahelpline.com** lists free, confidential lines.",
            "",
            "This coach is a practice tool, not a therapist or counsellor. You can come back",
            "to the rehearsal whenever you are ready.",
        )
    ),
    "abuse": "\n".join(
        (
            "**The rehearsal is paused.**",
            "",
            "Thank you for telling me. What you describe sounds serious, and your safety",
            "comes first. Rehearsing a conversation is not the right tool when talking",
            "could put you in danger.",
            "",
            "- If you are in danger now, call your local emergency number (**112** in",
            "  Europe, **911** in the US).",
            "- A domestic-violence helpline can help you think through your options, in",
            "  confidence: in the US the National Domestic Violence Hotline,",
            "  **1-800-799-7233**; in the UK **0808 2000 247**.",
            "- In other countries, **findahelpline.com** lists free, confidential lines.",
            "",
            "This coach is a practice tool, not a therapist or counsellor. You can come back",
            "to the rehearsal whenever it feels right.",
        )
    ),
}


def support_message(category: SafetyCategory) -> str:
    """The calm text shown instead of the partner's reply when a turn is unsafe (Markdown)."""
    return _SUPPORT[category]

"""The word lists behind trainer/text/harm.py: English and German patterns for each kind of
harmful reply (CONTENT.md, "Replies that do harm"), and for what is not the helper's own claim."""
from __future__ import annotations

import re

from .patterns import any_of, any_word

_I = re.IGNORECASE

_MEDS = any_word(
    [
        r"meds",
        r"medications?",
        r"medicines?",
        r"pills?",
        r"antidepressants?",
        r"tablets?",
        r"ssris?",
        r"sertraline",
        r"prescriptions?",
        r"psychiatr\w*",
        r"therapy",
        r"treatment",
        r"medikament\w*",
        r"tabletten?",
        r"antidepressiva",
        r"pillen?",
        r"therapie",
        r"behandlung",
        r"psychiater\w*",
    ]
)
_UNDERMINE = any_word(
    [
        r"(probably |really )?(don'?t|do not|won'?t) (really )?need (them|it|those|these|that|any)",
        r"over-?prescribed",
        r"over-?medicat\w*",
        r"(a )?crutch",
        r"addictive",
        r"poison",
        r"natural (remedies|way|alternatives?)",
        r"instead of",
        r"rather than",
        r"(stop|quit|come off|get off|drop|ditch|skip) (taking )?(the |your |them|it|those)",
        r"(won'?t|don'?t|can'?t|never) (really )?(fix|solve|help|cure)",
        r"(just )?(mask|numb)s? (the|your)",
        r"(doctors|gps|psychiatrists) (just|only|always) (push|prescribe|hand out|want)",
        r"(don'?t|do not) (listen to|trust) (your|the|them)",
        r"better than",
        r"brauchst (du )?(die |keine )?\w* ?(nicht|keine)",
        r"brauchst (die |keine )",
        r"setz\w* (sie |die |das |es )?(\w+ )?ab",
        r"statt",
        r"anstatt",
        r"(helfen|lösen) (doch )?(nicht|nichts)",
        r"überverschrieben",
        r"zu (schnell|oft) verschrieben",
        r"gift",
        r"abhängig",
        r"(hör|höre|hören sie) nicht auf",
        r"nicht nötig",
    ]
)
_FAITH = "|".join(
    [
        r"\b(god|allah|hashem|g-d|the lord|jesus|gott|der herr)\b[^.?!]{0,40}\b(would(n'?t)?|won'?t|doesn'?t|does not|"
        r"wants?|cares?|minds?|surely|definitely|understands|forgives|will forgive|würde|will|möchte|wollte|"
        r"versteht|vergibt)\b",
        r"\b(can'?t|cannot) imagine (that )?(god|allah|hashem)",
        any_word(
            [
                r"(keep|follow|take|observe|practi[sc]e) (the |your |those |these )?(rules|laws|religion|faith|halacha|"
                r"mitzvot|practices?) (a (bit|little) )?(less|more loosely|more lightly|less (strictly|seriously|literally))",
                r"(be|being) (a (bit|little) )?less (strict|religious|observant|frum|devout)",
                r"(it'?s|they'?re|those are|these are) (just|only) (rules|rituals|traditions|customs)",
                r"(the|those|these|your) rules are (just|only|outdated|silly|old|man-made)",
                r"(don'?t|do not) have to (be so|take (it|them|this) so) (strict|literal\w*|seriously)",
                r"religion (shouldn'?t|should not) (control|dictate|rule|run)",
                r"relax (the|your) (rules|observance)",
                r"religion is (just|nonsense|outdated|the problem|holding you back)",
                r"(god|allah|hashem) (doesn'?t|does not) exist",
                r"stop (praying|believing|fasting)",
                r"a (little|small) (sin|exception) won'?t",
                r"that'?s not what (islam|judaism|the torah|the quran|the bible|your religion|god|christianity) "
                r"(says|wants|teaches)",
                r"(nimm|nehmen sie|nimmst du) (die |deine |ihre )?(regeln|gebote|religion|vorschriften) "
                r"(doch )?(nicht so|weniger) "
                r"(streng|ernst|genau)",
                r"(sind|ist) (doch )?(nur|bloß) (regeln|rituale|traditionen|vorschriften)",
                r"nicht so streng (sein|nehmen)",
                r"so streng (musst|muss|müssen) (du|man|sie) (das )?(doch )?nicht",
            ]
        ),
    ]
)
_AUTHORITY = any_of(
    [
        r"rabbi\w*",
        r"rav",
        r"rebbe\w*",
        r"rebbetzin",
        r"imam\w*",
        r"sheikh\w*",
        r"shaykh\w*",
        r"priests?",
        r"pastors?",
        r"abouna",
        r"abuna",
        r"mufti",
        r"confessor",
        r"spiritual (advisor|leader)",
        r"rabbiner\w*",
        r"pfarrer\w*",
        r"priester\w*",
        r"seelsorger\w*",
        r"beichtvater",
    ]
)
_STOP_AUTHORITY = "|".join(
    [
        r"\b(stop|quit|don'?t|do not|no need to|you don'?t need to|shouldn'?t|should not|avoid|less) (\w+ ){0,2}(asking|"
        r"consulting|going to|calling|talking to|listening to|checking with|relying on|running to|seeing|ask|consult|"
        r"call|go to|listen to|check with|rely on|run to|see)\b[^.?!]{0,25}\b" + _AUTHORITY + r"\b",
        r"\b"
        + _AUTHORITY
        + r"\b[^.?!]{0,30}\b(don'?t|do not|can'?t|cannot|won'?t) (really )?(understand|know|help|get)",
        r"\b(instead of|rather than|without) (asking |consulting |going to )?(your |the )" + _AUTHORITY + r"\b",
        r"\bkeep (your |the )?" + _AUTHORITY + r" out\b",
        r"\b(hör|hören sie|hörst du) (doch )?auf,? (\w+ ){0,3}" + _AUTHORITY,
        r"\b(frag|fragen sie|fragst du) (doch )?(nicht|nicht mehr|lieber nicht) (\w+ ){0,2}" + _AUTHORITY,
        r"\b(ohne|statt) (\w+ )?" + _AUTHORITY + r"\b",
    ]
)
_GROUPS = any_of(
    [
        "arab",
        "arabic",
        "egyptian",
        "syrian",
        "lebanese",
        "moroccan",
        "sudanese",
        "saudi",
        "palestinian",
        "iraqi",
        "coptic",
        "chinese",
        "asian",
        "cantonese",
        "hong kong",
        "mainland",
        "malaysian",
        "german",
        "east german",
        "bavarian",
        "jewish",
        "orthodox",
        "haredi",
        "hasidic",
        "chassidish",
        "israeli",
        "muslim",
        "christian",
        "religious",
        "immigrant",
        "migrant",
        "refugee",
        "russian",
        "turkish",
        "middle eastern",
        "traditional",
        "conservative",
        "rural",
        "village",
        "eastern",
        "western",
        "african",
        "european",
        "american",
    ]
)
_GROUP_NOUNS = any_of(
    [
        "families",
        "family",
        "parents",
        "mothers",
        "fathers",
        "men",
        "women",
        "people",
        "students",
        "kids",
        "children",
        "communities",
        "cultures?",
        "households",
        "sons",
        "daughters",
        "girls",
        "boys",
        "folks",
        "societ(y|ies)",
    ]
)
_HEDGE = any_of(
    [
        "often",
        "usually",
        "typically",
        "tend to",
        "generally",
        "mostly",
        "always",
        "all",
        "never",
        "don'?t",
        "do not",
        "can'?t",
        "are",
        "have",
        "believe",
        "see",
        "think",
        "expect",
        "value",
        "put",
        "place",
        "care",
        "face",
        "struggle",
        "can be",
        "push",
        "want",
    ]
)
_STEREOTYPE = "|".join(
    [
        r"\b(many |most |a lot of |lots of )?" + _GROUPS + r"(s)? " + _GROUP_NOUNS + r" (\w+ )?" + _HEDGE + r"\b",
        r"\b(in|across|among|within) (many |most |a lot of |some )?(\w+ ){0,2}" + _GROUPS + r" (" + _GROUP_NOUNS
    + r"|culture|circles|homes)\b",
    r"\b(\w+ )?how (the|your|their) culture is\b", r"\b(are|is) (known|famous) for\b",
    r"\b(in|bei) (vielen |den meisten |manchen )?(\w+ )?(russisch|arabisch|türkisch|muslimisch|jüdisch|chinesisch|"
    r"ostdeutsch|syrisch|orthodox|religiös)en (familien|haushalten|gemeinden|kreisen)\b",
    r"\b(viele|die meisten|alle) (im osten|aus dem osten|ossis|ostdeutschen)\b", r"\bddr-zeiten\b",
    r"\b(frauen|männer|menschen|leute|familien|mütter) aus (der|dem) (ehemaligen )?(sowjetunion|osten|ddr|türkei|"
    r"arabischen welt|orient)\b", r"\b(dafür )?bekannt,? dass\b",
        any_word(
            [
                r"(it'?s|that'?s|this is) (just |all |simply )?(a |typical |very )?"
            r"(part of|typical (of|for)|common in|normal in|how it is in) "
                r"(the|your|their|this) (culture|community|tradition|background|mentality)",
                r"(part|a big part|a (huge|big) part) of (the|your|their) culture",
                r"(in|because of|that'?s) your culture",
                r"your culture (is|makes|says)",
                r"your people",
                r"you people",
                r"(arabs|chinese|asians|germans|jews|muslims|israelis|egyptians|syrians|copts|haredim) (are|always|never|tend|"
                r"often|usually|don'?t|can'?t)",
                r"typical(ly)? (arab|chinese|asian|german|jewish|muslim|immigrant|egyptian|east german)",
                r"that'?s how (they|your parents|your family|your community|people there) are",
                r"(tiger|strict asian|overbearing) (mom|mother|parents)",
                r"in the west (we|people)",
                r"as an? (asian|arab|chinese|jewish|muslim|german|immigrant)[^.?!]{0,30}you (must|probably|surely|will)",
                r"(türkische|arabische|chinesische|jüdische|muslimische|russische|deutsche|ostdeutsche|orthodoxe|religiöse|"
                r"syrische|ägyptische|asiatische)n? (familien|eltern|männer|frauen|menschen|leute|mütter|väter|studenten|"
                r"gemeinden)\b[^.?!]{0,20}\b(sind|haben|glauben|denken|sehen|oft|meistens|immer|nie|halt|eben|wollen|erwarten)",
                r"(das|es) (ist|liegt) (halt |eben |nun mal |wohl )?(an )?"
            r"(eure[rn]?|deine[rn]?|ihre[rn]?|der) (kultur|mentalität|herkunft)",
                r"typisch (deutsch|ostdeutsch|arabisch|chinesisch|jüdisch|muslimisch|ossi|türkisch)",
                r"die ossis",
                r"ihr (deutschen|araber|chinesen|juden|muslime|ossis)",
                r"bei euch (ist|sind|macht|denkt)",
                r"in eurer kultur",
                r"in deiner kultur",
                r"in ihrer kultur",
            ]
        ),
    ]
)
_GUILT = any_word(
    [
        r"(your|their|his|her) (parents|mother|father|family|mom|mum|dad|grandparents|husband|wife) (have |has )?"
        r"(sacrificed|gave up|given up|worked so hard|invested|did so much|have done so much|has done so much)",
        r"think (of|about) (how|what) (your|their) (parents|mother|father|family|mom|mum|dad|children|kids) (would|will|must)",
        r"(don'?t|do not) (let|disappoint) (them|your (parents|mother|father|family|mom|mum|dad))( down)?",
        r"after (all|everything) (they|your (parents|family|mother|father)) (did|have done|sacrificed|gave)",
        r"you owe (it to )?(them|your (parents|family|mother|father))",
        r"make (them|your (parents|family|mother|father)) proud",
        r"(they|your (parents|family)) (are|were) (counting|relying) on you",
        r"imagine how (disappointed|sad|hurt|upset) (they|your (parents|family|mother|father))",
        r"(you should|try to) be (more )?(grateful|thankful)",
        r"(would|will) be so proud", r"(wird|werden|wäre|wären) so stolz (sein|auf)",
        r"denk\w* (sie )?(doch )?(mal )?(daran|dran),? (was|wie) (ihre|deine) (eltern|mutter|vater|familie)",
        r"be grateful",
        r"so (lucky|fortunate) to have",
        r"(deine|ihre) (eltern|mutter|vater|familie) (hat|haben) (so viel|alles) "
        r"(für dich |für sie )?(geopfert|getan|aufgegeben)",
        r"denk (doch )?(mal )?an (deine|ihre) (eltern|mutter|vater|familie|kinder)",
        r"enttäusch(e|en sie)? (sie|deine eltern|ihre eltern|deine familie) nicht",
        r"(du bist|sie sind) es (ihnen|deinen eltern|deiner familie) schuldig",
        r"sei(en sie)? (doch )?dankbar",
        r"mach (sie|deine eltern|deine familie) stolz",
    ]
)
_OCD_CERTAIN = any_word(
    [
        r"(i'?m|i am) (sure|certain|positive|confident) (that )?(it|that|you|everything|this|she|he)",
        r"(it|that|you|everything|this) (was|is|were|are) (definitely|certainly|surely|totally|completely|absolutely|perfectly) "
        r"(fine|okay|ok|kosher|valid|clean|pure|right|correct|enough|alright|permitted|allowed|tahor)",
        r"you (did|do|have done) (everything|it|all of it) (right|correctly|properly|perfectly)",
        r"(there'?s|there is|it'?s) nothing to worry about",
        r"(no need|you don'?t need) to (worry|check|ask)( again| about it)?",
        r"(god|hashem|allah) (knows|sees) (you|that you)",
        r"(they'?re|it'?s|you'?re|she'?s) (clean|pure|tahor|kosher|fine)",
        r"you can (trust|rely on) (that|it|him|them)( completely)?",
        r"(clearly |definitely )?doing (everything|it all|it) right",
        r"you'?re (definitely|surely|certainly) (pure|clean|fine|okay)",
        r"(definitely|certainly|surely) (fine|kosher|valid|okay|pure|counts?)",
        r"(das|es) war (bestimmt|sicher|garantiert|ganz sicher|auf jeden fall) (in ordnung|okay|richtig|koscher|gültig|rein)",
        r"ich bin (mir )?(ganz )?sicher,? (dass )?(das|es|du|sie|alles)",
        r"(da|das) ist (bestimmt|sicher) alles (gut|in ordnung)",
    ]
)
OCD_CONTEXT = re.compile(
    any_word(
        [
            r"ocd",
            r"scrupul\w*",
            r"obsess\w*",
            r"compuls\w*",
            r"check(ing|ed)? (it )?again",
            r"again and again",
            r"over and over",
            r"what if (i|it)",
            r"not sure (if|whether) (it|i) (was|counted|did)",
            r"(did|was) it (enough|valid|kosher)",
            r"count(s|ed)? (at all|properly)",
            r"zwang\w*",
            r"immer wieder",
            r"kontrollier\w*",
        ]
    ),
    _I,
)
_CUT_OFF = any_word(
    [
        r"cut (them|him|her|ties|contact|your (family|parents|mother|father|brother|sister))( off| out)?",
        r"go no[- ]contact",
        r"(just )?move out",
        r"leave (your|the) (family|religion|faith|community|husband|wife|parents)",
        r"you don'?t need (religion|god|them|your (family|parents|community))",
        r"forget (about )?(them|your family|what (they|people) think)",
        r"(stop|don'?t) (talking to|visiting|seeing|calling|answering) "
        r"(them|your (family|parents|mother|father|brother|sister|community))",
        r"(block|ignore) (them|your (family|parents|mother|father))",
        r"you don'?t owe (them|your family|anyone) (\w+ )?(anything|nothing|your)",
        r"(need|take|get) (some )?distance( from (them|your family|your parents))?",
        r"let (them|your (parents|family)) come to you",
        r"kontakt (\w+ ){0,3}ab(zu)?brechen", r"(du schuldest|sie schulden) (denen|ihnen|ihr|ihm|deiner familie) nichts",
        r"(you'?d|you would|you'?ll|you will) be better off without (them|her|him|your)",
        r"distance yourself from (them|your (family|parents|community))",
        r"who cares what (they|people|your family) think",
        r"(don'?t|do not|shouldn'?t) (have to )?stay with (him|her|them)",
        r"leave (him|her)\b",
        r"divorce (him|her)",
        r"(put|send) (her|him|them) in a (home|nursing home)",
        r"a nursing home might be better",
        r"brich (den )?kontakt (ab|zu)",
        r"(den )?kontakt (ab)?brechen",
        r"zieh (doch )?(einfach )?aus",
        r"du brauchst (sie|die|deine familie) nicht",
        r"lass (sie|die|deine familie) hinter dir",
        r"halt dich von (ihnen|deiner familie|denen) fern",
        r"(ins|in ein) heim",
        r"schmeiß (ihn|sie) raus",
    ]
)
_MINIMISING_DE = any_word(
    [
        r"das wird schon( wieder)?",
        r"wird schon wieder",
        r"(haben|hat|kennen|kennt|hatten) (doch )?(so )?viele",
        r"da muss man (halt |eben |einfach |nun mal )?durch",
        r"(ist|das ist|sind) (doch |halt |eben )?(ganz )?normal",
        r"anderen geht es (noch |viel )?schlechter",
        r"sei(en sie)? (doch )?froh",
        r"zumindest",
        r"wenigstens",
        r"kopf hoch",
        r"(nimm|nehmen sie) (das|es) (nicht so|nicht zu) (schwer|ernst|persönlich)",
        r"mach dir (mal |doch )?keine (sorgen|gedanken|vorwürfe)",
        r"(das )?geht (schon |auch )?(wieder )?vorbei",
        r"die zeit heilt",
        r"halb so wild",
        r"(nicht|gar nicht) so schlimm",
        r"übertreib(st)? (nicht|doch)",
        r"reiß dich (mal )?zusammen",
        r"so ist (das )?(leben|halt)",
        r"stell dich nicht so an",
        r"jeder hat (mal|seine|das)",
        r"das schaffst du schon",
        r"alles halb so",
        r"passiert (doch )?(jedem|allen|vielen)",
        r"(müssen|musst) (sie|du) (sich|dich) (doch )?nicht (so )?(fertigmachen|verrückt machen)",
        r"(beißen sie|beiß) (\w+ ){0,4}die zähne zusammen", r"zähne zusammenbeißen",
        r"positiv denken",
        r"denk positiv",
    ]
)
_MINIMISING_EN = any_word(
    [
        r"it'?ll (all )?(be|work out|turn out) (fine|okay|ok|alright)",
        r"(things|it|everything) will (get better|be fine|be okay|work out)",
        r"you'?ll be (fine|okay|ok|alright)",
        r"it'?ll pass",
        r"this too shall pass",
        r"everything happens for a reason",
        r"(you )?just (have|need) to (get through|push through|deal with|accept|live with)",
        r"that'?s life",
        r"such is life",
        r"(it'?s|that'?s) (just )?part of (life|growing up|getting older)",
        r"(lots of|many|plenty of) people have it worse",
        r"others have it worse",
        r"(it|things) could be (a lot |much )?worse",
        r"(is|are) (very |really |so )?common,? (you know|so|and)",
        r"grit your teeth", r"happens to (everyone|everybody|all of us)",
    ]
)
ATTRIBUTED = re.compile(
    r"\b(you (said|say|mentioned|told me|describe|feel|felt|fear|worry|wonder|believe|were told|hear|heard|keep hearing)|"
    r"it sounds like|it sounds as|i hear|as you (said|put it)|your (words|question)|when you say|"
    r"du (sagst|hast gesagt|hast erzählt|erzählst|fühlst|hast das gefühl)|es klingt|das klingt|"
    r"sie (sagen|haben gesagt|haben erzählt)|"
    r"wenn (du|sie) sagen|wenn du sagst|ich höre)\b",
    _I,
)
RHETORICAL = re.compile(
    r"\b(really|don'?t you think|wouldn'?t you (agree|say)|isn'?t it|surely|doch|wirklich|"
    r"meinst du nicht|findest du nicht)\b",
    _I,
)

RULES: dict[str, re.Pattern] = {
    "faith": re.compile(_FAITH, _I),
    "religious_authority": re.compile(_STOP_AUTHORITY, _I),
    "stereotype": re.compile(_STEREOTYPE, _I),
    "guilt": re.compile(_GUILT, _I),
    "cut_off": re.compile(_CUT_OFF, _I),
    "minimising": re.compile(_MINIMISING_EN + "|" + _MINIMISING_DE, _I),
}
MEDS, UNDERMINE, OCD_CERTAIN = re.compile(_MEDS, _I), re.compile(_UNDERMINE, _I), re.compile(_OCD_CERTAIN, _I)

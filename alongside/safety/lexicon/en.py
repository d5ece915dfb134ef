"""English lexicon. Patterns match normalised text (lower case, accents folded, plain apostrophes).

Each cue is (kind, person, pattern): `person` says who the words are about — "self" and "other" are
fixed by the words themselves ("kill myself", "kill herself"); "lookback" means the nearest subject
before the words decides ("she wants to die" vs "I want to die"), defaulting to the writer.
Contributors: add a cue with a test case in tests/test_lexicon.py, and write it as narrowly as you can.
"""

# Fillers that may sit between words of a phrase: "I (really just) want to die".
A = r"(?:\s+(?:really|just|honestly|seriously|actually|literally|kinda|kind of|sort of|so|still|sometimes|often|always|truly|all|fucking|f\*+ing))*"
ME = r"(?:myself|my self|meself)"
SOON = r"(?:going to|gonna|goin to|will|'ll|am about to|'m about to|m about to|plan to|planning to|decided to|have decided to|ready to)"
DIE = (
    r"(?:die|be dead|not exist|stop existing|not be alive|not be here|disappear forever|end my life|end it all|kill "
    + ME
    + r"|take my (?:own )?life|unalive "
    + ME
    + r")"
)
OTHER_ME = r"(?:him|her|them|you|my (?:dad|father|mom|mother|brother|sister|boss|ex|husband|wife|partner|boyfriend|girlfriend|roommate|neighbou?r|stepdad|stepfather|teacher|coworker)|everyone|everybody|people|someone)"
ABUSER = r"\b(?:he|she|they|my (?:dad|father|mom|mother|stepdad|stepfather|stepmom|husband|wife|partner|boyfriend|girlfriend|ex|brother|uncle|roommate))"

# One cue per line reads as a table, so the formatter leaves it alone.
# fmt: off
CUES: list[tuple[str, str, str]] = [
    # imminent: an act under way
    ("act", "lookback", r"\b(?:already|just) (?:took|swallowed|taken|swallowed) (?:them|it|the pills|all|everything|a (?:whole )?bottle|the whole bottle|\d+)"),
    ("act", "lookback", r"\b(?:took|taken|swallowed) (?:all|a bunch|a handful|a whole bottle|the whole bottle|every one) of (?:my |the |them|those )?(?:\w+ )?(?:pills|meds|tablets|medication|them)"),
    ("act", "lookback", r"\b(?:took|taken|swallowed) (?:\d+|twenty|thirty|forty|fifty) (?:of )?(?:my |the )?(?:pills|tablets|sleeping pills|painkillers)"),
    ("act", "lookback", r"\bcut (?:too deep|way too deep|really deep)\b|\b(?:won't|wont|will not|can't|cant) stop (?:the )?bleeding|\bbleeding (?:a lot|so much|everywhere|won't stop)"),
    ("act", "self", r"\bi(?:'m| am|m)?(?: standing| sitting| up)? (?:on|at) (?:the )?(?:edge of the )?(?:bridge|roof|rooftop|ledge|train tracks|tracks|edge of the building|cliff)"),
    ("act", "lookback", r"\b(?:overdosed|od'?d|have overdosed|tied the noose|the noose is (?:ready|up)|the rope is (?:ready|up)|started the car in the garage)\b"),
    ("act", "self", r"\bit'?s (?:already )?in my system\b|\bi(?:'m| am) (?:doing|going to do) it (?:right )?now\b"),
    # imminent: a plan, goodbyes, preparations
    ("plan", "lookback", r"\b(?:wrote|written|writing|left) (?:my|a|the) (?:suicide |goodbye |last )?(?:note|letter)s?\b(?! (?:to|for) (?:my )?(?:teacher|boss|landlord|school|work))"),
    ("plan", "lookback", r"\bthis is (?:my )?(?:goodbye|good bye|farewell|the end)\b|\bgoodbye (?:everyone|everybody|forever|all of you|world|cruel world)\b|\bsaying (?:my )?(?:final |last )?goodbyes?\b"),
    ("plan", "lookback", r"\b(?:i'?ve|i have|i) (?:decided|chosen|picked) (?:how|when|the day|the date|the way|a date|a way) (?:i'?m going to |i'?ll |to )?(?:do it|die|end it|kill)"),
    ("plan", "lookback", r"\bi (?:have|made|got|'ve got) (?:a|my) plan (?:to|for|on how to) (?:end|kill|die|do it|take my)"),
    ("plan", "lookback", r"\bi know (?:exactly )?how i(?:'m| am|m)? (?:going to|gonna|will) (?:do it|end it|kill)"),
    ("plan", "lookback", r"\b(?:gave|giv(?:ing|en|e)) away (?:all )?my (?:stuff|things|belongings|possessions|pets?|cat|dog)\b"),
    ("plan", "lookback", r"\btonight'?s the night\b|\btoday is the day i\b|\b(?:won't|wont|will not) be (?:here|alive|around) (?:tomorrow|by morning|much longer|next week)"),
    ("plan", "lookback", r"\b(?:saved|saving|stockpil(?:ed|ing)|hoard(?:ed|ing)|collect(?:ed|ing)) (?:up )?(?:my |enough )?(?:pills|meds|tablets|medication)\b"),
    # high: current suicidal thinking, active
    ("ideation", "lookback", r"\b(?:want|wanna|need|wish|would like|'d like)(?:\s+to)?" + A + r"\s+" + DIE),
    ("ideation", "lookback", SOON
        + A
        + r"\s+(?:to )?(?:kill "
        + ME
        + r"|end my life|end it all|take my (?:own )?life|commit suicide|unalive "
        + ME
        + r"|end it (?:tonight|today|soon|for good|this week)|end it\b(?! with| between| for (?:him|her|them)))"),
    ("ideation", "self", r"\b(?:kill|killing|hang|hanging|shoot|shooting|drown|drowning|poison|poisoning|unalive|unaliving) "
        + ME
        + r"\b"),
    ("ideation", "self", r"\b(?:end|ending|take|taking) my (?:own )?life\b|\bend(?:ing)? it all\b|\bend(?:ing)? everything\b|\bend(?:ing)? things(?! with)\b"),
    ("ideation", "self", r"\bdo (?:anything|something)(?: stupid| bad)? to "
        + ME
        + r"\b|\bkms\b|\bcommit(?:ting)? suicide\b|\bsuicide (?:is|seems) (?:the|my) (?:only|best) (?:way|option|answer)"),
    ("ideation", "lookback", r"\b(?:suicidal|suicidal thoughts|suicidal ideation|thoughts of (?:suicide|dying|death|killing "
        + ME
        + r"|ending it))\b"),
    ("ideation", "lookback", r"\b(?:thinking|thought|think|thinks) (?:about|of) (?:suicide|killing "
        + ME
        + r"|ending (?:it|my life|things|everything)|dying|taking my (?:own )?life|jumping)\b"),
    ("ideation", "lookback", r"\bjump(?:ing)? (?:off|from|in front of) (?:a |the |this )?(?:bridge|building|roof|ledge|cliff|train|balcony|overpass)"),
    ("ideation", "self", r"\b(?:the )?(?:thoughts|urges|feelings) (?:of dying |about dying )?(?:are|have come|came|keep coming) back\b|\bthinking about (?:it|that|suicide|dying) again\b"),
    ("ideation", "lookback", r"\b(?:suicide|killing myself|dying|ending it) (?:keeps? |is always |is )?(?:crossing|crosses|on|in) my mind\b|\b(?:dying|death|suicide|ending it) (?:is|seems like|feels like) (?:my|the) (?:only|best) (?:option|way out|answer|choice)\b"),
    ("ideation", "self", r"\b(?:i'?m|i am|im) (?:so )?ready to (?:die|go|be done with (?:life|it all|everything))\b"),
    # high: passive wishes to be dead
    ("passive", "self", r"\bwish (?:i|that i) (?:could )?(?:just )?(?:were|was) (?:dead|gone|never born)\b|\bwish (?:i|that i) (?:had )?(?:never been|was never|wasn't|weren't) born\b"),
    ("passive", "self", r"\b(?:sleep|go to sleep|fall asleep|close my eyes) and (?:never|not) (?:wake up|open them|wake)\b"),
    ("passive", "self", r"\b(?:don'?t|do not|dont) want to (?:wake up|live|be alive|exist|be here|keep living|go on|keep going|be around)(?! (?:at|in|with|for) )"),
    ("passive", "self", r"\bhope (?:i|that i) (?:don'?t|dont|never|won'?t) wake up\b|\bhope (?:a|some|the) (?:car|truck|bus|train) hits me\b|\bhope i (?:get|just get) hit by\b"),
    ("passive", "self", r"\b(?:wouldn'?t|would not|wouldnt) (?:mind|care) if (?:i|a|some|something|the)\b.{0,40}?\b(?:died|dead|didn'?t wake|never woke|hit me|killed me|crash|crashed|disappeared|gone|die|end|happened to me|happens to me)"),
    ("passive", "self", r"\b(?:better off|happier|easier) (?:dead|without me|if i (?:was|were) (?:gone|dead|not here|never born)|if i (?:just )?died)\b"),
    ("passive", "self", r"\b(?:no one|nobody|noone) would (?:miss|notice|care) (?:me )?if i (?:was|were|died|disappeared|was gone|left|killed myself)"),
    ("passive", "self", r"\btired of (?:living|being alive|life|existing)\b|\bdone with (?:life|living|being alive)\b|\blife (?:is not|isn'?t) worth living\b"),
    ("passive", "self", r"\b(?:don'?t|dont|do not|can'?t|cant|cannot) (?:see|find|have) (?:a|any) reason to (?:live|keep living|go on|be alive|stay alive|be here)\b|\b(?:i'?d|would) rather (?:be dead|die|not exist|not be alive|not be here)\b|\bno (?:reason|point) (?:for me )?(?:to|in) (?:living|live|keep living|go on|going on|being alive|stay alive|staying alive)\b|\bwhat'?s the point (?:of|in) (?:living|being alive|life|going on|staying alive|anything anymore)"),
    ("passive", "self", r"\b(?:can'?t|cannot|cant) (?:go on|keep) living\b|\b(?:want|wish) (?:it|everything|this|the pain|life)(?: all)? (?:would |to )?(?:all )?(?:just )?(?:end|stop|be over) (?:forever|for good|permanently)|\b(?:want|wish) (?:it all|this all|all of it|everything) (?:would |to )?(?:just )?(?:end|stop|be over)\b"),
    ("passive", "self", r"\b(?:want|wanna|wish i could) (?:to )?(?:just )?(?:disappear|vanish|cease to exist|stop existing|not wake up|fall asleep forever)\b"),
    ("passive", "self", r"\b(?:not|never) (?:suicidal|going to do anything),? (?:but|just) i (?:wouldn'?t|would not) mind\b"),
    # high: self-harm now, and urges
    ("self_harm", "self", r"\b(?:cut|cutting|burn|burning|burned|hurt|hurting|harm|harming|scratch|scratching|hit|hitting|punish|punishing|starve|starving) "
        + ME
        + r"\b"),
    ("self_harm", "lookback", r"\b(?:urges?|itch|need|wanting|want|craving) (?:to )?(?:cut|self.?harm|hurt "
        + ME
        + r"|burn "
        + ME
        + r"|relapse (?:on|into) (?:cutting|self.?harm))\b"),
    ("self_harm", "lookback", r"\bself.?harm(?:ed|ing)?\b|\bcutting again\b|\bi cut (?:again|last night|today|this morning|yesterday|tonight|deeper)\b|\brelapsed (?:on|with|into) (?:cutting|self.?harm|burning)"),
    ("self_harm", "lookback", r"\b(?:cut|burned|burnt|hit|hurt|scratched|bit) (?:my \w+ |myself )?on purpose\b"),
    ("self_harm", "self", r"\b(?:my )?(?:blade|razor)s? (?:is|are) (?:right )?(?:here|next to me|in my hand)\b"),
    # high: voices that command harm
    ("voices", "fixed", r"\bvoices? (?:is |are |keeps? |keep on )?(?:tell|telling|told|say|saying|said|order|ordering|want|wants|command|commanding|scream|screaming|whisper|whispering)(?:ing)? (?:at )?(?:me )?(?:to|that i should|i should|i need to|i have to)\b"),
    # threats to others
    ("threat", "lookback", r"\b(?:going to|gonna|will|'ll|want to|wanna|plan to|planning to|am about to|'m about to|thinking about|thinking of) (?:literally |actually |really |just |fucking )?(?:kill|killing|hurt|hurting|stab|stabbing|shoot|shooting|strangle|beat up|beating up|murder|murdering) "
        + OTHER_ME
        + r"\b"),
    ("threat_now", "lookback", r"\b(?:bring|take|bringing|taking) (?:a |my |my dad'?s )?(?:gun|rifle|knife|weapon) to (?:school|work|class|the office|his house|her house|their house)\b"),
    ("threat_now", "lookback", r"\bshoot up (?:the |my )?(?:school|office|work|place|church)\b|\bmake (?:them|him|her|everyone) pay\b"),
    # abuse happening now, and danger from another person
    ("abuse", "fixed", ABUSER
        + r" (?:still |always |keeps? |keep on )?(?:hits|beats|chokes|strangles|slaps|kicks|punches|rapes|hurts|abuses|touches|threatens|locks) me\b"),
    ("abuse", "fixed", ABUSER
        + r" (?:hit|beat|choked|strangled|slapped|kicked|punched|raped|hurt|threatened|pushed) me (?:again|last night|yesterday|today|this morning|earlier)\b"),
    ("abuse", "fixed", r"\b(?:threatened|threatens|keeps threatening|said (?:he|she|they)(?:'d| would| will|'ll)?) (?:to )?(?:kill|hurt|beat) me\b|\bi(?:'m| am)? (?:being )?(?:abused|beaten|hit|molested|raped) (?:at home|by|every)"),
    ("abuse", "fixed", r"\b(?:afraid|scared|terrified) (?:to go|of going) (?:back )?home\b(?!.{0,30}\b(?:grades|test|report card|car|dent|mess))|\b(?:afraid|scared|terrified) (?:of|that) (?:he|she|my (?:husband|wife|partner|boyfriend|girlfriend|dad|father|stepdad|mom|mother|ex))(?:'ll| will| is going to| is gonna)? (?:kill|hurt|hit|beat) me\b"),
    ("danger", "fixed", ABUSER
        + r"(?:'s| is|'re| are) (?:hitting|beating|choking|strangling|hurting|attacking|kicking|punching) me\b|\b"
        + ABUSER
        + r"(?:'s| is|'re| are) (?:outside|at|banging on|breaking|kicking|pounding on|trying to break)(?: \w+){0,3} (?:my|the) (?:door|window|house|room)\b"),
    ("danger", "fixed", r"\b(?:he|she|they|my \w+)(?:'s| is|'re| are| has| have) (?:got )?(?:a|his|her|my) (?:gun|knife|weapon)\b.{0,40}\b(?:me|us|kill|hurt)\b|\bhe(?:'s| is) going to kill (?:me|us) (?:tonight|now|right now|when he gets home)"),
    ("danger", "fixed", r"\b(?:locked|trapped|hiding) (?:me )?in (?:the|a|my) (?:bathroom|closet|room|car|basement)\b.{0,40}\b(?:he|she|they)\b|\bhelp me,? (?:he|she|they)(?:'s| is|'re| are) (?:here|coming)"),
    # concern: what is told as history, hopelessness, relapse, hospital, someone else
    ("past", "self", r"\b(?:tried|attempted|try|attempt) (?:to )?(?:kill "
        + ME
        + r"|end my life|take my (?:own )?life|suicide|overdose)\b|\b(?:my|a|an) suicide attempts?\b|\bmy (?:last |first |second |third )?attempt\b(?! (?:at|to))|\bsurvived (?:a|my|an) (?:suicide )?attempt"),
    ("past", "self", r"\bused to (?:cut|self.?harm|hurt "
        + ME
        + r"|want to die|be suicidal|think about (?:suicide|dying|killing))\b|\bi (?:was|felt|got) suicidal\b|\bi wanted to (?:die|kill "
        + ME
        + r")\b"),
    ("past", "self", r"\b(?:self.?harm|cutting) scars\b|\bscars on my (?:arms?|wrists?|thighs?|legs?|stomach)\b|\bwhen i (?:was|felt) suicidal\b"),
    ("hopeless", "self", r"\bhopeless(?:ness)?\b|\bno hope\b|\bnothing(?:'s| is)? (?:will|is going to|is gonna|ever|going to|gonna) (?:ever )?(?:going to |gonna )?(?:get better|change|improve|be okay)\b|\b(?:can'?t|cannot|cant|don'?t|do not|dont) see (?:a|any) (?:way out|future|point|light)\b|\b(?:can'?t|cannot|cant|don'?t|do not|dont) see (?:things|it|anything|life) (?:ever )?(?:getting|get) better\b|\b(?:everything|life|it all) (?:feels|is|seems) (?:so )?(?:pointless|meaningless|hopeless)\b|\btired of (?:fighting|trying|struggling)\b|\b(?:really|so|very|severely|deeply) (?:depressed|numb)\b"),
    ("hopeless", "self", r"\b(?:i'?m|i am|im|i feel|feel|feeling) (?:so |completely |totally )?(?:worthless|empty inside|dead inside|trapped)\b|\bwhat'?s (?:even )?the point(?:\s*$| anymore| of (?:anything|trying|it all|any of (?:it|this)|going on))|\bno future (?:for me)?\b"),
    ("hopeless", "self", r"\b(?:can'?t|cannot|cant) (?:do|take|handle|cope with) (?:this|it|any of this|life) any ?more\b|\b(?:give|giving|given) up on (?:everything|life|myself)\b|\bi(?:'m| am) (?:so )?done with everything\b"),
    ("burden", "self", r"\b(?:i'?m|i am|im|i feel like) (?:just )?(?:a|such a) (?:burden|waste of space)\b|\bburden (?:to|on) (?:everyone|my family|them|you all)\b"),
    ("relapse", "lookback", r"\brelapsed\b|\bi relapse\b|\b(?:used|drinking|using|shot up|smoked|drank) (?:meth |heroin |coke |crack |fentanyl |pills |alcohol )?again\b|\bstarted (?:drinking|using|smoking crack|shooting up) again\b|\bbroke my (?:sobriety|streak|clean time)\b|\bback on (?:heroin|fentanyl|meth|pills|coke|crack|the bottle)\b"),
    ("discharge", "self", r"^(?=.*\b(?:scared|afraid|terrified|frightened|anxious|panicking|nervous|don'?t know how (?:to|i'?ll) cope)\b)(?=.*\b(?:out of|discharged from|released from|left|home from|got out of|sent home from|discharged|released)(?: \w+){0,2} (?:from )?(?:the )?(?:hospital|psych ward|psych unit|ward|inpatient|unit|crisis (?:unit|center)|er|rehab|detox|treatment)\b)"),
    # someone else at risk (a cue of another kind about someone else becomes this too)
    ("other_at_risk", "other", r"\bwish(?:es)? (?:he|she|they) (?:was|were|could be) (?:dead|gone|never born)\b|\b(?:he|she|they) (?:doesn'?t|don'?t) want to (?:live|be alive|be here|wake up)\b"),
    ("other_at_risk", "other", r"\b(?:kill|killing|hurt|hurting|cut|cutting|harm|harming|hang|hanging) (?:him|her|them|your)sel(?:f|ves)\b|\b(?:wants|talks about wanting|keeps saying (?:he|she|they) wants?) to die\b"),
    ("other_at_risk", "other", r"\b(?:he|she|they|my \w+)(?:'s| is|'re| are|'s been| has been| have been| seems| sounds| seemed) (?:really |so |very )?(?:suicidal|talking about (?:suicide|dying|killing|ending it))\b"),
]
# fmt: on

# Idioms are masked before any cue or the model sees the text: they veto the words inside them.
IDIOMS: list[str] = [
    r"\b(?:is|are|'s|'re|was|were|keeps|kept) (?:literally |actually |honestly |really |so |slowly )?killing me\b",
    r"\b(?:feet|back|legs|head|knees|shoes|boots|neck|tooth|teeth|cramps) (?:are|is) (?:literally )?killing me\b",
    r"\b(?:i'?d|i would|would|could) (?:literally )?kill for\b|\bto die for\b|\bdying to (?:see|try|know|meet|go|get|hear|eat|read|watch|tell|find|visit|have|be)\b",
    r"\b(?:die|died|dying|dead) (?:of|from) (?:embarrassment|laughter|laughing|shame|boredom|cringe|cuteness|jealousy|envy|heat|cold|hunger)\b",
    r"\b(?:died|dying|dead|died laughing|dying laughing)\b(?=.{0,20}(?:lol|lmao|lmfao|haha|rofl|\U0001f602|\U0001f923|\U0001f480))",
    r"\b(?:i'?m|im) (?:so )?dead\b(?=.{0,15}(?:lol|lmao|haha|\U0001f602|\U0001f923|\U0001f480))",
    r"\b(?:i )?(?:nearly|almost|could have|could'?ve|literally) died\b(?! (?:last|from an|of an|in the))",
    r"\b(?:kill|killing|killed) (?:it|time|the lights|the engine|the process|the music|the vibe|the mood|two birds|the game|this task|the bug|the tab|the app|the server)\b",
    r"\b(?:killer|deadly|dead) (?:workout|headache|app|deal|serious|tired|on my feet|last|end|battery|phone|silence)\b|\bdeadlines?\b",
    r"\b(?:bored|scared|worried|sick|frightened|tickled|freezing|loved|annoyed) (?:me )?(?:half )?to death\b|\bsick to death\b|\bover my dead body\b|\bdrop dead\b",
    r"\b(?:phone|battery|laptop|car|tv|computer|plant|plants|wifi|charger|printer)(?:'s)? (?:is |just |finally )?(?:died|dead|dying)\b",
    r"\b(?:mom|mum|dad|mother|father|parents|boss|teacher|coach|grandma|nan|sister|brother|manager|professor)(?:'s| is| are|'re| will|'ll)? (?:going to|gonna|gon|will|literally) (?:actually )?(?:kill|murder) me\b",
    r"\b(?:i )?could (?:literally |honestly |just )?(?:kill|murder|strangle) (?:him|her|them|you|my \w+)\b",
    r"\b(?:kill|shoot) me now\b|\bjust shoot me\b|\bthe death of me\b|\bkilling myself laughing\b|\blaughing myself to death\b",
    r"\bkill(?:ing)? (?:all )?(?:the )?(?:weeds|bugs|germs|bacteria|zombies|monsters|enemies|boss level|ants|spiders|mosquitoes|flies)\b",
    r"\b(?:overdosed|od'?d) on (?:coffee|caffeine|sugar|candy|netflix|chocolate|tiktok|anime|memes)\b",
    r"\bsuicide (?:squad|doors?|drills?|sprints?|runs?|mission|king)\b|\bcut (?:my hair|my bangs|class|ties|back|down|corners|the cake|it out|off)\b",
    r"\bkill (?:you|him|her|them) if (?:you|he|she|they) (?:spoil|tell|eat|touch|forget|take|drink|use|finish|read|say|are late|is late)\b",
    r"\b(?:cut|burned|burnt|hurt|scratched) (?:myself|my (?:hand|finger|thumb|arm|leg)) (?:cooking|shaving|on the|while|at the gym|at work|playing|chopping|with a paper|by accident|accidentally|in the kitchen)\b|\baccidentally (?:cut|burned|burnt|hurt) myself\b",
    r"\b(?:knock|knocked) (?:me|em|them|'em) dead\b|\bdead (?:serious|funny|ringer|end job)\b|\bslay(?:ed|ing)?\b",
]

# A sentence in general talk about the topic: prevention, training, news, a book, a class.
TOPIC = (
    r"\b(?:prevention|awareness|training|trainings|workshop|webinar|seminar|lecture|class|course|module|"
    r"presentation|resources|information|info|podcast|documentary|article|research|study|studies|statistics|stats|rates?|paper|essay|"
    r"book|novel|movie|film|show|episode|series|song|lyrics|poem|policy|protocol|guidelines|hotline|"
    r"helpline|lifeline|campaign|fundraiser|walk|vigil|month|day of|conference|curriculum|discussed|"
    r"discussion|talked about how|learned about|learning about|teaching|taught|explained|warning signs|"
    r"how (?:to|do (?:i|we|you)|can (?:i|we|you)) (?:help|support|talk to|respond|ask|spot|recognise|recognize))\b"
)
# Subjects that make a statement general rather than about a person: "if someone says they want to die".
GENERIC = r"\b(?:someone|somebody|anyone|anybody|people|a person|a member|members|a friend who|a client|clients|a peer|peers|a teen|teens|kids|students|men|women|veterans|folks|those who|one who)\b"
# Words that turn the next few words round: "I'm not going to hurt myself".
NEGATION = (
    r"\b(?:not|never|no longer|don'?t|dont|do not|doesn'?t|didn'?t|did not|won'?t|wont|will not|wouldn'?t|"
    r"would not|isn'?t|ain'?t|haven'?t|have not|hasn'?t|no more|nope|nor|stopped|quit|quitting)\b|\bif i (?:ever )?(?:feel|get|start|think|have)\b|\bin case i\b"
)
# "Don't know why I want to die" and "can't stop thinking about it" are not negations of the cue.
NEGATION_EXCEPT = (
    r"\b(?:don'?t|dont|do not|didn'?t) (?:know|understand|care|see|think anyone|get why)\b|\b(?:can'?t|cannot|cant|couldn'?t) (?:stop|help)\b|"
    r"\bnot sure\b|\bnot (?:even|only)\b|\bno (?:one|body)\b|\bnever (?:stop|stops|ends)\b|\b(?:don'?t|dont) (?:want to|wanna) (?:live|be|wake|exist|keep|go)\b"
)
# A sentence told as history, or as something recent or ongoing.
HISTORY = (
    r"\b(?:used to|years ago|months ago|year ago|a long time ago|long ago|in the past|back then|back in|"
    r"when i was (?:a |in |younger|little|\d+|fifteen|sixteen|seventeen|a teen)|as a (?:kid|teen|teenager|child)|"
    r"in (?:high school|middle school|college|uni|my teens|my twenties|my \w+ year)|last year|"
    r"(?:19|20)\d\d|(?:two|three|four|five|six|ten|\d+) (?:years|yrs)|history of|at the time|"
    r"that was|survivor|survived|i was (?:fifteen|sixteen|seventeen|\d+))\b"
)
RECENT = (
    r"\b(?:last night|yesterday|today|tonight|this morning|this afternoon|this evening|earlier|just now|"
    r"an hour ago|\d+ hours? ago|a few hours ago|this week|right now|again)\b"
)
CURRENT = r"\b(?:still|again|lately|these days|right now|currently|now|anymore|any more|recently|keep|keeps)\b"
# Recovery news turns history and negations into good news rather than concern.
RECOVERY = (
    r"\b(?:clean|sober|sobriety|recovery|recovered|recovering|milestone|celebrat\w*|anniversary|proud|"
    r"free|streak|chip|grateful|thankful|doing (?:so much )?(?:better|well)|feel(?:s|ing)? (?:good|better|great)(?: again)?|life is good|in a better place|healing|healed|"
    r"(?:days|weeks|months|years?) without|haven'?t (?:cut|self.?harmed|harmed|hurt|used|drunk|had a drink|relapsed))\b"
)
JOKE = r"\b(?:lol|lmao|lmfao|haha\w*|jk|rofl|kidding|joking)\b|\U0001f602|\U0001f923|\U0001f605|\U0001f480"
# A time or a means near current suicidal thinking makes it imminent.
TIME = (
    r"\b(?:tonight|this weekend|tomorrow|by tomorrow|by morning|in an hour|in a few hours|at midnight|"
    r"this friday|on friday|on saturday|after (?:work|school|everyone(?:'s| is) asleep|they (?:leave|go to sleep|fall asleep))|"
    r"when (?:everyone|they|my (?:parents|family|wife|husband|roommate)) (?:is |are )?(?:asleep|gone|leaves?|go to sleep)|"
    r"before (?:morning|sunrise|the weekend)|on my birthday|when (?:he|she|they) (?:gets? home|walks? in|comes? (?:home|back|over|in)|shows? up))\b"
)
TIME_NOW = r"\b(?:now|right now|today|this afternoon|this evening|soon|in a minute)\b"
# Means only count when the writer says they have them to hand: "I have the pills", "the gun is in the drawer".
_MEANS = r"(?:pills|tablets|meds|medication|painkillers|sleeping pills|rope|noose|belt|cord|gun|rifle|pistol|shotgun|bullets|blade|razor|razors|knife|bleach|poison|charcoal|antifreeze)"
MEANS = (
    r"\b(?:have|got|bought|buying|holding|hold|grabbed|took out|collected|saved|stockpiled|found|keep|there'?s|there are|picked up|loaded) (?:\w+ ){0,3}"
    + _MEANS
    + r"\b|"
    r"\b"
    + _MEANS
    + r"(?:'s| is| are)? (?:ready|loaded|in my hand|next to me|right here|in front of me|on my desk|in (?:the|my) (?:closet|drawer|car|room|bag|pocket|nightstand))\b|"
    r"\b(?:standing|sitting|parked) (?:on|at|by|near) (?:the )?(?:bridge|roof|ledge|tracks|edge)\b"
)
# "I'm going to take them": with means to hand, this is intent with a plan.
USE = r"\b(?:going to|gonna|will|'ll|about to|ready to) (?:take|swallow|use|do) (?:them all|them|it|all of them|this)\b"
RESOLVE = r"\b(?:i'?m|i am|im) (?:so )?(?:done|ready|finished)\b|\bit'?s time\b|\bno more (?:pain|trying)\b|\bi can'?t wait any ?more\b"

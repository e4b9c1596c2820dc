"""Tone cues for the push-back rubric (how the reply is said), matched against the normalised reply.

Same form as cues.py: regular expressions over lower-case words joined by single spaces. These
families carry `respectful` (contempt, condescension, dismissal) and `calm` (venting, pleading,
apologising for the disagreement).
"""

from __future__ import annotations

from trainer.grading.cues import YOU, compile_patterns

# Courtesy formulas that are not a warning when followed by a flat contradiction.
FLAT_CONTRADICTION = compile_patterns(
    [
        rf"\b{YOU}(?:'re| are| r)? (?:just |flat out |simply |totally |completely |dead )?wrong\b",
        r"\b(?:that's|that is|it's|this is) (?:just |simply |totally |completely |flat out |flat |plain )?(?:false|wrong|not true|untrue|a myth|nonsense|rubbish|garbage|a lie|incorrect|bs|baloney|absurd)\b",
    ]
)

# Permission asked in a way that talks down: meets neither permission nor respectful.
CONDESCENDING_PERMISSION = compile_patterns(
    [
        rf"\b(?:educate|educated|correct|enlighten|school|teach|taught|set) {YOU}\b",
        r"\b(?:explain|show you|tell you) how [a-z ]{1,30} works?\b",
        r"\bsince you (?:seem|sound|look|appear|clearly|obviously)\b",
        r"\bbe allowed to\b",
    ]
)

DISMISS = compile_patterns(
    [
        r"\b(?:that's|that is|it's) (?:your|you're|not my) problem\b",
        r"\b(?:that|it|this|your [a-z]+) (?:doesn't|does not|don't) (?:matter|change anything)\b(?! (?:how|if|what|whether|who|when))",
        r"\b(?:i don't care|who cares|so what (?:\?|$)|get over it|not my problem|tough luck|deal with it)",
    ]
)

# Hostility toward the person: misses respectful.
DISRESPECT = compile_patterns(
    [
        r"\bas i(?:'ve| have) (?:said|mentioned|told you|explained) (?:twice|three times|a few times|before|already|many times|(?:like )?[a-z]+ times)",
        r"\b(?:say|explain) it (?:slower|slowly|again for)\b",
        r"\blet me make (?:this|it) (?:really |very |super )?(?:simple|easy)\b",
        r"\brepeating myself\b",
        r"\bfor someone who\b",
        r"\bbless (?:your (?:heart|little)|you)\b",
        r"\bsomeone as [a-z]+ as you\b",
        r"\b(?:slipped|went|got) (?:past|by) you\b",
        r"\b(?:bold take|great detective work|fresh insight|what a (?:fresh|great|brilliant|novel) (?:insight|idea|take))\b",
        r"\bper my (?:last )?email\b",
        r"\b(?:anyone|someone) who(?:'d| had) (?:bothered|read|looked)\b",
        r"\b(?:nothing|anything) i say\b",
        r"\bget through to you\b",
        r"\bcheck your (?:sources|facts)\b",
        r"\b(?:you poor thing|poor little|aw,? (?:the )?poor)\b",
        r"\b(?:sweetheart|einstein|sherlock)\b",
        r"\b(?:mere mortals|finished article|all grown up|you're so special|star of the team|who am i to|has spoken|and it shows)\b",
        r"\bborn (?:presenting|selling|knowing|closing)\b",
        r"\bgrown[- ]?ups? (?:for|four) once\b",
        r"\b(?:not|isn't) a (?:very )?high bar\b",
        r"\bthat's why your\b",
        r"\bfind something to complain about\b",
        r"\b(?:only skim|skimmed the|probably didn't (?:get to|read))\b",
        r"\byou're imagining\b",
        r"\b(?:funny|funnily enough) [a-z]+ (?:ran|did|hit|managed|had|stopped|figured|got)\b",
        r"\b(?:i'm|i am) (?:a (?:bit|little) |quite |honestly |frankly |genuinely )?surprised (?:you|i have to|i'd have to|that you|anyone)\b",
        r"\b(?:a bit|pretty|bit|rather) (?:rich|gutless|spineless|lazy|naive|much coming)\b",
        r"\b(?:someone|people|folks|a person|anyone) who(?:'s| has| have)? (?:never|don't|doesn't|can't|won't|forgets|actually wants?)\b",
        r"\b(?:if|unless) you(?:'d| had) (?:bothered|read|listened|explained it properly|paid attention|actually|done your|looked|checked)\b",
        r"\byou'd know (?:that|this|it) if\b",
        r"\b(?:you've|you have|you'd|you) never (?:actually|once|even|bothered)\b",
        r"\b(?:perfect as always|as usual|show you how it's done|how it's done)\b",
        r"\blike (?:talking|dealing|arguing) (?:to|with) (?:a|an) (?:toddler|child|kid|wall|brick)\b",
        r"\b(?:let's not pretend|isn't for everyone|not for everyone)\b",
        r"\b(?:i'd hope|surely) you(?:'d| can| could| would| know)\b",
        r"\b(?:maybe|try) (?:check|checking|look|looking|read|reading) (?:your own|at your own)\b",
        r"\b(?:lands|sinks in|gets through|goes in) this time\b",
        r"\b(?:a quick lesson|a lesson in|lesson on)\b",
        r"\bno idea what (?:they|you) (?:were|are) talking about\b|\byou don't either\b",
        r"\b(?:i'd bet|i bet) you(?:'ve| have)?\b",
        r"\bsure,? why not\b",
        r"\bi'm sure (?:it'll|it will|that'll|that will) (?:be|somehow)\b",
        r"\b(?:it's )?not like you(?:'re| are| have| had)\b",
        r"\byou(?:'re| are) not (?:always|exactly|the best|great at|known for)\b",
        r"\bsomehow survive\b",
        r"\byou (?:didn't|don't|did not|do not) know (?:much|anything|the first thing)\b",
        r"\b(?:and nobody told me|in big letters)\b",
        r"\bmore important things\b",
        rf"\b{YOU}(?:'re| are| r)? (?:just |flat out |simply |totally |completely |dead |clearly |obviously )?wrong\b",
        r"\b(?:ridiculous|absurd|nonsense|stupid|idiotic|dumb|ignorant|lazy|pathetic|insulting|laughable|silly|crazy talk|garbage|rubbish|moronic|clueless|naive|spineless|cop out|copout|cop-out|drama|dramatic|whining|whiny|wining|whinging|crying|boo hoo|precious|diva|excuses excuses|your excuses|nice try|watch me|excuses from you|hearing excuses|know everything|no everything|mastered everything|actually learn|believe whatever|won't listen|people in your position|whatever you say|you are unbelievable|you're unbelievable|hiding behind|your nerves|you'd better|all figured out|kiddo|champ|hotshot|genius|maestro|princess|buddy boy|sunshine|your highness|your majesty|you're majesty|royal highness|mister perfect|mister know|know it all|know-it-all|mr perfect|mr know|mr sunshine|smart guy|big shot|hero|superstar)\b",
        r"\b(?:obviously|clearly|apparently) (?:you|your|you've|nobody|no one|you're|they|the)\b",
        r"\b(?:you|you've|you have|they|they've|people who) (?:didn't|did not|haven't|have not|never) (?:even )?(?:bother(?:ed)? to )?(?:read|look|check|do (?:your|their|there) homework|done (?:your|their|there) homework|looked|bothered|listen|understand)\b",
        r"\b(?:try|maybe try) (?:reading|listening|looking|doing)\b",
        r"\b(?:explain|say|spell|break|put) (?:this |it |that )?(?:out )?(?:(?:down )?(?:real |reel |really |very |nice and )?(?:slowly|slow|simply|simple)|in (?:small|simple|short|little) words|in simple terms)\b",
        r"\b(?:even (?:for )?you|even you could|terms you(?:'ll| will| can) understand|so (?:that )?you (?:can )?understand|(?:seem|sound|look) (?:a bit |a little |pretty |so |really )?(?:confused|lost)|no idea what you're talking about|don't know what you're talking about|(?:isn't|aren't|not) (?:everyone's|everybody's|your) (?:thing|strong suit|forte)|uninformed|ill-informed|misinformed|cheap shot|petty|foolish|do your homework|did your homework|done your homework|for once|in case you forgot|if you think about it|isn't that obvious|it's obvious|kind of obvious|pretty obvious|over your head|grow (?:a spine|up)|cry me a river|poor (?:you|baby)|moaning|whine|whines|you're not special|you always (?:do|have|say|find|want)|modest|did you run a poll|how (?:nice|lovely) for you|must be nice|you'd know best|i'm sure (?:your|you|they|clients|customers|the)|have you (?:actually|even|ever) (?:tasted|read|looked|tried|used|seen|opened|checked)|you have no idea|try thinking|little old me|hotshot|mister|hot shot)\b",
        r"\b(?:in simple terms|simple enough|small words|keep up|try to keep up|sinks? in|not (?:that |so )?(?:hard|complicated|difficult) to understand|not rocket science|it's not (?:that |so )?(?:complicated|hard|difficult)|crazy concept|wild guess|just a thought|i'd have thought|which i'd have thought|you'd know if|since it doesn't seem|let me spell|obviously you|i'll keep it simple|keep it simple so)\b",
        r"\b(?:sky is falling|sky-is-falling|doom and gloom|here we go again|here we go|spare me|give me a break|are you kidding|you've got to be kidding|seriously\?|get real|grow up|man up|toughen up|like a grown-up|like an adult|like a child|stop (?:whining|complaining|crying|moaning|being)|quit (?:whining|complaining|crying)|save the drama|the drama)\b",
        r"\b(?:whether you like it or not|weather you like it or not|like it or not|or else|or you're out|or find another job|don't come crying|don't come to me|you people|your attitude|this attitude|the attitude|your routine|so negative|so stubborn|impossible to work with|too important|break a sweat|found your spine|find your spine|run the show|running the show|push you around|weak leaders?|wasting my (?:time|breath)|waste a genius|waste of (?:my )?time|thanks for wasting|i give up on you|you bombed|blow the same deals|blew|drag the whole|make you look lazy|no offen[cs]e|know better|can't handle|cannot handle|can't sell|clearly can't|clearly you|you clearly|since apparently|since clearly|your little head|someone other than yourself|you work for me|because i said so|not exactly hard|i'm not going to dignify|dignify|i can't help you|crystal ball|wouldn't want (?:to|you)|how convenient|good luck with that|i bet you|happy now|what a surprise|who knew|shocking|right because|sure you do|sure you are|gee|pfft)\b",
        r"\b(?:i don't care how you feel|don't care what you think|i don't care about your|frankly i don't care|do your job|do your part|just do what i|stop being)\b",
        r"\b(?:that's|that is|it's) (?:your|you're) problem\b",
        r"\b(?:with all due respect|no offen[cs]e|respectfully),? (?:you(?:'re| are)|that's|that is|but you)\b",
        r"\b(?:as someone who's done this|far more often than you|you should have seen that coming|should have known|i'd expect someone)\b",
        r"\bsure (?:skip|take all the time|spring works|drop|whatever|you do|thing|let's (?:redesign|let|just let))\b",
        r"\bbut sure\b",
        r"\b(?:let me know when your team decides|i'll just wait by the phone|wait by the phone)\b",
        r"\b(?:loophole|loopholes|hunting for|trying to get out of|get out of meetings|excuse maker)\b",
    ]
)

# Exasperation and venting: misses calm.
VENTING = compile_patterns(
    [
        r"\b(?:ugh|argh|ugh+|jeez|geez|pfft|sheesh|oh my god|omg|oh for|for crying out loud|for heaven's sake|for god's sake|for pete's sake|give me a break|are you kidding|you've got to be kidding|unbelievable|you are unbelievable|(?<!it )(?<!this )(?<!that )(?<!very )(?<!them )(?<!concern )(?<!concerns )(?<!worry )seriously(?! (?:consider|think|look|weigh|committed))|oh come on|come on(?! (?:board|in|over|out|up|down|along|back|through|site|the))|that's enough|enough with|enough already|had enough|oh please|spare me|here we go|not this again|i'm done|i am done|so done|i give up|can't be bothered|cannot be bothered|i don't care anymore|don't even care|i can't deal|can't deal|wasting my breath|i'm out)\b",
        r"\b(?:i'm|i am|i get|i've been|i'm getting|i'm honestly|i'm so|i'm really|i'm just|honestly i'm|getting|it's so|frankly it's|honestly it's)(?: so| really| honestly| just| a bit| a little| kind of| pretty| getting| totally| completely)* (?:sick|tired|fed up|worn out|worn down|exhausted|frustrated|annoyed|fried|over it|done with|running out of patience|losing (?:my )?patience|irritated|fuming|furious|so frustrating|frustrating|exhausting|maddening|infuriating|worked up|at my wit's end|at the end of my rope|to tired|too tired)\b",
        r"\b(?:drives|driving) me (?:nuts|crazy|mad|up the wall|a little crazy|bonkers|insane)\b",
        r"\b(?:wears|wear) me (?:out|down)\b",
        r"(?<!you're )(?<!you are )(?<!they're )(?<!they are )(?<!feel )(?<!feels )\b(?:sick of|tired of|fed up with|had it with|had enough|so over)\b",
        r"!.{0,40}!",
        r"\b(?:fine|great|wow|enough|unbelievable|seriously|really) !",
        r"\b(?:it's|that's|frankly) (?:honestly |frankly |just )?(?:insulting|infuriating|maddening|exhausting)\b",
        r"\bugh\b",
        r"\b(?:oh|ah) (?:sure|great|wonderful|perfect)\b",
        r"\bi'm not going to sit here\b",
    ]
)

PLEADING = compile_patterns(
    [
        r"\bplease\b.{0,60}\bplease\b",
        r"\b(?:i'm |i am |i'm really |really )?(?:begging|beg you|beg)\b",
        r"\bplease (?:don't|do not|just|just please|give|let|stay|try|come on|keep|hear|reconsider|help|i|we|it|one|at least)\b",
        r"\b(?:just|so) please\b",
        r"\boh no\b",
        r"\bcome on please\b",
        r"\b(?:we'll|we will|i'll|i will) do (?:anything|whatever it takes|whatever you (?:want|need))\b",
        r"\banything,? just\b",
        r"\b(?:i really need (?:this|you|it)|i need this (?:one )?(?:to go|month|win)|it would mean (?:a lot|so much|the world)|means so much|for me\?|do it for me|i'll feel so much better|i'm toast|have my head|going to kill me|gonna kill me|get killed|get crushed|going to get crushed|i'm in trouble|i'll get in (?:so much )?trouble|i'll look terrible|i'd feel like i'm failing|i was counting on|counting on it for my|my quarter depends|we've (?:worked|put) so (?:hard|much))\b",
    ]
)

APOLOGY = compile_patterns(
    [
        r"\b(?:i'm|i am|we're|we are|i'm really|so|really|very|terribly|awfully) (?:so |really |very |terribly |truly |deeply |awfully )?sorry\b",
        r"\bsorry\b",
        r"\bi (?:feel|felt) (?:so |really |just |kind of |pretty )?(?:terrible|awful|bad|horrible|guilty|sick about)\b",
        r"\b(?:don't|do not) hold it against\b",
        r"\b(?:i|we) (?:really |truly )?(?:didn't|did not|never) mean(?:t)? to\b",
        r"\bplease don't (?:be|get) (?:mad|upset|angry|annoyed|offended)\b",
        r"\b(?:don't|do not) take (?:it|this) the wrong way\b",
        r"\bi (?:really )?hate (?:to|asking|doing|piling|disagreeing|bringing|being)\b",
        r"\bi (?:don't|do not) want to (?:argue|fight|make (?:this|it|things) awkward|upset|be pushy|offend|cause)\b",
        r"\b(?:i overstepped|my bad|my mistake|forgive me|apolog(?:ise|ize|ies)|i apologi[sz]e)\b",
        r"\bi (?:shouldn't|should not) have (?:asked|said|brought|pushed)\b",
        r"\b(?:oh gosh|oh dear|oh no)\b",
        r"\bi hope\?",
    ]
)


# Condescension without rude words: faint praise, talking down, explaining their view away by
# who they are, homework jibes, sarcastic agreement, barbed exits and patronising reassurance.
_GROUP = r"(?:people|folks|managers|owners|buyers|reps|salespeople|teachers|clients|customers|everyone|anyone|those|most [a-z]+|[a-z]+ owners|[a-z]+ managers)"
CONDESCENSION = compile_patterns(
    [
        r"\bfor (?:where you are|your level|someone (?:like|as|in|with|at|of)|a (?:beginner|newbie|rookie|first timer))\b",
        r"\bsomeone as [a-z]+(?:[- ][a-z]+)? as you\b",
        r"\b(?:not bad for|i'll give you that|you always get there in the end|even if it takes you longer|it takes you (?:a bit )?longer)\b",
        r"\b(?:it's|that's|how) (?:sweet|cute|adorable|endearing|charming|quaint) (?:that|of you|you)\b",
        r"\b(?:the )?(?:simplest|easiest|simple|plainest) (?:way|terms|words) (?:i can|possible|for you)\b",
        r"\b(?:nice and )?(?:simple|easy|slow) for you\b",
        r"\bthe (?:part|bit|thing) (?:people|most people|everyone|folks) (?:usually|always|often|tend to) (?:miss|forget|get wrong)\b",
        r"\b(?:do|doing|did|done) (?:your|some|a bit of|a little) (?:research|homework|reading|reading up)\b",
        r"\bif you (?:ever )?(?:get|got) (?:round|around) to\b",
        r"\b(?:did|have) you (?:actually|even|ever actually) (?:read|look|looked|open|opened|check|checked|try|tried|listen|listened)\b",
        r"\bif you(?:'d| had)? (?:actually |ever |even )?(?:walked|been|looked|read|checked|opened|listened|bothered|hit|done)\b(?! (?:through|into|with|on board))",
        r"\bif you haven't (?:actually )?(?:looked|read|checked|opened|done)\b",
        rf"\b{_GROUP} (?:like you|in your (?:role|position|seat|shoes|job|line|chair|spot))\b",
        rf"\b{_GROUP} who (?:say|think|believe|claim) (?:that|this|things like)\b",
        r"\b(?:that's|it's) (?:what|how) (?:people|everyone|reps|managers|folks|they) (?:say|think|talk|sound|feel) when\b",
        r"\b(?:i'd|i would) (?:have )?(?:expected|expect|hope|thought) (?:someone|a person|anyone|you|somebody)\b",
        r"\b(?:typical|classic) (?:of|for) (?:you|someone|people|a)\b",
        r"\b(?:of course|sure|right|oh sure|naturally),? because\b",
        r"\b(?:i suppose|let me guess|what a shock|what a surprise)\b",
        r"\bbecause the last [a-z ]{1,25} went so well\b",
        r"\b(?:only|just) (?:asking|doing|saying) (?:this|it|that)?[a-z ]{0,20}for fun\b",
        r"\b(?:your funeral|suit yourself|have it your way|on your (?:own )?head be it|don't say i didn't|save my breath|don't come running)\b",
        r"\b(?:you'll|you will|they'll|they will) (?:calm down|get over it|come round|grow out of it|thank me)\b",
        r"\b(?:the )?grown ?up in the room\b",
        r"\b(?:some people|some of us|others) (?:take|need) (?:a bit |a little )?longer\b",
        r"\b(?:develops?|learns?|grows?) at (?:their|your) own (?:speed|pace)\b",
        r"\bready for (?:feedback|the truth|real coaching)\b",
        r"\b(?:after (?:everything|all) (?:i|i've|i have) (?:do|did|done)|all about you|kind of an insult)\b",
        r"\b(?:let's|we'll) see if you can\b",
        r"\bwithout a reminder\b",
        r"\bif you(?:'d| had) been (?:hitting|doing|pulling|meeting)\b",
        r"\b(?:as i'm sure you know|as you (?:surely|must|should) know|as anyone would know|everyone knows)\b",
        r"\b(?:easy|natural|understandable) (?:thing )?to (?:believe|think|assume) if you\b",
        r"\b(?:find it|would find it) (?:very |quite |really )?(?:entertaining|amusing|funny)\b",
        r"\bhere's the thing (?:about|with) [a-z ]{1,30} who\b",
        r"\b(?:pointers|a few tips|some help) given how\b",
        r"\bi'm sure (?:it's|that's|this is) (?:very |really |so )?(?:hard|difficult|tough|scary) for\b",
    ]
)

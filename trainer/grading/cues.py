"""Content cues for the push-back rubric (what the reply does), matched against the normalised reply.

Each cue family is a list of regular expressions over lower-case words joined by single
spaces (fillers and stutters already removed, "okay" folded to "ok", "percent" to "%").
Families name behaviours, not criteria: detectors combine them per criterion. Tone cues (how it
is said: contempt, condescension, venting, pleading) live in tone.py.
"""

from __future__ import annotations

import re

# Shared word classes.
I_WILL = r"(?:i'll|i will|i can|i could|i'd be happy to|i'm happy to|happy to|let me|we'll|we will|we can|we could|our team can|our team will|we're happy to|i'd love to|i want to|i'm going to|i am going to|i'd like to)"
YOU = r"(?:you|your|you're|youre|ya)"
THEIR = r"(?:their|there|they're)"
SOFTENER = r"(?:a bit |a little |a little bit |slightly |somewhat |kind of |sort of |just |quite |maybe |a tiny bit |a touch )?"
THAT = r"(?:that|this|it|things|the numbers|that one|this one|the picture|the situation|the pricing|that point|that claim|the risk)"
CHALLENGE_VERB = r"(?:challenge|push back|pushback|question|disagree|offer|share|explain|show|walk|tell|give|present|add|point|counter|argue|suggest|put|lay|run|pull|bring|take|play)"
NEG_EMOTION = r"(?:worried|concerned|nervous|anxious|frustrated|annoyed|upset|uneasy|uncomfortable|skeptical|sceptical|stressed|scared|afraid|fed up|tired|overwhelmed|burned out|burnt out|wiped out|exhausted|stretched|swamped|irritated|hesitant|reluctant|torn|unhappy|angry|wary|disappointed|embarrassed|exposed|pressured|squeezed|stuck|under pressure|on the spot|in a tough spot|in the middle|caught in the middle|stretched thin|second guessing|second-guessing|worn down|drained|wiped|fried|hurt|stung|blindsided|discouraged|defensive)"


def compile_patterns(patterns: list[str]) -> re.Pattern[str]:
    """One alternation of the patterns."""
    return re.compile("|".join(f"(?:{p})" for p in patterns))


WARNING = compile_patterns(
    [
        r"\b(?:i've|i have|we've|we have) seen (?:it|that|this|things) (?:play out|work out|go|turn out) (?:pretty |quite |very |a bit |a little |rather )?differently\b",
        r"\b(?:data|numbers|evidence|experience|research|figures|results) (?:points?|suggests?|says?|shows?) (?:the )?(?:other way|otherwise|something else|somewhere else|the opposite)\b",
        r"\b(?:i'd|i would|i'm going to|i want to|i'd like to|i have to|let me|can i|could i|may i|i'll) (?:gently |respectfully |just |briefly )?(?:challenge|contradict|question|push back on|pushback on|counter|dispute) (?:that|this|it|you|what you|the idea|that idea|the assumption|that assumption|the claim|that claim|the premise|your)\b",
        r"\b(?:offer|share|give|suggest|present|add) (?:you )?(?:another|a different|an alternative|a contrasting|a contrary|another way of|a counter|an opposing|the other) (?:view|take|angle|perspective|viewpoint|read|reading|opinion|side|way)\b",
        r"\bhate to (?:contradict|disagree|push back|argue)\b",
        r"\bpush(?:ing)? back on (?:that|this|it)\b",
        r"\b(?:i'm|i am) not (?:so )?sure (?:that's|that|it's) (?:quite |entirely |totally )?(?:right|true|accurate|the case|how)\b",
        r"\bthat (?:hasn't|has not|isn't|is not|wasn't) (?:been )?(?:my|our) experience\b",
        r"\b(?:my|our) (?:experience|data|numbers|customers' experience) (?:has been|have been|is|are|tells?|says?) (?:a (?:bit|little) )?(?:different|otherwise)\b",
        rf"\b(?:see|read|look at|view|think about|feel about|hear) {THAT} {SOFTENER}different(?:ly)?\b",
        r"\b(?:see|read|look at|view) (?:it|that|this|things) (?:another|a different|some other|one other) way\b",
        r"\b(?:a |have a |got a |i've got a |i have a |have |offer a |share a )(?:slightly |somewhat |bit of a |little |very |pretty |really )?(?:different|another|alternative|contrary|other) (?:take|view|read|perspective|angle|opinion|lens|reading|picture|experience|story|viewpoint|way of looking|point of view)\b",
        r"\bdifferent (?:take|view|read|perspective|angle) on\b",
        r"\b(?:draw|reach|come to|came to|drew|arrive at|see) (?:a |an )?(?:different|another|other|opposite|alternative) conclusion\b",
        r"\b(?:i|i'd|i'm going to|i have to|i've got to|i'll have to|i'm gonna have to|i must|i would|i'll|let me|gonna) (?:respectfully |politely |gently |actually |have to |kind of |a little |just )?(?:disagree|differ|challenge (?:you|that|this|it)|push back|pushback|question that|question this|beg to differ|see it another way|take issue)\b",
        r"\bi (?:don't|do not|wouldn't|would not) (?:quite |fully |totally |entirely |necessarily |completely )?(?:agree|see it that way|see it like that|buy that|share that view|think that's (?:quite |entirely )?(?:right|accurate|the case|fair))\b",
        r"\bi'm not (?:so |quite |entirely |totally |fully )?(?:sure|convinced) (?:i |that i |that's |that |it's |about that|that holds|i'd agree)",
        r"\b(?:my|our) (?:experience|data|numbers|read|view|take) (?:has been|is|points|says|tells|suggests|shows) (?:a bit |quite |pretty |a little |something |somewhere )?(?:different|otherwise|else|the opposite)\b",
        r"\b(?:that's|that is|it's|this is) (?:not |actually not |not quite |not really |not exactly )(?:how|what) (?:i see|i've seen|we see|we've seen|i read|i'd read|our customers)\b",
        r"\b(?:that's|that is) (?:one|a point|something) i'd (?:push back on|challenge|question|disagree with|look at differently)\b",
        r"\b(?:can|could|may|mind if|would you mind if|do you mind if|ok if|okay if|alright if|all right if|would it be ok if|is it ok if|is it alright if) i (?:challenge|push back|pushback|disagree|offer a (?:different|counter|contrary|another|other)|give (?:you )?a (?:different|counter|contrary|another)|question|play devil|offer (?:you )?(?:another|a counter|a different)|share a (?:different|counter|contrary|another)|counter)",
        r"\b(?:counterpoint|counter point|counter view|counterview|devil's advocate|other side of (?:that|it|the story|the coin))\b",
        r"\b(?:i'd|i would|let me) (?:gently |respectfully |just )?(?:push back|offer another|offer a different|offer a counter|challenge that|question that|disagree)\b",
        r"\bi (?:see|read|look at|view) it (?:a bit |a little |slightly |kind of |quite )?different(?:ly)?\b",
        r"\b(?:i|we) (?:have|'ve) (?:seen|found|had) (?:it|this|that|things) (?:play out |work out |go )?(?:differently|the other way|another way)\b",
        r"\bnot (?:sure|convinced) (?:that's|that is|it's|that) (?:the (?:whole|full) (?:story|picture)|quite right|accurate|true|the case|fair)\b",
        r"\b(?:i'm|i am) going to (?:have to )?(?:disagree|challenge|push back|differ)\b",
        r"\b(?:i'd|i would) (?:look at|see|read|frame|put) (?:that|this|it) (?:a bit |a little |slightly |somewhat )?(?:differently|another way|a different way)\b",
        r"\bhear me out\b.{0,40}\b(?:different|differently)\b",
        r"\bthere's (?:another|a different|an other|a second) (?:way to look at|side to|angle on|take on|view on|reading of)\b",
    ]
)

PERMISSION = compile_patterns(
    [
        r"\bif (?:that's|that is|it's|it is|this is) (?:ok|alright|all right|fine|cool)(?: (?:with|by|for) you)?\b",
        r"\bif you're (?:willing|open|ok|up for|game|happy) (?:to|for|with)\b",
        r"\b(?:do|have|would|could|can) you (?:have|spare|give me|got) (?:a |two |one |a couple of |five |a few |a quick |a spare )?(?:minutes?|seconds?|moment|sec)\b",
        r"\bif you(?:'ll| will)? (?:allow|let|permit|indulge) me\b",
        r"\bwith your permission\b",
        r"\b(?:can|could|may|might) i (?:please |maybe |just |quickly |briefly |possibly )*(?:please |maybe |just |quickly )?(?:share|offer|show|explain|tell|walk|give|run|challenge|push|pushback|question|disagree|add|point|present|take|bring|pull|lay|put|make|suggest|play|counter|ask you to|have|get|talk|go over|go through|read|mention|throw)\b",
        r"\b(?:would|do|did) you mind (?:if|me|my)\b",
        r"\bmind if i\b",
        r"\bif you (?:don't|do not|wouldn't) mind\b",
        r"\b(?:would|will|is|are) (?:that|it|you|this) (?:be )?(?:ok|alright|all right|fine|fair|helpful|useful|cool|something you'd be open to|worth it)(?: with you)?(?: if| for me|\?| to)",
        r"\b(?:would|is|will) (?:that|it) (?:be )?(?:ok|alright|all right|fine)\b",
        r"\b(?:would|are|were) you (?:be )?(?:open|up|ok|okay|willing|game|comfortable|interested) (?:to|for|with|if|in) (?:me |my |hearing|a |an |some |looking|seeing|taking|letting|that)",
        r"\b(?:is it|would it be|will it be|it is) (?:ok|alright|all right|fine|cool) (?:with you )?(?:if|for me|to)\b",
        r"\b(?:if you'll|if you will|if you'd|if you would) (?:let|allow) me\b",
        r"\b(?:if you're|if you are) open to (?:it|that|hearing)\b",
        r"\bmay i\b",
        r"\b(?:let|allow) me (?:to )?(?:challenge|push back)\b.{0,30}\b(?:if you|would you|is that)\b",
        r"\bwant me to (?:walk|show|share|explain|run|take) you\b",
        r"\bwould you (?:let|allow) me\b",
        r"\b(?:ok|okay|alright|all right) if i\b",
        r"\bup for hearing\b",
        r"\bcan i (?:have|get) (?:a |two |one )?(?:minute|second|moment)\b",
    ]
)

NUMBER_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|half|twice|double|triple|dozen|quarter)"

REASON = compile_patterns(
    [
        r"\b(?:is|are|was|were|has been|have been|got|get) (?:fully |independently |externally |publicly |already )?(?:rated|certified|approved|tested|audited|published|listed|renewed|registered|insured|compliant|accredited|verified|inspected|reviewed|endorsed|guaranteed|backed)\b",
        r"\b(?:meets|exceeds|complies with|passed|passes|beat|beats|outperformed|outperforms) (?:the |every |all |current |a |an |our |their )?[a-z]+",
        r"\b(?:every|each) (?:building|site|unit|customer|client|location|store|plant|clinic|school|install|installation|system|shipment|order|deployment|account|contract|policy|product|model|truck|vehicle)\b",
        r"\b(?:public|published|on record|on file|in writing|in the contract|in the report|in the data|documented)\b",
        r"\b\d[\d,.]*\b",
        r"%",
        rf"(?<!that )(?<!this )(?<!the )(?<!any )(?<!no )(?<!some )(?<!every )(?<!which )(?<!each )\b{NUMBER_WORD}\b(?!-)(?! (?:more|thing|second|minute|sec|moment|i'd|of (?:my|you|them|those|these)|on one|day at a time))",
        r"\b(?:because(?! (?:honestly |frankly |seriously )?(?:that's|that is|it's|this is|you|i said|i'm|i am|i'd|i want|i really|she'll|he'll|they'll))|since(?! (?:apparently|clearly|obviously|you))|that's why|the reason|for example|for instance|for one|case in point|like at|when we|last (?:year|quarter|month|spring|summer|fall|autumn|winter)|this (?:year|quarter)|our (?:data|numbers|figures|customers|clients|report|study|survey|results|audit|records|track record|retention|uptime|churn|renewal|renewals|reviews|benchmark)|customers (?:like|such)|clients (?:like|such)|a (?:customer|client|district|hospital|company|firm|team|school|plant|carrier|bank|retailer) (?:like|just like|your size|similar)|(?:study|survey|benchmark|audit|case study|certification|certified|soc 2|iso)|we've (?:never|had|seen|migrated|processed|installed|delivered|shipped|run|been)|we have (?:never|had|seen)|has never|have never|went live|on page|in the deck|the data|the numbers (?:show|say)|independent|profitable|audited|guarantee|sla|uptime|on average|average|median)\b",
        r"\bat [a-z]+ (?:[a-z]+ )?(?:county|middle|high|school|district|hospital|clinic|plant|practice|health|logistics|foods|bank|group|university|college|labs|systems|inc|manufacturing|plastics)\b",
    ]
)

CAVE = compile_patterns(
    [
        r"\b(?:we can|we could|let's|maybe we|we'll) (?:just )?(?:do|go with|start with|stick to|try) (?:the|a) (?:basic|smaller|small|lighter|cheaper|simpler|reduced|limited|partial|plain)\b",
        r"\b(?:start|begin) with (?:just )?(?:the|a|one) [a-z]+ (?:clinics?|sites?|teams?|stores?|units?|pilot|department|region)\b(?=.{0,40}\b(?:instead|for now|first|and see)\b)",
        r"\bmake (?:them|it|this|that|the [a-z]+) (?:optional|voluntary)\b",
        r"\b(?:after|in|next|until|till) [a-z0-9 ]{1,20} it is\b",
        r"\b(?:is|sounds) fine,? we can (?:move|push|delay|shift|wait)\b",
        r"\bwe can (?:move|shift|push) it\b",
        r"\blet (?:each|every|the|your|them|their) ?[a-z]* (?:decide|choose|pick|vote|opt)\b",
        r"\bi'll (?:just )?(?:sit here and )?wait\b",
        r"\b(?:alignment|consensus|buy-in|agreement|waiting|a pilot|the delay|a vote|a longer pilot) (?:first )?(?:makes sense|sounds (?:good|fair|right|sensible))\b",
        r"\bwhat would you rather\b",
        r"\bwhatever time you (?:can|have)\b",
        r"\b(?:don't|no need to|do not) (?:lose sleep|stress|worry) (?:over|about) (?:it|this|that)\b",
        r"\b(?:knock|take|give you|offer|throw in|shave) (?:\d+%?|[a-z]+ %|a discount|an extra|extra|some|a free)\b.{0,25}\b(?:off|discount|free|seats|licences|licenses|months?)\b",
        r"\b(?:exempt|excuse you|let you off)\b",
        r"\b(?:we can|we could|let's|lets|i'll|i can|i could|we'll|happy to|maybe we|how about we|why don't we|i'm happy to|i'll try to|let me)(?: just| totally| absolutely)? (?:reduce|lower|lighten|shrink|cut back|ease into|ease off|ease up|tone down|soften|loosen|scale down|water down|pull back on|back off on|go easy)\b(?! (?:on )?(?:the |your )?(?:risk|cost|time|errors?|churn|downtime|admin|paperwork|friction|workload)\b)",
        r"\b(?:ease into it|go easy on (?:you|them))\b",
        r"\b(?:find|figure out|work out|look for|come up with) (?:another|a different|some other|an other|a) (?:way|option|route|arrangement|solution) (?:for you|around|out)\b",
        r"\b(?:get|give) (?:you )?(?:your|you're|ur) [a-z ]{0,20}back\b",
        r"\b(?:talk|speak|go back) to (?:the|my) (?:director|vp|v p|boss|manager|ceo|leadership|region|board)\b",
        r"\b(?:just|only) (?:the )?(?:volunteers|people who want|those who want|the willing)\b",
        r"\b(?:when|whenever|once) (?:they're|they are|you're|you are|everyone's|everyone is|everybody's) (?:ready|comfortable|on board)\b",
        r"\b(?:when|whenever) you can\b",
        r"\b(?:as much|as long|all the time) as you (?:need|want|like)\b",
        r"\btake (?:your|all the) time\b",
        r"\b(?:let's|lets|we can|we'll|we could|don't|no need to) (?:not )?worry about (?:the |it|them|that|this|demos|calls|visits)\b",
        r"\b(?:give (?:us|me|it) a (?:shot|chance|try)|just give us|keep us in mind)\b",
        r"\b(?:a |the )?vote (?:sounds|is|seems) (?:fair|fine|good|reasonable|great)\b",
        r"\bwhatever (?:the|they|your|you) [a-z ]{0,20}(?:decide|decides|choose|chooses|want|wants|prefer|prefers)\b",
        r"\b(?:see if i can|i'll try to|let me try to|i can try to) (?:get|have|make) [a-z ' ]{0,30}(?:reduced|lowered|cut|changed|dropped|waived|removed|moved|pushed|delayed|smaller|lighter)\b",
        r"\bhow about we (?:drop|skip|pause|delay|hold|wait|leave|forget|push|scrap|cut|lower|reduce)\b",
        r"\btake (?:your|the) (?:year|quarter|month|summer|spring|time)\b",
        r"\b(?:should we|shall we|why don't we|want to|wanna) (?:set up|schedule|book|grab|have) (?:a|another) (?:call|meeting|chat)\b",
        r"\b(?:let's|lets|let us|we can|we could|we'll|we will|i'll|i will|i can|happy to|we should|maybe we|why don't we|we'd better|ok to|fine to|i'll just|we'll just|let's just|we can just|you can|you could|feel free to|go ahead and|i'm happy to)(?: totally| absolutely| definitely| just| always| of course| certainly)? (?:drop|skip|shelve|scrap|pause|paws|delay|postpone|park|table|hold off|hold it|put it on hold|put (?:it|that|this) on (?:hold|ice|the back burner)|push (?:it|this|that) (?:back|out)|slow (?:down|it|things)|wait|weight|revisit|leave (?:it|that|this|the|your|out)|forget|scale (?:it |this |that )?back|water (?:it|this|that) down|lower|cut (?:it|the|back)|reduce|give up|back off|back down|stop|keep (?:you|the old|your old|the current)|go slower|take it slow|pick (?:this|it|that) (?:back )?up|come back to (?:it|this|that)|put (?:a pin|it aside)|let it go|let (?:it|this|that) slide|not do|make (?:it|that) optional|make it voluntary|do it later|start later|try it later|hold on)\b",
        r"(?:^|\b(?:fine|sure|ok|then|so|just|yes|alright|right|no|well|understood|noted|got it))\s(?:skip|drop|scrap|forget|shelve|delay|cancel|pause|keep) (?:it|them|that|this|the|your)\b(?! [a-z]+ for a (?:second|moment|minute))",
        r"\b(?:sit (?:this|that) one out|stick with what|rethink (?:it|this|that)|check with my (?:team|boss|manager|quality)|get back to you|keep us in mind|go right ahead|do what you can|whatever you can manage|not going to force|step back|if you think (?:they'll|it'll|it will|they will)|i'll go back to (?:the|my)|not going to (?:sit here and )?argue|i'm not going to (?:sit here and )?argue|take it back to|we'll see how (?:the|it|things)|skip it|drop it|forget it|let it go|do anything|(?:spring|next quarter|next year|january|later|next month|after peak) (?:works|is fine|sounds good|it is)|lets just move on|let's just move on)\b",
        r"\b(?:you're|you are|your) (?:absolutely |totally |completely |probably |100% |quite )?right(?! (?:that|to|about how|to feel|to be))\b",
        r"\b(?:forget (?:it|i (?:said|asked|mentioned)|about it|the|that|i brought)(?![a-z' ]{0,40}(?:for a (?:sec|second|moment|minute)|and look))|never ?mind|nevermind)\b",
        r"\b(?:do|go with|stick with|keep doing) (?:whatever|what) (?:works|you want|you think|feels right|you prefer|is best|you like)\b",
        r"\b(?:i won't|i'm not going to|i'm not gonna|not going to|won't) (?:fight|push|argue|force|make you)\b(?! (?:you )?(?:on|about) (?:this|that|it) (?:anymore|any more))?",
        r"\b(?:we'll|we will|i'll|i will) (?:definitely |certainly )?(?:keep (?:that|it) in mind|take (?:that|it) back|take it on board|think about it|look into it|check with|see what they say)\b",
        r"\b(?:whatever you (?:need|want|say|decide|think)|anything you (?:need|want))\b",
        r"\b(?:maybe|perhaps) (?:we )?(?:just )?(?:skip|drop|wait|revisit|hold|leave|go with)\b|\b(?:maybe|perhaps) we (?:just )?(?:do|try)\b",
        r"\b(?:if (?:it's|that's|you think it's) (?:too much|not working|not your thing|better|easier)|if you really hate it|if it doesn't work for you)\b",
        r"\b(?:no worries|no problem|no pressure|not a big deal)\b(?=.{0,40}\b(?:skip|drop|wait|leave|forget|later|stop|don't)\b)",
        r"\b(?:keep|use|stay on|stick with) (?:the|your) (?:old|current|existing)\b",
        r"\b(?:skip|drop|hold|pause|leave|keep|wait|shelve|off|park)\b[a-z' ]{0,40}\b(?:for now|for the time being|for the moment)\b",
        r"\b(?:sure|fine|ok)(?: then)?,? (?:skip|drop|delay|hold off|wait|don't|no)\b",
        r"\b(?:a|another) (?:couple|few) (?:of )?months (?:is|are|would be|sounds) (?:fine|ok|good|great)\b",
        r"\b(?:wait|waiting) (?:makes sense|is fine|sounds good|sounds right|is probably)\b",
        r"\bi'll go back to (?:the|my)\b.{0,30}\b(?:lower|change|drop|beg)\b",
        r"\b(?:no|not) (?:extra|more|additional) (?:demos|calls|visits|meetings|sessions|coaching|ride|quotes)\b",
        r"\b(?:a vote|take a vote|let (?:them|the team|your team|the group|everyone) (?:decide|vote|weigh in first))\b",
        r"\b(?:take all the time you need|no rush|whenever you're ready|when you're ready)\b",
        r"\b(?:it's|that's) (?:your|you're) call\b",
        r"\bi (?:just|totally|completely)? ?(?:agree|hear you)\b(?=.{0,30}\b(?:skip|drop|wait|hold|later|pause|shelve|delay)\b)",
    ]
)

# Hedges that keep the change but soften it: not caving when the direction is also stated.
SOFT_CAVE = compile_patterns(
    [
        r"\bplay it by ear\b",
        r"\bmaybe (?:adjust|tweak|change|revisit|rethink|loosen|soften)\b",
        r"\b(?:whatever you need|anything you need|i'll do anything|we'll do anything|whatever it takes)\b",
    ]
)

# Pleading not to drop the change still holds the position.
HOLD_PLEA = compile_patterns(
    [
        r"\b(?:don't|do not|please don't) (?:delay|push (?:it|this)|pause|shelve|back off|put (?:it|this) on hold|wait|cancel|drop|give up|walk away|pull)\b",
    ]
)

# Hedging words that weaken a direction only when they sit next to it.
LOCAL_HEDGE = compile_patterns(
    [
        r"\b(?:i guess|i hope|hopefully|probably|maybe|perhaps|i suppose|possibly|fingers crossed|i think)\b",
    ]
)

# Manager scenarios: the change is kept, said firmly.
FIRM_DIRECTION = compile_patterns(
    [
        r"\b(?:is|are|it's|that's) still (?:on|happening|going ahead|in place|the plan|required|mandatory)\b",
        r"\bjust (?:get|make|hit|log|book) (?:the|your|those|it|them)\b",
        r"\bso up it goes\b",
        r"\b(?:i'm|i am|we're|we are) (?:fully |really |absolutely |totally |completely |100% |still )?(?:committed|standing behind|behind it|behind this|sticking with|keeping|holding|not budging|not backing|not moving|not changing|not dropping|going ahead|moving ahead|moving forward|doing (?:it|this)|rolling|starting|launching|doing)\b",
        r"\b(?:i|we) (?:stand|stood) (?:behind|by)\b",
        r"\bi'm not (?:backing|budging|moving|changing|dropping|going to (?:drop|change|move|back|budge)|gonna (?:drop|change|move|back|budge))\b",
        r"\b(?:it's|this is|that's|these are|they're|it is|isn't|aren't|is not|are not) (?:not |non |)(?:optional|negotiable|going (?:away|anywhere)|changing|up for (?:debate|discussion|negotiation))\b",
        r"\bnot (?:optional|negotiable|going away|going anywhere|up for debate)\b",
        r"\b(?:is|are|it's|they're|that's|this is) (?:mandatory|required|final|happening|staying|the standard|the plan|the direction|the way we|how we|part of (?:the|your|everyone's) (?:job|week|role|plan|process)|here to stay|locked|set|in place|going ahead|non-negotiable|the new normal)\b",
        r"\b(?:i|we) (?:put|set|built|designed|drew|picked|chose|decided|made|created|own|introduced|wrote|set up|rolled out|brought in|signed off)\b.{0,25}\b(?:it|them|that|this|the call|the decision|on it|in place|the plan|the map|the policy|the rule|the split|up)\b",
        r"\b(?:it's|this is|that's) my (?:call|decision|meeting|plan|policy|rule)\b",
        r"\b(?:i|we) (?:made|make) (?:the|this|that) (?:call|decision)\b",
        r"\bi own (?:it|this|that|the decision)\b",
        r"\bthis is (?:the direction|where we're going|how we (?:do|work|run|sell|train|operate))\b",
        r"\b(?:starts?|begins?|goes live|kicks off|launch(?:es)?|is live|applies) (?:on |from |next |this |monday|tuesday|wednesday|thursday|friday|tomorrow|today|in (?:january|february|march|april|may|june|july|august|september|october|november|december)|the first|at)\b",
        r"\b(?:from now on|going forward|starting (?:now|today|monday|next|this|tomorrow|on)|as of (?:today|monday|now|next)|from (?:monday|today|next week|here on))\b",
        r"\bi (?:expect|need) (?:you|everyone|everybody) (?:there|to|on|in)\b",
        r"\b(?:we're|we are|you're|you are) (?:doing|using|moving|going|running|keeping|sticking|holding)\b",
        r"\b(?:end of story|that's final|and that's that|full stop)\b",
        r"\b(?:we're|we are|i'm|i am) still (?:going to|doing|using|running|keeping|moving|rolling)\b",
        r"\b(?:will|'ll) (?:happen|stay|stand|continue|go ahead|go live|start|begin)\b",
        r"\b(?:stays|stands|remains|holds|is staying|are staying)\b",
    ]
)

HEDGE_COMMITMENT = compile_patterns(
    [
        r"\b(?:for now|for the time being|for the moment|at least for now|at least for the moment|at least to start|to start with|as a trial|a trial|trial run|pilot|experiment)\b",
        r"\b(?:see how it goes|see how (?:it|things) (?:go|goes|work|shake out|land)|we'll see|we will see|see where (?:it|we) land|revisit|review it|reassess|re-evaluate|check back|see if it works|give it a (?:try|go|shot|month))\b",
        r"\b(?:try it|try this|try out|let's try|we'll try|give it a go|loosely)\b",
        r"\bif (?:it|this) (?:doesn't|does not|isn't|is not) (?:work|working|helping)\b",
        r"\b(?:i'm not|i am not) (?:totally |really |entirely |fully )?(?:sure|thrilled|convinced|happy)\b",
    ]
)

BLAME_OTHERS = compile_patterns(
    [
        r"\b(?:corporate|head office|headquarters|hq|leadership|upper management|senior management|management|the vp|vp|v p|the ceo|ceo|the cfo|c f o|cfo|the cro|the board|hr|h r|legal|compliance|finance|the company|the director|my director|my boss|my manager|the region|the district|above me|higher ups|the higher-ups|upstairs|head office's|the exec team|the execs|the executive team|the owners|the top)\b.{0,40}\b(?:made|make|wants?|wanted|decided|decides|says?|said|pushed|pushing|push|came up with|come up with|rolled out|handed|sent down|sends down|comes down|came down|requires?|required|drew|picked|set|raised|insists?|mandated|is making|are making|made me|forcing|needs?|is tracking|reviews|looks|call|decision|rule|thing|idea|plan|number|numbers|target|targets)\b",
        r"\b(?:not my|wasn't my|isn't my|not mine|wasn't me|not me|out of my hands|my hands are tied|above my pay grade|nothing i can do|not much i can do|not up to me|if it were up to me|if it was up to me|i don't make the rules|i didn't (?:pick|choose|decide|make)|came (?:down )?from|comes (?:down )?from|handed down|i'm just the messenger|just passing (?:it|this) on|i have no choice|not my (?:call|decision|rule|idea))\b",
        r"\b(?:it's|it is|that's) (?:corporate's|the company's|head office's|leadership's|the vp's|hr's|compliance's|finance's|their) (?:thing|call|rule|decision|idea|plan|number|policy)\b",
        r"\b(?:take it up with|talk to|complain to) (?:hr|h r|corporate|the vp|head office|leadership)\b",
    ]
)

SELF_NEED = compile_patterns(
    [
        r"\b(?:my|our) (?:boss|director|vp|v p|manager|regional|region's|team's|team|quarter|quarterly|numbers|number|target|targets|quota|bonus|promotion|review|revue|scoreboard|dashboard|report|ranking|metrics|kpis|goal|goals|stack ranking|forecast)\b",
        r"\b(?:i|i've|i'm|we) (?:still |really |just |do |absolutely ){0,2}(?:need|needs|have to|got to|gotta|must|am required to|'ve got to|'m required)\b(?! you to (?:be|feel|know|succeed|win|hit your|get your))",
        r"\b(?:the|our) (?:team|region|regional|district|company|branch|office)(?:'s)? (?:number|numbers|target|targets|quota|goal|goals|ranking|result|results)\b",
        r"\b(?:the vp|vp|v p|corporate|leadership|head office|the director|the company|management|the board)\b.{0,30}\b(?:wants|needs|want|need|is tracking|reviews|tracks|looks|raised|set)\b",
        r"\b(?:for me|do it for me|do me a favou?r|help me out|i'm (?:toast|in trouble|getting hammered|on the hook|getting crushed)|have my head|kill me|get killed|get crushed|look (?:terrible|bad)|cover me|save me)\b",
        r"\b(?:do your (?:part|job)|you work for me|because i said so|the job you're paid|what you're paid|keeping your job|keep your job)\b",
        r"\bi(?:'ve| have) (?:committed|promised) (?:to )?(?:a|the|my|our)\b",
        r"\b(?:my|the) (?:friday|monday|weekly|monthly) (?:report|call|review|meeting)\b",
    ]
)

# Gains named as theirs ("your commission", "money in your pocket").
_YOUR_GAIN_PATTERNS = [
    r"\b(?:money|commission|commissions|cash|bonus|income|earnings|a raise|pay) (?:for|to|in|into) (?:you|your)\b",
    rf"\b{YOU}r? ?(?:own )?(?:pipeline|commission|commissions|bonus|bonuses|paycheck|pay check|pay|income|earnings|accelerator|quota attainment|book|book of business|territory|career|promotion|goal|goals|plan|targets?|number|money|check|wallet|pocket|future|growth|accounts|clients|customers|deals|win rate|close rate|renewals|reputation|year|quarter|take home|dream|family|kids|mortgage|loans|house|trip|vacation|savings|ambition|next step|spot|seat|shot|chance|prospects|team lead|leaderboard|ranking|commission check)\b",
]
YOUR_GAIN = compile_patterns(_YOUR_GAIN_PATTERNS)

OTHER_GAIN = compile_patterns(
    [
        *_YOUR_GAIN_PATTERNS,
        r"\b(?:for you|about you|to you|gets you|get you|puts you|take you|takes you|help you|helps you|you'd be|you would be|you'll earn|you earn|you'll make|you make|you keep|you get|you'd get|you'll get|you'd earn|you'd make|you'd keep|you could earn|you could make|you want|you wanted|you said|you told me|you mentioned|you've said|you've told me|you'd like|you're aiming|you're chasing|you're after|you're saving|you're closer|you're close|you're about|you'd hit|you hit|you reach|you to hit|you to get|you to reach|you to earn|you to make|your own|in your pocket|for yourself|you're building|you're saving)\b",
        r"\b(?:we both|both of us|each other|we're on the same side|same team|we win together|win-win|win win|together we)\b",
        r"\b(?:money|commission|cash|earnings|payout|income|bonus|accelerator|promotion|career)\b",
    ]
)

# Open question cues: a wh-word that opens a question about their view, goals or plan.
OPEN_QUESTION = compile_patterns(
    [
        r"\b(?:what|how|which|where|when|who|why)(?:'s|'re| is| are| was| were| do| does| did| would| could| can| should| will| might| makes| made| part| parts| kind| sort| piece| pieces| bits?| matters| worries| concerns| gets| keeps| stops| helps| happened| exactly| specifically| else| much| many| about| if| number| numbers| accounts| deals| time| day| days| week| month| level| target| goal| one| ones| sort| exactly| things?| feels?| would| objections?| complaints?| concerns?| questions?| support| help| do you| does your| are they| is their| are your)\b",
        r"\b(?:tell me (?:more|about|what|how|which|where)|walk me through (?:what|how|your)|help me understand|i'd love to hear|i'm curious (?:what|how|about)|i'm wondering (?:what|how)|what do you think|how do you see|how would you|what would you|what's your (?:take|view|read|sense|plan|goal)|your thoughts)\b",
    ]
)

LEADING_QUESTION = compile_patterns(
    [
        r"\b(?:don't|doesn't|wouldn't|won't|isn't|aren't|can't|couldn't|shouldn't|didn't) (?:you|it|that|they|this|we)\b",
        r"\b(?:right|yeah|no|ok|correct|agreed|yes) ?\?",
        r"\b(?:what's|what is) (?:so )?(?:hard|difficult|complicated|the problem|the big deal|wrong with you)\b",
        r"\bhow (?:hard|difficult|many times|much longer|long) (?:is|can|do|does|will|have|has|are)\b",
        r"\bwhy (?:can't|won't|don't|wouldn't|aren't|isn't|do you always|are you always|would you (?:ever )?not)\b",
        r"\bwhat part of (?:no|this|that|it)\b",
        r"\bwho (?:cares|do you think you are|asked)\b",
        r"\b(?:what|how) (?:else )?(?:did you|do you) expect\b",
        r"\bhappy now\b",
        r"\bwhat's in it for you is\b",
        r"\b(?:why|what) (?:do you think )?(?:i|we) (?:keep|have|need|asked|am asking)\b(?=.{0,20}\b(?:obvious|simple|clear)\b)",
    ]
)

READINESS_CHECK = compile_patterns(
    [
        rf"\b(?:are|r) {YOU} (?:ok|okay|alright|all right|ready|prepared|comfortable|good|fine|up) (?:with|for) (?:that|this|it|riding|holding|taking|leading|some|a few|the|hearing)\b",
        rf"\b(?:are|r) {YOU} (?:ok|okay|alright|all right|ready|prepared|comfortable|good|fine|up for (?:it|that))\b",
        r"\b(?:can|could|will|would) you (?:handle|stomach|live with|ride|weather|take|hold|stand|deal with|manage|cope with|sit through|tolerate|absorb) (?:that|this|it|some|a few|the|out)\b",
        r"\bis (?:that|this) something you can (?:live with|handle|stomach|ride out|stand behind|manage)\b",
        r"\b(?:do you|you) (?:have|got) the (?:stomach|appetite|nerve)\b",
        r"\bready for (?:that|it|this|some|a bit|the)\b",
    ]
)

RESISTANCE_AHEAD = compile_patterns(
    [
        r"\b(?:there(?:'ll| will| is going to|'s going to| are going to| might| may| could|'s probably going to| will probably| will likely| will almost certainly)|they(?:'ll| will| are going to|'re going to| might| may| probably)|expect|brace|prepare|be ready|get ready|it(?:'ll| will| is going to|'s going to| may| might| usually| tends to| often)|this(?:'ll| will)|you(?:'ll| will| are going to|'re going to| should expect| can expect| might| may| probably)|people(?:'ll| will)|we(?:'ll| will) (?:probably |likely )?see|usually|normally|typically|always)\b.{0,70}\b(?:push ?back|pushback|resistance|resist|complain|complaints|complaining|grumbl|noise|noisy|noisier|louder|loud|rough|bumpy|harder|worse|tough|ugly|messy|objections|objecting|fight|fighting|pushing|push harder|kick|backlash|friction|unhappy|upset|threats|dip|drag|drag their feet|foot-dragging|foot dragging|spike|peak|gripe|gripes|griping|questions|pain|hard|hardest|difficult|stress|turnover|quit|noise|blowback|heat|uncomfortable|stall)",
        r"\b(?:get|gets|getting) (?:noisier|louder|worse|harder|rougher|bumpier|uglier) before (?:it|they) (?:get|gets)\b",
        r"\b(?:push ?back|pushback|resistance|complaints|complaining|grumbling|noise|objections|friction|backlash|the pressure|the heat|heat's|heat is)\b.{0,50}\b(?:going to|will|'ll|won't|isn't going to|keep coming|keeps coming) ?(?:keep|continue|get|stay|grow|come|go on|last|stop|pick up|spike|peak|go away|die down|disappear)",
        r"\b(?:that's|this is|it's) (?:normal|typical|expected|common|par for the course|part of (?:the process|every rollout|change))\b",
        r"\bexpect (?:more|some|a lot|plenty|them|people|it|the [a-z]+) (?:of (?:it|that|this|the same)|to (?:stay|be|get|push|complain|grumble|resist|challenge|fight|test|drag|question|object|kick|stall))\b",
        r"\b(?:stay|be|get|remain) (?:unpopular|noisy|loud|rough|bumpy|tense|messy)\b",
        r"\b(?:first|early|opening) (?:few )?(?:weeks|months|days|cycle|month|week|round)\b.{0,40}\b(?:hard|rough|noisy|loud|bumpy|tough|messy|ugly|complain)",
        r"\b(?:won't|will not|doesn't|does not|isn't going to) (?:make (?:it|them|things) (?:quieter|easier|go away)|end (?:the|it)|go away|get (?:quieter|easier))\b",
        r"\bresistance (?:usually|typically|often|tends to|will|is) \b",
    ]
)

SUPPORT_OFFER = compile_patterns(
    [
        rf"\b{I_WILL} (?:personally |happily |gladly |also |even |absolutely |definitely |be there to |come in and |come out and |fly out and |be on site to )?(?!do (?:anything|whatever))(?:brief|embed|have (?:our|my|a|one of)|assign|preload|configure|migrate|import|staff|second|station|send (?:our|my|a)|come|run|bring|join|sit|host|do|present|take|handle|field|walk|set up|put together|build|draft|write|send|lead|facilitate|train|coach|talk to|speak to|meet|jump on|get on|be on|be in|pair|shadow|co-present|co-host|help (?:you )?(?:sell|present|explain|run|pitch|make the case|roll|build|prepare|handle|with|get)|share|provide|arrange|organi[sz]e|schedule|set|demo|deliver|give|offer|loan|lend|assign|dedicate|fly|stand|answer|address|cover|make the case|carry|absorb|put|prepare|create|record|pull together|hold|play|work)\b",
        r"\b(?:take|taking|absorb|absorbing) (?:the |some of the |a lot of the )?(?:heat|flak|hits|hard questions|tough questions|questions|calls|complaints|blame)\b",
        r"\b(?:want|would you like|should|shall) (?:me|us) to (?:come|run|join|present|take|handle|do|be|sit|talk|walk|build|put|help|write|lead|field|host)\b",
        r"\b(?:our|my) (?:team|trainer|trainers|implementation team|customer success|cs team|onboarding team|specialists?|consultants?|engineers?|people|pharmacist trainer|nurse educator|experts?|champions?|change team|success manager)\b.{0,30}\b(?:can|will|could|would|'ll|is ready|are ready|to)\b",
        r"\b(?:i|we)(?:'ll| will| can| could| would) (?:be )?(?:there|on site|onsite|in the room|on the call)\b",
        r"\b(?:let me|i'll|i will|we'll|we will) (?:be the bad guy|be the one|take (?:the|that|those|it))\b",
    ]
)

VAGUE_SUPPORT = compile_patterns(
    [
        r"\b(?:here for (?:you|whatever)|whatever you need|anything you need|just (?:reach out|let (?:me|us) know|give (?:us|me) a (?:shout|call|ring))|happy to help (?:however|in any way|any way|with anything)|let (?:me|us) know if (?:you need|there's) anything|reach out (?:anytime|any time|whenever))\b",
    ]
)

LEAD_URGE = compile_patterns(
    [
        r"\b(?:only |really |best |just )?(?:works?|holds?|sticks?|succeeds?|lands?|moves?|fades?|settles?|takes? hold|stops?|goes? away|dies? down|quiets? down)\b[^.?!;]{0,30}\b(?:if|when|once|unless) (?:you|the boss|the leader|leadership|they see you|your people see you|it comes from you|people see you)\b",
        r"\b(?:had|have|with|where) (?:a|an|the|their) [a-z ]{0,25}(?:director|manager|leader|boss|chief|head|ceo|coo|cfo|cio|vp|owner|partner|principal|superintendent|dean|officer|president|administrator|gm) (?:who|that)\b",
        r"\byou (?:stand behind|stay the course|own it|back it|keep the date|hold the date|hold the line|make the call|set the date|call it|draw the line)\b",
        r"\b(?:keep|hold|stick to|stay on) the (?:date|timeline|schedule|plan|launch date|go-live)\b",
        r"\b(?:only|really|best|just) (?:works?|succeeds?|sticks?|lands?|happens?) (?:if|when|once) (?:you|your|the leader|leadership|their leader|the boss|they see you|it comes from you)\b",
        r"\b(?:works?|succeeds?|sticks?|lands?) (?:only )?(?:if|when) (?:you|your) (?:lead|own|drive|champion|back|stand|push|are (?:out front|leading|the one)|make|say|tell|set|announce)\b",
        r"\b(?:won't|will not|doesn't|does not|never) (?:work|succeed|stick|happen|land) (?:unless|without|if you don't) (?:you|your)\b",
        r"\b(?:you|your) (?:have to|need to|'ve got to|got to|gotta|must|should|can|could|'ll need to|will need to|'re the one|are the one|will have to)(?: really| personally| be the one to| be seen to| visibly| clearly)? (?:lead|own|drive|champion|back|stand behind|push|make the call|decide|announce|tell them|set the date|hold the line|front|be out front|be the face|be the voice|carry|sponsor|model|say|go first|keep|stay|commit|move|go live|launch|pull the trigger|draw a line)\b",
        r"\b(?:don't|do not|no need to|shouldn't|stop|instead of|rather than|without|not) (?:wait|waiting|weight|hold(?:ing)? out|hang(?:ing)? back|hold(?:ing)? off) (?:for|until|till|on)? ?(?:everyone|everybody|them|consensus|the team|they|all|every|their|full|a vote|buy-in|them to)\b",
        r"\b(?:move|moving|go|going|act|launch|start|roll|commit|decide|push ahead|press ahead|press on|keep moving|keep going) (?:quickly|fast|now|soon|forward|ahead|on the date|on schedule|on time|as planned|this month|this week|sooner|decisively)\b",
        r"\b(?:the sooner|sooner you|speed matters|momentum|dragging (?:it|this) out|drag (?:it|this) out|waiting (?:for|until|till) (?:everyone|they|them|consensus)|consensus (?:first|never|rarely|won't|doesn't))\b",
        r"\b(?:your|you're|you are) (?:the|their) (?:leader|boss|one in charge|decision maker|one who|ceo|coo|cio|cfo|vp|head)\b",
        r"\b(?:owned it|led it|drove it|leaders? who|leader (?:who|that)|the (?:ones|leaders|teams|clients|customers|hospitals|companies|firms|districts|stores|plants) (?:that|who|where)\b.{0,50}\b(?:led|owned|drove|moved|went|pushed|committed|announced|said|stood|launched|didn't wait)|said this is how we|leadership from you|lead (?:it|this|them|from the front)|lead your)\b",
        r"\b(?:needs|need|needed) (?:to )?(?:come|hear it|see it|to hear|to see) from you\b",
        r"\b(?:go live|launch|start) on the (?:date|day|original|planned)\b",
    ]
)

WAIT_FOR_CONSENSUS = compile_patterns(
    [
        r"\b(?:take the time|wait until|wait till|until) (?:you get |to get )?(?:everyone|everybody|every|all of them|the whole team|all)\b.{0,30}\b(?:on board|agrees|agree|comfortable|happy|ready|on side|buy in|bought in)",
        r"\b(?:get|getting) (?:everyone|everybody|every [a-z]+|all [a-z]+) (?:on board|on side|bought in|comfortable|happy|to agree) (?:first|before)\b",
        r"\b(?:let (?:them|the team|your team|the group|everyone) (?:decide|vote)|put it to a vote|take a vote|a vote could)\b",
    ]
)

ACCEPT_REFUSAL = compile_patterns(
    [
        r"\b(?:that's|thats|it's|that is) (?:totally |completely |absolutely |perfectly |really )?(?:fine|ok|alright|all right|fair|fair enough|your call|up to you|understood|cool|no problem|your choice|no worries|fine by me|totally fair|great|good)\b",
        r"\b(?:fair enough|understood|no problem|no worries|got it|noted|message received|suit yourself|your call|up to you|your choice|i respect that|i respect your|i hear you|fine by me|sounds good|will do|okay then|ok then|you got it|deal)\b",
        r"\b(?:however you (?:like|want|see fit|think best|prefer)|take (?:the|it|that|them|your|you) [a-z ]{0,25}off (?:your|the|my) (?:calendar|list|plate|schedule|diary|agenda))\b",
        r"\b(?:i'll|i will|we'll|i won't|i'm going to|i'll go ahead and|i'm gonna|let me) (?:quit|step back|leave (?:it|you|that|them|the)|give you (?:space|room|some space)|drop (?:it|them|that|the)|stop|stay out|hold off|pull back|let (?:it|you) be|not (?:push|bother|schedule|join|listen|send|book|force)|cancel|take (?:it|that|them|you) off|skip|respect|trust you|stand down|let you run|let you handle|leave the)\b",
        r"\b(?:i won't|i will not|i'm not going to|i'm not gonna|won't) (?:push|force|bother|schedule|join|listen|send|book|insist|make you|pester|nag|sit in|ride along|chase)\b",
        r"\b(?:do it your way|your way|you know (?:your|what you're doing|best|them)|you've got (?:it|this)|it's your (?:call|deal|territory|account|decision)|trust you|you do you|you're the expert|you run with it)\b",
        r"\b(?:all yours|consider it (?:dropped|done|cancelled|canceled)|stay off|stay out of|take (?:your name|you) off|shouldn't have asked|of course i won't|i won't\W*$|leave you to it|leave it with you|leave it to you)\b",
        r"\b(?:it's dropped|it's cancelled|it's canceled|we can cancel|i'll cancel|take (?:them|it) out of the (?:calendar|diary|schedule)|go for it|do what you like|do whatever you (?:like|want))\b",
        r"\b(?:no more|no|zero) (?:one-to-ones|one to ones|one on ones|check-ins|check ins|ride-alongs|walkthroughs?|mentoring|role-?plays?|plan|shadowing|call reviews|coaching|session|sessions|ride along|ride-along|call reviews|reviews|role play|role-play|shadowing|pressure)\b",
        r"\b(?:ok|okay|sure|fine|alright|all right)\b(?=.{0,15}$)",
    ]
)

INSIST_HARD = compile_patterns(
    [
        r"\b(?:i'll|i will) (?:still |be )?(?:expect|need|want|see you|join|be on|be joining|sit in|schedule|book|put you|set up)\b",
        r"\bi (?:still |really )?(?:expect|need|want) you (?:to|in|at|there|on)\b",
        r"\b(?:i'll|i will) (?:be )?(?:checking|reviewing|watching|sitting in|joining|listening|monitoring)\b",
        r"\blet me (?:review|join|sit in|listen|check|see|watch|shadow|coach)\b",
        r"\b(?:you're|you are|your) (?:still )?(?:doing|coming|joining|going to (?:do|come|join|need)|gonna (?:do|need|come))\b(?! (?:well|great|fine|good|brilliantly|amazing|really well|so well))",
        r"\b(?:mandatory|required|non-negotiable|not optional|that's final|my office|by the end of|we're doing it|doing it (?:wednesday|thursday|friday|monday|tuesday|anyway)|whether you (?:like|want) (?:it|to)|weather you)\b",
        r"\b(?:i'm begging|begging you|do it for me|for me \?|just for me)",
    ]
)

# Lecturing or arguing that they need the help: misses respects_choice, not leaves_door_open.
LECTURE = compile_patterns(
    [
        r"\b(?:one more (?:month|session|try|time|chance)|just one (?:session|call|time|more)|at least (?:one|once|try)|give (?:it|them|me|this) (?:one|a|another) (?:more )?(?:month|shot|try|chance|session|go))\b",
        r"\b(?:i'd|i would) (?:just |gently |only |still )*(?:say|push back|point out|add|suggest|remind you)\b",
        r"\b(?:bear|keep) in mind\b",
        r"\byou'd be surprised\b",
        r"\bif your (?:numbers|pipeline|results|win rate|conversion|figures|close rate) (?:dip|drop|fall|slip|go down)",
        r"\b(?:goes|go|come|comes) back (?:in|on) (?:the|your)\b",
        r"\b(?:you (?:need|should|must|have to|'ve got to|gotta|ought to|really need|really should)|you really (?:need|should)|nobody's too good|no one is too good|everyone needs|everybody needs|even (?:the )?(?:top|best|pro|great|good) (?:reps|people|sellers|performers|athletes|players)|the best (?:reps|performers|people|sellers|players)(?: i know)? (?:never|get|still|always|are|keep)|i'd just say|i'll just say|just remember|it's a mistake|you'll regret|you'll see|don't come (?:crying|to me|running)|we'll see how)\b",
        r"\bplease (?:just |try |give |do (?!come)|come (?!to me|find me|and find|by)|reconsider|think|at least|one|let me|keep|don't (?:skip|drop|stop|quit))",
        r"\b(?:i (?:do |really |still )?think|honestly|i'd say|trust me)\b[a-z' ]{0,30}\b(?:helps|would help|you should|you'd benefit|you need|you'd be better|worth it|go sideways)\b",
        r"\b(?:but|though|however) (?:i still|remember|just remember|think about|consider|honestly you|honestly,? even|you (?:need|should|really|must|have to|ought|can't|won't))\b",
        r"\bif you (?:keep|don't|won't|can't)\b",
    ]
)

DOOR_OPEN = compile_patterns(
    [
        r"\b(?:if|whenever|when|once|any time|anytime|should) (?:you |you'd |you'll )?(?:ever )?(?:want|like to|like a|like some|wanna|decide|change (?:your|you're|ur) mind|hit|run into|get stuck|feel like|would like|'d like|need|are ready|'re ready|get curious|fancy|think it(?:'d| would)? help|want to|want some|want a|want me)\b",
        r"\b(?:my|the) door(?:'s| is)? (?:always )?open\b",
        r"\bdoor(?:'s| is) (?:always )?open\b",
        r"\b(?:you know|know) (?:where|wear|were) (?:to find|i am|i sit|my office is|i'll be)\b",
        r"\byou can always (?:come|find|ask|grab|reach|ping|call|text|swing|stop|drop|book|shout)\b",
        r"\b(?:just|always) (?:let me know|ask|grab me|shout|ping me|say so|say the word|holler|give me a shout|reach out|come find me|swing by|drop by|knock)\b",
        r"\b(?:the |my )?offer (?:stands|is open|is always there|remains)\b",
        r"\b(?:any time|anytime)\b",
        r"\bhappy to (?:help|jump in|sit in|listen|do one|review|look)\b.{0,30}\b(?:if|whenever|when|any time|anytime)\b",
        r"\b(?:i'm|i am|i'll be) (?:here|around|available|a (?:quick )?(?:message|call|text|email|phone call) away)\b",
        r"\b(?:my|the) (?:calendar|line|office)(?:'s| is) (?:always )?open\b",
        r"\bsave you a (?:seat|spot)\b",
        r"\bif (?:there's|there is) ever\b",
    ]
)

ACKNOWLEDGE = compile_patterns(
    [
        r"\bi (?:totally |completely |really |fully |definitely |absolutely |can |do |truly |hundred percent )?(?:understand|hear|get|see|know|appreciate|recognise|recognize|can tell|can see|can hear|sense|respect|imagine|realise|realize) (?:that|why|how|you|it|this|what|where|the|your|it's|this is|that's|those|these|they|there|their|a lot|not|losing|having|being|wanting|getting|feeling|calling|starting|you'd|you're|you've|my|our|from)\b",
        r"\bi (?:hear|get|understand|know|see|feel) (?:you|it|that)\b",
        r"\b(?:that|it|this|your|the) ?[a-z]{0,12} (?:makes|made) (?:total |complete |perfect )?sense\b",
        r"\b(?:fair|good|great|valid|reasonable|legitimate|real|honest|understandable|natural|normal|common|human) (?:point|question|concern|worry|reaction|feeling|enough|ask|instinct|thing to feel|response|challenge)\b",
        rf"\b(?:{YOU}(?:'re| are| r)?|you've been|you feel|the (?:fear|worry|pressure|stress) of|you're feeling|you seem|you sound|feels like|it feels|that feels|it sounds like|sounds like|must feel|must be|can feel|can't be easy|isn't easy|not easy|hard for you|tough for you|rough for you|on you|landing on you)\b.{{0,40}}\b{NEG_EMOTION}\b",
        r"\b(?:i know it feels|i get that it feels|i know you feel|you feel like|you feel|you're feeling|it feels like (?:i'm|we're|this is|you're|it's)|sounds like (?:you're|you are|you've|the|your|it's been|it has been|they're))\b(?! (?:you've got it|you have it|a plan|a good plan|fair|a great|you know|hiding))",
        r"\b(?:that's|that is|it's|this is|must be|that must be|sounds) (?:a lot|hard|tough|rough|frustrating|stressful|uncomfortable|scary|awkward|a fair|fair|real|valid|understandable|completely human|completely understandable|totally fair|a real concern|a lot to take in|not easy|no fun|painful|draining|exhausting|difficult|a big ask|a tough spot|a rough spot)\b",
        r"\b(?:no argument there|you've got a point|you have a point|point taken|good on you for|thanks for (?:telling|saying|raising|being|flagging)|i appreciate (?:you (?:telling|saying|raising|being|flagging)|your (?:honesty|candou?r|concern|point|feedback))|fair question|i hear you|i get it|i get that|i hear that|i understand)\b",
        r"\b(?:i didn't|i did not|i hadn't|i had not) (?:realize|realise|know|see|notice)\b|\bi had no idea\b",
        r"\b(?:is|are|feels?|that's|that is|it's) (?:completely |totally |perfectly |really |a )?(?:natural|normal|understandable|hard place|tough place|hard spot|tough spot|legitimate|legit|valid)\b",
        r"\b(?:that|the|your|this|their) (?:distrust|worry|worries|concern|concerns|fear|fears|frustration|skepticism|scepticism|hesitation|reaction|feeling|instinct|pushback|anxiety|stress|pressure|doubt|doubts) (?:makes sense|is (?:fair|natural|normal|understandable|real|valid|legitimate))\b",
        r"\b(?:understood|got it|fair point|fair enough|makes sense|i see)[,;:]? (?:you|you've|you're|you'd|your)\b",
        r"\byou (?:learn|work|do|sell|perform|operate) (?:best|better)\b",
        r"\bi'd hate for you to\b",
        r"\b(?:those|these|that|the) (?:deals|accounts|clients|concerns|worries|games|kids|family|commitments|things) (?:matter|are important|are real|count)\b",
        r"\bi'd feel the same\b",
        r"\b(?:you're|you are) (?:right|not wrong) (?:to|that|about)\b",
    ]
)

CHANGE_SUBJECT = compile_patterns(
    [
        r"\b(?:anyway|anyways|by the way|on a separate note|on another note|speaking of|before i forget|changing the subject|different topic|moving on|next question|let's move on|shall we talk about|let's talk about (?:pricing|contract|terms|the|something)|did you (?:see|finish|hear|get)|are you (?:going|coming|still planning)|how did the|how'd the)\b",
    ]
)

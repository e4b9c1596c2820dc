"""Make the synthetic recognition sets: push-back replies spoken by espeak-ng or natural voices, 16 kHz mono WAV.

Usage: python tools/make_speech_set.py [--neural] [--out DIR]
Classic (default): tests/data/speech, espeak-ng voices, manifest {"file", "text", "voice", "rate_wpm"}.
--neural: tests/data/speech-neural, piper and Kokoro voices reading other replies,
manifest {"file", "text", "engine", "voice", "speed"}.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from trainer.engines import NeuralVoice, Persona
from trainer.speech.synthesis import EspeakCliSynthesiser, VoiceChooser, VoiceModels
from trainer.speech.wav import read_pcm16k, write_wav

REPLIES = (
    "I see that a bit differently; would you mind if I shared why? Our churn last year was six percent.",
    "Honestly, I don't think the new call targets are realistic for my territory.",
    "I hear you, but the pricing isn't going to change. Let's talk about how you can present it.",
    "We tried a shared pipeline review two years ago, and it fell apart within a month because nobody had time to update it, so forgive me if I'm sceptical this time.",
    "If I spend every Friday on admin, when am I supposed to actually sell?",
    "I understand the frustration. The deadline stays at the end of March, and I'll help you plan for it.",
    "Our customers really don't want another demo this year.",
    "Can you show me the data behind that? Last quarter my close rate was twenty eight percent.",
    "I'm not saying no, I'm saying I need another two weeks to get the legal team on board.",
    "That discount would cost us forty thousand dollars this year, so I can't approve it.",
    "With respect, the reps who hit quota last year were the ones who ignored the script.",
    "I'd rather keep my current accounts than take over the northern region right now.",
    "Let me be clear about what isn't negotiable: every deal over fifty thousand needs a second signature.",
    "I get that it's company policy, but every time I have to wait two days for a pricing approval, it makes me look slow in front of the client, and they notice.",
    "Your competitor quoted us fifteen percent less for the same licence. Why should we stay?",
    "I'm worried that if I push the upgrade, the customer will just walk away.",
    "That's fair. What would you need from me to make the new process work for your team?",
    "We've already cut the budget twice this year. There's simply nothing left for training.",
    "I don't have time for coaching sessions on top of forty calls a day, three demos a week and all the reporting you already ask for on Mondays.",
    "The numbers look good on paper, but my team won't accept another change before summer.",
    "I appreciate the offer, but we signed with another vendor on Tuesday.",
    "You're asking me to discount by ten percent to close this week. I won't do that.",
    "Who else needs to sign off on this purchase?",
    "I'm happy to pilot it with three reps, but not the whole team.",
    "Look, I've been here nine years and this is the fourth system we've rolled out.",
    "I'll support you on the target, and I'll also hold you to the weekly updates.",
    "Our finance director wants a payback period under twelve months, and yours is eighteen.",
    "It sounds like the real concern is the onboarding time, not the price. Is that right?",
    "I can't commit to that date until IT confirms the integration works.",
    "We lost two big accounts last quarter because the handover from sales to onboarding was rushed, and I really don't want to repeat that with this customer just to hit a date.",
    "I know you're under pressure this month, and I want to help, but skipping the discovery call will cost you the deal, so let's book it for tomorrow morning together.",
    "To be honest, I think the commission change is unfair to the people who've been here longest.",
    "If the product can't export straight into our accounting system, we would need someone to retype every invoice by hand, and at our volume that is simply not an option.",
    "The standard is five qualified meetings a week. Let's look at what's blocking you.",
    "I'd love to say yes, but the board froze all new spending until October.",
    "We're not against the idea; we just can't absorb another price increase this year.",
    "Can we put the contract on hold for a month while we sort out the staffing?",
    "Our last supplier promised the same thing and missed every deadline.",
    "I'm not comfortable calling clients who've already said no twice.",
    "I hear that the leads are weak. The expectation on follow-up still stands, and I'll review them with you.",
    "Three of my best reps told me they'll leave if the new territories go ahead.",
    "Why should I trust the forecast when it was wrong by thirty percent in June?",
    "That's a reasonable question. Here's what we'll measure, and here's when we'll review it together.",
    "Frankly, the training last spring was a waste of two full days, and um, I'd rather spend that time with my customers than in another workshop about objection handling.",
    "I'm fine with the new CRM, as long as nobody expects me to enter every email.",
    "We need a price we can defend to procurement, not a slide about value.",
    "I won't move on the quota, but I will give you two extra leads from the partner channel.",
    "If I'm being honest, I'm scared this will make my numbers look worse before they get better.",
)

VOICES = (
    ("en-us", "us"),
    ("en-gb+f3", "gb-f3"),
    ("en-gb-x-rp+m3", "rp-m3"),
    ("en-us-nyc+m4", "nyc-m4"),
    ("en-029+f1", "029-f1"),
    ("en-gb-scotland+m1", "scot-m1"),
    ("en-us+f2", "us-f2"),
    ("en-gb-x-rp+f4", "rp-f4"),
)
RATES = (140, 150, 160, 170, 180, 155, 165, 175)

NEURAL_REPLIES = (
    "I can see why the timing worries you. The launch date holds, and I'll clear Thursday so we can plan it together.",
    "Before we talk about a discount, can I walk you through what the extra month of support is worth?",
    "You've told me the calls feel scripted. Let's rewrite the opening in your own words this afternoon.",
    "I'm not going to lower the target, but I will take two of your smaller accounts off your list.",
    "That's a fair challenge. Our uptime over the last twelve months was ninety nine point nine percent.",
    "I hear you saying the team is tired. What would make next week feel lighter without dropping the review?",
    "Would you mind if I offered a different way of looking at the renewal numbers?",
    "I understand you'd rather keep things as they are. The change still goes ahead on the first of May.",
    "Let me check I've got this right: the worry is the training time, not the software itself?",
    "I'd like to be straight with you. The price is the price, and here's why it's worth it for a team of forty.",
    "You're the person your colleagues listen to, so I'd really value your help getting them on board.",
    "I know the last rollout went badly. This time we'll pilot it with one branch for three weeks first.",
    "If the report takes you more than ten minutes, tell me, and we'll fix the template rather than skip it.",
    "Can I ask what would have to be true for you to say yes by the end of the month?",
    "I'm sorry the handover was messy. I've already booked a call with the onboarding lead for tomorrow at nine.",
    "The client wants a lower fee, and I get that. What I can offer instead is a longer payment schedule.",
    "Let's not decide today. Take the figures to your finance director, and I'll call you on Monday afternoon.",
    "Your numbers this quarter are the best in the region, and coaching is how we keep them there.",
    "I'm hearing that the new territory feels like a demotion. It isn't, and I can show you the pipeline behind it.",
    "We won't skip the discovery meeting. I'll sit in on the first one with you so it doesn't run long.",
    "Thanks for telling me that. How long has the approval delay been costing you deals?",
    "I see it a little differently. May I share what the other three teams found after the first month?",
    "The expectation is one customer visit a day. What's getting in the way of that right now?",
    "I'm not asking you to love the new system, just to log your meetings in it by Friday evening.",
    "If it helps, I'll explain the reasons to the whole team myself at the Tuesday huddle.",
    "You mentioned the engineers are upset. Would it help if I met them before we confirm the start date?",
    "I'd rather lose this deal than sign a contract we can't deliver. Let's find a scope that works.",
    "Help me understand the budget freeze. Is it all spending, or only new suppliers?",
    "The commission change applies to everyone, and I'll sit down with you to see what it means for your accounts.",
    "That sounds frustrating. Let's look at the three calls from yesterday and see where they stalled.",
    "I want you to succeed here, which is exactly why I'm holding you to the follow-up deadline.",
    "Our competitor may be cheaper this year. Ask them what happens to the price in year two.",
    "We agreed on the plan last month. What changed since then, from your point of view?",
    "I can't promise the feature by June. I can promise you'll see a working preview in July.",
    "Picking up the phone to a stranger is hard. Let's practise the first thirty seconds together now.",
    "Your concern about privacy is reasonable. Everything stays on your own servers, and nothing is shared.",
    "Let me be clear about one thing: the safety checklist isn't optional, even on a busy shift.",
    "I appreciate you pushing back. It tells me you care about getting this right for the customer.",
    "So the real question is who signs off on the budget. Could we invite her to the next meeting?",
    "I'll respect whatever you decide. If you change your mind in the spring, my door is open.",
)

NEURAL_VOICES = (
    NeuralVoice("piper", "en_US-joe-medium", 1.0),
    NeuralVoice("kokoro", "jf_alpha", 1.0),
    NeuralVoice("piper", "en_US-joe-medium", 0.9, noise_scale=0.8),
    NeuralVoice("kokoro", "jf_gongitsune", 0.95),
    NeuralVoice("piper", "en_US-joe-medium", 1.12, noise_scale=0.5),
    NeuralVoice("kokoro", "jf_nezumi", 1.08),
    NeuralVoice("piper", "en_US-joe-medium", 0.95, noise_scale=0.9, noise_w_scale=1.0),
    NeuralVoice("kokoro", "jf_tebukuro", 0.92),
)


def clip_plan() -> list[tuple[str, str, str, int]]:
    """(file name, text, espeak voice, rate) for every clip, spreading voices and rates."""
    plan = []
    for i, text in enumerate(REPLIES):
        voice, tag = VOICES[i % len(VOICES)]
        rate = RATES[(i // len(VOICES) + i) % len(RATES)]
        plan.append((f"{i + 1:02d}-{tag}.wav", text, voice, rate))
    return plan


def make_set(out_dir: Path, synthesiser: EspeakCliSynthesiser) -> list[dict[str, object]]:
    """Speak every reply, store it as 16 kHz mono WAV, and return the manifest rows."""
    out_dir.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, text, voice, rate in clip_plan():
            persona = Persona("set", "set", "", "", "", voice, rate_wpm=rate)
            raw = synthesiser.synthesise(text, persona, Path(tmp) / name)
            write_wav(out_dir / name, read_pcm16k(raw))
            rows.append({"file": name, "text": text, "voice": voice, "rate_wpm": rate})
    manifest = "".join(json.dumps(row) + "\n" for row in rows)
    (out_dir / "manifest.jsonl").write_text(manifest, encoding="utf-8")
    return rows


def make_neural_set(out_dir: Path, chooser: VoiceChooser) -> list[dict[str, object]]:
    """Speak the other replies with the natural voices, store them as 16 kHz mono WAV, return the manifest rows."""
    out_dir.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, text in enumerate(NEURAL_REPLIES):
            voice = NEURAL_VOICES[i % len(NEURAL_VOICES)]
            name = f"{i + 1:02d}-{voice.engine}-{voice.voice.split('-')[1] if voice.engine == 'piper' else voice.voice}.wav"
            persona = Persona("set", "set", "", "", "", "en-us", natural=voice)
            if chooser.check(persona).notice:
                raise SystemExit(f"make_speech_set: {chooser.route(persona).notice}")
            raw = chooser.synthesise(text, persona, Path(tmp) / name)
            write_wav(out_dir / name, read_pcm16k(raw))
            rows.append({"file": name, "text": text, "engine": voice.engine, "voice": voice.voice, "speed": voice.speed})
    (out_dir / "manifest.jsonl").write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return rows


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and write the set."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    data = Path(__file__).resolve().parents[1] / "tests" / "data"
    parser.add_argument("--neural", action="store_true", help="natural voices (piper, Kokoro) and other texts")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    args.out = args.out or data / ("speech-neural" if args.neural else "speech")
    if args.neural:
        with tempfile.TemporaryDirectory() as cache:
            rows = make_neural_set(args.out, VoiceChooser(VoiceModels.installed(Path(cache))))
    else:
        rows = make_set(args.out, EspeakCliSynthesiser())
    size = sum((args.out / str(r["file"])).stat().st_size for r in rows)
    print(f"{len(rows)} clips, {size / 1e6:.1f} MB in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

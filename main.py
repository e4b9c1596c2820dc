"""Pushback: the composition root. Parses arguments, resolves paths, builds the engines, runs."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

from trainer.paths import AppPaths, resolve_paths

ROOT = Path(__file__).resolve().parent
log = logging.getLogger("pushback")


def build_parser() -> argparse.ArgumentParser:
    """The command line; no command opens the desktop app."""
    parser = argparse.ArgumentParser(prog="pushback", description="Practise push-back conversations out loud, offline.")
    parser.add_argument(
        "--data-dir", type=Path, help="where progress is kept (default: $PUSHBACK_DATA_DIR or the user data folder)"
    )
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--exit-when-shown", action="store_true", help=argparse.SUPPRESS)  # for the start-up benchmark
    sub = parser.add_subparsers(dest="command")
    scen = sub.add_parser("scenarios", help="scenario files").add_subparsers(dest="action", required=True)
    check = scen.add_parser("check", help="validate scenario files")
    check.add_argument("folder", nargs="?", type=Path, help="one folder (default: every scenario source)")
    new = scen.add_parser("new", help="copy a scenario under a new id (valid as written)")
    new.add_argument("--from", dest="source", required=True, help="the id to copy")
    new.add_argument("--id", dest="new_id", required=True)
    new.add_argument("--dir", type=Path, help="where to write NEW.yaml (default: your scenarios folder)")
    grade = sub.add_parser("grade", help="grade replies in a JSONL file")
    grade.add_argument("file", type=Path)
    ev = sub.add_parser("eval", help="compare the grader with labelled replies")
    ev.add_argument("files", nargs="+", type=Path)
    ev.add_argument("--json", action="store_true")
    practice = sub.add_parser("practice", help="play a scenario with typed or recorded replies")
    practice.add_argument("--scenario", required=True)
    practice.add_argument("--learner", required=True)
    practice.add_argument("--text", action="append", default=[])
    practice.add_argument("--audio", action="append", default=[], type=Path)
    practice.add_argument("--seed", type=int)
    hist = sub.add_parser("history", help="list graded attempts")
    hist.add_argument("--learner", default="")
    hist.add_argument("--scenario", default="")
    hist.add_argument("--json", action="store_true")
    export = sub.add_parser("export", help="export progress")
    export.add_argument("--format", choices=["csv", "xapi", "html"], default="csv")
    export.add_argument("--out", type=Path, required=True)
    export.add_argument("--class-session", type=int, help="only this class session (required with --format html)")
    calib = sub.add_parser("calibration", help="agreement between the grader and trainers' overrides")
    calib.add_argument("--class-session", type=int)
    calib.add_argument("--json", action="store_true")
    roster = sub.add_parser("roster", help="classes and their learners").add_subparsers(dest="action", required=True)
    imp = roster.add_parser("import", help="add learners to a class from a CSV (name[,email,team])")
    imp.add_argument("--class", dest="class_name", required=True)
    imp.add_argument("file", type=Path)
    show = roster.add_parser("list", help="list classes, or one class's learners")
    show.add_argument("--class", dest="class_name", default="")
    say = sub.add_parser("say", help="speak a line to a WAV file in a persona's voice")
    say.add_argument("text")
    say.add_argument("--voice", default="", help="a persona id from voices/ (see: voices)")
    say.add_argument("--out", type=Path, required=True)
    say.add_argument("--classic", action="store_true", help="the espeak-ng voice, not the natural one")
    voices = sub.add_parser("voices", help="list the voice personas, which engine speaks each, and whether it can")
    voices.add_argument("--json", action="store_true", help="one JSON object a line")
    tr = sub.add_parser("transcribe", help="transcribe WAV files offline, one JSON line each")
    tr.add_argument("files", nargs="+", type=Path)
    sub.add_parser("classroom", help="open the trainer's classroom window (roster, hot seat, projector)")
    shots = sub.add_parser("screenshots", help="render the main screens with sample data to PNG (1280x800)")
    shots.add_argument("--out", type=Path, required=True)
    bench = sub.add_parser("bench", help="measure speed and memory with the real components")
    bench.add_argument("--quick", action="store_true")
    bench.add_argument("--json", action="store_true")
    return parser


def cmd_scenarios(args: argparse.Namespace, paths: AppPaths) -> int:
    from trainer.commands.scenario_check import check
    from trainer.commands.scenario_new import new_from

    if args.action == "new":
        return new_from(load_scenarios(paths), args.source, args.new_id, args.dir, persona_ids(paths), sys.stdout,
                        sys.stderr)
    return check(load_scenarios(paths, args.folder), sys.stdout, sys.stdout)


def cmd_grade(args: argparse.Namespace, paths: AppPaths) -> int:
    from trainer.commands.grading import grade_file
    from trainer.grading.grader import PushbackGrader

    if not args.file.is_file():
        print(f"{args.file}: no such file", file=sys.stderr)
        return 1
    return grade_file(args.file, load_scenarios(paths), PushbackGrader(), sys.stdout)


def cmd_eval(args: argparse.Namespace, paths: AppPaths) -> int:
    import json

    from trainer.commands.grading import evaluate_file, report_table
    from trainer.grading.grader import PushbackGrader

    missing = [str(p) for p in args.files if not p.is_file()]
    if missing:
        print(f"no such file: {', '.join(missing)}", file=sys.stderr)
        return 1
    report, problems = evaluate_file(args.files, load_scenarios(paths), PushbackGrader())
    for problem in problems:
        print(problem, file=sys.stderr)
    print(json.dumps(report.as_json()) if args.json else report_table(report))
    return 1 if problems else 0


def cmd_practice(args: argparse.Namespace, paths: AppPaths) -> int:
    from trainer.commands.practice import PracticeRun, run_practice, typed_reply
    from trainer.grading.grader import PushbackGrader

    scenario = load_scenarios(paths).get(args.scenario)
    if scenario is None:
        print(f"unknown scenario '{args.scenario}' (see: scenarios check)", file=sys.stderr)
        return 1
    if args.audio and args.text:
        print("give either --text or --audio replies, not both", file=sys.stderr)
        return 1
    if not (args.audio or args.text):
        print("give at least one --text or --audio reply", file=sys.stderr)
        return 1
    store = open_store(paths)
    run = PracticeRun(scenario, args.learner, PushbackGrader(), store, sys.stdout, args.seed)
    if args.audio:
        from trainer.commands.spoken import spoken_replies

        source = spoken_replies(args.audio, paths, build_transcriber(paths))
        return run_practice(run, source, len(args.audio))
    return run_practice(run, typed_reply(args.text), len(args.text))


def cmd_history(args: argparse.Namespace, paths: AppPaths) -> int:
    from trainer.commands.records import print_history
    from trainer.storage.queries import HistoryFilter

    store = open_store(paths)
    return print_history(
        store.db, HistoryFilter(learner=args.learner, scenario_id=args.scenario), args.json, sys.stdout
    )


def cmd_export(args: argparse.Namespace, paths: AppPaths) -> int:
    from trainer.commands.records import export_csv
    from trainer.exports.report import write_class_report
    from trainer.exports.xapi import export_xapi

    db = open_store(paths).db
    if args.format == "xapi":
        titles = {s.id: s.title for s in load_scenarios(paths).scenarios.values()}
        print(f"wrote {export_xapi(db, titles, args.out, args.class_session)} statements to {args.out}")
    elif args.format == "html":
        if args.class_session is None:
            print("--format html needs --class-session N (see: history --json)", file=sys.stderr)
            return 1
        try:
            print(f"wrote {write_class_report(db, args.class_session, args.out)}")
        except ValueError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
    else:
        print(f"wrote {export_csv(db, args.out, args.class_session)} rows to {args.out}")
    return 0


def cmd_calibration(args: argparse.Namespace, paths: AppPaths) -> int:
    import json

    from trainer.calibration import calibration, calibration_table

    rows = calibration(open_store(paths).db, args.class_session)
    print(
        json.dumps([r.as_json() for r in rows]) if args.json else calibration_table(rows),
        end="" if not args.json else "\n",
    )
    return 0


def cmd_roster(args: argparse.Namespace, paths: AppPaths) -> int:
    from trainer.classroom import Roster

    roster = Roster(open_store(paths))
    if args.action == "import":
        if not args.file.is_file():
            print(f"{args.file}: no such file", file=sys.stderr)
            return 1
        result = roster.import_csv(roster.create_class(args.class_name), args.file)
        print(f"added {len(result.added)} learner(s) to {args.class_name}")
        for problem in result.problems:
            print(problem, file=sys.stderr)
        return 1 if result.problems else 0
    if not args.class_name:
        for row in roster.classes():
            print(f"{row['name']}  ({len(roster.members(int(row['id'])))} learners)")
        return 0
    for member in roster.members(roster.create_class(args.class_name)):
        print(f"{member.name:24} {member.email:28} {member.team}")
    return 0


def cmd_say(args: argparse.Namespace, paths: AppPaths) -> int:
    import dataclasses

    from trainer.commands.speech_cmds import DEFAULT_PERSONA, say
    from trainer.personas import load_personas

    persona = DEFAULT_PERSONA
    if args.voice:
        found = load_personas(paths.voices).get(args.voice)
        if found is None:
            print(f"unknown voice persona '{args.voice}' (see: voices)", file=sys.stderr)
            return 1
        persona = found
    if args.classic:
        persona = dataclasses.replace(persona, natural=None)
    return say(args.text, persona, args.out, build_synthesiser(paths), sys.stdout)


def cmd_voices(args: argparse.Namespace, paths: AppPaths) -> int:
    from trainer.commands.speech_cmds import list_voices, voice_rows
    from trainer.personas import load_personas
    from trainer.speech.synthesis import SynthesisError, VoiceCatalogue

    try:
        catalogue: VoiceCatalogue | None = VoiceCatalogue.from_espeak()
    except (OSError, SynthesisError) as error:
        print(f"espeak-ng is not available ({error}); lines will be shown as text", file=sys.stderr)
        catalogue = None
    personas = load_personas(paths.voices)
    rows = voice_rows(personas, build_synthesiser(paths), catalogue)
    return list_voices(rows, personas.errors, args.json, sys.stdout)


def cmd_transcribe(args: argparse.Namespace, paths: AppPaths) -> int:
    from trainer.commands.speech_cmds import transcribe_files

    return transcribe_files(args.files, lambda: build_transcriber(paths), sys.stdout)


def cmd_bench(args: argparse.Namespace, paths: AppPaths) -> int:
    from trainer.commands.bench import run_bench

    return run_bench(ROOT, paths, quick=args.quick, as_json=args.json, out=sys.stdout)


def cmd_classroom(args: argparse.Namespace, paths: AppPaths) -> int:
    """The classroom window on its own, for a trainer at the front of the room."""
    from ui.app import make_application
    from ui.classroom.window import ClassroomWindow
    from ui.services import build_services
    from ui.settings import Settings

    app = make_application(sys.argv[:1])
    window = ClassroomWindow(build_services(paths), Settings.load(paths.data))
    window.fit_screen()
    window.show()
    if args.exit_when_shown:
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, window.close)
    return app.exec()


def cmd_screenshots(args: argparse.Namespace, paths: AppPaths) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.classroom.screenshots import render_classroom_screenshots
    from ui.screenshots import render_screenshots

    made = render_screenshots(paths, args.out) + render_classroom_screenshots(paths, args.out)
    for path in made:
        print(path)
    return 0


def build_synthesiser(paths: AppPaths):  # type: ignore[no-untyped-def]
    """The default voice: each persona's natural voice where installed, else espeak-ng (with a notice)."""
    from trainer.speech.synthesis import VoiceChooser, VoiceModels

    return VoiceChooser(VoiceModels.installed(paths.cache / "models"))


def persona_ids(paths: AppPaths) -> list[str]:
    from trainer.personas import load_personas

    return list(load_personas(paths.voices).personas)


def load_scenarios(paths: AppPaths, folder: Path | None = None):  # type: ignore[no-untyped-def]
    """One folder, or every source (yours, added folders, built-in); good files loaded, bad ones listed."""
    from trainer.scenarios import load_library
    from trainer.scenarios.library import load_sources, scenario_sources
    from ui.settings import Settings

    if folder is not None:
        return load_library(folder, persona_ids(paths))
    added = Settings.load(paths.data).scenario_folders
    return load_sources(scenario_sources(paths.scenarios, paths.user_scenarios, added), persona_ids(paths))


def open_store(paths: AppPaths):  # type: ignore[no-untyped-def]
    """The progress store on the data folder's database (refused files end the command)."""
    from trainer.storage.database import DatabaseRefused, open_database
    from trainer.storage.progress import ProgressStore

    try:
        return ProgressStore(open_database(paths.database))
    except DatabaseRefused as refused:
        print(f"error: {refused}", file=sys.stderr)
        raise SystemExit(2) from refused


def build_transcriber(paths: AppPaths):  # type: ignore[no-untyped-def]
    """The default offline recogniser (Whisper base via faster-whisper)."""
    from trainer.speech.transcription import WhisperTranscriber
    from trainer.speech.whisper_model import WhisperModelMissing, model_dir

    try:
        return WhisperTranscriber.load(model_dir(paths.cache / "models"))
    except WhisperModelMissing as missing:
        print(f"error: {missing}", file=sys.stderr)
        raise SystemExit(2) from missing


COMMANDS: dict[str, Callable[[argparse.Namespace, AppPaths], int]] = {
    "scenarios": cmd_scenarios,
    "grade": cmd_grade,
    "eval": cmd_eval,
    "practice": cmd_practice,
    "history": cmd_history,
    "export": cmd_export,
    "calibration": cmd_calibration,
    "roster": cmd_roster,
    "say": cmd_say,
    "voices": cmd_voices,
    "transcribe": cmd_transcribe,
    "bench": cmd_bench,
    "screenshots": cmd_screenshots,
    "classroom": cmd_classroom,
}


def start_app(args: argparse.Namespace, paths: AppPaths, parser: argparse.ArgumentParser) -> int:
    """Open the desktop app; without the GUI packages, print the command list."""
    try:
        from ui.app import run_app
    except ImportError as missing:
        log.warning("desktop app unavailable (%s); showing the command list", missing)
        if not args.exit_when_shown:
            parser.print_help()
        return 0
    return run_app(paths, sys.argv[:1], exit_when_shown=args.exit_when_shown)


def main(argv: list[str] | None = None) -> int:
    """Run one command, or print the command list when there is no window yet."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    paths = resolve_paths(ROOT, args.data_dir, os.environ)
    if args.command is None:
        return start_app(args, paths, parser)
    return COMMANDS[args.command](args, paths)


if __name__ == "__main__":
    sys.exit(main())

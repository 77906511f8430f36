"""How well and how fast whole written numbers are read, on numbers composed from pendigits.

    python benchmarks/bench_numbers.py                      # figures on pendigits-test
    python benchmarks/bench_numbers.py --json
    python benchmarks/bench_numbers.py --write numbers.jsonl   # also keep the composed numbers
    python benchmarks/bench_numbers.py --tune strokes       # search the prior's weights on pendigits-train
    python benchmarks/bench_numbers.py --tune pictures      # the same for pictures of numbers (and of --amounts / 5 amounts)
    python benchmarks/bench_numbers.py --split train --writers pendigits-train-2,pendigits-train-23,pendigits-train-25
        # only the pendigits-train writers the model's training held out (seed 1), whose digits it reads less surely
    python benchmarks/bench_numbers.py --split train --pictures 600 --failures failed/
        # also save each picture read wrong, boxed as read, to look at (train side only: see below)

Numbers of 2 to 6 digits are composed from one writer's digits each (see
``mnist_draw/number_composer.py``), seeded, and read by ``mnist_draw.number``
with the bundled model (or ``--model``). Reported:

- the share of numbers whose digit count is right (goal: at least 99%);
- the share read entirely right, beside the single-digit accuracy on the same
  file raised to each number's length (goal: no more than one point below);
- the time to read a six-digit number (goal: under 10 ms), median and 90th percentile,
  wall and CPU time (they differ only when other work shares the machine);
- the same figures for pictures of the numbers (``--pictures N`` of them),
  half dark ink on light paper with grain, and of the pictures read with too
  few digits (merged), how many had the right digits among the groups read:
  those the choice lost (the others, mostly, the cuts);
- digits written into each other (``--overlapping N`` numbers of 2 to 4 digits for
  each overlap in ``number_composer.OVERLAPS``, every digit running that far into
  the next) and 0s left open at the top (N for each gap in ``OPEN_GAPS``), as
  strokes and as pictures: the share read right and with the right digit count;
- numbers written under a line of print, as on a form (``--under-print N`` of them:
  ``number_composer.render_under_print``), and after a printed label on their own line
  ("Total: 52", ``--after-label N``: ``render_after_label``): the share read right;
- amounts as written on cheques (``--amounts N``, of which a fifth also as
  pictures): 3 to 7 digits from one writer with thousands separators and
  decimal marks (commas, points), a "$" before them, a dash, "=" or "/-" after
  them (``number_composer.compose_amounts``); the share read right, by kind of
  mark, and how many points and commas were left out.

The digit count is the number's: marks left out at either end are not counted,
so a digit at an end that the model turns away counts as a digit missing.

Tuning (``--tune``) uses pendigits-train only; the test file is for measuring.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mnist_draw import number, preprocess  # noqa: E402
from mnist_draw.evaluation import measure_drawings, number_report  # noqa: E402
from mnist_draw.model_store import load_active_model  # noqa: E402
from mnist_draw.number_composer import (  # noqa: E402
    DIGIT_HEIGHT,
    OPEN_GAPS,
    OVERLAPS,
    SEPARATORS,
    compose_amounts,
    compose_numbers,
    compose_open_zeros,
    compose_touching,
    render_picture,
    render_after_label,
    render_under_print,
    write_numbers,
)
from mnist_draw.photo_simulator import photograph_far  # noqa: E402
from mnist_draw.strokes_file import load_labelled  # noqa: E402

PENDIGITS = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "pendigits"
DISTANT_SEED = 16  # the distant photos' own seed, so the other pictures stay as they were
UNDER_PRINT_SEED = 19  # and the headings' over the numbers
AFTER_LABEL_SEED = 23  # and the labels before them
TARGETS = {"digit_count_accuracy": 0.99, "six_digit_ms": 10.0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pendigits", default=str(PENDIGITS), help="the pendigits folder")
    parser.add_argument("--model", help="a model folder or .tflite file (default: the bundled model)")
    parser.add_argument("--count", type=int, default=2000, help="numbers to compose (default 2000)")
    parser.add_argument("--pictures", type=int, default=300, help="of which also read as pictures (default 300)")
    parser.add_argument(
        "--distant", type=int, default=100, help="of which also read as photos of a page with the number written small (default 100)"
    )
    parser.add_argument("--amounts", type=int, default=500, help="amounts with marks to compose (default 500)")
    parser.add_argument(
        "--under-print", type=int, default=100, help="of which also read written under a line of print (default 100)"
    )
    parser.add_argument(
        "--after-label", type=int, default=100, help="of which also read after a printed label on their line (default 100)"
    )
    parser.add_argument(
        "--overlapping",
        type=int,
        default=100,
        help="numbers of digits written into each other, and with open 0s, for each overlap and gap (default 100)",
    )
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--split", choices=("test", "train"), default="test", help="the pendigits file to compose from")
    parser.add_argument("--write", metavar="FILE", help="write the composed numbers to FILE (JSON Lines)")
    parser.add_argument("--writers", help="compose only from these writers (comma-separated, as in the file)")
    parser.add_argument(
        "--tune", choices=("strokes", "pictures"), help="search the prior's weights on pendigits-train (--count numbers)"
    )
    parser.add_argument(
        "--failures", metavar="DIR", help="save each picture read wrong in DIR: the digits read boxed, what was right in its name"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    classifier = load_active_model(args.model).classifier
    split = "train" if args.tune else args.split
    drawings = load_labelled(Path(args.pendigits) / f"pendigits-{split}.jsonl.gz")
    if args.writers:
        chosen = set(args.writers.split(","))
        drawings = [d for d in drawings if d.writer in chosen]
        if not drawings:
            parser.error(f"no drawings by {args.writers} in pendigits-{split}")
    numbers = compose_numbers(drawings, args.count, seed=args.seed)
    if args.write:
        write_numbers(numbers, args.write)
    if args.tune:
        # Amounts too, as measured: pictures of the first fifth of them, or all as strokes.
        amounts = compose_amounts(drawings, args.amounts, seed=args.seed) if args.amounts else []
        amounts = amounts[: args.amounts // 5] if args.tune == "pictures" else amounts
        print(json.dumps(dataclasses.asdict(tune(classifier, numbers, args.tune, amounts)), indent=2))
        return 0
    if args.failures and split == "test":
        parser.error("--failures is for the train side (--split train): looking at pendigits-test's failures is tuning on it")
    figures = measure(classifier, drawings, numbers, args.pictures, Path(args.failures) if args.failures else None)
    if args.distant:
        figures["distant"] = measure_distant(classifier, numbers[: args.distant])
    if args.under_print:
        figures["under_print"] = measure_beside_print(classifier, numbers[: args.under_print], render_under_print, UNDER_PRINT_SEED)
    if args.after_label:
        figures["after_label"] = measure_beside_print(classifier, numbers[: args.after_label], render_after_label, AFTER_LABEL_SEED)
    if args.overlapping:
        figures["overlapping"] = measure_overlapping(classifier, drawings, args.overlapping, args.seed)
    if args.amounts:
        figures["amounts"] = measure_amounts(classifier, compose_amounts(drawings, args.amounts, seed=args.seed), args.amounts // 5)
    figures["command"] = "python benchmarks/bench_numbers.py " + " ".join(sys.argv[1:])
    print(json.dumps(figures, indent=2) if args.json else format_figures(figures))
    return 0


def measure(classifier, drawings, numbers, pictures: int, failures: Path | None = None) -> dict:
    single = _single_digit_accuracy(classifier, drawings)
    figures: dict = {"split": numbers[0].writer.rsplit("-", 1)[0], "numbers": len(numbers), "single_digit_accuracy": single}
    readings = [number.read_strokes(classifier, n.strokes) for n in numbers]
    figures["strokes"] = _scores(numbers, readings, single)
    six = [r.milliseconds for n, r in zip(numbers, readings) if len(n.label) == 6]
    # Timed again after a warm-up, one number after another, as the window would read them.
    six_numbers = [n for n in numbers if len(n.label) == 6][:200]
    for n in six_numbers[:10]:
        number.read_strokes(classifier, n.strokes)
    timed, cpu = [], []
    for n in six_numbers:
        started, started_cpu = time.perf_counter(), time.process_time()
        number.read_strokes(classifier, n.strokes)
        timed.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    figures["six_digit_ms"] = {"median": round(statistics.median(timed), 2), "p90": round(float(np.percentile(timed, 90)), 2)}
    # CPU time is what the reading costs when the machine is busy with other work too
    # (the model runs on one thread, so on an idle machine the two agree).
    figures["six_digit_cpu_ms"] = {"median": round(statistics.median(cpu), 2), "p90": round(float(np.percentile(cpu, 90)), 2)}
    figures["six_digit_ms_first_pass_median"] = round(statistics.median(six), 2) if six else None
    counting = _Counting(classifier)
    for n in six_numbers:
        number.read_strokes(counting, n.strokes)
    figures["six_digit_model_reads"] = round(counting.reads / len(six_numbers), 2)
    if pictures:
        chosen = numbers[:pictures]
        picture_readings = []
        for index, n in enumerate(chosen):
            picture = _picture(n, index)
            picture_readings.append(number.read_image(classifier, picture, f"picture {index}"))
            if failures is not None and picture_readings[-1].number != n.label:
                _save_failure(failures, index, n.label, picture, picture_readings[-1], readings[index])
        figures["pictures"] = _scores(chosen, picture_readings, single)
        figures["pictures"]["median_ms"] = round(statistics.median(r.milliseconds for r in picture_readings), 2)
        # Whether the cuts or the choice lost each merged picture (see _right_digits_among).
        merged = [index for index, (n, r) in enumerate(zip(chosen, picture_readings)) if r.number and len(r.number) < len(n.label)]
        figures["pictures"]["merged_right_digits_among_groups"] = sum(
            _right_digits_among(_candidates(classifier, chosen[index], index, "pictures"), chosen[index].label) for index in merged
        )
    return figures


def measure_distant(classifier, numbers) -> dict:
    """How numbers written small on a page photographed whole are read (:func:`_distant_picture`)."""
    readings = [number.read_image(classifier, _distant_picture(n, index), f"distant {index}") for index, n in enumerate(numbers)]
    figures = _scores(numbers, readings, float("nan"))
    figures["median_ms"] = round(statistics.median(r.milliseconds for r in readings), 2)
    return figures


def _distant_picture(written, index: int) -> bytes:
    """A phone's photo (JPEG, 3000 to 4000 pixels long) of a page with a composed number
    written small on it, its digits 1% to 3.5% of the photo's longer side
    (``photo_simulator.photograph_far``): a few pixels tall once the picture is shrunk to be read."""
    rng = np.random.default_rng([DISTANT_SEED, index])
    ink = render_picture(written.strokes, width=float(rng.uniform(5.0, 10.0)))
    data, _box = photograph_far(np.asarray(ink, dtype=np.float32) / 255.0, DIGIT_HEIGHT, rng)
    return data


def measure_beside_print(classifier, numbers, render, seed: int) -> dict:
    """How numbers written beside print (``render``: under a form's heading, after a label) are read, as pictures."""
    readings = [
        number.read_image(classifier, render(n, random.Random(seed * 100_000 + index), seed=index)) for index, n in enumerate(numbers)
    ]
    right = [r.number == n.label for n, r in zip(numbers, readings)]
    return {"numbers": len(numbers), "whole_number_accuracy": round(float(np.mean(right)), 4)}


def measure_overlapping(classifier, drawings, count: int, seed: int) -> dict:
    """How numbers whose digits run into each other, and numbers with 0s open at the
    top, are read, as strokes and as pictures: for each overlap and gap, the share
    read right and the share with the right digit count."""
    cases = [(f"touching {overlap}", compose_touching(drawings, count, overlap, seed=seed)) for overlap in OVERLAPS]
    cases += [(f"open 0 {gap}", compose_open_zeros(drawings, count, gap, seed=seed)) for gap in OPEN_GAPS]
    figures: dict = {}
    for name, numbers in cases:
        row: dict = {"numbers": len(numbers)}
        for kind in ("strokes", "pictures"):
            if kind == "strokes":
                readings = [number.read_strokes(classifier, n.strokes) for n in numbers]
            else:
                readings = [number.read_image(classifier, _picture(n, index), f"{name} {index}") for index, n in enumerate(numbers)]
            row[kind] = {
                "whole_number_accuracy": round(float(np.mean([r.number == n.label for n, r in zip(numbers, readings)])), 4),
                "digit_count_accuracy": round(float(np.mean([len(r.kept) == len(n.label) for n, r in zip(numbers, readings)])), 4),
            }
        figures[name] = row
    return figures


def measure_amounts(classifier, amounts, pictures: int) -> dict:
    """How amounts with marks are read, as strokes and (the first ``pictures``) as pictures."""
    figures: dict = {"amounts": len(amounts)}
    kinds = {
        "separators only": lambda marks: set(marks) <= set(SEPARATORS),
        "a mark after them": lambda marks: any(k in ("dash", "long dash", "equals", "slash dash") for k in marks) and "dollar" not in marks,
        'a "$" before them': lambda marks: "dollar" in marks,
    }
    for kind, chosen in (("strokes", amounts), ("pictures", amounts[:pictures])):
        if not chosen:
            continue
        if kind == "strokes":
            readings = [number.read_strokes(classifier, a.strokes) for a in chosen]
        else:
            readings = [number.read_image(classifier, _picture(a, index), f"amount {index}") for index, a in enumerate(chosen)]
        right = [r.number == a.label for a, r in zip(chosen, readings)]
        scores: dict = {"numbers": len(chosen), "whole_number_accuracy": round(float(np.mean(right)), 4)}
        for name, has in kinds.items():
            picked = [ok for a, ok in zip(chosen, right) if has([k for k, _ in a.marks])]
            if picked:
                scores[name] = {"numbers": len(picked), "whole_number_accuracy": round(float(np.mean(picked)), 4)}
        written = sum(k in SEPARATORS for a in chosen for k, _ in a.marks)
        scores["separators_left_out"] = {"written": written, "left_out": sum(len(r.separators) for r in readings)}
        figures[kind] = scores
    return figures


def _picture(written, index: int):
    """A picture of a composed number: every other one dark ink on light paper, with grain."""
    light = index % 2 == 1
    return render_picture(written.strokes, dark_on_light=light, noise=0.04 if light else 0.0, seed=index)


def _save_failure(folder: Path, index: int, label: str, picture, reading, strokes_reading) -> None:
    """A picture read wrong, with a red box and digit for each group read, named for
    its index, what was right, what the picture read and what its strokes read."""
    from PIL import ImageDraw

    folder.mkdir(parents=True, exist_ok=True)
    marked = picture.convert("RGB")
    draw = ImageDraw.Draw(marked)
    for digit in reading.digits:
        draw.rectangle(digit.box, outline=(255, 0, 0))
        draw.text((digit.box[0], max(0.0, digit.box[1] - 12)), "-" if digit.digit is None else str(digit.digit), fill=(255, 0, 0))
    marked.save(folder / f"{index:04d}_right{label}_read{reading.number or 'none'}_strokes{strokes_reading.number or 'none'}.png")


class _Counting:
    """The classifier, counting the inputs it reads."""

    def __init__(self, classifier) -> None:
        self.classifier, self.reads = classifier, 0

    def read_batch(self, images: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        self.reads += len(images)
        return self.classifier.read_batch(images)

    def __getattr__(self, name: str):
        return getattr(self.classifier, name)  # rejects, outputs


def _single_digit_accuracy(classifier, drawings) -> float:
    return round(measure_drawings(classifier, drawings).accuracy, 5)


def _scores(numbers, readings, single: float) -> dict:
    report = number_report(readings, [n.label for n in numbers])
    per_length = {
        length: {
            "numbers": total,
            "whole_number_accuracy": round(correct / total, 4),
            "single_digit_accuracy_to_the_length": round(single**length, 4),
        }
        for length, (correct, total) in sorted(report.by_length.items())
    }
    expected = float(np.mean([single ** len(n.label) for n in numbers]))
    return {
        "digit_count_accuracy": round(report.count_accuracy, 4),
        "whole_number_accuracy": round(report.accuracy, 4),
        "expected_from_single_digits": round(expected, 4),
        "per_length": per_length,
        "merged": report.merged,
        "split": report.split,
    }


def format_figures(figures: dict) -> str:
    lines = [f"{figures['numbers']} numbers of 2-6 digits composed from pendigits-{figures['split'].split('-')[-1]}"]
    lines.append(f"single-digit accuracy on the same digits: {figures['single_digit_accuracy']:.2%}")
    for kind in ("strokes", "pictures", "distant"):
        if kind not in figures:
            continue
        scores = figures[kind]
        lines.append(f"{kind}:" if kind != "distant" else "distant (written small on a page photographed whole, 3000-4000 px):")
        goal = "goal >= 99%; " if kind == "strokes" else ""
        lines.append(
            f"  digit count right: {scores['digit_count_accuracy']:.2%} ({goal}merged {scores['merged']}, split {scores['split']})"
        )
        if kind == "distant":
            lines.append(f"  whole number right: {scores['whole_number_accuracy']:.2%}")
            lines.append(f"  time per picture: {scores['median_ms']} ms median")
            continue
        lines.append(
            f"  whole number right: {scores['whole_number_accuracy']:.2%} "
            f"(single-digit accuracy ^ length: {scores['expected_from_single_digits']:.2%})"
        )
        for length, row in scores["per_length"].items():
            lines.append(
                f"    {length} digits: {row['whole_number_accuracy']:.2%} of {row['numbers']} "
                f"(expected {row['single_digit_accuracy_to_the_length']:.2%})"
            )
        if "merged_right_digits_among_groups" in scores:
            lines.append(
                f"  merged, though the right digits were among the groups read: {scores['merged_right_digits_among_groups']} "
                f"of {scores['merged']} (the others: no run of the pieces cut reads as them)"
            )
        if "median_ms" in scores:
            lines.append(f"  time per picture: {scores['median_ms']} ms median")
    under = figures.get("under_print")
    if under:
        lines.append(f"under a line of print (a form's heading): read right {under['whole_number_accuracy']:.2%} of {under['numbers']}")
    label = figures.get("after_label")
    if label:
        lines.append(f"after a printed label on their line (\"Total: 52\"): read right {label['whole_number_accuracy']:.2%} of {label['numbers']}")
    overlapping = figures.get("overlapping")
    if overlapping:
        lines.append("digits written into each other (touching: by that share of a height), 0s open at the top (by that gap):")
        for name, row in overlapping.items():
            lines.append(
                f"  {name}: strokes {row['strokes']['whole_number_accuracy']:.2%} right "
                f"({row['strokes']['digit_count_accuracy']:.2%} count), pictures {row['pictures']['whole_number_accuracy']:.2%} "
                f"({row['pictures']['digit_count_accuracy']:.2%}) of {row['numbers']}"
            )
    amounts = figures.get("amounts")
    if amounts:
        lines.append(f"amounts with marks ({amounts['amounts']}: commas, points, a \"$\", a dash, \"=\" or \"/-\"):")
        for kind in ("strokes", "pictures"):
            if kind not in amounts:
                continue
            scores = amounts[kind]
            by_kind = ", ".join(
                f"{name} {scores[name]['whole_number_accuracy']:.2%} of {scores[name]['numbers']}"
                for name in ("separators only", "a mark after them", 'a "$" before them')
                if name in scores
            )
            left_out = scores["separators_left_out"]
            lines.append(f"  {kind}: read right {scores['whole_number_accuracy']:.2%} of {scores['numbers']} ({by_kind})")
            lines.append(f"    points and commas left out: {left_out['left_out']} of {left_out['written']} (the others went with a digit)")
    six = figures["six_digit_ms"]
    cpu = figures["six_digit_cpu_ms"]
    lines.append(f"time to read a 6-digit number (strokes): {six['median']} ms median, {six['p90']} ms p90 (goal < 10 ms)")
    lines.append(f"  of which CPU time: {cpu['median']} ms median, {cpu['p90']} ms p90 (the wall time on an idle machine)")
    lines.append(f"  model reads per 6-digit number: {figures['six_digit_model_reads']}")
    lines.append(f"command: {figures['command']}")
    return "\n".join(lines)


# --- tuning (pendigits-train only) -----------------------------------------------------

# The widest search: every group the tuned prior could choose is read once, up front.
SEARCH = {
    "strokes": number.Prior(max_parts=3, max_width=1.8, split_gap=0.3, short=0.0),
    "pictures": number.Prior(max_parts=number.PICTURE_PRIOR.max_parts, max_width=1.8, split_gap=0.3, short=0.0),
}
START = {"strokes": number.PRIOR, "pictures": number.PICTURE_PRIOR}
SPLIT_GAPS = (0.08, 0.12, 0.16)
WEIGHTS = {
    "per_digit": (-1.0, 3.0),
    "short": (0.0, 15.0),
    "short_below": (0.3, 0.9),
    "wide": (0.0, 10.0),
    "wide_above": (0.5, 1.5),
    "overlap": (0.0, 20.0),
    "overlap_free": (0.0, 0.3),
    "overlap_beside": (0.0, 20.0),
    "rare_strokes": (0.0, 2.0),
}
PICTURE_WEIGHTS = {  # parts are not strokes
    **{k: v for k, v in WEIGHTS.items() if k != "rare_strokes"},
    "cut": (0.0, 4.0),
    "too_wide": (0.0, 10.0),
}


def _candidates(classifier, written, index: int, kind: str):
    """Every plausible group of a composed number (its strokes, or a picture of it),
    read, as a function giving its candidates under a prior with those readings
    (None when there is nothing to read): which groups are plausible depends on the
    prior (split_gap, max_parts, max_width, short), and the reader finds them anew."""
    if kind == "strokes":
        cleaned = preprocess.clean_strokes(written.strokes)
        boxes = np.array([[*s.min(axis=0), *s.max(axis=0)] for s in cleaned])

        def find(prior: number.Prior):
            return number.find_candidates(
                boxes,
                lambda members: preprocess.strokes_to_input([cleaned[i] for i in members]).pixels,
                prior,
                ink_within=lambda part, box: number.stroke_within(cleaned[part], box),
            )
    else:
        parts = number.picture_parts(preprocess.picture_ink(preprocess.load_image(_picture(written, index))))
        if parts is None:
            return None

        def find(prior: number.Prior):
            return number.find_candidates(parts.boxes, parts.render, prior, parts.joins, parts.ink_within, parts.height)

    every = find(SEARCH[kind])
    if isinstance(every, str):
        return None
    every.read(classifier, sorted(every.plausible.keys() | every.endings.keys()))
    found: dict = {}

    def under(prior: number.Prior):
        key = (prior.split_gap, prior.max_parts, prior.max_width, prior.dot, prior.short, prior.short_below)
        if key not in found:
            candidates = find(prior)
            if not isinstance(candidates, str):
                candidates.table, candidates.shared = every.table, every.shared
            found[key] = candidates
        return found[key]

    return under


def _right_digits_among(under, label: str, prior: number.Prior = number.PICTURE_PRIOR) -> bool:
    """Whether the plausible groups of a picture (``under``, from :func:`_candidates`,
    every group read) include a run of groups, one after another over all its
    parts, the model reads as ``label``'s digits: if so, a merged picture was lost
    by the choice among the groups; if not, mostly by the cuts (no pieces the
    right digits read from), or by the model misreading a digit's pieces. Marks
    and separators are not looked at."""
    candidates = under(prior) if under is not None else None
    if candidates is None or isinstance(candidates, str):
        return False

    def reads(group) -> int | None:
        entry = candidates.table.get(group)
        return None if entry is None else int(np.argmax(entry[0]))

    reached = {(0, 0)}  # (parts covered, digits of the label read)
    for covered in range(len(candidates.boxes)):
        for digits in range(len(label)):
            if (covered, digits) in reached:
                reached |= {
                    (end, digits + 1)
                    for end in range(covered + 1, len(candidates.boxes) + 1)
                    if (covered, end) in candidates.plausible and reads((covered, end)) == int(label[digits])
                }
    return (len(candidates.boxes), len(label)) in reached


def _number_read(candidates, prior: number.Prior) -> str | None:
    """The number the reader gives for ``candidates`` (every group read) under ``prior``:
    None when a digit is turned away as not a digit, as ``number.read_strokes`` says."""
    if isinstance(candidates, str):
        return None
    chosen = number.choose_groups(candidates, prior)
    digits = [c.group for c in chosen if c.kind == number.DIGIT and candidates.table[c.group] is not None]
    if not digits or any(candidates.table[g][2] for g in digits):
        return None
    return "".join(str(int(np.argmax(candidates.table[g][0]))) for g in digits)


def tune(classifier, numbers, kind: str, amounts=(), rounds: int = 200, seed: int = 0) -> number.Prior:
    """A random local search over the prior's weights, maximising the share of
    numbers and ``amounts`` read right, for each of SPLIT_GAPS (a wider one lets more parts be
    grouped but costs more model reads); the classifier's readings are computed
    once, for the widest search, and each prior scored on the groups it lets the
    reader consider, a digit the model turns away making the number wrong."""
    cases = []
    for written, index in [*((n, i) for i, n in enumerate(numbers)), *((a, i) for i, a in enumerate(amounts))]:
        under = _candidates(classifier, written, index, kind)  # each picture as the benchmark draws it
        if under is not None:
            cases.append((under, written.label))

    def score(prior: number.Prior) -> float:
        return sum(_number_read(under(prior), prior) == label for under, label in cases) / (len(numbers) + len(amounts))

    def reads(prior: number.Prior) -> float:
        """Model reads per six-digit number under ``prior`` (the search reads lazily)."""
        counts = []
        for under, label in cases:
            candidates = under(prior)
            if len(label) == 6 and not isinstance(candidates, str):
                lazy = dataclasses.replace(candidates, table={})
                read = []

                def copy(groups, lazy=lazy, full=candidates.table, read=read) -> None:
                    lazy.table.update((g, full[g]) for g in groups)
                    read.extend(groups)

                number.best_groups(lazy, prior, copy)
                counts.append(len(read))
        return float(np.mean(counts)) if counts else 0.0

    weights = PICTURE_WEIGHTS if kind == "pictures" else WEIGHTS
    rng = random.Random(seed)
    best = START[kind]
    print(f"start: {score(best):.4f} right, {reads(best):.1f} reads a six-digit number", file=sys.stderr)
    results = []
    for split_gap in SPLIT_GAPS:
        best = dataclasses.replace(best, split_gap=split_gap)
        best_score = score(best)
        for round_ in range(rounds):
            name = rng.choice(list(weights))
            low, high = weights[name]
            step = (high - low) * rng.choice((0.05, 0.15, 0.4))
            value = min(high, max(low, getattr(best, name) + rng.uniform(-step, step)))
            trial = dataclasses.replace(best, **{name: round(value, 3)})
            trial_score = score(trial)
            if trial_score >= best_score:
                best, best_score = trial, trial_score
        print(f"split_gap {split_gap}: {best_score:.4f} right, {reads(best):.1f} reads a six-digit number: {best}", file=sys.stderr)
        results.append((best_score, best))
    return max(results, key=lambda r: r[0])[1]


if __name__ == "__main__":
    sys.exit(main())

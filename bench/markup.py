"""Time each adversarial text of bench/markup_corpus.py against a normal lesson of its size."""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.markup_corpus import corpus, normal_lesson  # noqa: E402
from courseware.content.markup import TooMuchMarkup  # noqa: E402
from courseware.content.render import render_markdown_fully  # noqa: E402

LESSON = Path(__file__).resolve().parent.parent / "modules" / "social-media-for-technophobes" \
    / "lessons" / "04-getting-started-safely.md"


def seconds(text: str) -> tuple[float, str]:
    """How long rendering takes, and whether the text was rendered or refused."""
    start = time.perf_counter()
    try:
        render_markdown_fully(text)
        outcome = "rendered"
    except TooMuchMarkup:
        outcome = "refused"
    return time.perf_counter() - start, outcome


def main() -> None:
    """Print seconds, outcome and the ratio to a normal lesson of the same size, per text."""
    prose = LESSON.read_text(encoding="utf-8")
    print(f"{'text':34} {'size':>8} {'seconds':>8} {'normal':>8} {'ratio':>6}  outcome")
    worst = 0.0
    for name, text in corpus().items():
        took, outcome = seconds(text)
        normal, _ = seconds(normal_lesson(prose, len(text)))
        worst = max(worst, took)
        print(f"{name:34} {len(text):8} {took:8.3f} {normal:8.3f} {took / normal:6.2f}  {outcome}")
    print(f"slowest adversarial text: {worst:.3f} s")


if __name__ == "__main__":
    main()

"""The validator's checks of a quiz's questions, their choices and accepted answers."""

from __future__ import annotations

from typing import Any

from .fields import Fields, id_facts, show
from .format import (
    CHOICE_KEYS,
    MAX_CHOICES,
    MIN_CHOICES,
    QUESTION_COMMON,
    QUESTION_KEYS,
    QUESTION_TYPES,
)
from .text import is_slug, normalise_text_answer


class QuestionChecks:
    """The part of the validator that reads a quiz's questions: mixed into its _Checker."""

    def questions(self, q: Fields) -> list[dict]:
        out: list[dict] = []
        seen: dict[str, int] = {}
        for item in q.mappings("questions", "questions-not-list", "question-not-mapping"):
            question = self.question(Fields(self, q.path, item, "this question"), seen)
            if question is not None:
                out.append(question)
        return out

    def question(self, q: Fields, seen: dict[str, int]) -> dict | None:
        kind = q.kind_of(QUESTION_TYPES, "question")
        if kind is None:
            return None
        allowed = QUESTION_COMMON + QUESTION_KEYS[kind]
        elsewhere = []
        for key, line in q.node.key_lines.items():
            others = tuple(t for t, keys in QUESTION_KEYS.items() if key in keys)
            if key not in allowed and others:
                elsewhere.append(key)
                q.err(line, "key-not-for-type", key=key, kind=kind, belongs=others)
        q.keys(allowed, ["id", "type", "prompt"] + QUESTION_KEYS[kind], ignore=tuple(elsewhere))
        question_id = q.text("id")
        if question_id is not None:
            line = q.value_line("id")
            if not is_slug(question_id):
                q.err(line, "bad-id", **id_facts("question id", question_id))
            elif question_id in seen:
                q.err(line, "question-id-taken", id=question_id, first=seen[question_id])
            else:
                seen[question_id] = line
        out: dict[str, Any] = {"id": question_id, "type": kind, "prompt_html": q.markdown("prompt")}
        if kind in ("single", "multiple"):
            out["choices"] = self.choices(q, kind)
        elif kind == "true_false":
            if q.has("answer"):
                out["answer"] = q.boolean("answer", False)
        else:
            out["accept"] = self.accept(q)
        out["explanation_html"] = q.markdown("explanation") or ""
        return out

    def choices(self, q: Fields, kind: str) -> list[dict]:
        node = q.get("choices")
        if node is None:
            return []
        if node.kind != "seq":
            q.err(q.line("choices"), "choices-not-list", found=show(node))
            return []
        if not MIN_CHOICES <= len(node.value) <= MAX_CHOICES:
            q.err(q.line("choices"), "choices-count", kind=kind, count=len(node.value),
                  low=MIN_CHOICES, high=MAX_CHOICES)
        out: list[dict] = []
        texts: dict[str, int] = {}
        for item in node.value:
            if item.kind != "map":
                q.err(item.line, "choice-not-mapping", found=show(item))
                continue
            c = Fields(self, q.path, item, "this choice")
            c.keys(CHOICE_KEYS, ["text"])
            text = c.text("text", max_len=500)
            if text is not None:
                key = normalise_text_answer(text)
                if key in texts:
                    c.err(c.value_line("text"), "choice-repeated", text=text, first=texts[key])
                else:
                    texts[key] = c.value_line("text")
            out.append({
                "text": text,
                "correct": c.boolean("correct", False),
                "feedback_html": c.markdown("feedback") or "",
            })
        correct = sum(1 for choice in out if choice["correct"])
        if kind == "single" and len(out) == len(node.value) and correct != 1:
            q.err(q.line("choices"), "single-correct-count", correct=correct)
        if kind == "multiple" and len(out) == len(node.value) and correct < 1:
            q.err(q.line("choices"), "multiple-no-correct")
        return out

    def accept(self, q: Fields) -> list[str]:
        node = q.get("accept")
        if node is None:
            return []
        if node.kind != "seq" or not node.value:
            q.err(q.line("accept"), "accept-not-list", found=show(node))
            return []
        return q.text_list("accept")

"""The validator's checks of a module's steps: lessons, quizzes and reflections."""

from __future__ import annotations

import posixpath
from typing import Any

from .fields import Fields, Markdown, id_facts
from .format import QUIZ_FILE_KEYS, STEP_KEYS, STEP_REQUIRED, STEP_TYPES
from .text import is_slug, slugify


class StepChecks:
    """The part of the validator that reads module.yaml's steps: mixed into its _Checker."""

    def steps(self, m: Fields, module_pass_mark: int) -> list[dict]:
        out: list[dict] = []
        seen: dict[str, int] = {}
        for item in m.mappings("steps", "steps-not-list", "step-not-mapping"):
            step = self.step(Fields(self, m.path, item, "this step"), module_pass_mark, seen)
            if step is not None:
                out.append(step)
        return out

    def step(self, s: Fields, module_pass_mark: int, seen: dict[str, int]) -> dict | None:
        kind = s.kind_of(STEP_TYPES, "step")
        if kind is None:
            return None
        s.keys(STEP_KEYS[kind], STEP_REQUIRED[kind])
        title = s.text("title", max_len=120)
        step: dict[str, Any] = {"id": None, "type": kind, "title": title}
        if kind == "lesson":
            path = self.file_ref(s, "lesson", ".md")
            default_id = slugify(posixpath.basename(path)[:-3]) if path else None
            step["file"] = path
            step["body_html"] = self.lesson(path) if path else None
        elif kind == "quiz":
            default_id = slugify(title) if title else None
            step.update(self.quiz(s, module_pass_mark))
        else:
            default_id = slugify(title) if title else None
            step["prompt_html"] = s.markdown("prompt")
            step["min_words"] = s.integer("min_words", 0, 2000, 0)
        step["id"] = self.step_id(s, default_id, seen)
        return step

    def step_id(self, s: Fields, default: str | None, seen: dict[str, int]) -> str | None:
        if s.has("id"):
            step_id = s.text("id")
            line = s.value_line("id")
            if step_id is not None and not is_slug(step_id):
                s.err(line, "bad-id", **id_facts("id", step_id))
                return None
            defaulted = False
        else:
            step_id, line = default, s.node.line
            defaulted = True
            if default == "":
                s.err(line, "step-id-from-nothing")
                return None
        if step_id is None:
            return None
        if step_id in seen:
            s.err(line, "step-id-taken", id=step_id, first=seen[step_id], defaulted=defaulted)
        else:
            seen[step_id] = s.node.line
        return step_id

    def lesson(self, path: str) -> Markdown | None:
        text = self.text_of(path)
        if text is None:
            return None
        if not text.strip():
            self.err(path, None, "lesson-empty")
        if path not in self.lessons_checked:
            self.lessons_checked.add(path)
            self.check_markdown(path, text, lambda n: n)
        return Markdown(text, path)

    def quiz(self, s: Fields, module_pass_mark: int) -> dict:
        pass_mark = s.integer("pass_mark", 0, 100, None)
        shuffle = s.boolean("shuffle", False)
        if s.has("questions") and s.has("file"):
            s.err(s.line("file"), "quiz-questions-and-file")
            return {"pass_mark": pass_mark, "shuffle": shuffle, "questions": []}
        source = s
        if s.has("file"):
            path = self.file_ref(s, "quiz", ".yaml")
            node = self.load(path) if path else None
            if node is None:
                return {"pass_mark": pass_mark, "shuffle": shuffle, "questions": []}
            source = Fields(self, path, node, "the quiz file")
            source.keys(QUIZ_FILE_KEYS, ["questions"])
            for key in ("pass_mark", "shuffle"):
                if source.has(key) and s.has(key):
                    source.err(source.line(key), "quiz-set-twice", key=key, other=s.line(key))
            if source.has("pass_mark"):
                pass_mark = source.integer("pass_mark", 0, 100, None)
            if source.has("shuffle"):
                shuffle = source.boolean("shuffle", False)
        elif not s.has("questions"):
            s.err(s.node.line, "quiz-no-questions")
        return {
            "pass_mark": module_pass_mark if pass_mark is None else pass_mark,
            "shuffle": shuffle,
            "questions": self.questions(source),
        }

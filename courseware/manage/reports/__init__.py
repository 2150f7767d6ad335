"""Reports for managers: their teams at a glance (teams), one module (module), one learner
(learner). Each runs a fixed number of queries and lets the database do the counting."""

from courseware.manage.reports.learner import (
    AssignedLine,
    EnrolmentLine,
    QuizLine,
    learner_assigned,
    learner_enrolments,
    learner_quizzes,
    learner_teams,
)
from courseware.manage.reports.module import (
    MIN_PEOPLE_FOR_QUESTIONS,
    ModuleReport,
    QuestionStats,
    QuizStats,
    duration_text,
    module_report,
)
from courseware.manage.reports.teams import (
    ModuleStatus,
    TeamSummary,
    completions_by_month,
    month_labels,
    status_by_module,
    team_summaries,
)

__all__ = [
    "MIN_PEOPLE_FOR_QUESTIONS", "AssignedLine", "EnrolmentLine", "ModuleReport", "ModuleStatus",
    "QuestionStats", "QuizLine", "QuizStats", "TeamSummary", "completions_by_month",
    "duration_text", "learner_assigned", "learner_enrolments", "learner_quizzes", "learner_teams",
    "module_report", "month_labels", "status_by_module", "team_summaries",
]

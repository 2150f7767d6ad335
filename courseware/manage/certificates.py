"""Where certificates plug into the manager's pages (issue 3).

Certificates are not in this branch yet. `learner_certificates` is the one place the learner
page asks for them; once courseware.certificates lands it returns the learner's certificates,
and `can_revoke` there lets a manager revoke those of learners in their teams.
"""


def learner_certificates(learner_id: int) -> list:
    """The learner's certificates, newest first: none until certificates exist."""
    return []

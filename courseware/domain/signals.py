"""Signals other features listen to, so that learning does not need to know about them."""

from blinker import Namespace

signals = Namespace()

# Sent once, inside the transaction that marks an enrolment complete (before commit), with
# `enrolment=` the completed Enrolment. Receivers add their own rows to db.session.
module_completed = signals.signal("module-completed")

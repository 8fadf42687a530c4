"""Interactive use: the consultation (the system asks, the user answers) and
the quiz (the learner answers, the system scores and explains)."""
from expert.consult.session import (Answer, Consultation, ConsultationError, parse_checklist_reply, parse_reply,
                                    reply_from_findings, typed_reply)

__all__ = ["Answer", "Consultation", "ConsultationError", "parse_checklist_reply", "parse_reply",
           "reply_from_findings", "typed_reply"]

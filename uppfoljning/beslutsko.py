"""The follow-up reports the bodies receive for information (a decision-queue source)."""

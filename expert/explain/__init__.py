"""Explanations computed from the trace and from the rules themselves."""

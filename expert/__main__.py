"""``python -m expert`` runs the legwise command line."""
from expert.cli import run

run()

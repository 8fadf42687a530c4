"""``python -m expert`` runs the legwise command line."""
from expert.launch import run

run()
